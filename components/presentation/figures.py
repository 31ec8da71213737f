"""Plotly chart builders (everything but the map). They take data frames and return figures: no file reading,
no Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.analysis.aggregations import SMALL_N, reasons_to_leave
from components.core.i18n import _
from components.core.labels import code_label
from components.presentation import chart_text
from components.presentation.chart_spec import (
    AXIS_TEXT,
    CATEGORICAL,
    CHART_TEXT,
    HALL_LABEL_CHARS,
    HALL_SMALL,
    HALL_TEXT,
    LEVEL_COLOURS,
    LEVEL_NAMES,
    SEQUENTIAL_TEXT,
    SMALL_N_SCALE,
    STATUS_COLOURS,
    TITLE_MARGIN,
    axis_title,
    base_layout,
    for_a_hall,
    hall_legend_height,
    hall_rows_height,
    new_figure,
    percent_suffix,
    share_percent,
    text_width,
    trace,
    wrap_label,
    wrapped_lines,
)


def driver_heatmap(table: pd.DataFrame, title: str, small_n_note: str = "") -> go.Figure:
    """Heatmap of the share of studies in each group (columns) reporting each driver (rows).

    ``table`` is the output of ``aggregations.driver_share_by`` for one driver group. Columns whose n is small
    are drawn in grey with their values still shown, never hidden.
    """
    drivers = table.drop_duplicates("driver").sort_values("order")
    levels = drivers["level"].tolist()
    labels = drivers["label"].tolist()
    groups = table.drop_duplicates("group").sort_values("group_order")
    # Many columns leave each header less width than its word ("Pharmacists"): stand them upright, one lane each,
    # on one line and n under it (a wrapped name would stand three lines wide and touch its neighbour).
    upright = len(groups) > 6
    x_labels = [
        f"{lab if upright else wrap_label(lab)}<br>n={n}" + (" ⚠" if small else "")
        for lab, n, small in zip(groups["group_label"], groups["n"], groups["small_n"], strict=True)
    ]
    shape = (len(drivers), len(groups))
    row_of = {d: i for i, d in enumerate(drivers["driver"])}
    col_of = {g: j for j, g in enumerate(groups["group"])}
    z_main = [[None] * shape[1] for _ in range(shape[0])]
    z_small = [[None] * shape[1] for _ in range(shape[0])]
    text = [[""] * shape[1] for _ in range(shape[0])]
    custom: list[list[list | None]] = [[None] * shape[1] for _ in range(shape[0])]
    for row in table.itertuples():
        i, j = row_of[row.driver], col_of[row.group]
        target = z_small if row.small_n else z_main
        target[i][j] = round(100 * row.share, 1)
        text[i][j] = share_percent(row.share)
        custom[i][j] = [row.studies, row.n, row.group_label]
    y = [[code_label("levels", lvl) for lvl in levels], labels]
    hover = (
        "<b>%{y}</b> · %{customdata[2]}<br>"
        + _("%{customdata[0]} of %{customdata[1]} studies (%{z:.0f}%)")
        + "<extra></extra>"
    )
    # The two layers share their cells; each is empty where the other has values (no hover there).
    cells = dict(
        x=x_labels,
        y=y,
        text=text,
        texttemplate="%{text}",
        customdata=custom,
        zmin=0,
        zmax=100,
        xgap=2,
        ygap=2,
        hoverongaps=False,
    )
    fig = new_figure()
    fig.add_trace(
        trace(
            "heatmap",
            z=z_main,
            hovertemplate=hover,
            colorscale=SEQUENTIAL_TEXT,
            colorbar=dict(AXIS_TEXT, title=dict(text=_("% of studies"), font=dict(color=CHART_TEXT)), thickness=12),
            name="share",
            **cells,
        )
    )
    if any(v is not None for r in z_small for v in r):
        fig.add_trace(
            trace(
                "heatmap",
                z=z_small,
                hovertemplate=hover.replace(
                    "<extra></extra>", "<br>" + _("small group: read with care") + "<extra></extra>"
                ),
                colorscale=SMALL_N_SCALE,
                showscale=False,
                name="small n",
                **cells,
            )
        )
    longest = max((len(lab) for lab in groups["group_label"]), default=0)
    base_layout(fig, title, max(320, 34 * len(drivers) + (60 + 7 * longest if upright else 0) + 210))
    # Above the plot: the title's room and the column headers' (meta headroom), which a title laid out line by line
    # (ui.charts) must keep below it.
    header_room = 50 + 7 * longest if upright else 90
    fig.update_layout(margin=dict(t=TITLE_MARGIN + header_room))
    fig.update_xaxes(
        side="top",
        tickangle=-90 if upright else 0,
        categoryorder="array",
        categoryarray=x_labels,
        tickfont=dict(size=13),
    )
    fig.update_yaxes(autorange="reversed")
    if small_n_note:
        fig.add_annotation(
            text=small_n_note,
            xref="paper",
            yref="paper",
            x=0,
            y=-0.02,
            yanchor="top",
            showarrow=False,
            font=dict(size=12, color="#555555"),
            align="left",
        )
        fig.update_layout(margin=dict(b=40))
    fig.update_layout(meta=dict(description=chart_text.heatmap(table, title), headroom=header_room))
    return fig.figure()


def _share_labels(table: pd.DataFrame, n: int, small: bool, hall: bool) -> list[str]:
    """Each driver's share as printed beside its bar; with few studies the count too ("0% (0 of 4)"), under the
    share on a projector so the column stays narrow enough for a phone."""
    return [
        _("{share} ({k} of {n})").format(share=share_percent(s), k=k, n=n).replace(" (", "<br>(" if hall else " (")
        if small
        else share_percent(s)
        for s, k in zip(table["share"], table["studies"], strict=True)
    ]


def driver_ranking(
    shares: pd.DataFrame,
    review: pd.DataFrame,
    title: str,
    top: int | None = None,
    gap_note: str = "",
    hall: bool = False,
    phone: bool = False,
) -> go.Figure:
    """Horizontal bars: share of studies reporting each driver; upright ticks: the review's published share.

    Equal shares carry the same rank in their label; ``gap_note`` is printed under the chart (why the review's
    full-text shares sit higher). Bar labels say when n is small. ``hall``: laid out for a projector and a phone
    (chart_spec.for_a_hall), its height from its labels; the note is left to the speaker there (a phone has no
    room for it under the bars). ``phone`` (with ``hall``): the height holds the legend as a phone stacks it, one
    entry a row over the plot (a wide screen puts it in one row).
    """
    table = reasons_to_leave(shares).head(top) if top else reasons_to_leave(shares)
    table = table.iloc[::-1]
    n = int(table["n"].iloc[0]) if len(table) else 0
    small = n < SMALL_N
    fig = new_figure()
    for level, colour in LEVEL_COLOURS.items():
        part = table[table["level"] == level]
        fig.add_trace(
            trace(
                "bar",
                x=100 * part["share"],
                y=part["label"],
                orientation="h",
                marker_color=colour,
                name=_(LEVEL_NAMES[level]),
                customdata=part[["studies", "n", "rank"]].values,
                hovertemplate="<b>%{y}</b><br>"
                + _("rank %{customdata[2]} · %{customdata[0]} of %{customdata[1]} studies (%{x:.0f}%)")
                + "<extra></extra>",
            )
        )
    # Each share in a column of its own right of the 0-100% axis, where no bar or review tick can cover it.
    fig.add_trace(
        trace(
            "scatter",
            x=[103] * len(table),
            y=table["label"],
            mode="text",
            textposition="middle right",
            showlegend=False,
            name=_("Share of studies (label)"),
            text=_share_labels(table, n, small, hall),
            hoverinfo="skip",
            cliponaxis=False,
            textfont=dict(size=13, color="#333333"),
        )
    )
    shown = review[review["label"].isin(table["label"])]
    review_n = int(shown["review_n"].max()) if len(shown) else 0
    review_name = _("2023 review: all LMICs, full texts (n = {n})").format(n=review_n)
    fig.add_trace(
        trace(
            "scatter",
            x=shown["review_percent"],
            y=shown["label"],
            mode="markers",
            name=wrap_label(review_name, 36) if hall else review_name,
            # A thin upright tick: it marks the review's share without covering the bar's own label.
            marker=dict(symbol="line-ns", size=20, color="#000000", line=dict(width=3, color="#000000")),
            hovertemplate="<b>%{y}</b><br>"
            + _("2023 review (all LMICs, full texts): %{x:.1f}% of {n} studies").replace("{n}", str(review_n))
            + "<extra></extra>",
        )
    )
    note_lines = gap_note.count("<br>") + 1 if gap_note and not hall else 0
    base_layout(fig, title, max(400, 28 * len(table) + 260 + 16 * note_lines))
    # Room above the bars for the legend, below the title: one entry a row on every screen (a phone has room for
    # no more), so the room is the same on a laptop and the legend fills it instead of leaving a gap.
    fig.update_layout(
        barmode="overlay",
        legend=dict(orientation="h" if hall else "v", yanchor="bottom", y=1.01, x=0),
        bargap=0.25,
        # On a 360 px phone the longest names (French) need more than plotly's default allows beside a plot of
        # 64 px, and it would cut their first letters: narrower bars (their shares are printed) keep names whole,
        # narrower still when the shares' column holds "(4 of 6)" too.
        minreducedwidth=26 if small else 40,
        margin=dict(t=200 if small else 175, b=65 + 16 * note_lines if note_lines else 30, r=95 if small else 50),
        # Two-line titles anchored at the top start a few pixels above the container without top padding.
        title=dict(y=0.99, yanchor="top", yref="container", pad=dict(t=12)),
    )
    if note_lines:
        # Anchored at the bars' right end, the note reaches left under the driver names: on a phone the bars are
        # about 150 px wide, so a note that starts where they start is cut at the screen's edge.
        fig.add_annotation(
            text=gap_note,
            xref="paper",
            yref="paper",
            x=1,
            y=0,
            yanchor="top",
            xanchor="right",
            yshift=-38,  # below tick labels a phone may tilt
            showarrow=False,
            font=dict(size=12, color="#444444"),
            align="left",
        )
    # Plotly picks the ticks for the width it has (0 20 … 100 on a laptop, fewer on a phone's narrow bars), upright.
    fig.update_xaxes(range=[0, 103], ticksuffix=percent_suffix())
    ranks = dict(zip(table["label"], table["rank"], strict=True))
    ticks = [f"{ranks[label]}. {label}" for label in table["label"]]
    if hall:
        ticks = [wrap_label(tick, HALL_LABEL_CHARS) for tick in ticks]
        _ranking_for_a_hall(fig, table, ticks, with_review=len(shown) > 0, phone=phone)
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=table["label"].tolist(),
        tickvals=table["label"].tolist(),
        ticktext=ticks,
    )
    fig.update_layout(meta=dict(description=chart_text.ranking(table, n)))
    return fig.figure()


HALL_AXIS = 40  # px: a hall chart's value axis under the plot (its ticks) and the margins around the plot


def _ranking_for_a_hall(fig, table: pd.DataFrame, ticks: list[str], with_review: bool, phone: bool) -> None:
    """driver_ranking's type and height for a hall. The share column right of the axis holds its longest label
    whole; the rows hold their labels' lines; the height holds the legend as the screen lays it out (one row on a
    projector, one entry a row over the plot on a phone, where it would otherwise take the rows' room)."""
    for_a_hall(fig)
    values = fig.data[len(LEVEL_COLOURS)]["text"]
    legend = [_(LEVEL_NAMES[level]) for level in LEVEL_COLOURS if (table["level"] == level).any()]
    legend += [fig.data[-1]["name"]] if with_review else []
    fig.update_layout(
        margin=dict(t=8, b=10, r=max(text_width(v, HALL_SMALL) for v in values) + 14 if values else 20),
        # A phone has the height to space its rows a little more; a projector's 720 px do not.
        height=hall_legend_height(legend, per_row=1 if phone else len(legend))
        + hall_rows_height(ticks, gap=6 if phone else 2)
        + HALL_AXIS,
    )
    fig.update_xaxes(tickvals=[0, 50, 100], tickangle=0)


