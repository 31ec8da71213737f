"""Plotly figure builders. They take data frames and return figures: no file reading, no Streamlit.

Maps use plotly's geo subplot; its base map is fetched by the browser from the app's own static folder
(see ``ui.charts.show_figure``), never from a CDN.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sequential as _sequential

from components import chart_text
from components.aggregations import SMALL_N, counted, reasons_to_leave, study_count
from components.countries import country_name
from components.i18n import N_, _, current_language, percent
from components.labels import code_label
from components.policy import FINDINGS

# Colour-blind-safe sequential scale (ColorBrewer YlGnBu, light = few, dark = many) for counts and shares.
# Spelled out: figures are built without validation, and plotly.js's own "YlGnBu" runs the other way.
SEQUENTIAL = [[i / (len(_sequential.YlGnBu) - 1), colour] for i, colour in enumerate(_sequential.YlGnBu)]
# Heatmaps print their values in the cells: stop the scale at mid-blue so dark text stays readable.
SEQUENTIAL_TEXT = [[i / 5, colour] for i, colour in enumerate(_sequential.YlGnBu[:6])]
LEVEL_NAMES = {"macro": N_("Macro level"), "meso": N_("Meso level"), "micro": N_("Micro level")}
# Columns of a heatmap with too few studies: grey, light = few.
SMALL_N_SCALE = [[0, "#f2f2f2"], [1, "#9e9e9e"]]
# Categorical colours, in the order series take them (Okabe–Ito, without its yellow, which is too faint on white).
# tests/components/test_palettes.py checks every palette here stays apart under protanopia, deuteranopia and
# tritanopia, and every sequential scale keeps its lightness order.
CATEGORICAL = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000")
LEVEL_COLOURS = dict(zip(("macro", "meso", "micro"), CATEGORICAL, strict=False))
STATUS_COLOURS = dict(zip(("migrated", "intention", "non_migration"), CATEGORICAL, strict=False))
SSL_COLOUR = "#d55e00"
FLOW_COLOUR = "rgba(204, 68, 0, 0.55)"
NEUTRAL_LAND = "#e8e8e8"
# Text inside charts: Streamlit's chart theme draws tick labels and colour-bar text in a light grey (#808495, 3.8:1
# on white); this dark grey gives 12.6:1 (WCAG AA asks 4.5:1).
CHART_TEXT = "#333333"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=CHART_TEXT)
# The theme sets these colours on each axis and colour bar, so the layout's font alone does not reach them.
_AXIS_TEXT = dict(tickfont=dict(color=CHART_TEXT), title=dict(font=dict(color=CHART_TEXT)))


# Layout properties whose names contain an underscore (everything else with "_" is a path: marker_line_color).
_UNDERSCORED = {"paper_bgcolor", "plot_bgcolor"}


def _nest(props: dict) -> dict:
    """Turn plotly's magic underscores (marker_line_color) into nested dicts, recursively."""
    nested: dict = {}
    for key, value in props.items():
        if isinstance(value, dict):
            value = _nest(value)
        parts = [key] if key in _UNDERSCORED else key.split("_")
        target = nested
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        _merge(target, {parts[-1]: value})
    return nested


def _merge(target: dict, update: dict) -> dict:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value
    return target


def _trace(kind: str, **props) -> dict:
    return {"type": kind, **_nest(props)}


class _Spec:
    """Collects a figure as plain dicts and builds the plotly Figure once at the end.

    Building through plotly's object API costs several ms per call (property paths are parsed and checked);
    the builders' inputs are fixed by this module and their output is checked by the tests, so the figure is
    made from the finished dict without validation.
    """

    def __init__(self, *traces: dict):
        self.data: list[dict] = list(traces)
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, **props) -> None:
        _merge(self.layout, _nest(props))

    def update_xaxes(self, **props) -> None:
        _merge(self.layout.setdefault("xaxis", {}), _nest(props))

    def update_yaxes(self, **props) -> None:
        _merge(self.layout.setdefault("yaxis", {}), _nest(props))

    def update_geos(self, **props) -> None:
        _merge(self.layout.setdefault("geo", {}), _nest(props))

    def add_annotation(self, **props) -> None:
        self.layout.setdefault("annotations", []).append(_nest(props))

    def figure(self) -> go.Figure:
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)


