"""The floor for a plotly dashboard on this machine: a one-line Streamlit page with one trivial plotly chart."""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])))
