"""Issue 25, finding 2: a link of 999 unknown parameters of 500 characters each (502 KB, inside Streamlit's own
limits). The URL is written back in one step (each deletion used to send the whole remaining query string over
the websocket: hundreds of MB for one page load) and the link is answered with a clean URL."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from harness.browser import atlas_server


async def _load_bytes(base: str, query_string: str) -> int:
    """Bytes the server sends for one load of /map opened with ``query_string``, until its run has finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.typing import Subprotocol

    received = 0
    async with websockets.connect(
        base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=[Subprotocol("streamlit")], max_size=None
    ) as socket:
        request = BackMsg()
        request.rerun_script.query_string = query_string
        request.rerun_script.page_name = "map"
        await socket.send(request.SerializeToString())
        while True:
            payload = await asyncio.wait_for(socket.recv(), timeout=120)
            received += len(payload)
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished" and message.script_finished == 0:
                return received


def test_a_999_parameter_link_costs_less_than_a_megabyte():
    hostile = urlencode({f"junk{i}": "x" * 500 for i in range(999)})
    assert len(hostile) > 500_000
    # a fresh thread: an earlier test in the same process may have left an event loop running in this one
    with atlas_server() as base, ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _load_bytes(base, "")).result()  # warm the server's caches
        plain = pool.submit(asyncio.run, _load_bytes(base, "")).result()
        sent = pool.submit(asyncio.run, _load_bytes(base, hostile)).result()
    assert sent - plain < 1_000_000, f"{sent / 1e6:.1f} MB for the hostile link, {plain / 1e6:.2f} MB without"


def test_an_oversize_link_gets_one_notice_and_a_clean_url():
    from harness.apptest import open_page, texts

    at = open_page("map", {f"junk{i}": "x" * 500 for i in range(999)} | {"view": "destinations"})
    assert dict(at.query_params) == {}
    shown = texts(at)
    assert shown.count("too large to read") == 1, shown[:500]
