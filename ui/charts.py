"""Showing figures and their numbers: every chart comes with its table and a CSV download."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.core.i18n import _
from components.presentation.chart_spec import TITLE_MARGIN
from components.presentation.exports import chart_credit, credit_lines, csv_bytes

# Relative URL, same origin: plotly.js fetches <topojsonURL>world_110m.json from the app's static folder.
PLOTLY_CONFIG = {
    "topojsonURL": "app/static/",
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "scrollZoom": False,
}
_VISUALLY_HIDDEN = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;"


# A chart in half a row (about 400 px at 1280, all of a phone's 360 px) holds about this many characters of title at
# plotly's title size: a longer title is cut into lines there (plotly never wraps one).
NARROW_TITLE_CHARS = 36
# A phone's chart (about 360 px) holds this many characters of a one-line title.
PHONE_TITLE_CHARS = 44
# ... and this many of a title's first line, in its bold type (measured at 390 px: "Doctors abroad and studies of
# why they leave", 44 characters, ran 4 px past the chart's edge).
PHONE_HEAD_CHARS = 42
# ... and this many of the selection's line in small bold type (measured at 390 px: 62 characters ran 20 px past the
# chart's edge). A longer selection (a French cadre with its students, 70) goes on as many lines as it needs.
PHONE_SELECTION_CHARS = 56
TITLE_SIZE = 18  # px, the title font of chart_spec.base_layout
TITLE_LINE = 1.3 * TITLE_SIZE  # px from one line of a plotly title to the next, small print included
_LARGE_TITLE = "font-size:1.3rem;font-weight:600;line-height:1.25;margin:0;color:#1a1a1a;"


def show_figure(
    fig,
    key: str,
    large: bool = False,
    image_name: str | None = None,
    selection: tuple[str, int] | None = None,
    narrow: bool = False,
    **kwargs,
):
    """Draw a plotly figure with the offline base map config; returns the selection state when on_select is set.

    ``large``: presenter mode, the figure built for a hall, its title drawn above it as text. The toolbar's camera
    saves a PNG at twice the screen's resolution (drawn in the browser, offline), named ``image_name`` (default:
    the chart's key). ``selection``: the studies the chart shows (description, number) when they are not the
    sidebar's filters (the story's lens). ``narrow``: the chart shares its row with another, so the selection
    goes on a line of its own under the title rather than after it, where plotly would cut it.
    """
    if isinstance(fig, dict):  # a cached figure (components.presentation.page_content): wrap without re-validating
        fig = go.Figure(fig, _validate=False)
    heading = ""
    if large:
        # The figure comes laid out for a hall (components.presentation.chart_spec.for_a_hall). Its title goes above
        # it as text, which wraps on any screen (plotly's own title never wraps, and a phone would cut it).
        heading = (fig.layout.title.text or "").replace("<br>", " ")
        fig.update_layout(title=dict(text=""), margin=dict(t=8))
    else:
        with_selection_and_credit(fig, selection, own_line=narrow)
    config = PLOTLY_CONFIG | {
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": image_name or f"atlas_{key}"}
    }
    description = chart_description(fig)
    # One container per chart: the sentence below it becomes the chart's accessible description
    # (ui.controls.page_behaviour sets aria-describedby), and sighted readers see it as a caption.
    with st.container(key=f"{key}_figure", gap="small"):
        if large and heading:
            st.html(f'<p class="chart-title" style="{_LARGE_TITLE}">{html.escape(heading)}</p>')
        selection = st.plotly_chart(fig, key=key, config=config, **kwargs)
        if description:
            # On a projector the chart must fit the screen: the sentence is there for screen readers only.
            style = _VISUALLY_HIDDEN if large else "font-size:0.875rem;color:#4a4a4a;margin:0;"
            st.html(f'<p class="chart-text" id="{key}_text" style="{style}">{html.escape(description)}</p>')
    return selection


def with_selection_and_credit(fig: go.Figure, selection: tuple[str, int] | None = None, own_line: bool = False) -> None:
    """A chart saved as an image for a slide says which studies it shows (in its title) and what it rests on (a
    one-line source under the title), in the page's language, as on screen.

    A figure of published counts names its own source (layout.meta.credit) and, when the study filters do not
    change it (layout.meta.selection False), no selection of studies; when they do, its title of several lines gets
    the selection as a line of its own, so that no line grows wider than a phone. ``selection``: (description,
    number of studies), when not the sidebar's filters of this run; ``own_line``: the selection on a line of its own
    whatever the title, and a long title cut into lines (a chart in half a row or on a phone: NARROW_TITLE_CHARS)."""
    if selection is None:
        from ui import session  # the selection of this run (ui.session imports nothing from here)

        scope = session.scope()
        selection = (scope.description, scope.filtered.n_studies)
    described, n_studies = selection
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    title = fig.layout.title.text or ""
    selection_line = bool(title) and described not in title and meta.get("selection", True)
    # Cut into lines a phone's chart holds (plotly never wraps a subtitle).
    credit = credit_lines(meta.get("credit") or chart_credit(n_studies))
    subtitle = dict(text="<br>".join(credit), font=dict(size=12))
    large_lines, small_lines = title_lines(title)
    # A first line longer than a phone's chart holds is cut into lines wherever the chart is drawn (the server
    # does not know the screen), and the block laid out as for a narrow chart.
    if own_line or (large_lines and len(large_lines[0]) > PHONE_HEAD_CHARS):
        # Laid out from the top of the chart down, since the title may take several lines: the title's lines,
        # its small print, the selection in small type, the source lines, then the plot.
        # "(n = 21)" stays on one line: its spaces do not break.
        width = NARROW_TITLE_CHARS if own_line else PHONE_HEAD_CHARS
        unbroken = [line.replace(" = ", "\u00a0=\u00a0") for line in large_lines]
        large_lines = [cut for line in unbroken for cut in textwrap.wrap(line, width) or [line]]
        lines = large_lines + small_lines or [""]
        text = "<br>".join(lines) + (f"<br><sup>{described}</sup>" if selection_line else "")
        # Every line after the first takes a line of title type (1.3 em), small print too; the last line's own
        # height is 23 px in title type, 17 in small print (measured in Chromium).
        n_lines = len(lines) + (1 if selection_line else 0)
        last = 17 if small_lines or selection_line else 23
        # Below the source lines, what the figure keeps above its plot besides its title (a heatmap's upright
        # column headers: layout.meta.headroom).
        top = 8 + round(TITLE_LINE * (n_lines - 1)) + last + 8 + 15 * len(credit) + 10 + int(meta.get("headroom", 0))
        # Plotly lifts a title of several lines by its extra lines of title type (1.3 em each) wherever it is
        # anchored (measured: lines in small type are not counted): pad it back down.
        lifted = round(TITLE_LINE * max(len(large_lines) - 1, 0))
        fig.update_layout(
            title=dict(text=text, y=1, yref="container", yanchor="top", pad=dict(t=8 + lifted), subtitle=subtitle),
            margin=dict(t=top),
        )
        return
    margin_top = fig.layout.margin.t if fig.layout.margin.t is not None else TITLE_MARGIN
    if selection_line:
        # On a line of its own after a title of several lines (never after its small print), or where title and
        # selection together would run past a phone's chart.
        if "<br>" in title or len(title) + 3 + len(described) > PHONE_TITLE_CHARS:
            # Cut where a phone's chart would (a country and a cadre with its students run past 60 characters).
            # Plotly centres the title block in the top margin: a line of 16 px needs twice its height.
            cut = textwrap.wrap(described, PHONE_SELECTION_CHARS) or [described]
            title = title + "".join(f"<br><sup>{line}</sup>" for line in cut)
            margin_top += 32 * len(cut)
        else:
            title = f"{title} · {described}"
    # 14 px more room for each extra line of the source.
    fig.update_layout(
        title=dict(text=title, subtitle=subtitle),
        margin=dict(t=margin_top + 18 + 14 * (len(credit) - 1)),
    )


def title_lines(title: str) -> tuple[list[str], list[str]]:
    """A plotly title's lines in title type, then its lines of small print (inside <sup>), as written."""
    large: list[str] = []
    small: list[str] = []
    in_small = False
    for line in title.split("<br>") if title else []:
        (small if in_small or line.startswith("<sup>") else large).append(line)
        in_small = line.rfind("<sup>") > line.rfind("</sup>") or (in_small and "</sup>" not in line)
    return large, small


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