def _figure(*traces: dict) -> _Spec:
    return _Spec(*traces)


def _axis_title(text: str) -> dict:
    return {"text": text}


def _base_layout(fig: _Spec, title: str, height: int) -> _Spec:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=18)),
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        font=FONT,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel=dict(font=dict(size=14)),
        xaxis=_AXIS_TEXT,
        yaxis=_AXIS_TEXT,
        legend=dict(font=dict(color=CHART_TEXT)),
    )
    return fig


# ----------------------------------------------------------------------------------------------------------------
# Map


def _geo_layout(fig: _Spec) -> None:
    fig.update_geos(
        projection=dict(type="natural earth"),
        showframe=False,
        showcoastlines=False,
        showland=True,
        landcolor=NEUTRAL_LAND,
        showcountries=True,
        countrycolor="#ffffff",
        countrywidth=0.5,
        showocean=False,
        showlakes=False,
        bgcolor="rgba(0,0,0,0)",
        lataxis=dict(range=[-57, 84]),
        resolution=110,
    )


def _ssl_hover() -> str:
    return _("%{customdata}: on the WHO support and safeguards list 2023") + "<extra></extra>"


def _outline(locations, colour: str, width: float, name: str, showlegend: bool = False, **hover) -> dict:
    """Country borders drawn over the choropleth (transparent fill): the safeguards list, the selected country."""
    return _trace(
        "choropleth",
        locations=locations,
        z=[1] * len(locations),
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker_line_color=colour,
        marker_line_width=width,
        name=name,
        showlegend=showlegend,
        **hover,
    )


def _point_markers(located: pd.DataFrame, name: str, marker: dict, showlegend: bool = False, **hover) -> dict:
    """Markers at countries' representative points (``located``: lon, lat), for states without a polygon."""
    return _trace(
        "scattergeo",
        lon=located["lon"],
        lat=located["lat"],
        mode="markers",
        marker=marker,
        name=name,
        showlegend=showlegend,
        **hover,
    )


def world_map(
    counts: pd.DataFrame,
    points: pd.DataFrame,
    basemap_countries: set[str],
    ssl_countries: pd.DataFrame,
    corridors: pd.DataFrame | None = None,
    selected: str | None = None,
    title: str = "",
    count_label: str = "",
    height: int = 560,
) -> go.Figure:
    """Choropleth of study counts per country, with safeguards-list outlines, flows and a highlighted country.

    ``counts``: iso3, country, studies, top_drivers, top_cadres. ``points``: iso3, lon, lat (representative
    points). ``basemap_countries``: iso3 codes that have a polygon in the base map; the others get a marker.
    ``corridors``: source_iso3, destination_iso3, source, destination, studies.
    """
    fig = _figure()
    count_label = count_label or _("Studies")
    hover = (
        "<b>%{customdata[0]}</b><br>"
        + count_label
        + ": %{z}<br>"
        + _("Top drivers: %{customdata[1]}<br>Cadres: %{customdata[2]}")
        + "<extra></extra>"
    )
    zmax = max(int(counts["studies"].max()), 1) if len(counts) else 1
    fig.add_trace(
        _trace(
            "choropleth",
            locations=counts["iso3"],
            z=counts["studies"],
            customdata=counts[["country", "top_drivers", "top_cadres"]].fillna("").values,
            hovertemplate=hover,
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=zmax,
            marker_line_color="#ffffff",
            marker_line_width=0.5,
            colorbar=dict(
                _AXIS_TEXT,
                title=dict(text=count_label, side="top", font=dict(color=CHART_TEXT)),
                thickness=12,
                len=0.35,
                orientation="h",
                x=1.0,
                xanchor="right",
                y=0.0,
                yanchor="top",
            ),
            name=count_label,
        )
    )
    ssl = ssl_countries[ssl_countries["iso3"].isin(basemap_countries)]
    fig.add_trace(
        _outline(
            ssl["iso3"],
            SSL_COLOUR,
            1.6,
            _("WHO safeguards list 2023 (outline)"),
            showlegend=True,
            hovertemplate=_ssl_hover(),
            customdata=_ssl_names(ssl),
        )
    )
    # Small states have no polygon at this resolution: show them as markers so no study disappears.
    small = counts[~counts["iso3"].isin(basemap_countries)].merge(points, on="iso3")
    if len(small):
        fig.add_trace(
            _point_markers(
                small,
                "Small states (marker)",
                dict(
                    size=11,
                    color=small["studies"],
                    colorscale=SEQUENTIAL,
                    cmin=0,
                    cmax=zmax,
                    line=dict(color="#333333", width=1),
                ),
                customdata=small[["country", "studies", "top_drivers", "top_cadres"]].fillna("").values,
                hovertemplate="<b>%{customdata[0]}</b><br>"
                + count_label
                + ": %{customdata[1]}<br>"
                + _("Top drivers: %{customdata[2]}<br>Cadres: %{customdata[3]}")
                + "<extra></extra>",
            )
        )
    ssl_small = ssl_countries[~ssl_countries["iso3"].isin(basemap_countries)].merge(points, on="iso3")
    if len(ssl_small):
        fig.add_trace(
            _point_markers(
                ssl_small,
                _("Safeguards list (small states)"),
                dict(size=9, symbol="circle-open", color=SSL_COLOUR, line=dict(width=2)),
                customdata=_ssl_names(ssl_small),
                hovertemplate=_ssl_hover(),
            )
        )
    if corridors is not None and len(corridors):
        _add_flows(fig, corridors, points)
    if selected and selected in basemap_countries:
        fig.add_trace(_outline([selected], "#111111", 3, _("Selected country (outline)"), hoverinfo="skip"))
    if selected:
        point = points[points["iso3"] == selected]
        if len(point):
            fig.add_trace(
                _point_markers(
                    point,
                    _("Selected country"),
                    dict(size=16, symbol="star", color="#000000", line=dict(color="#ffffff", width=1.5)),
                    showlegend=True,
                    hoverinfo="skip",
                )
            )
    _geo_layout(fig)
    _base_layout(fig, title, height)
    fig.update_layout(
        legend=dict(orientation="h", yanchor="top", y=0.02, x=0, bgcolor="rgba(255,255,255,0.7)"),
        dragmode=False,
        clickmode="event+select",
    )
    fig.update_layout(meta=dict(description=chart_text.world_map(counts, title, count_label)))
    return fig.figure()