def hall_row(label: str) -> int:
    """The height a bar's row takes on a projector: its label's lines, and a gap."""
    return int(wrapped_lines(label) * HALL_SMALL * 1.25) + 12


def driver_trends(by_decade: pd.DataFrame, drivers: list[str], title: str) -> go.Figure:
    """Lines of the share of studies reporting each chosen driver, by publication decade."""
    fig = new_figure()
    drawn = 0
    for code in drivers:
        part = by_decade[by_decade["driver"] == code].sort_values("group_order")
        if part.empty:
            continue
        # Past the seventh line the colours come round again: dashed, then dotted, so no two lines look alike.
        colour, dash = CATEGORICAL[drawn % len(CATEGORICAL)], ("solid", "dash", "dot")[drawn // len(CATEGORICAL) % 3]
        drawn += 1
        fig.add_trace(
            trace(
                "scatter",
                x=part["group_label"],
                y=100 * part["share"],
                mode="lines+markers",
                line=dict(color=colour, dash=dash),
                name=part["label"].iloc[0],
                marker=dict(size=10, color=colour, symbol=["circle-open" if s else "circle" for s in part["small_n"]]),
                customdata=part[["studies", "n"]].values,
                hovertemplate="<b>%{fullData.name}</b> · %{x}<br>"
                + _("%{customdata[0]} of %{customdata[1]} studies (%{y:.0f}%)")
                + "<extra></extra>",
            )
        )
    base_layout(fig, title, 420)
    fig.update_yaxes(range=[0, 105], title=axis_title(_("% of studies")), ticksuffix=percent_suffix())
    fig.update_xaxes(title=axis_title(_("Publication decade (open markers: fewer than 5 studies)")))
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0))
    fig.update_layout(meta=dict(description=chart_text.trends(by_decade, drivers)))
    return fig.figure()


