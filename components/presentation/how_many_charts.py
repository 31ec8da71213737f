"""How many, the charts: the doctors-abroad map, the NHS nurses' bars and the evidence-gap scatter (how_many.py
holds the views and sentences built around them). Frames in, figures out; no file reading, no Streamlit."""

from __future__ import annotations

import math

import pandas as pd

from components.core.countries import country_name
from components.core.i18n import _, number
from components.presentation.chart_spec import (
    CATEGORICAL,
    CHART_TEXT,
    SEQUENTIAL,
    axis_title,
    base_layout,
    new_figure,
    trace,
)
from components.presentation.maps import corridor_trace, geo_layout, map_colorbar, outline


def what_it_is() -> str:
    """The two words every doctors-abroad number carries."""
    return _("{stock}; {training}").format(
        stock=_("stock, not yearly flow"), training=_("country of training, not nationality")
    )


def _log_ticks(high: float) -> tuple[list[float], list[str]]:
    top = max(1, math.ceil(math.log10(max(high, 1))))
    return [float(k) for k in range(top + 1)], [number(10**k) for k in range(top + 1)]


def _width(doctors: int) -> float:
    return 1.0 if doctors < 100 else 2.0 if doctors < 1_000 else 4.0 if doctors < 10_000 else 7.0


def doctors_abroad_map(
    by_origin: pd.DataFrame,
    lines: pd.DataFrame,
    points: pd.DataFrame,
    basemap_countries: set[str],
    selected: str | None,
    title: str,
    height: int = 560,
) -> dict:
    """Choropleth of doctors abroad by country of training (log colour scale, the number in the hover), corridors
    weighted by doctors. ``by_origin``: origin, doctors, destinations, years; ``lines``: origin, destination, year,
    doctors."""
    shown = by_origin[by_origin["doctors"] > 0]
    names = shown["origin"].map(country_name)
    z = shown["doctors"].map(math.log10)
    tickvals, ticktext = _log_ticks(float(shown["doctors"].max()) if len(shown) else 1)
    label = _("Doctors trained here, working abroad")
    hover = (
        "<b>%{customdata[0]}</b><br>"
        + _("Doctors abroad: %{customdata[1]} in %{customdata[2]} reporting destinations (%{customdata[3]})")
        + "<br>"
        + what_it_is()
        + "<extra></extra>"
    )
    fig = new_figure()
    fig.add_trace(
        trace(
            "choropleth",
            locations=shown["origin"].tolist(),
            z=z.round(3).tolist(),
            customdata=list(
                zip(names, shown["doctors"].map(number), shown["destinations"], shown["years"], strict=True)
            ),
            hovertemplate=hover,
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=tickvals[-1],
            marker_line_color="#ffffff",
            marker_line_width=0.5,
            colorbar=map_colorbar(label, tickvals=tickvals, ticktext=ticktext),
            name=label,
        )
    )
    located = lines.merge(points.rename(columns={"iso3": "origin", "lon": "lon0", "lat": "lat0"}), on="origin")
    located = located.merge(
        points.rename(columns={"iso3": "destination", "lon": "lon1", "lat": "lat1"}), on="destination"
    )
    classes = ((10_000, None), (1_000, 9_999), (100, 999), (0, 99))
    for low, high in classes:
        part = located[(located["doctors"] >= low) & ((located["doctors"] <= high) if high else True)]
        if part.empty:
            continue
        labels = [
            _("{origin} → {destination}: {doctors} doctors ({year})").format(
                origin=country_name(row.origin),
                destination=country_name(row.destination),
                doctors=number(int(row.doctors)),
                year=row.year,
            )
            for row in part.itertuples()
        ]
        name = (
            _("{low} doctors or more").format(low=number(low))
            if high is None
            else _("{low}–{high} doctors").format(low=number(low), high=number(high))
        )
        fig.add_trace(corridor_trace(part, labels, _width(low), _("Corridor: {doctors}").format(doctors=name)))
    if selected and selected in basemap_countries:
        fig.add_trace(outline([selected], "#111111", 3, _("Selected country (outline)"), hoverinfo="skip"))
    geo_layout(fig)
    base_layout(fig, title, height)
    fig.update_layout(margin=dict(t=100))
    fig.update_layout(
        legend=dict(orientation="h", yanchor="top", y=0.02, x=0, bgcolor="rgba(255,255,255,0.7)"),
        dragmode=False,
        clickmode="event+select",
    )
    top = shown.head(3)
    largest = ", ".join(f"{country_name(r.origin)} {number(int(r.doctors))}" for r in top.itertuples())
    fig.update_layout(
        meta=dict(
            description=_(
                "World map of doctors working abroad by country of training, {n} countries shaded; most: {largest}."
            ).format(n=len(shown), largest=largest)
        )
    )
    return fig.figure().to_dict()