def flow_width_classes(max_count: int) -> list[tuple[int, int, float]]:
    """Width classes (low, high, line width) so widths grow with the number of studies on a corridor."""
    if max_count <= 1:
        return [(1, 1, 1.2)]
    edges = sorted({1, 2, max(3, math.ceil(max_count / 3)), max(4, math.ceil(2 * max_count / 3)), max_count + 1})
    widths = [1.0, 2.0, 3.5, 5.5, 7.5]
    classes = []
    for i in range(len(edges) - 1):
        low, high = edges[i], edges[i + 1] - 1
        if low <= high:
            classes.append((low, high, widths[min(i, len(widths) - 1)]))
    return classes


def _add_flows(fig: _Spec, corridors: pd.DataFrame, points: pd.DataFrame) -> None:
    located = corridors.merge(
        points.rename(columns={"iso3": "source_iso3", "lon": "lon0", "lat": "lat0"}), on="source_iso3"
    ).merge(points.rename(columns={"iso3": "destination_iso3", "lon": "lon1", "lat": "lat1"}), on="destination_iso3")
    for low, high, width in flow_width_classes(int(located["studies"].max()) if len(located) else 1):
        part = located[(located["studies"] >= low) & (located["studies"] <= high)]
        if part.empty:
            continue
        lons, lats, texts = [], [], []
        for row in part.itertuples():
            label = f"{row.source} → {row.destination}: {study_count(row.studies)}"
            lons += [row.lon0, row.lon1, None]
            lats += [row.lat0, row.lat1, None]
            texts += [label, label, None]
        name = study_count(low) if low == high else _("{low}–{high} studies").format(low=low, high=high)
        fig.add_trace(
            _trace(
                "scattergeo",
                lon=lons,
                lat=lats,
                mode="lines",
                line=dict(width=width, color=FLOW_COLOUR),
                text=texts,
                hoverinfo="text",
                name=_("Corridor: {studies}").format(studies=name),
                legendgroup="flows",
            )
        )


# ----------------------------------------------------------------------------------------------------------------
# Drivers


def _percent(share: float) -> str:
    return percent(share)


