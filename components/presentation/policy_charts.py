"""Plotly chart builders of the policy options: where an option was tried (a small map) and what its documented
implementations found (stacked bars). Data frames in, figures out: no file reading, no Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.analysis.aggregations import counted
from components.core.i18n import N_, _
from components.presentation import chart_text
from components.presentation.chart_spec import (
    CHART_TEXT,
    HALL_LEGEND_ENTRY,
    HALL_SMALL,
    SEQUENTIAL,
    FigureSpec,
    axis_title,
    base_layout,
    for_a_hall,
    hall_legend_height,
    new_figure,
    share_percent,
    trace,
    wrap_label,
    wrapped_lines,
)
from components.presentation.exports import ATLAS_NAME
from components.presentation.maps import geo_layout
from components.tables.policy import FINDINGS

# Blue for better, red-orange for worse (not green against red, which deuteranopes cannot tell apart); the
# option's number is printed on the marker in FINDING_TEXT, at 4.5:1 or more.
FINDING_COLOURS = {
    "improved": "#0072b2",
    "mixed": "#e6ab02",
    "no_clear_effect": "#6b6b6b",
    "worsened": "#b5481a",
    "not_evaluated": "#c7c7c7",
}


# An implementation map counts the option's records, wherever they were made: no lens or filter of studies changes it.
RECORDS_SOURCE = N_("source: implementation records (Policy story page)")


FINDING_TEXT = {"improved": "#ffffff", "mixed": "#1a1a1a", "no_clear_effect": "#ffffff", "worsened": "#ffffff"}


def option_evidence_map(records: pd.DataFrame, title: str, height: int = 300, hall: bool = False) -> go.Figure:
    """Countries named by an option's implementation records, shaded by the number of records.

    ``records``: rows of policy_evidence.csv with ``countries`` as tuples; 'global' records are counted in a note.
    ``hall``: type for a projector (chart_spec.for_a_hall).
    """
    counts: dict[str, int] = {}
    for countries in records["countries"]:
        for country in countries:
            if country != "global":
                counts[country] = counts.get(country, 0) + 1
    global_records = int(records["countries"].map(lambda cs: cs == ("global",)).sum())
    fig = new_figure()
    if counts:
        fig.add_trace(
            trace(
                "choropleth",
                locations=list(counts),
                z=list(counts.values()),
                colorscale=SEQUENTIAL,
                zmin=0,
                zmax=max(counts.values()),
                showscale=False,
                marker_line_color="#ffffff",
                marker_line_width=0.5,
                hovertemplate=_("%{location}: %{z} record(s)") + "<extra></extra>",
                name=_("Records"),
            )
        )
    geo_layout(fig)
    base_layout(fig, title, height)
    fig.update_geos(lataxis=dict(range=[-45, 70]))
    fig.update_layout(margin=dict(l=0, r=0, t=40, b=0), dragmode=False)
    if global_records:
        fig.add_annotation(
            text=f"+ {counted(global_records, 'global record')}",
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font=dict(size=12, color="#444444"),
        )
    if hall:
        for_a_hall(fig)
    credit = f"{_(ATLAS_NAME)} · {counted(len(records), 'record')} · {_(RECORDS_SOURCE)}"
    description = chart_text.evidence_map(counts, global_records, title)
    fig.update_layout(meta=dict(description=description, credit=credit, selection=False))
    return fig.figure()


def option_findings(
    coverage: pd.DataFrame,
    summary: pd.DataFrame,
    title: str,
    height: int = 520,
    hall: bool = False,
    phone: bool = False,
) -> go.Figure:
    """One stacked bar per option: its documented implementations counted by what they found (improved, mixed, no
    clear effect, worsened, not evaluated), so a split result reads as a split, never as one colour. Options keep
    their number in the story; the share of studies whose reasons it answers is in its label. ``hall``: type
    for a projector (chart_spec.for_a_hall); ``phone`` (with ``hall``): the same for a phone's 370 px, each
    option's name above its bar and the height taken from the rows (``height`` is then ignored)."""
    table = coverage.merge(summary, on="option_id").sort_values("order").reset_index(drop=True)
    findings = list(FINDING_COLOURS)
    # One line per option (a wrapped label would run into the next bar's).
    labels = [f"{r.order}. {r.short_title} ({share_percent(r.share)})" for r in table.itertuples()]
    fig = new_figure()
    for finding in findings:
        counts = table[finding].astype(int)
        fig.add_trace(
            trace(
                "bar",
                x=counts,
                y=labels,
                orientation="h",
                name=_(FINDINGS[finding]),
                marker=dict(color=FINDING_COLOURS[finding], line=dict(color="#ffffff", width=1)),
                text=[str(k) if k else "" for k in counts],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont=dict(color=FINDING_TEXT.get(finding, "#1a1a1a"), size=13),
                hovertemplate="<b>%{y}</b><br>" + _(FINDINGS[finding]) + ": %{x}<extra></extra>",
            )
        )
    base_layout(fig, title, height)
    top = int(table["records"].max()) if len(table) else 1
    fig.update_xaxes(title=axis_title(_("Documented implementations (records)")), range=[0, top + 0.5])
    # A full-height chart (page and phone) puts each option's name above its bar, from the left edge, so a phone's
    # narrow chart keeps room for the bars; the presenter's short chart on a wide screen names them beside the bars.
    names_above = height >= 500 and not hall
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], showticklabels=not names_above, automargin=True)
    for label in labels if names_above else []:
        _name_above_bar(fig, label, label, 7, 12)
    fig.update_layout(
        barmode="stack",
        bargap=0.55 if names_above else 0.25,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, traceorder="normal"),
        margin=dict(t=95, b=10),
        title=dict(y=0.99, yanchor="top", yref="container", pad=dict(t=12)),
    )
    if hall:
        for_a_hall(fig)
    if phone:
        _phone_rows(fig, labels)
    fig.update_layout(meta=dict(description=chart_text.findings_by_option(table, title)))
    return fig.figure()


