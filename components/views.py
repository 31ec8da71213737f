"""Everything a page draws for one selection, computed in one call so the app can cache it across sessions.

Each function takes an evidence base (already filtered) and plain options, and returns frames and figures.
Figures are returned as plain dicts: a cached plotly Figure is re-validated every time it is unpickled,
which costs more than building it; ``ui.charts.show_figure`` wraps the dict again without validation.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.aggregations import (
    SMALL_N,
    corridor_counts,
    driver_share_by_cadre,
    driver_share_by_decade,
    driver_share_by_status,
    driver_shares,
    review_comparison,
    studies_by_destination,
    studies_by_source_country,
)
from components.evidence import EvidenceBase
from components.figures import driver_heatmap, driver_ranking, status_split, world_map
from components.geo import basemap_countries, country_points

MAP_VIEWS = {"sources": "Source countries", "destinations": "Destination countries"}
MAP_NOUNS = {"sources": "source country", "destinations": "destination named"}


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
    note = f"Grey columns ⚠: fewer than {SMALL_N} studies, read with care."
    cadre_figures = {
        group: driver_heatmap(by_cadre[by_cadre["driver_group"] == group],
                              f"{title}: share of studies of each cadre reporting each driver", note).to_dict()
        for group, title in (("migration", "Reasons to leave"), ("non_migration", "Reasons to stay"))
    }
    top = shares[shares["group"] == "migration"].head(8)["driver"].tolist()
    return DriversView(
        n=n,
        shares=shares,
        review=review,
        by_cadre=by_cadre,
        by_decade=by_decade,
        by_status=by_status,
        ranking_figure=driver_ranking(shares, review,
                                      f"Share of studies reporting each driver (n = {n} studies)").to_dict(),
        cadre_figures=cadre_figures,
        decade_figure=driver_heatmap(by_decade[by_decade["driver_group"] == "migration"],
                                     "Share of studies published in each decade reporting each driver",
                                     note).to_dict(),
        status_figure=status_split(by_status, top,
                                   "Share of studies reporting each of the top drivers, by migration status").to_dict(),
    )


@dataclass
class MapView:
    counts: pd.DataFrame
    sources: pd.DataFrame
    corridors: pd.DataFrame
    figure: dict


def map_view(evidence: EvidenceBase, view: str, show_flows: bool, selected: str | None) -> MapView:
    sources = studies_by_source_country(evidence)
    counts = sources if view == "sources" else studies_by_destination(evidence)
    corridors = corridor_counts(evidence)
    figure = world_map(
        counts, country_points(), set(basemap_countries()), evidence.vocabulary.ssl,
        corridors if show_flows else None, selected=selected,
        title=f"Studies per {MAP_NOUNS[view]}<br><sup>{evidence.n_studies} studies · {len(corridors)} corridors</sup>",
        count_label="Studies",
    )
    return MapView(counts=counts, sources=sources, corridors=corridors, figure=figure.to_dict())
