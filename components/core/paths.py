"""Where the atlas's files live: the one place a path of the repository is declared."""

from __future__ import annotations

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
