"""The atlas as served (make run, make serve, the tests): Streamlit running app.py, plus the routes of the
audience view (audience/routes.py), which answer plain HTTP requests without a Streamlit session, and a middleware
that imports plotly's bundle from the shell of the pages that open with a chart (audience/preload.py)."""

import streamlit as st
from starlette.middleware import Middleware

from audience.preload import PreloadCharts
from audience.routes import ROUTES
from harness.allocator import keep_from_children

keep_from_children()  # the server keeps its allocator; the processes it starts (Kaleido's Chromium) begin without
app = st.App("app.py", routes=ROUTES, middleware=[Middleware(PreloadCharts)])
