"""Streamlit glue shared by the pages: state, URL sync and chart display. Pages stay thin by calling these."""
