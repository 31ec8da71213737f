"""The bundled data files as tests read them by hand, to check that what a page shows equals the files."""

from __future__ import annotations

import csv
import json

from components.core.paths import DATA_DIR, PACKAGE_FILE


def bundled_rows(file: str) -> list[dict[str, str]]:
    """The rows of data/``file``, every cell as written."""
    with (DATA_DIR / file).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def doctors_abroad_from(origin: str) -> dict[str, tuple[int, int]]:
    """Destination -> (year, doctors) for the doctors trained in ``origin``, as doctors_abroad.csv has them."""
    return {
        r["destination"]: (int(r["year"]), int(r["doctors"]))
        for r in bundled_rows("doctors_abroad.csv")
        if r["origin"] == origin
    }


def source_page(resource: str) -> str:
    """The page the data package names as the source of ``resource``."""
    package = json.loads(PACKAGE_FILE.read_text(encoding="utf-8"))
    entry = next(r for r in package["resources"] if r["name"] == resource)
    return entry["sources"][0]["path"]