def nurses_bars(frame: pd.DataFrame, title: str, top: int = 15) -> dict:
    """Horizontal bars: NHS England nurses and health visitors by nationality (``frame``: country, fte)."""
    shown = frame.head(top).iloc[::-1]
    names = shown["country"].map(country_name).tolist()
    fig = new_figure(
        trace(
            "bar",
            x=shown["fte"].round().tolist(),
            y=names,
            orientation="h",
            marker_color=CATEGORICAL[0],
            text=[number(round(v)) for v in shown["fte"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} " + _("FTE") + "<extra></extra>",
        )
    )
    base_layout(fig, title, 120 + 26 * len(shown))
    fig.update_xaxes(title=axis_title(_("Full-time equivalents")), showgrid=True, gridcolor="#eeeeee")
    fig.update_yaxes(automargin=True)
    fig.update_layout(margin=dict(l=10, r=60, t=70, b=10), showlegend=False)
    largest = ", ".join(
        f"{n} {number(round(v))}" for n, v in zip(names[::-1][:3], shown["fte"][::-1][:3], strict=False)
    )
    fig.update_layout(
        meta=dict(
            description=_("Bar chart: {title}; most: {largest}.").format(title=title.split("<br>")[0], largest=largest)
        )
    )
    return fig.figure().to_dict()


def gap_scatter(gaps: pd.DataFrame, title: str, labelled: int = 8) -> dict:
    """Doctors abroad (log x) against studies in the atlas (y), one point per country of training, the countries
    with most doctors abroad per study labelled. ``gaps``: origin, doctors, studies."""
    frame = gaps[gaps["doctors"] > 0]
    names = frame["origin"].map(country_name)
    fig = new_figure(
        trace(
            "scatter",
            x=frame["doctors"].tolist(),
            y=frame["studies"].tolist(),
            mode="markers",
            marker=dict(size=9, color=CATEGORICAL[0], opacity=0.75, line=dict(color="#ffffff", width=0.5)),
            customdata=list(zip(names, frame["doctors"].map(number), strict=True)),
            hovertemplate="<b>%{customdata[0]}</b><br>"
            + _("Doctors abroad: %{customdata[1]}")
            + "<br>"
            + _("Studies in the atlas: %{y}")
            + "<extra></extra>",
        )
    )
    # The countries with most doctors abroad per study sit close together near zero studies: each name hangs on
    # a line above its point at a height of its own on the studies axis (from left to right, each above the one
    # before and above its own point), so that no two names meet even on a phone, where the points crowd together.
    shown = frame.head(labelled).assign(name=names.head(labelled)).sort_values("doctors")
    step = max(1.0, float(frame["studies"].max()) / 14) if len(frame) else 1.0
    level = 0.0
    for row in shown.itertuples():
        level = max(level + step, row.studies + 1.5 * step)
        fig.add_annotation(
            x=math.log10(row.doctors),  # a log axis places annotations by the logarithm
            y=row.studies,
            text=row.name,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#8a8f98",
            ax=0,
            ayref="y",
            ay=level,
            font=dict(size=12, color=CHART_TEXT),
            bgcolor="rgba(255,255,255,0.8)",
        )
    base_layout(fig, title, 520)
    fig.update_xaxes(type="log", title=axis_title(_("Doctors abroad (log scale)")))
    fig.update_yaxes(title=axis_title(_("Studies in the atlas")), rangemode="tozero")
    fig.update_layout(showlegend=False, margin=dict(t=110))
    top = ", ".join(names.head(3))
    fig.update_layout(
        meta=dict(
            description=_("Scatter plot: {title}; {n} countries; most doctors abroad per study: {top}.").format(
                title=title.split("<br>")[0], n=len(frame), top=top
            )
        )
    )
    return fig.figure().to_dict()
