"""Several replicas of the atlas behind HAProxy, on loopback: used by `make deploy-test` and `make load-test`.

Each replica is `streamlit run server.py` on its own 127.0.0.1 port; HAProxy (Debian's package) listens on another
127.0.0.1 port with deploy/haproxy.cfg.template, sticking each browser to a replica by cookie.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from harness.allocator import server_env
from harness.browser import ROOT, SERVER_SCRIPT, free_port, streamlit_command, wait_healthy

TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"
COOKIE = "ATLAS_REPLICA"


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/sbin/haproxy") if os.path.exists(p)), None
    )
    if not found:
        raise SystemExit("haproxy is not installed (make installs Debian's package: make haproxy)")
    return found


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def peak_rss_mb(self) -> float:
        """Peak resident memory (VmHWM) of the replica's process; 0 once it has exited."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0


@dataclass
class Cluster:
    base: str
    replicas: list[Replica]
    workdir: Path
    haproxy: subprocess.Popen | None = None
    by_address: dict[str, Replica] = field(default_factory=dict)


def haproxy_config(listen: str, replicas: list[Replica]) -> str:
    servers = "\n".join(f"    server {r.name} {r.address} check cookie {r.name}" for r in replicas)
    return TEMPLATE.read_text(encoding="utf-8").replace("__LISTEN__", listen).replace("__SERVERS__", servers)


@contextlib.contextmanager
def cluster(replicas: int, listen_port: int | None = None):
    """Start ``replicas`` atlas replicas and HAProxy in front, all on 127.0.0.1; yield a Cluster once all answer."""
    workdir = Path(tempfile.mkdtemp(prefix="atlas-cluster-"))
    started: list[Replica] = []
    proxy = None
    env = server_env({**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    try:
        for i in range(replicas):
            port = free_port()
            # The child keeps its own copy of the log's descriptor: the parent's closes once it is started.
            with open(workdir / f"replica-{port}.log", "wb") as log:
                process = subprocess.Popen(
                    streamlit_command(SERVER_SCRIPT, port),
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                )
            started.append(Replica(f"r{i + 1}", port, process))
        for replica in started:
            wait_healthy(f"http://{replica.address}", replica.process)
        listen = f"127.0.0.1:{listen_port or free_port()}"
        config = workdir / "haproxy.cfg"
        config.write_text(haproxy_config(listen, started), encoding="utf-8")
        binary = haproxy_binary()
        check = subprocess.run([binary, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError("haproxy refused its configuration:\n" + check.stdout + check.stderr)
        with open(workdir / "haproxy.log", "wb") as proxy_log:
            proxy = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=proxy_log, stderr=subprocess.STDOUT)
        base = f"http://{listen}"
        wait_healthy(base, proxy)
        yield Cluster(base, started, workdir, proxy, {r.address: r for r in started})
    finally:
        if proxy is not None and proxy.poll() is None:
            proxy.terminate()
            try:
                proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proxy.kill()
        for replica in started:
            replica.stop()
        shutil.rmtree(workdir, ignore_errors=True)