def status_split(by_status: pd.DataFrame, drivers: list[str], title: str) -> go.Figure:
    """Grouped bars: share of studies reporting each driver, by migration status of the participants."""
    table = by_status[by_status["driver"].isin(drivers)]
    order = [d for d in drivers if d in set(table["driver"])]
    labels = table.drop_duplicates("driver").set_index("driver").loc[order, "label"].tolist()
    fig = new_figure()
    for status, part in table.groupby("group", sort=False):
        part = part.set_index("driver").loc[order]
        n = int(part["n"].iloc[0])
        fig.add_trace(
            trace(
                "bar",
                x=labels,
                y=100 * part["share"],
                name=f"{part['group_label'].iloc[0]} (n={n})",
                marker_color=STATUS_COLOURS.get(status, "#999999"),
                customdata=part[["studies", "n"]].values,
                hovertemplate="<b>%{x}</b><br>"
                + _("%{customdata[0]} of %{customdata[1]} studies (%{y:.0f}%)")
                + "<extra></extra>",
            )
        )
    base_layout(fig, title, 430)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    fig.update_yaxes(range=[0, 105], title=axis_title(_("% of studies")), ticksuffix=percent_suffix())
    fig.update_layout(margin=dict(t=90))
    fig.update_layout(meta=dict(description=chart_text.status_split(table)))
    return fig.figure()


