"""The world map: studies per country, corridors, the WHO safeguards list. Plotly's geo subplot; its base map
is fetched by the browser from the app's own static folder (see ``ui.charts.show_figure``), never from a CDN."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from components.analysis.aggregations import study_count
from components.core.countries import country_name
from components.core.i18n import _, current_language
from components.presentation import chart_text
from components.presentation.chart_spec import (
    AXIS_TEXT,
    CHART_TEXT,
    FLOW_COLOUR,
    NEUTRAL_LAND,
    SEQUENTIAL,
    SSL_COLOUR,
    FigureSpec,
    base_layout,
    new_figure,
    trace,
)


def map_colorbar(label: str, **ticks: object) -> dict:
    """The house colour bar of a world map: horizontal, under the map on the right, titled by what it counts."""
    return dict(
        AXIS_TEXT,
        title=dict(text=label, side="top", font=dict(color=CHART_TEXT)),
        thickness=12,
        len=0.35,
        orientation="h",
        x=1.0,
        xanchor="right",
        y=0.0,
        yanchor="top",
        **ticks,
    )


def geo_layout(fig: FigureSpec) -> None:
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


def outline(locations, colour: str, width: float, name: str, showlegend: bool = False, **hover) -> dict:
    """Country borders drawn over the choropleth (transparent fill): the safeguards list, the selected country."""
    return trace(
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


def corridor_trace(located: pd.DataFrame, labels: list[str], width: float, name: str) -> dict:
    """One legend entry of corridor lines: a straight line per row of ``located`` (lon0, lat0 to lon1, lat1), its
    hover text from ``labels`` (one per row). The study map and the doctors-abroad map draw their corridors so."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    texts: list[str | None] = []
    for row, label in zip(located.itertuples(), labels, strict=True):
        lons += [row.lon0, row.lon1, None]
        lats += [row.lat0, row.lat1, None]
        texts += [label, label, None]
    return trace(
        "scattergeo",
        lon=lons,
        lat=lats,
        mode="lines",
        line=dict(width=width, color=FLOW_COLOUR),
        text=texts,
        hoverinfo="text",
        name=name,
        legendgroup="flows",
    )


def _point_markers(located: pd.DataFrame, name: str, marker: dict, showlegend: bool = False, **hover) -> dict:
    """Markers at countries' representative points (``located``: lon, lat), for states without a polygon."""
    return trace(
        "scattergeo",
        lon=located["lon"],
        lat=located["lat"],
        mode="markers",
        marker=marker,
        name=name,
        showlegend=showlegend,
        **hover,
    )


def _ssl_names(ssl: pd.DataFrame) -> pd.Series:
    """Names of the safeguards-list countries: as the list writes them in English, else in the language in use."""
    return ssl["name"] if current_language() == "en" else ssl["iso3"].map(country_name)


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
    fig = new_figure()
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
        trace(
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
            colorbar=map_colorbar(count_label),
            name=count_label,
        )
    )
    ssl = ssl_countries[ssl_countries["iso3"].isin(basemap_countries)]
    fig.add_trace(
        outline(
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
        fig.add_trace(outline([selected], "#111111", 3, _("Selected country (outline)"), hoverinfo="skip"))
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
    geo_layout(fig)
    base_layout(fig, title, height)
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


def _add_flows(fig: FigureSpec, corridors: pd.DataFrame, points: pd.DataFrame) -> None:
    located = corridors.merge(
        points.rename(columns={"iso3": "source_iso3", "lon": "lon0", "lat": "lat0"}), on="source_iso3"
    ).merge(points.rename(columns={"iso3": "destination_iso3", "lon": "lon1", "lat": "lat1"}), on="destination_iso3")
    for low, high, width in flow_width_classes(int(located["studies"].max()) if len(located) else 1):
        part = located[(located["studies"] >= low) & (located["studies"] <= high)]
        if part.empty:
            continue
        labels = [f"{row.source} → {row.destination}: {study_count(row.studies)}" for row in part.itertuples()]
        name = study_count(low) if low == high else _("{low}–{high} studies").format(low=low, high=high)
        fig.add_trace(corridor_trace(part, labels, width, _("Corridor: {studies}").format(studies=name)))
