#!/usr/bin/env bash
# Start two replicas and nginx on loopback, load every page through nginx, stop the replica that served,
# and show that new sessions still load. Run with: make deploy-test
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
command -v nginx >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq nginx-light >/dev/null; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d)
PORTS=(18611 18612)
LISTEN=127.0.0.1:18610
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

PIDS=()
for port in "${PORTS[@]}"; do
  .venv/bin/streamlit run app.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    >"$WORK/replica-$port.log" 2>&1 &
  PIDS+=($!)
  echo "$!" >"$WORK/replica-$port.pid"
done

upstreams=""
for port in "${PORTS[@]}"; do upstreams+="server 127.0.0.1:$port max_fails=1 fail_timeout=10s; "; done
sed -e "s#__LISTEN__#$LISTEN#" -e "s#__UPSTREAMS__#$upstreams#" -e "s#__PREFIX__#$WORK#g" \
  deploy/nginx.conf.template >"$WORK/nginx.conf"
"$NGINX" -t -c "$WORK/nginx.conf" -p "$WORK" 2>&1 | tail -1
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"

.venv/bin/python deploy/check_deploy.py "http://$LISTEN" "$WORK" "${PORTS[@]}"
