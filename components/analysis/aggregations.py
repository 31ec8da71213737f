"""Counts and shares computed from an evidence base. Every share is 'studies reporting X / studies in the group'.

A study counts once per driver however often it mentions it, and once in every cadre, decade, status or
country it covers, so groups overlap and their n's can add up to more than the number of studies.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.core.countries import country_name, who_region_name
from components.core.i18n import _, localized_column, ngettext, number, semicolon, sort_key
from components.core.labels import code_labels, decade_label
from components.tables.evidence import DECADES, HEADLINE_DRIVERS, STATUSES, EvidenceBase
from components.tables.regions import who_region

SMALL_N = 10  # a share resting on fewer studies than this is labelled as such wherever it is shown


def _driver_meta(evidence: EvidenceBase) -> pd.DataFrame:
    drivers = evidence.vocabulary.drivers
    meta = drivers[["code", "level", "group"]].rename(columns={"code": "driver"})
    meta.insert(1, "label", localized_column(drivers, "label"))
    meta["order"] = range(len(meta))
    return meta


def reasons_to_leave(drivers: pd.DataFrame, group_column: str = "group") -> pd.DataFrame:
    """The rows of a table of drivers whose driver is a reason to leave (group "migration"), not a reason to stay.
    A ranked table is ranked again over these rows: the reasons to stay it hides take no rank."""
    shown = drivers[drivers[group_column] == "migration"]
    if "rank" in shown.columns:
        shown = shown.assign(rank=shared_rank(shown["studies"]))
    return shown


def driver_shares(evidence: EvidenceBase) -> pd.DataFrame:
    """One row per driver of the vocabulary: studies reporting it, n, share (0–1), sorted by share."""
    n = evidence.n_studies
    counts = evidence.driver.groupby("driver")["study_id"].nunique()
    table = _driver_meta(evidence)
    table["studies"] = table["driver"].map(counts).fillna(0).astype(int)
    table["n"] = n
    table["share"] = table["studies"] / n if n else 0.0
    table = table.sort_values(["share", "order"], ascending=[False, True]).reset_index(drop=True)
    table["rank"] = shared_rank(table["studies"])
    return table


def shared_rank(values: pd.Series) -> pd.Series:
    """1, 2, 2, 2, 3: equal values share a rank and the next value takes the next number (dense ranking), largest
    first. The one rank of the atlas: rank only the rows that are shown, so no hidden row leaves a gap."""
    return values.rank(method="dense", ascending=False).astype(int)


def small_n_note(n: int) -> str:
    """The label a share resting on fewer than SMALL_N studies carries beside it; empty otherwise."""
    if n >= SMALL_N:
        return ""
    return _("⚠ only {studies}: fewer than {limit}, read with care").format(studies=study_count(n), limit=SMALL_N)


# Counted nouns, each with its plural forms in the catalogue ('1 record', '3 records'; French: '1 fiche', ...).
_NOUNS = {
    "study": lambda k: ngettext("{n} study", "{n} studies", k),
    "record": lambda k: ngettext("{n} record", "{n} records", k),
    "global record": lambda k: ngettext("{n} global record", "{n} global records", k),
    "corridor": lambda k: ngettext("{n} corridor", "{n} corridors", k),
    "problem": lambda k: ngettext("{n} problem", "{n} problems", k),
    "country": lambda k: ngettext("{n} country", "{n} countries", k),
    "chosen driver": lambda k: ngettext("{n} chosen driver", "{n} chosen drivers", k),
}


def counted(k: int, noun: str) -> str:
    """'1 record', '3 records' in the language in use; ``noun`` is one of _NOUNS."""
    return _NOUNS[noun](k).format(n=number(k))


def study_count(k: int) -> str:
    """'1 study', '3 studies'."""
    return counted(k, "study")


def _facet(evidence: EvidenceBase, facet: str) -> tuple[pd.DataFrame, str, list[str], dict[str, str]]:
    """(study_id, group) pairs for a facet, the group column, the group order and group labels."""
    if facet == "cadre":
        cadres = evidence.vocabulary.cadres
        label = localized_column(cadres, "label")
        # Column headers of a heatmap are narrow: use the short label where the vocabulary has one.
        short = localized_column(cadres, "short_label") if "short_label" in cadres else label
        labels = dict(zip(cadres["code"], short.where(short.astype(bool), label), strict=True))
        return evidence.cadre[["study_id", "cadre"]], "cadre", list(labels), labels
    if facet == "decade":
        labels = {d: decade_label(d) for d in DECADES}
        return evidence.studies[["study_id", "decade"]], "decade", list(DECADES), labels
    if facet == "status":
        return evidence.status[["study_id", "status"]], "status", list(STATUSES), code_labels("statuses")
    raise ValueError(f"unknown facet {facet!r}")


def driver_share_by(evidence: EvidenceBase, facet: str) -> pd.DataFrame:
    """Long table: driver × group (cadre, decade or status) with studies, n of the group and share.

    Only groups with at least one study are returned; every driver appears for each of them (zeros kept).
    Columns: driver, label, level, driver_group, group (the cadre/decade/status), group_label, studies, n, share.
    """
    pairs, column, order, labels = _facet(evidence, facet)
    group_n = pairs.groupby(column)["study_id"].nunique()
    groups = [g for g in order if group_n.get(g, 0) > 0]
    joined = evidence.driver[["study_id", "driver"]].merge(pairs, on="study_id")
    counts = joined.groupby(["driver", column])["study_id"].nunique()
    meta = _driver_meta(evidence).rename(columns={"group": "driver_group"})
    grid = meta.merge(pd.DataFrame({column: groups}), how="cross")
    grid["studies"] = [int(counts.get((d, g), 0)) for d, g in zip(grid["driver"], grid[column], strict=True)]
    grid["n"] = grid[column].map(group_n).astype(int)
    grid["share"] = grid["studies"] / grid["n"]
    grid["group_label"] = grid[column].map(labels)
    grid["small_n"] = grid["n"] < SMALL_N
    grid = grid.rename(columns={column: "group"})
    grid["group_order"] = grid["group"].map({g: i for i, g in enumerate(order)})
    return grid.sort_values(["order", "group_order"]).reset_index(drop=True)


def driver_share_by_cadre(evidence: EvidenceBase) -> pd.DataFrame:
    return driver_share_by(evidence, "cadre")


def driver_share_by_decade(evidence: EvidenceBase) -> pd.DataFrame:
    return driver_share_by(evidence, "decade")


def driver_share_by_status(evidence: EvidenceBase) -> pd.DataFrame:
    return driver_share_by(evidence, "status")


def review_comparison(evidence: EvidenceBase) -> pd.DataFrame:
    """The five headline drivers: this atlas's share beside the 2023 review's published share (both in %)."""
    reference = evidence.vocabulary.review_reference
    published = reference[reference["category"] == "driver"].set_index("code")
    shares = driver_shares(evidence).set_index("driver")
    rows = []
    for code in HEADLINE_DRIVERS:
        rows.append(
            {
                "driver": code,
                "label": shares.at[code, "label"],
                "atlas_studies": int(shares.at[code, "studies"]),
                "atlas_n": int(shares.at[code, "n"]),
                "atlas_percent": round(100 * float(shares.at[code, "share"]), 1),
                "review_percent": float(published.at[code, "value"]) if code in published.index else float("nan"),
                "review_citation": published.at[code, "citation"] if code in published.index else "",
                "review_n": int(float(published.at[code, "denominator"])) if code in published.index else 0,
            }
        )
    table = pd.DataFrame(rows)
    table["difference_points"] = (table["atlas_percent"] - table["review_percent"]).round(1)
    return table


DEEPER_CODING = ("abstract_and_tables", "full_text")


def depth_comparison(evidence: EvidenceBase) -> pd.DataFrame:
    """The five headline drivers: share among studies coded from the abstract alone, among studies coded from
    tables or full text, and the review's published (full-text) share, with each group's n."""
    deeper_ids = set(evidence.studies.loc[evidence.studies["coded_from"].isin(DEEPER_CODING), "study_id"])
    groups = {
        "abstract": evidence.subset(set(evidence.studies["study_id"]) - deeper_ids),
        "deeper": evidence.subset(deeper_ids),
    }
    review = review_comparison(evidence).set_index("driver")
    rows = []
    for code in HEADLINE_DRIVERS:
        row = {"driver": code, "label": review.at[code, "label"]}
        for name, part in groups.items():
            k = int(part.driver.loc[part.driver["driver"] == code, "study_id"].nunique())
            row |= {
                f"{name}_studies": k,
                f"{name}_n": part.n_studies,
                f"{name}_percent": round(100 * k / part.n_studies, 1) if part.n_studies else float("nan"),
            }
        row["review_percent"] = review.at[code, "review_percent"]
        rows.append(row)
    return pd.DataFrame(rows)


def reference_value(evidence: EvidenceBase, key: str) -> float:
    """A published figure of the review by its key in review_reference.csv."""
    reference = evidence.vocabulary.review_reference.set_index("key")
    return float(reference.at[key, "value"])


def _top(frame: pd.DataFrame, by: str, label: str, k: int) -> pd.Series:
    """Per 'by' value, the k most frequent labels as 'label (n)' joined by '; '."""
    counts = frame.groupby([by, label])["study_id"].nunique().reset_index(name="k")
    if counts.empty:  # e.g. only reasons to stay in the selection: no label to list (groupby.apply gives a frame)
        return pd.Series(dtype=object)
    counts = counts.sort_values([by, "k", label], ascending=[True, False, True])
    top = counts.groupby(by).head(k)
    return top.groupby(by).apply(
        lambda g: semicolon().join(f"{lab} ({n})" for lab, n in zip(g[label], g["k"], strict=True)),
        include_groups=False,
    )


def studies_by_source_country(evidence: EvidenceBase) -> pd.DataFrame:
    """Per source country: studies, top three drivers and cadres, whether it is on the safeguards list."""
    return _by_country(evidence, evidence.source)


def studies_by_destination(evidence: EvidenceBase) -> pd.DataFrame:
    """Per destination country: studies naming it, with top drivers and cadres of those studies."""
    return _by_country(evidence, evidence.destination)


def _by_country(evidence: EvidenceBase, links: pd.DataFrame) -> pd.DataFrame:
    columns = ["iso3", "country", "studies", "top_drivers", "top_cadres", "on_safeguards_list"]
    if links.empty:
        return pd.DataFrame(columns=columns)
    counts = links.groupby("iso3")["study_id"].nunique()
    drivers = links[["study_id", "iso3"]].merge(_labelled(evidence).driver, on="study_id")
    drivers = reasons_to_leave(drivers)
    cadres = links[["study_id", "iso3"]].merge(_labelled(evidence).cadre, on="study_id")
    table = pd.DataFrame({"iso3": counts.index, "studies": counts.values})
    table["country"] = table["iso3"].map(country_name)
    table["top_drivers"] = table["iso3"].map(_top(drivers, "iso3", "driver_label", 3)).fillna("")
    table["top_cadres"] = table["iso3"].map(_top(cadres, "iso3", "cadre_label", 3)).fillna("")
    table["on_safeguards_list"] = table["iso3"].isin(set(evidence.vocabulary.ssl["iso3"]))
    table = table.assign(_key=table["country"].map(sort_key))
    return table.sort_values(["studies", "_key"], ascending=[False, True])[columns].reset_index(drop=True)


def corridor_counts(evidence: EvidenceBase) -> pd.DataFrame:
    """Source → destination pairs with the number of studies reporting each (a study counts once per pair)."""
    columns = ["source_iso3", "source", "destination_iso3", "destination", "studies"]
    if evidence.corridor.empty:
        return pd.DataFrame(columns=columns)
    table = (
        evidence.corridor.groupby(["source_iso3", "destination_iso3"])["study_id"].nunique().reset_index(name="studies")
    )
    table["source"] = table["source_iso3"].map(country_name)
    table["destination"] = table["destination_iso3"].map(country_name)
    # By name as a reader of the language expects (Égypte among the E), not by code points.
    return table.sort_values(["studies", "source", "destination"], ascending=[False, True, True], key=_name_order)[
        columns
    ].reset_index(drop=True)


ANY_SOURCE = "ANY"


def corridor_choices(evidence: EvidenceBase, corridors: pd.DataFrame, only_to: tuple[str, ...] = ()) -> dict[str, str]:
    """Codes ('GHA-GBR'; 'ANY-GBR' for a destination from any source) -> labels with their study counts,
    destinations first, then the given corridors, each largest first. ``only_to``: the destination filter, when set
    (a study going to the UK may also name the USA, which is not what was asked for)."""
    destinations = _counted(evidence.destination, "iso3")
    if only_to:
        destinations = destinations[destinations["iso3"].isin(only_to)]
    choices = {
        f"{ANY_SOURCE}-{r.iso3}": _("Any source → {destination} ({studies})").format(
            destination=country_name(r.iso3), studies=study_count(r.studies)
        )
        for r in destinations.itertuples()
    }
    for r in corridors.itertuples():
        choices[f"{r.source_iso3}-{r.destination_iso3}"] = f"{r.source} → {r.destination} ({study_count(r.studies)})"
    return choices


def corridor_studies(evidence: EvidenceBase, code: str) -> pd.DataFrame:
    """The studies behind a corridor code from ``corridor_choices``."""
    source, _, destination = code.partition("-")
    if source == ANY_SOURCE:
        ids = set(evidence.destination.loc[evidence.destination["iso3"] == destination, "study_id"])
    else:
        links = evidence.corridor
        ids = set(links.loc[(links["source_iso3"] == source) & (links["destination_iso3"] == destination), "study_id"])
    return evidence.studies[evidence.studies["study_id"].isin(ids)].reset_index(drop=True)


def safeguards_sentence(name: str, on_list: bool, emphasis: str = "") -> str:
    """ "Ghana is on the WHO Health Workforce Support and Safeguards List 2023." (or "is not on").

    ``emphasis`` wraps the verb ("**" for Markdown); ``name`` is used as given (escape it first for HTML).
    """
    sentence = (
        _("{country} {emphasis}is on{emphasis} the WHO Health Workforce Support and Safeguards List 2023.")
        if on_list
        else _("{country} {emphasis}is not on{emphasis} the WHO Health Workforce Support and Safeguards List 2023.")
    )
    return sentence.format(country=name, emphasis=emphasis)


@dataclass(frozen=True)
class CountryProfile:
    iso3: str
    name: str
    on_safeguards_list: bool
    studies: pd.DataFrame
    drivers: pd.DataFrame  # driver_label, group, studies (ranked)
    cadres: pd.DataFrame  # cadre_label, studies
    destinations: pd.DataFrame  # country, studies

    @property
    def n_studies(self) -> int:
        return len(self.studies)


def _name_order(column: pd.Series) -> pd.Series:
    """A sort key for sort_values: names compared without accents or case, other columns as they are."""
    return column.map(sort_key) if column.dtype == object else column


def _counted(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[label, "studies"])
    table = frame.groupby(label)["study_id"].nunique().reset_index(name="studies")
    return table.sort_values(["studies", label], ascending=[False, True]).reset_index(drop=True)


def country_profile(evidence: EvidenceBase, iso3: str) -> CountryProfile:
    """Everything the evidence base says about one source country."""
    ids = set(evidence.source.loc[evidence.source["iso3"] == iso3, "study_id"])
    sub = _labelled(evidence.subset(ids))
    drivers = _counted(sub.driver, "driver_label")
    group = dict(zip(sub.driver["driver_label"], sub.driver["group"], strict=True))
    drivers.insert(1, "group", drivers["driver_label"].map(group).map(code_labels("driver_groups")))
    destinations = sub.destination[sub.destination["iso3"] != iso3]
    return CountryProfile(
        iso3=iso3,
        name=country_name(iso3),
        on_safeguards_list=iso3 in set(evidence.vocabulary.ssl["iso3"]),
        studies=sub.studies,
        drivers=drivers,
        cadres=_counted(sub.cadre, "cadre_label"),
        destinations=_counted(destinations, "country"),
    )


def _labelled(evidence: EvidenceBase) -> EvidenceBase:
    """The evidence with its label columns (driver, cadre, country names) in the language in use."""
    from dataclasses import replace

    vocab = evidence.vocabulary

    def labels(codes: pd.Series, label) -> pd.Series:
        # Each distinct code labelled once: a 5,000-study upload has ~70,000 driver rows but ~30 drivers.
        return codes.map({code: label(code) for code in codes.unique()})

    return replace(
        evidence,
        driver=evidence.driver.assign(driver_label=labels(evidence.driver["driver"], vocab.driver_label)),
        cadre=evidence.cadre.assign(cadre_label=labels(evidence.cadre["cadre"], vocab.cadre_label)),
        source=evidence.source.assign(country=labels(evidence.source["iso3"], country_name)),
        destination=evidence.destination.assign(country=labels(evidence.destination["iso3"], country_name)),
    )


def headline_figures(evidence: EvidenceBase) -> dict[str, int]:
    """The numbers the Overview page leads with, all computed from the data."""
    studies = evidence.studies
    n_sources = evidence.source.groupby("study_id")["iso3"].nunique()
    return {
        "studies": evidence.n_studies,
        "source_countries": evidence.source["iso3"].nunique(),
        "destination_countries": evidence.destination["iso3"].nunique(),
        "multi_country_studies": int((n_sources > 1).sum()),
        "first_year": int(studies["year"].min()) if len(studies) else 0,
        "last_year": int(studies["year"].max()) if len(studies) else 0,
        "after_review": int((studies["year"] > reference_value(evidence, "search_end_year")).sum()),
        "corridors": len(corridor_counts(evidence)),
        "safeguards_countries_with_studies": int(
            evidence.source.loc[evidence.source["iso3"].isin(set(evidence.vocabulary.ssl["iso3"])), "iso3"].nunique()
        ),
    }


def count_by(evidence: EvidenceBase, facet: str) -> pd.DataFrame:
    """Studies per value of a facet (decade, cadre, status, design, source, destination), largest first."""
    if facet == "decade":
        table = evidence.studies.groupby("decade")["study_id"].nunique().reindex(DECADES, fill_value=0)
        return table.reset_index(name="studies").rename(columns={"decade": "value"})
    if facet == "region":
        regions = evidence.source.assign(
            region=evidence.source["iso3"].map(lambda c: who_region_name(who_region(c)) or _("Not listed"))
        )
        return _counted(regions, "region").rename(columns={"region": "value"})
    evidence = _labelled(evidence)
    frames = {
        "cadre": (evidence.cadre, "cadre_label"),
        "status": (evidence.status, "status"),
        "design": (evidence.studies, "design"),
        "source": (evidence.source, "country"),
        "destination": (evidence.destination, "country"),
    }
    frame, column = frames[facet]
    return _counted(frame, column).rename(columns={column: "value"})


def studies_reporting(evidence: EvidenceBase, driver: str, facet: str | None = None, group: str | None = None):
    """The studies behind one number: those reporting ``driver`` (within one cadre/decade/status if given)."""
    ids = set(evidence.driver.loc[evidence.driver["driver"] == driver, "study_id"])
    if facet and group:
        pairs, column, _, _ = _facet(evidence, facet)
        ids &= set(pairs.loc[pairs[column] == group, "study_id"])
    return evidence.studies[evidence.studies["study_id"].isin(ids)].reset_index(drop=True)
