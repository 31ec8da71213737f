"""Drive a Streamlit session over its websocket the way the browser does, without a browser.

The benchmark and the load test use this: connect to /_stcore/stream, ask for a page (a rerun_script BackMsg with
its page name), and read ForwardMsgs until the script run has finished. A run that ends early for a rerun (the
first deep link of a fresh server reruns through app.py) is followed by the real one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

FINISHED_SUCCESSFULLY = 0


@dataclass
class SessionResult:
    ms_per_page: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    upstream: str = ""  # the X-Atlas-Upstream header of the websocket handshake (set by a balancer in front)
    bytes_received: int = 0


async def run_session(
    base: str, pages: list[str], headers: dict[str, str] | None = None, page_timeout: float = 30.0
) -> SessionResult:
    """Open one session and load ``pages`` one after the other on the same websocket."""
    import asyncio

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.typing import Subprotocol

    result = SessionResult()
    url = base.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(
        url,
        subprotocols=[Subprotocol("streamlit")],
        max_size=None,
        additional_headers=headers or {},
        open_timeout=page_timeout,
    ) as socket:
        response = getattr(socket, "response", None)
        if response is not None:
            result.upstream = response.headers.get("X-Atlas-Upstream", "")
        for page in pages:
            start = time.perf_counter()
            request = BackMsg()
            request.rerun_script.query_string = ""
            request.rerun_script.page_name = page
            await socket.send(request.SerializeToString())
            deadline = start + page_timeout
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    result.errors.append(f"/{page}: no finished run within {page_timeout:.0f} s")
                    return result
                payload = await asyncio.wait_for(socket.recv(), timeout=remaining)
                result.bytes_received += len(payload)
                message = ForwardMsg()
                message.ParseFromString(payload)
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    if message.delta.new_element.WhichOneof("type") == "exception":
                        result.errors.append(f"/{page}: {message.delta.new_element.exception.message[:200]}")
                elif kind == "script_finished":
                    if message.script_finished == FINISHED_SUCCESSFULLY:
                        break
                    if message.script_finished == 1:  # compile error
                        result.errors.append(f"/{page}: script did not compile")
                        break
            result.ms_per_page.append((time.perf_counter() - start) * 1000)
    return result
