"""The balancer's configuration: sticky by cookie (not by address), health checks, websockets; HAProxy accepts it.

`make deploy-test` and `make load-test` run the real thing (replicas, HAProxy, browsers or websocket clients)."""

import shutil
import subprocess
from types import SimpleNamespace

import pytest

from harness.cluster import COOKIE, TEMPLATE, haproxy_config


def config() -> str:
    replicas = [SimpleNamespace(name=f"r{i}", address=f"127.0.0.1:{18700 + i}") for i in (1, 2, 3)]
    return haproxy_config("127.0.0.1:18700", replicas)


def test_sticks_by_cookie_and_checks_health():
    text = config()
    assert f"cookie {COOKIE} insert indirect nocache" in text
    assert "ip_hash" not in text and "balance source" not in text
    assert "option httpchk GET /_stcore/health" in text and "option redispatch" in text
    assert "timeout tunnel" in text  # websockets outlive ordinary request timeouts
    for i in (1, 2, 3):
        assert f"server r{i} 127.0.0.1:{18700 + i} check cookie r{i}" in text
    assert "bind 127.0.0.1:18700" in text and "__" not in text.replace(TEMPLATE.name, "")


def test_haproxy_accepts_the_configuration(tmp_path):
    binary = shutil.which("haproxy") or ("/usr/sbin/haproxy" if shutil.os.path.exists("/usr/sbin/haproxy") else None)
    if binary is None:
        pytest.skip("HAProxy is not installed (make deploy-test and make load-test install it)")
    path = tmp_path / "haproxy.cfg"
    path.write_text(config(), encoding="utf-8")
    result = subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
