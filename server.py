"""The atlas as served (make run, make serve, the tests): Streamlit running app.py, plus the routes of the
audience view (audience/routes.py), which answer plain HTTP requests without a Streamlit session."""

import streamlit as st

from audience.routes import ROUTES

app = st.App("app.py", routes=ROUTES)
