"""Where the atlas's files live: the one place a path of the repository is declared."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"
LOCALE_DIR = ROOT / "locale"
PACKAGE_FILE = ROOT / "datapackage.json"
# The JSON Schema of the atlas's own properties (atlas:*) in datapackage.json.
ATLAS_PROPERTIES_SCHEMA_FILE = ROOT / "atlas_properties.schema.json"
APP_FILE = ROOT / "app.py"
# The offline base map plotly.js loads for geo.resolution=110 (scripts/build_basemap.py writes it).
MAP_RESOLUTION_FILE = "world_110m.json"
BASEMAP_FILE = STATIC_DIR / MAP_RESOLUTION_FILE
POINTS_FILE = DATA_DIR / "country_points.csv"
# What the served atlas writes while it runs (ATLAS_RUNTIME_DIR moves it; replicas on one machine share it): the
# rendered pages of the audience view and the documents a presenter publishes for the phones that follow a talk.
RUNTIME_DIR = Path(os.environ.get("ATLAS_RUNTIME_DIR") or ROOT / ".runtime")
AUDIENCE_CACHE_DIR = RUNTIME_DIR / "audience"
TALKS_DIR = RUNTIME_DIR / "talks"
