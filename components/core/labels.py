"""Labels of coded values in the language in use, from the data's vocabularies.

A vocabulary file ``data/<name>.csv`` has columns ``code,label`` and one ``label_<lang>`` per translation
(data/statuses.csv, data/designs.csv, data/coded_from.csv, data/driver_groups.csv, data/exclusion_reasons.csv,
data/who_region_names.csv). A vocabulary with no file (the driver levels) is declared here and translated through
the message catalogue.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from components.core.i18n import N_, _, current_language, localized_column
from components.core.paths import DATA_DIR

# Vocabularies with no file in data/: English labels, translated with the interface messages.
_DECLARED = {"levels": {"macro": N_("Macro"), "meso": N_("Meso"), "micro": N_("Micro")}}


@cache
def _vocabulary_file(name: str) -> pd.DataFrame | None:
    path = DATA_DIR / f"{name}.csv"
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def code_labels(name: str, lang: str | None = None) -> dict[str, str]:
    """code -> label of vocabulary ``name`` in the language in use (data file first, else the declared labels)."""
    lang = lang or current_language()
    frame = _vocabulary_file(name)
    if frame is not None:
        return dict(zip(frame["code"], localized_column(frame, "label", lang), strict=True))
    return {code: _(label) for code, label in _DECLARED.get(name, {}).items()}


def decade_label(decade: str) -> str:
    """A decade code as readers say it: '2010s' in English, 'années 2010' in French."""
    if not (len(decade) == 5 and decade.endswith("s") and decade[:4].isdigit()):
        return decade
    return _("{year}s").format(year=decade[:4])


def code_label(name: str, code: str) -> str:
    """One code's label; the code itself when the vocabulary does not have it (uploaded data)."""
    return code_labels(name).get(code, code)
