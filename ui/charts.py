"""Showing figures and their numbers: every chart comes with its table and a CSV download."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.core.i18n import _
from components.presentation.exports import csv_bytes

# Relative URL, same origin: plotly.js fetches <topojsonURL>world_110m.json from the app's static folder.
PLOTLY_CONFIG = {
    "topojsonURL": "app/static/",
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "scrollZoom": False,
}
_VISUALLY_HIDDEN = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;"


def show_figure(fig, key: str, large: bool = False, image_name: str | None = None, **kwargs):
    """Draw a plotly figure with the offline base map config; returns the selection state when on_select is set.

    ``large`` enlarges the type for presenter mode (read on a shared screen at 1280×720). The toolbar's camera
    saves a PNG at twice the screen's resolution (drawn in the browser, offline), named ``image_name`` (default:
    the chart's key).
    """
    if isinstance(fig, dict):  # a cached figure (components.presentation.page_content): wrap without re-validating
        fig = go.Figure(fig, _validate=False)
    if large:
        fig.update_layout(font=dict(size=20), title=dict(font=dict(size=24)), hoverlabel=dict(font=dict(size=18)))
        fig.update_yaxes(tickfont=dict(size=18))
        fig.update_xaxes(tickfont=dict(size=16))
    config = PLOTLY_CONFIG | {
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": image_name or f"atlas_{key}"}
    }
    description = chart_description(fig)
    # One container per chart: the sentence below it becomes the chart's accessible description
    # (ui.controls.describe_charts sets aria-describedby), and sighted readers see it as a caption.
    with st.container(key=f"{key}_figure", gap="small"):
        selection = st.plotly_chart(fig, key=key, config=config, **kwargs)
        if description:
            # On a projector the chart must fit the screen: the sentence is there for screen readers only.
            style = _VISUALLY_HIDDEN if large else "font-size:0.875rem;color:#4a4a4a;margin:0;"
            st.html(f'<p class="chart-text" id="{key}_text" style="{style}">{html.escape(description)}</p>')
    return selection


def chart_description(fig: go.Figure) -> str:
    """The one-sentence text alternative the figure builder stored (components.presentation.chart_text)."""
    meta = fig.layout.meta
    return meta.get("description", "") if isinstance(meta, dict) else ""


def table_with_download(
    table: pd.DataFrame,
    file_name: str,
    key: str,
    caption: str | None = None,
    column_config: dict | None = None,
    expanded: bool = False,
    label: str = "",
):
    """An expander with the data as a table and a CSV download of exactly that table.

    The expander is lazy (on_change=rerun): the table is sent and drawn only once a reader opens it, which keeps
    the first load of a page light.
    """
    expander = st.expander(
        label or _("Numbers behind this chart"), expanded=expanded, key=f"{key}_expander", on_change="rerun"
    )
    with expander:
        if not expander.open:
            return
        if caption:
            st.caption(caption)
        st.dataframe(table, hide_index=True, column_config=column_config, key=f"{key}_table")
        st.download_button(
            _("Download CSV"),
            lambda: csv_bytes(table),
            file_name=file_name,
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
        )
