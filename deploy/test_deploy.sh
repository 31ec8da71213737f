#!/usr/bin/env bash
# Two replicas and HAProxy on loopback (deploy/check_deploy.py starts and stops them): every page loads, each
# browser sticks to one replica, and new sessions load after a replica stops. Run with: make deploy-test
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m deploy.check_deploy
