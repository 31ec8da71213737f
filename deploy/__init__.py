"""Deploy and load checks, run from the repository root: python -m deploy.NAME (make deploy-test, make load-test)."""
