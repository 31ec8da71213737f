"""The atlas as served (make run, make serve, the tests): Streamlit running app.py, plus the routes of the
audience view (audience/routes.py), which answer plain HTTP requests without a Streamlit session."""

import streamlit as st

from audience.routes import ROUTES
from harness.allocator import keep_from_children

keep_from_children()  # the server keeps its allocator; the processes it starts (Kaleido's Chromium) begin without
app = st.App("app.py", routes=ROUTES)
