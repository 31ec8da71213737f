"""The audience view as served: its pages rendered once and kept on disk, the talk documents phones follow, and
the routes the atlas's server adds for them (server.py). No Streamlit session is involved."""
