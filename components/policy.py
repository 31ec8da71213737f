"""Policy options of the PS3.5 brief (plus two chapters), the drivers each addresses, and the story built on them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.aggregations import shared_rank
from components.evidence import DATA_DIR, EvidenceBase, EvidenceError, Problem, read_csv_text, split_list

ACTORS = {
    "source_country": "Source countries",
    "destination_country": "Destination countries",
    "both": "Source and destination together",
    "universities": "Universities",
    "international_bodies": "International bodies",
}
CHAPTERS = {
    "ps35": "Options from session brief PS3.5",
    "universities": "Universities in high-income countries",
    "diaspora": "Brain drain to brain gain",
}


def load_policy_options(data_dir: Path = DATA_DIR, driver_codes: frozenset[str] | None = None) -> pd.DataFrame:
    """Read data/policy_options.csv; list columns become tuples. Unknown driver or actor codes raise."""
    path = Path(data_dir) / "policy_options.csv"
    header, rows = read_csv_text(path.read_text(encoding="utf-8"), path.name)
    problems = []
    for line, row in enumerate(rows, start=2):
        for actor in split_list(row.get("actors", "")):
            if actor not in ACTORS:
                problems.append(Problem(path.name, line, "actors", actor, "one of " + " | ".join(ACTORS)))
        if not split_list(row.get("drivers", "")):
            problems.append(Problem(path.name, line, "drivers", "", "at least one driver code"))
        for code in split_list(row.get("drivers", "")):
            if driver_codes is not None and code not in driver_codes:
                problems.append(Problem(path.name, line, "drivers", code, "a code from drivers.csv"))
        if row.get("chapter") not in CHAPTERS:
            problems.append(Problem(path.name, line, "chapter", row.get("chapter", ""), " | ".join(CHAPTERS)))
    if problems:
        raise EvidenceError(problems)
    options = pd.DataFrame(rows, columns=header)
    options["order"] = options["order"].astype(int)
    options["drivers"] = options["drivers"].map(split_list)
    options["actors"] = options["actors"].map(split_list)
    return options.sort_values("order").reset_index(drop=True)


def option_coverage(evidence: EvidenceBase, options: pd.DataFrame) -> pd.DataFrame:
    """Per option: studies reporting at least one driver it addresses, out of n, ranked by share.

    Reasons-to-stay codes count too: an option that reinforces a reason to stay answers that evidence.
    """
    n = evidence.n_studies
    by_driver = evidence.driver.groupby("driver")["study_id"].agg(set)
    rows = []
    for option in options.itertuples():
        ids: set[str] = set()
        for code in option.drivers:
            ids |= by_driver.get(code, set())
        rows.append({
            "option_id": option.option_id,
            "order": option.order,
            "title": option.title,
            "short_title": option.short_title,
            "chapter": option.chapter,
            "drivers": option.drivers,
            "studies": len(ids),
            "n": n,
            "share": len(ids) / n if n else 0.0,
        })
    table = pd.DataFrame(rows)
    table = table.sort_values(["share", "order"], ascending=[False, True]).reset_index(drop=True)
    table["rank"] = shared_rank(table["studies"])
    return table


@dataclass(frozen=True)
class Step:
    number: int  # 1-based, as in ?step=N
    kind: str  # opening | drivers | option | closing
    title: str
    option_id: str | None = None


def story_steps(options: pd.DataFrame) -> list[Step]:
    """The story: opening, drivers, one step per option in brief order, closing ranking."""
    steps = [Step(1, "opening", "The problem in numbers"), Step(2, "drivers", "Why health workers leave")]
    for option in options.itertuples():
        steps.append(Step(len(steps) + 1, "option", option.title, option.option_id))
    steps.append(Step(len(steps) + 1, "closing", "Which options answer the most evidence?"))
    return steps


def actor_labels(actors: tuple[str, ...]) -> str:
    return ", ".join(ACTORS.get(a, a) for a in actors)
