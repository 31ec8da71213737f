"""The sentences of /methods that describe the data files, written from those files so they cannot contradict them:
how deep each study was coded (the Studies table's "Read from" column), how many studies a second coder coded
again (data/second_coding.csv) and the limit that follows from it."""

from __future__ import annotations

import pandas as pd

from components.core.i18n import _, ngettext, percent
from components.core.labels import code_label
from components.presentation.exports import READ_FROM_COLUMN
from components.tables.evidence import CODED_FROM


def coding_depth_sentence(studies: pd.DataFrame) -> str:
    """What each study was coded from, counted: '175 from Abstract, 2 from ..., 8 from Full text'."""
    counts = studies["coded_from"].value_counts()
    parts = [
        _("{k} from “{what}”").format(k=int(counts[code]), what=code_label("coded_from", code))
        for code in CODED_FROM
        if counts.get(code, 0)
    ]
    return _(
        "Studies were coded from what that page says ({parts}: the column “{column}” of the Studies table and its CSV)."
    ).format(parts=", ".join(parts), column=READ_FROM_COLUMN())


def reliability_sentence(second: pd.DataFrame, studies: pd.DataFrame) -> str:
    """How many studies were coded twice, and from which pages, counted from second_coding.csv."""
    k, n = len(second), len(studies)
    pages = studies.set_index("study_id").reindex(second["study_id"])
    same = int(
        sum(
            read in (url, f"https://doi.org/{doi}")
            for read, url, doi in zip(second["page_read"], pages["url"], pages["doi"], strict=True)
        )
    )
    return ngettext(
        "A second coder, blind to the first coding, coded {k} of {n} studies ({share}) again, from the page named "
        "for it in `data/second_coding.csv` ({same} of them the very page the first coder read).",
        "A second coder, blind to the first coding, coded {k} of {n} studies ({share}) again, from the page named "
        "for each in `data/second_coding.csv` ({same} of them the very page the first coder read).",
        k,
    ).format(k=k, n=n, share=percent(k / n) if n else "–", same=same)


def coders_limit(second: pd.DataFrame, n: int) -> str:
    """The Limits line on coding: one coder per study, except those the second coder coded again."""
    k = len(second)
    if not k:
        return _("One coder per study: no study was coded twice.")
    return ngettext(
        "One coder per study, except the {k} study of {n} a second coder coded again (see Coding reliability); "
        "agreement on the others is not measured.",
        "One coder per study, except the {k} studies of {n} a second coder coded again (see Coding reliability); "
        "agreement on the others is not measured.",
        k,
    ).format(k=k, n=n)


def atlas_citation(review_reference: pd.DataFrame) -> str:
    """How to cite the atlas, with the review its studies began from (data/review_reference.csv); the full
    reference is in CITATION.cff."""
    review = review_reference.set_index("key").loc["studies_included"]
    return (
        "Health Worker Migration Atlas: an open evidence base and dashboard on the drivers of health worker "
        "migration from low- and middle-income countries. Version of the repository used, accessed <date>.\n\n"
        f"{review['citation']}. doi:{review['doi']} (full reference: CITATION.cff)"
    )