def count_bars(
    table: pd.DataFrame, title: str, value_label: str = "", height: int = 320, hall: bool = False
) -> go.Figure:
    """Simple horizontal bars of 'value' against 'studies' (largest on top); ``value_label`` names what they count
    when it is not studies. ``hall``: laid out for a projector and a phone (chart_spec.for_a_hall), its height
    from its labels (``height`` is then the least)."""
    counts = value_label
    value_label = value_label or _("Studies")
    part = table.iloc[::-1]
    if hall:
        part = part.assign(value=[wrap_label(v, HALL_LABEL_CHARS) for v in part["value"]])
    fig = new_figure(
        trace(
            "bar",
            x=part["studies"],
            y=part["value"],
            orientation="h",
            marker_color=CATEGORICAL[0],
            text=part["studies"],
            textposition="outside",
            # The value after the longest bar may reach past the axis: draw it whole (the margin holds it).
            cliponaxis=False,
            hovertemplate="<b>%{y}</b>: %{x} " + value_label.lower() + "<extra></extra>",
        )
    )
    base_layout(fig, title, height)
    # From zero, with room for the value printed after the longest bar (never an axis around a lone 0).
    top = max(int(part["studies"].max()) if len(part) else 0, 1)
    # Counts are whole: on a short axis plotly would tick 0.5, 1.5 (a lens with one study, one 0 bar).
    fig.update_xaxes(
        title=axis_title(value_label),
        range=[0, top * 1.18 + 0.5],
        rangemode="nonnegative",
        dtick=1 if top <= 6 else None,
    )
    if hall:
        for_a_hall(fig)
        # The value printed after the longest bar, whole, in the right margin; the axis and its title below.
        fig.update_layout(
            margin=dict(t=8, b=10, r=text_width(str(top), HALL_TEXT) + 12),
            height=max(height, 80 + sum(hall_row(v) for v in part["value"])),
        )
    fig.update_layout(meta=dict(description=chart_text.count_bars(table, title, counts)))
    return fig.figure()
