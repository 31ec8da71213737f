"""The policy story's content, step by step, built once from data frames: the page (normal and presenter mode)
and the offline story file render the same StepContent. No file reading, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components.aggregations import (
    counted,
    driver_shares,
    headline_figures,
    reasons_to_leave,
    reference_value,
    review_comparison,
    small_n_note,
)
from components.countries import WHO_REGION_NAMES, country_name, who_region
from components.evidence import EvidenceBase
from components.figures import count_bars, driver_ranking, option_evidence_map, option_landscape
from components.page_content import review_gap_note
from components.policy import (
    CHAPTERS,
    EVIDENCE_TYPES,
    FINDINGS,
    PROVENANCE,
    PolicyData,
    Step,
    actor_labels,
    evidence_summary,
    option_coverage,
    records_for,
)

COVERAGE_CAVEAT = (
    "Coverage is not effectiveness: a wide bar says many studies report the reasons an option "
    "targets, not that the option keeps health workers at home."
)


@dataclass
class StepContent:
    number: int
    total: int
    kind: str
    title: str
    eyebrow: str = ""
    lead: str = ""  # Markdown: one bold sentence
    body: list[str] = field(default_factory=list)  # Markdown paragraphs
    metrics: list[tuple[str, str, str]] = field(default_factory=list)  # label, value, help
    figures: list[tuple[str, dict]] = field(default_factory=list)  # key, figure dict
    table: pd.DataFrame | None = None  # findings, with a "Source" column of links
    note: str = ""


def _findings_line(part: pd.DataFrame) -> str:
    counts = part["finding"].value_counts()
    return ", ".join(f"{FINDINGS[f].lower()} {counts[f]}" for f in FINDINGS if counts.get(f, 0))


def findings_table(part: pd.DataFrame) -> pd.DataFrame:
    """The records of one option as a reader's table (most informative findings first)."""
    order = {f: i for i, f in enumerate(FINDINGS)}
    part = part.assign(_order=part["finding"].map(order)).sort_values(["_order", "record_id"])
    return pd.DataFrame(
        {
            "Where": part["countries"].map(
                lambda cs: "Global" if cs == ("global",) else ", ".join(map(country_name, cs))
            ),
            "Years": part["years"],
            "What was done": part["what_was_done"],
            "Finding": part["finding"].map(FINDINGS),
            "Evidence": part["evidence_type"].map(EVIDENCE_TYPES),
            "Source": part["source_url"],
        }
    ).reset_index(drop=True)


def _lens_line(records: pd.DataFrame, option_id: str, countries: tuple[str, ...]) -> str:
    """What the lens country, and the rest of its WHO region, has tried for this option."""
    if not countries:
        return ""
    country = countries[0]
    here = records_for(records, option_id, {country})
    region = who_region(country)
    neighbours = set()
    if region:
        all_countries = {c for cs in records["countries"] for c in cs}
        neighbours = {c for c in all_countries if who_region(c) == region and c != country}
    nearby = records_for(records, option_id, neighbours) if neighbours else records.iloc[0:0]
    nearby = nearby[~nearby["record_id"].isin(here["record_id"])]
    name = country_name(country)
    text = f"**{name}:** {counted(len(here), 'record')}"
    text += f" ({_findings_line(here)})" if len(here) else ""
    if region:
        text += (
            f"; elsewhere in the WHO {WHO_REGION_NAMES[region]}: {len(nearby)}"
            + (f" ({_findings_line(nearby)})" if len(nearby) else "")
            + "."
        )
    return text


