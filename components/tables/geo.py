"""Country points and the list of countries the offline base map can draw."""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from components.core.paths import BASEMAP_FILE, POINTS_FILE
from components.tables.csv_reader import read_checked_frame


@lru_cache(maxsize=1)
def country_points() -> pd.DataFrame:
    """iso3, lon, lat: representative points computed by scripts/build_basemap.py with geopandas, checked against
    their schema in datapackage.json."""
    points = read_checked_frame("country_points", POINTS_FILE.parent)
    return points.astype({"lon": float, "lat": float})


@lru_cache(maxsize=1)
def basemap_countries() -> frozenset[str]:
    """ISO-3 codes that have a polygon in the base map the browser draws."""
    topology = json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))
    return frozenset(g.get("id") for g in topology["objects"]["countries"]["geometries"] if g.get("id"))


@lru_cache(maxsize=1)
def land_neighbours() -> dict[str, frozenset[str]]:
    """Countries that share a border in the offline base map (a TopoJSON arc drawn by both), by ISO-3 code."""
    topology = json.loads(BASEMAP_FILE.read_text(encoding="utf-8"))
    owners: dict[int, set[str]] = {}

    def arcs_of(nested) -> list[int]:
        if isinstance(nested, int):
            return [nested if nested >= 0 else ~nested]
        return [a for part in nested for a in arcs_of(part)]

    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        for arc in arcs_of(geometry.get("arcs", [])) if code else []:
            owners.setdefault(arc, set()).add(code)
    neighbours: dict[str, set[str]] = {}
    for codes in owners.values():
        for code in codes:
            neighbours.setdefault(code, set()).update(codes - {code})
    return {code: frozenset(others) for code, others in neighbours.items()}
