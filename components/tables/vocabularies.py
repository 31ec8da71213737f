"""The controlled vocabularies and reference tables that travel with the studies (drivers, cadres, the review's
reference figures, the WHO safeguards list)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.core.paths import DATA_DIR
from components.tables.csv_reader import read_table
from components.tables.problems import EvidenceError
from components.tables.schema import References


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabularies and reference tables that travel with the studies."""

    drivers: pd.DataFrame
    cadres: pd.DataFrame
    review_reference: pd.DataFrame
    ssl: pd.DataFrame

    @property
    def driver_codes(self) -> frozenset[str]:
        return frozenset(self.drivers["code"])

    @property
    def cadre_codes(self) -> frozenset[str]:
        return frozenset(self.cadres["code"])

    def student_cadres(self) -> dict[str, str]:
        """Programme (student_programmes.csv) -> the cadre that stands for students of it (cadres.csv)."""
        if "student_programme" not in self.cadres.columns:
            return {}
        part = self.cadres[self.cadres["student_programme"].fillna("") != ""]
        return dict(zip(part["student_programme"], part["code"], strict=True))

    def cadres_in_view_of(self, code: str) -> list[str]:
        """The cadres whose studies the view of cadre ``code`` includes (nursing students for nurses)."""
        if "in_view_of" not in self.cadres.columns:
            return []
        return self.cadres.loc[self.cadres["in_view_of"].fillna("") == code, "code"].tolist()

    def driver_label(self, code: str) -> str:
        return self._labels(self.drivers).get(code, code)

    def cadre_label(self, code: str) -> str:
        return self._labels(self.cadres).get(code, code)

    @staticmethod
    def _labels(frame: pd.DataFrame) -> dict[str, str]:
        """code -> label in the language in use (label_<lang> where the data have it)."""
        from components.core.i18n import localized_column

        return dict(zip(frame["code"], localized_column(frame, "label"), strict=True))


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """Read and check drivers, cadres, the review's reference figures and the safeguards list."""
    frames, problems = {}, []
    for name in ("drivers", "cadres", "review_reference", "who_ssl_2023"):
        header, rows, found = read_table(name, data_dir)
        problems += found
        frames[name] = pd.DataFrame(rows, columns=header)
    if problems:
        raise EvidenceError(problems)
    reference = frames["review_reference"].copy()
    reference["value"] = reference["value"].astype(float)
    return Vocabulary(
        drivers=frames["drivers"],
        cadres=frames["cadres"],
        review_reference=reference,
        ssl=frames["who_ssl_2023"],
    )


def vocabulary_references(vocabulary: Vocabulary) -> References:
    """The codes of the vocabularies a studies file may name, for the contract's foreign keys and list rules."""
    known = {("drivers", "code"): vocabulary.driver_codes, ("cadres", "code"): vocabulary.cadre_codes}
    return lambda resource, column: known.get((resource, column))