def _name_above_bar(fig: FigureSpec, name: str, y, yshift: float, size: int) -> None:
    """An option's name written above its bar (at ``y`` on the bars' axis), from the chart's left edge."""
    fig.add_annotation(
        text=name,
        x=0,
        y=y,
        xref="paper",
        yref="y",
        xanchor="left",
        yanchor="bottom",
        yshift=yshift,
        align="left",
        showarrow=False,
        font=dict(size=size, color=CHART_TEXT),
    )


PHONE_BAR = 13  # px: a bar on a phone's chart of the options (its counts in it, which the value axis gives way to)
PHONE_NAME_CHARS = 44  # an option's name above its bar wraps past this: a line of 16 px type across 370 px
PHONE_LINE = int(HALL_SMALL * 1.15)  # px: a line of a name above its bar


def _phone_rows(fig: FigureSpec, labels: list[str]) -> None:
    """Each option's name above its bar, wrapped to a phone's width, each row as tall as its name's lines and its
    bar: the rows sit on a value axis in px (a category axis would give every row the tallest row's height)."""
    names = [wrap_label(label, PHONE_NAME_CHARS) for label in labels]
    centres: list[float] = []
    top = 0.0
    for name in names:
        top += wrapped_lines(name) * PHONE_LINE + 1 + PHONE_BAR / 2
        centres.append(top)
        top += PHONE_BAR / 2 + 1
    for item in fig.data:
        item.update(y=centres, width=PHONE_BAR, customdata=labels)
        item["hovertemplate"] = item["hovertemplate"].replace("%{y}", "%{customdata}")
    fig.layout["annotations"] = []
    for name, centre in zip(names, centres, strict=True):
        _name_above_bar(fig, name, centre, PHONE_BAR / 2 + 1, HALL_SMALL)
    legend = [item["name"] for item in fig.data]
    # The counts are printed in the bars, and what they count is in the chart's title: no value axis, whose ticks
    # would take the height of two options.
    fig.update_xaxes(visible=False)
    for key in ("categoryorder", "categoryarray"):
        fig.layout["yaxis"].pop(key, None)
    fig.update_yaxes(range=[top, 0], showticklabels=False, type="linear", showgrid=False, zeroline=False)
    fig.update_layout(
        legend=dict(entrywidth=HALL_LEGEND_ENTRY),
        margin=dict(t=8, b=10, l=8, r=8),
        height=hall_legend_height(legend) + int(top) + 20,
    )
