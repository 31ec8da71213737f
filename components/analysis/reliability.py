"""Agreement between the first coding (studies.csv) and a blind second coding of a random sample
(second_coding.csv): percent agreement and Cohen's kappa per headline driver, for cadres and for source countries.

For a list field (cadres, source countries) each study is judged on every code that either coder used anywhere in
the sample: each (study, code) pair is one binary decision (present or absent), and kappa is computed over them.
A headline driver is one binary decision per study.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.core.paths import DATA_DIR
from components.tables.csv_reader import read_checked_frame
from components.tables.evidence import HEADLINE_DRIVERS
from components.tables.formats import split_list


@dataclass(frozen=True)
class Agreement:
    item: str
    decisions: int  # binary decisions compared
    agreed: int
    kappa: float | None  # None when chance agreement is 1 (both coders constant)

    @property
    def percent(self) -> float:
        return 100 * self.agreed / self.decisions if self.decisions else 0.0


def cohen_kappa(first: list[bool], second: list[bool]) -> float | None:
    """Cohen's kappa for two binary codings of the same items."""
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _binary(first: pd.Series, second: pd.Series, codes: list[str] | None) -> tuple[list[bool], list[bool]]:
    a_all, b_all = [], []
    if codes is None:
        codes = sorted({c for cell in [*first, *second] for c in split_list(cell)})
    for a, b in zip(first, second, strict=True):
        a_set, b_set = set(split_list(a)), set(split_list(b))
        used = codes
        a_all += [c in a_set for c in used]
        b_all += [c in b_set for c in used]
    return a_all, b_all


def agreement_table(second: pd.DataFrame) -> list[Agreement]:
    """One Agreement per headline driver, then cadres and source countries, over the double-coded studies.

    ``second`` holds both codings: the second coder's columns and the first coding as it stood when the two were
    compared (``first_*``, before disagreements were resolved), so the figures can be recomputed at any time."""
    pairs = second.rename(
        columns={
            "cadres": "cadres_2",
            "source_countries": "source_countries_2",
            "drivers": "drivers_2",
            "first_cadres": "cadres_1",
            "first_source_countries": "source_countries_1",
            "first_drivers": "drivers_1",
        }
    )
    rows = []
    for code in HEADLINE_DRIVERS:
        a, b = _binary(pairs["drivers_1"], pairs["drivers_2"], [code])
        rows.append(Agreement(code, len(a), sum(x == y for x, y in zip(a, b, strict=True)), cohen_kappa(a, b)))
    for item, column in (("cadres", "cadres"), ("source_countries", "source_countries")):
        a, b = _binary(pairs[f"{column}_1"], pairs[f"{column}_2"], None)
        rows.append(Agreement(item, len(a), sum(x == y for x, y in zip(a, b, strict=True)), cohen_kappa(a, b)))
    return rows


def read_second_coding(data_dir=DATA_DIR) -> pd.DataFrame:
    """second_coding.csv, checked against its schema, its lists' codes against drivers.csv and cadres.csv."""
    known = {name: frozenset(read_checked_frame(name, data_dir)["code"]) for name in ("drivers", "cadres")}
    return read_checked_frame("second_coding", data_dir, lambda resource, _column: known.get(resource))
