"""The evidence nearest to a country without a study: its WHO region's countries with studies, and its land
neighbours with studies (or, for an island, the nearest countries with studies). Search offers it when a typed
country has no study."""

from __future__ import annotations

import math
from dataclasses import dataclass

from components.tables.evidence import EvidenceBase
from components.tables.geo import country_points, land_neighbours
from components.tables.regions import who_region


@dataclass(frozen=True)
class NearestEvidence:
    """Countries with studies nearest to one without: same WHO region, and land neighbours (or, for an island or a
    country whose neighbours have none, the nearest countries with studies)."""

    country: str
    region: str
    same_region: tuple[tuple[str, int], ...]  # (code, studies), most studies first
    neighbours: tuple[tuple[str, int], ...]
    neighbours_are_nearest: bool = False  # True when no land neighbour has a study: the nearest by distance


def nearest_evidence(code: str, evidence: EvidenceBase, limit: int = 5) -> NearestEvidence:
    """The evidence nearest to country ``code`` in ``evidence``."""
    counts = evidence.source.groupby("iso3")["study_id"].nunique().sort_values(ascending=False, kind="stable")
    region = who_region(code)
    same = [(c, int(n)) for c, n in counts.items() if region and who_region(c) == region and c != code][:limit]
    borders = land_neighbours().get(code, frozenset())
    neighbours = [(c, int(n)) for c, n in counts.items() if c in borders]
    nearest = False
    if not neighbours:
        points = country_points().set_index("iso3")
        if code in points.index:
            lon, lat = points.at[code, "lon"], points.at[code, "lat"]

            def distance(other: str) -> float:
                if other not in points.index:
                    return math.inf
                dlon = math.radians(points.at[other, "lon"] - lon)
                a1, a2 = math.radians(lat), math.radians(points.at[other, "lat"])
                return math.acos(
                    max(-1.0, min(1.0, math.sin(a1) * math.sin(a2) + math.cos(a1) * math.cos(a2) * math.cos(dlon)))
                )

            closest = sorted((c for c in counts.index if c != code), key=distance)[:3]
            neighbours = [(c, int(counts[c])) for c in closest]
            nearest = True
    return NearestEvidence(code, region, tuple(same), tuple(neighbours[:limit]), nearest)
