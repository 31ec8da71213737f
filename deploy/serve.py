"""make serve: the atlas as a hall or a ministry reaches it, until Ctrl-C (see harness/front.py).

Run: make serve [PORT=8080 REPLICAS=k]. nginx listens on 127.0.0.1:PORT (ATLAS_LISTEN_ALL=1 for every address).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import threading

from harness.front import front


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"Starting {args.replicas} replicas, HAProxy and nginx (the first start compresses Streamlit's bundles once)")
    with front(args.replicas, args.port) as (base, running):
        print(f"The atlas is served at {base}/ ({args.replicas} replicas behind HAProxy at {running.base}).")
        print("Ctrl-C stops it.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