def build_step(
    step: Step,
    total: int,
    evidence: EvidenceBase,
    all_evidence: EvidenceBase,
    policy: PolicyData,
    countries: tuple[str, ...] = (),
    description: str = "all studies",
    presenting: bool = False,
) -> StepContent:
    """Everything one step shows, for the studies in ``evidence`` (already filtered)."""
    n = evidence.n_studies
    small = small_n_note(n)
    options = policy.options
    content = StepContent(step.number, total, step.kind, step.title)
    if step.kind == "opening":
        figures = headline_figures(evidence)

        def ref(key: str) -> int:
            return int(reference_value(all_evidence, key))

        content.title = "Health workers are leaving the countries that need them most"
        content.body = [
            "Countries with the weakest health systems and the lowest pay lose trained staff to richer "
            "countries, which gain professionals whose training they did not pay for. "
            "*(Session brief PS3.5)*"
        ]
        content.metrics = [
            ("Studies in the 2023 review", str(ref("studies_included")), "Toyin-Thomas et al., BMJ Global Health 2023"),
            ("Records it screened", f"{ref('records_screened'):,}", ""),
            ("Name the UK as destination", f"{ref('destination_gbr')} of {ref('studies_included')}", ""),
            ("Name the USA", f"{ref('destination_usa')} of {ref('studies_included')}", ""),
            ("Studies in this atlas", str(n), "Under the current filters"),
            ("Source countries", str(figures["source_countries"]), ""),
            (
                "On WHO safeguards list",
                str(figures["safeguards_countries_with_studies"]),
                "Countries of the WHO Health Workforce Support and Safeguards List 2023 with at least one study",
            ),
            ("Policy records", str(len(policy.records)), "Documented implementations or evaluations of the options"),
        ]
    elif step.kind == "drivers":
        shares = driver_shares(evidence)
        review = review_comparison(evidence)
        leading = reasons_to_leave(shares).head(3)
        content.title = "Pay, careers and the workplace come first"
        content.lead = " · ".join(
            f"**{r.label}**: {r.studies} of {r.n} studies ({r.share:.0%})" for r in leading.itertuples()
        ) + (f" · **{small}**" if small else "")
        figure = driver_ranking(
            shares,
            review,
            f"Share of studies reporting each driver (n = {n})",
            top=8 if presenting else 10,
            gap_note=review_gap_note(review),
        ).to_dict()
        if presenting:
            figure["layout"]["height"] = 430
        content.figures = [("story_drivers", figure)]
    elif step.kind == "option":
        assert step.option_id is not None  # an option step names its option
        option = options.set_index("option_id").loc[step.option_id]
        answered = option_coverage(evidence, options).set_index("option_id").loc[step.option_id]  # this option's row
        links = policy.links[policy.links["option_id"] == step.option_id]
        shares = driver_shares(evidence).set_index("driver")
        part = records_for(policy.records, step.option_id)
        places = sorted({c for cs in part["countries"] for c in cs if c != "global"}, key=country_name)
        content.eyebrow = CHAPTERS[option["chapter"]]
        content.title = f"{option['order']}. {option['title']}"
        content.lead = (
            f"**Answers reasons reported in {answered['studies']} of {n} studies ({answered['share']:.0%})**"
            + (f" · {small}" if small else "")
            + f" · **Tried:** {counted(len(part), 'record')}"
            + (f" ({_findings_line(part)})" if len(part) else "")
        )
        content.body = [option["rationale"] + f" **Who acts:** {actor_labels(option['actors'])}."]
        lens = _lens_line(policy.records, step.option_id, countries)
        if lens:
            content.body.append(lens)
        bars = pd.DataFrame(
            {
                "value": [
                    shares.at[d, "label"] + ("" if p == "brief" else " (atlas reading)")
                    for d, p in zip(links["driver"], links["provenance"], strict=True)
                ],
                "studies": [int(shares.at[d, "studies"]) for d in links["driver"]],
            }
        ).sort_values("studies", ascending=False)
        # On a projector each extra line (a lens, a small-n warning) comes out of the charts' height.
        extra_lines = bool(lens) + bool(small)
        height = (min(250, 120 + 40 * len(bars)) - 45 * extra_lines) if presenting else max(260, 110 + 40 * len(bars))
        content.figures = [
            (
                f"story_option_{step.option_id}",
                count_bars(bars, f"Studies reporting the reasons it answers (n = {n})", height=height).to_dict(),
            ),
            (
                f"story_where_{step.option_id}",
                option_evidence_map(part, f"Where it was tried ({len(places)} countries)", height=height).to_dict(),
            ),
        ]
        content.table = findings_table(part)
        link = f" ([source]({option['source_link']}))" if option["source_link"] else ""
        content.note = (
            f"Option from: {option['source']}{link}. Links marked 'atlas reading' are this atlas's "
            f"reasoning; the others are {PROVENANCE['brief']}. Findings are as each source reports them."
        )
    else:
        coverage = option_coverage(evidence, options)
        summary = evidence_summary(policy.records, options)
        where = "" if description == "all studies" else f" {description}"
        best = coverage.iloc[0]
        content.lead = (
            f"**{best['title']}** answers reasons reported in **{best['studies']} of {n}** "
            f"studies{where} ({best['share']:.0%}). {COVERAGE_CAVEAT}"
        )
        content.figures = [
            (
                "story_landscape",
                option_landscape(
                    coverage,
                    summary,
                    f"Share of studies whose reasons each option answers × documented implementations (n = {n})",
                    height=470 if presenting else 520,
                ).to_dict(),
            )
        ]
        table = coverage.merge(summary, on="option_id")
        content.table = pd.DataFrame(
            {
                "Rank": table["rank"],
                "Option": table["title"],
                "Studies": table["studies"],
                "Share": table["share"],
                "Records": table["records"],
                "Improved": table["improved"],
                "Mixed": table["mixed"],
                "No clear effect": table["no_clear_effect"],
                "Worsened": table["worsened"],
                "Not evaluated": table["not_evaluated"],
            }
        )
    return content


def story_content(
    evidence: EvidenceBase,
    all_evidence: EvidenceBase,
    policy: PolicyData,
    steps: list[Step],
    countries: tuple[str, ...] = (),
    description: str = "all studies",
) -> list[StepContent]:
    return [build_step(s, len(steps), evidence, all_evidence, policy, countries, description) for s in steps]
