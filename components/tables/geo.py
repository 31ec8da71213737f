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