def _percent_suffix() -> str:
    """What follows a number on a percentage axis: '%' in English, ' %' (no-break space) in French."""
    return percent(0.5).removeprefix("50")


def _ssl_names(ssl: pd.DataFrame) -> pd.Series:
    """Names of the safeguards-list countries: as the list writes them in English, else in the language in use."""
    return ssl["name"] if current_language() == "en" else ssl["iso3"].map(country_name)


def _wrap(label: str, width: int = 12) -> str:
    """Break a long column label over lines so neighbouring labels do not overlap."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def driver_heatmap(table: pd.DataFrame, title: str, small_n_note: str = "") -> go.Figure:
    """Heatmap of the share of studies in each group (columns) reporting each driver (rows).

    ``table`` is the output of ``aggregations.driver_share_by`` for one driver group. Columns whose n is small
    are drawn in grey with their values still shown, never hidden.
    """
    drivers = table.drop_duplicates("driver").sort_values("order")
    levels = drivers["level"].tolist()
    labels = drivers["label"].tolist()
    groups = table.drop_duplicates("group").sort_values("group_order")
    x_labels = [
        f"{_wrap(lab)}<br>n={n}" + (" ⚠" if small else "")
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
        text[i][j] = _percent(row.share)
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
    fig = _figure()
    fig.add_trace(
        _trace(
            "heatmap",
            z=z_main,
            hovertemplate=hover,
            colorscale=SEQUENTIAL_TEXT,
            colorbar=dict(_AXIS_TEXT, title=dict(text=_("% of studies"), font=dict(color=CHART_TEXT)), thickness=12),
            name="share",
            **cells,
        )
    )
    if any(v is not None for r in z_small for v in r):
        fig.add_trace(
            _trace(
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
    upright = len(x_labels) > 6
    _base_layout(fig, title, max(320, 34 * len(drivers) + (240 if upright else 210)))
    fig.update_layout(margin=dict(t=185 if upright else 150))
    # Many columns leave each header less width than its word ("Pharmacists"): stand them upright, one lane each.
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
    fig.update_layout(meta=dict(description=chart_text.heatmap(table, title)))
    return fig.figure()


def driver_ranking(
    shares: pd.DataFrame, review: pd.DataFrame, title: str, top: int | None = None, gap_note: str = ""
) -> go.Figure:
    """Horizontal bars: share of studies reporting each driver; upright ticks: the review's published share.

    Equal shares carry the same rank in their label; ``gap_note`` is printed under the chart (why the review's
    full-text shares sit higher). Bar labels say when n is small.
    """
    table = reasons_to_leave(shares).head(top) if top else reasons_to_leave(shares)
    table = table.iloc[::-1]
    n = int(table["n"].iloc[0]) if len(table) else 0
    small = n < SMALL_N
    fig = _figure()
    for level, colour in LEVEL_COLOURS.items():
        part = table[table["level"] == level]
        fig.add_trace(
            _trace(
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
        _trace(
            "scatter",
            x=[103] * len(table),
            y=table["label"],
            mode="text",
            textposition="middle right",
            showlegend=False,
            name=_("Share of studies (label)"),
            text=[
                _("{share} ({k} of {n})").format(share=_percent(s), k=k, n=n) if small else _percent(s)
                for s, k in zip(table["share"], table["studies"], strict=True)
            ],
            hoverinfo="skip",
            cliponaxis=False,
            textfont=dict(size=13, color="#333333"),
        )
    )
    shown = review[review["label"].isin(table["label"])]
    review_n = int(shown["review_n"].max()) if len(shown) else 0
    fig.add_trace(
        _trace(
            "scatter",
            x=shown["review_percent"],
            y=shown["label"],
            mode="markers",
            name=_("2023 review: all LMICs, full texts (n = {n})").format(n=review_n),
            # A thin upright tick: it marks the review's share without covering the bar's own label.
            marker=dict(symbol="line-ns", size=20, color="#000000", line=dict(width=3, color="#000000")),
            hovertemplate="<b>%{y}</b><br>"
            + _("2023 review (all LMICs, full texts): %{x:.1f}% of {n} studies").replace("{n}", str(review_n))
            + "<extra></extra>",
        )
    )
    _base_layout(fig, title, max(400, 28 * len(table) + 260))
    # Room above the bars for a legend that wraps to three lines on a phone, below the title.
    fig.update_layout(
        barmode="overlay",
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0),
        bargap=0.25,
        margin=dict(t=200 if small else 175, b=100 if gap_note else 30, r=95 if small else 50),
        # Two-line titles anchored at the top start a few pixels above the container without top padding.
        title=dict(y=0.99, yanchor="top", yref="container", pad=dict(t=12)),
    )
    if gap_note:
        fig.add_annotation(
            text=gap_note,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yanchor="top",
            xanchor="left",
            yshift=-28,
            showarrow=False,
            font=dict(size=12, color="#444444"),
            align="left",
        )
    fig.update_xaxes(range=[0, 103], ticksuffix=_percent_suffix(), tickvals=[0, 25, 50, 75, 100])
    ranks = dict(zip(table["label"], table["rank"], strict=True))
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=table["label"].tolist(),
        tickvals=table["label"].tolist(),
        ticktext=[f"{ranks[label]}. {label}" for label in table["label"]],
    )
    fig.update_layout(meta=dict(description=chart_text.ranking(table, n)))
    return fig.figure()


def driver_trends(by_decade: pd.DataFrame, drivers: list[str], title: str) -> go.Figure:
    """Lines of the share of studies reporting each chosen driver, by publication decade."""
    fig = _figure()
    drawn = 0
    for code in drivers:
        part = by_decade[by_decade["driver"] == code].sort_values("group_order")
        if part.empty:
            continue
        # Past the seventh line the colours come round again: dashed, then dotted, so no two lines look alike.
        colour, dash = CATEGORICAL[drawn % len(CATEGORICAL)], ("solid", "dash", "dot")[drawn // len(CATEGORICAL) % 3]
        drawn += 1
        fig.add_trace(
            _trace(
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
    _base_layout(fig, title, 420)
    fig.update_yaxes(range=[0, 105], title=_axis_title(_("% of studies")), ticksuffix=_percent_suffix())
    fig.update_xaxes(title=_axis_title(_("Publication decade (open markers: fewer than 5 studies)")))
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0))
    fig.update_layout(meta=dict(description=chart_text.trends(by_decade, drivers)))
    return fig.figure()


def status_split(by_status: pd.DataFrame, drivers: list[str], title: str) -> go.Figure:
    """Grouped bars: share of studies reporting each driver, by migration status of the participants."""
    table = by_status[by_status["driver"].isin(drivers)]
    order = [d for d in drivers if d in set(table["driver"])]
    labels = table.drop_duplicates("driver").set_index("driver").loc[order, "label"].tolist()
    fig = _figure()
    for status, part in table.groupby("group", sort=False):
        part = part.set_index("driver").loc[order]
        n = int(part["n"].iloc[0])
        fig.add_trace(
            _trace(
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
    _base_layout(fig, title, 430)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    fig.update_yaxes(range=[0, 105], title=_axis_title(_("% of studies")), ticksuffix=_percent_suffix())
    fig.update_layout(margin=dict(t=90))
    fig.update_layout(meta=dict(description=chart_text.status_split(table)))
    return fig.figure()


def count_bars(table: pd.DataFrame, title: str, value_label: str = "", height: int = 320) -> go.Figure:
    """Simple horizontal bars of 'value' against 'studies' (largest on top)."""
    value_label = value_label or _("Studies")
    part = table.iloc[::-1]
    fig = _figure(
        _trace(
            "bar",
            x=part["studies"],
            y=part["value"],
            orientation="h",
            marker_color=CATEGORICAL[0],
            text=part["studies"],
            textposition="outside",
            hovertemplate="<b>%{y}</b>: %{x} " + value_label.lower() + "<extra></extra>",
        )
    )
    _base_layout(fig, title, height)
    # From zero, with room for the value printed after the longest bar (never an axis around a lone 0).
    top = max(int(part["studies"].max()) if len(part) else 0, 1)
    fig.update_xaxes(title=_axis_title(value_label), range=[0, top * 1.18 + 0.5], rangemode="nonnegative")
    fig.update_layout(meta=dict(description=chart_text.count_bars(table, title, value_label)))
    return fig.figure()


# Blue for better, red-orange for worse (not green against red, which deuteranopes cannot tell apart); the
# option's number is printed on the marker in FINDING_TEXT, at 4.5:1 or more.
FINDING_COLOURS = {
    "improved": "#0072b2",
    "mixed": "#e6ab02",
    "no_clear_effect": "#6b6b6b",
    "worsened": "#b5481a",
    "not_evaluated": "#c7c7c7",
}
FINDING_TEXT = {"improved": "#ffffff", "mixed": "#1a1a1a", "no_clear_effect": "#ffffff", "worsened": "#ffffff"}


def option_evidence_map(records: pd.DataFrame, title: str, height: int = 300) -> go.Figure:
    """Countries named by an option's implementation records, shaded by the number of records.

    ``records``: rows of policy_evidence.csv with ``countries`` as tuples; 'global' records are counted in a note.
    """
    counts: dict[str, int] = {}
    for countries in records["countries"]:
        for country in countries:
            if country != "global":
                counts[country] = counts.get(country, 0) + 1
    global_records = int(records["countries"].map(lambda cs: cs == ("global",)).sum())
    fig = _figure()
    if counts:
        fig.add_trace(
            _trace(
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
    _geo_layout(fig)
    _base_layout(fig, title, height)
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
    fig.update_layout(meta=dict(description=chart_text.evidence_map(counts, global_records, title)))
    return fig.figure()


def option_landscape(coverage: pd.DataFrame, summary: pd.DataFrame, title: str, height: int = 520) -> go.Figure:
    """Two axes for each option: share of studies whose reasons it answers (x) and documented implementation
    records (y). Each marker carries the option's number in the story (names in a key beside the plot, so no
    label sits on another); its colour says what most of its records found."""
    table = coverage.merge(summary, on="option_id").sort_values("order").reset_index(drop=True)
    findings = list(FINDING_COLOURS)
    dominant = table[findings].idxmax(axis=1).where(table["records"] > 0, "not_evaluated")
    # Options at nearly the same place are nudged apart vertically so both numbers stay readable.
    y = table["records"].astype(float).tolist()
    placed: list[tuple[float, float]] = []
    for i, x in enumerate(100 * table["share"]):
        while any(abs(x - px) < 5 and abs(y[i] - py) < 0.75 for px, py in placed):
            y[i] += 0.8
        placed.append((x, y[i]))
    hover = [
        f"<b>{r.order}. {r.title}</b><br>"
        + _("Answers reasons in {studies} of {n} studies ({share})").format(
            studies=r.studies, n=r.n, share=_percent(r.share)
        )
        + "<br>"
        + _("{records} records: ").format(records=r.records)
        + ", ".join(f"{_(FINDINGS[f]).lower()} {getattr(r, f)}" for f in findings if getattr(r, f))
        for r in table.itertuples()
    ]
    fig = _figure()
    for finding in findings:
        mask = (dominant == finding).tolist()
        if not any(mask):
            continue
        part = table[mask]
        fig.add_trace(
            _trace(
                "scatter",
                x=100 * part["share"],
                y=[v for v, m in zip(y, mask, strict=True) if m],
                mode="markers+text",
                text=part["order"].astype(str),
                textposition="middle center",
                textfont=dict(color=FINDING_TEXT.get(finding, "#1a1a1a"), size=13),
                marker=dict(size=26, color=FINDING_COLOURS[finding], line=dict(color="#333333", width=1)),
                name=_("Most records: {finding}").format(finding=_(FINDINGS[finding]).lower()),
                hovertext=[h for h, m in zip(hover, mask, strict=True) if m],
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=False,
            )
        )
    key = "<br>".join(f"<b>{r.order}</b> {r.short_title} ({r.records})" for r in table.itertuples())
    fig.add_annotation(
        text=_("<b>Options</b> (records)") + "<br>" + key,
        xref="paper",
        yref="paper",
        x=0.73,
        y=1,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=12),
    )
    _base_layout(fig, title, height)
    fig.update_xaxes(
        title=_axis_title(_("% of studies whose reasons the option answers")),
        range=[-5, 105],
        ticksuffix=_percent_suffix(),
        domain=[0, 0.7],
    )
    fig.update_yaxes(title=_axis_title(_("Documented implementations (records)")), range=[-0.5, max(y) + 1.5])
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.16, x=0), margin=dict(b=90, r=10))
    fig.update_layout(meta=dict(description=chart_text.landscape(table)))
    return fig.figure()
