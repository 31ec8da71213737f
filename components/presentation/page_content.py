"""Everything a page draws for one selection, computed in one call so the app can cache it across sessions.

Each function takes an evidence base (already filtered) and plain options, and returns frames and figures.
Figures are returned as plain dicts: a cached plotly Figure is re-validated every time it is unpickled,
which costs more than building it; ``ui.charts.show_figure`` wraps the dict again without validation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.analysis.aggregations import (
    SMALL_N,
    corridor_counts,
    counted,
    driver_share_by_cadre,
    driver_share_by_decade,
    driver_share_by_status,
    driver_shares,
    reasons_to_leave,
    review_comparison,
    small_n_note,
    studies_by_destination,
    studies_by_source_country,
    study_count,
)
from components.core.i18n import N_, _, percent
from components.presentation.figures import driver_heatmap, driver_ranking, status_split
from components.presentation.maps import world_map
from components.tables.evidence import EvidenceBase
from components.tables.geo import basemap_countries, country_points
from components.tables.upload_limits import LIMITS

# The map's two views; labels in English, translated where shown.
MAP_VIEWS = {
    "sources": N_("Source countries"),
    "destinations": N_("Destination countries"),
    "abroad": N_("Doctors abroad"),
}
# The tabs of the Drivers page. The English name is the tab's value in a link (?tab=By+cadre), in every language,
# so a link keeps its tab when it is opened in another language.
DRIVER_TABS = (N_("Ranking"), N_("By cadre"), N_("By decade"), N_("By status"), N_("Behind a number"))
MAP_TITLES = {"sources": N_("Studies per source country"), "destinations": N_("Studies per destination named")}


@dataclass
class DriversView:
    n: int
    shares: pd.DataFrame
    review: pd.DataFrame
    by_cadre: pd.DataFrame
    by_decade: pd.DataFrame
    by_status: pd.DataFrame
    ranking_figure: dict
    cadre_figures: dict  # driver group -> heatmap
    decade_figure: dict
    status_figure: dict


def drivers_view(evidence: EvidenceBase) -> DriversView:
    n = evidence.n_studies
    shares = driver_shares(evidence)
    review = review_comparison(evidence)
    by_cadre = driver_share_by_cadre(evidence)
    by_decade = driver_share_by_decade(evidence)
    by_status = driver_share_by_status(evidence)
    note = _("Grey columns ⚠: fewer than {n} studies, read with care.").format(n=SMALL_N)
    small = small_n_note(n)
    cadre_figures = {
        group: driver_heatmap(
            by_cadre[by_cadre["driver_group"] == group],
            title,
            note,
        ).to_dict()
        for group, title in (
            ("migration", _("Reasons to leave: share of studies of each cadre reporting each driver")),
            ("non_migration", _("Reasons to stay: share of studies of each cadre reporting each driver")),
        )
    }
    top = reasons_to_leave(shares).head(8)["driver"].tolist()
    return DriversView(
        n=n,
        shares=shares,
        review=review,
        by_cadre=by_cadre,
        by_decade=by_decade,
        by_status=by_status,
        ranking_figure=driver_ranking(
            shares,
            review,
            _("Share of studies reporting each driver<br>(n = {n} studies)").format(n=n)
            + (f"<br><sup>{small}</sup>" if small else ""),
            gap_note=review_gap_note(review),
        ).to_dict(),
        cadre_figures=cadre_figures,
        decade_figure=driver_heatmap(
            reasons_to_leave(by_decade, "driver_group"),
            _("Share of studies published in each decade reporting each driver"),
            note,
        ).to_dict(),
        status_figure=status_split(
            by_status, top, _("Share of studies reporting each of the top drivers, by migration status")
        ).to_dict(),
    )


def review_gap_note(review: pd.DataFrame) -> str:
    """A note under the ranking: why the review's ticks sit beyond the atlas's bars (short lines: a phone's chart is
    about 340 px wide)."""
    review_n = int(review["review_n"].max()) if len(review) else 0
    return "│ " + _(
        "The review coded the full texts of {n}<br>studies from all LMICs; this atlas codes<br>"
        "mostly abstracts, which name fewer<br>drivers, so its shares sit lower."
    ).format(n=review_n)


@dataclass
class MapView:
    counts: pd.DataFrame
    sources: pd.DataFrame
    corridors: pd.DataFrame
    figure: dict


def map_view(
    mapped: EvidenceBase,
    focus: EvidenceBase,
    view: str,
    show_flows: bool,
    countries: tuple[str, ...] = (),
    destinations: tuple[str, ...] = (),
) -> MapView:
    """``mapped``: every country under the filters other than the source country (so the selected one stands out
    among the rest); ``focus``: the studies of all filters, whose corridors from the selected ``countries`` to the
    selected ``destinations`` are drawn and counted in the title (a multi-country study's other corridors are left
    out)."""
    selected = countries[0] if countries else None
    sources = studies_by_source_country(mapped)
    counts = sources if view == "sources" else studies_by_destination(focus if selected else mapped)
    corridors = corridor_counts(focus)
    if countries:
        corridors = corridors[corridors["source_iso3"].isin(countries)].reset_index(drop=True)
    if destinations:
        corridors = corridors[corridors["destination_iso3"].isin(destinations)].reset_index(drop=True)
    # The map draws the strongest corridors only (corridor_counts sorts them, most studies first); the title
    # counts them all, and the corridor table below the map lists them all.
    lines = LIMITS.map_corridor_lines
    corridor_words = counted(len(corridors), "corridor")
    if show_flows and len(corridors) > lines:
        corridor_words = _("{corridors}, the {n} strongest drawn").format(corridors=corridor_words, n=lines)
    figure = world_map(
        counts,
        country_points(),
        set(basemap_countries()),
        mapped.vocabulary.ssl,
        corridors.head(lines) if show_flows else None,
        selected=selected,
        # The selection (countries, destinations, cadres, ...) goes on a line of its own under this (ui.charts).
        title=f"{_(MAP_TITLES[view])}<br><sup>{study_count(focus.n_studies)} · {corridor_words}</sup>",
        count_label=_("Studies"),
    )
    return MapView(counts=counts, sources=sources, corridors=corridors, figure=figure.to_dict())


@dataclass
class MethodsView:
    prisma: object  # components.analysis.prisma.PrismaCounts
    prisma_html: str
    agreement: pd.DataFrame  # item, decisions, agreed, percent, kappa
    double_coded: list[str]
    second: pd.DataFrame  # data/second_coding.csv, as read and checked


def methods_view() -> MethodsView:
    """The PRISMA flow and the coding-reliability table, counted from the data files."""
    from components.analysis.prisma import prisma_counts, read_prisma_inputs
    from components.analysis.reliability import agreement_table, read_second_coding
    from components.presentation.prisma_diagram import prisma_html

    studies, excluded, log = read_prisma_inputs()
    counts = prisma_counts(studies, excluded, log)
    second = read_second_coding()
    rows = agreement_table(second)
    agreement = pd.DataFrame(
        [
            {
                "item": r.item,
                "decisions": r.decisions,
                "agreed": r.agreed,
                "percent": round(r.percent, 1),
                "kappa": None if r.kappa is None else round(r.kappa, 2),
            }
            for r in rows
        ]
    )
    return MethodsView(counts, prisma_html(counts), agreement, second["study_id"].tolist(), second)


def key_finding(leaving: pd.DataFrame, small: str = "") -> str:
    """The overview's finding: the reason for leaving reported most often, then the next two that any study
    reports (a reason no study of the selection reports does not 'come next'). ``leaving``: reasons_to_leave."""
    top = leaving.iloc[0]
    sentence = _(
        "**{driver}** is the reason for leaving reported most often: in **{k} of {n} studies ({share})**"
    ).format(driver=top["label"], k=top["studies"], n=top["n"], share=percent(top["share"])) + (
        f" ({small})." if small else "."
    )
    following = leaving.iloc[1:3]
    following = following[following["studies"] > 0]
    if len(following) == 2:
        sentence += " " + _("Next come {second} ({second_share}) and {third} ({third_share}).").format(
            second=following.iloc[0]["label"].lower(),
            second_share=percent(following.iloc[0]["share"]),
            third=following.iloc[1]["label"].lower(),
            third_share=percent(following.iloc[1]["share"]),
        )
    elif len(following) == 1:
        sentence += " " + _("Next comes {second} ({second_share}).").format(
            second=following.iloc[0]["label"].lower(), second_share=percent(following.iloc[0]["share"])
        )
    return sentence
