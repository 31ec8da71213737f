"""The policy story's content, step by step, built once from data frames: the page (normal and presenter mode)
and the offline story file render the same StepContent. No file reading, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components.analysis import migration
from components.analysis.aggregations import (
    counted,
    driver_shares,
    headline_figures,
    reasons_to_leave,
    reference_value,
    review_comparison,
    small_n_note,
)
from components.analysis.policy_coverage import evidence_summary, option_coverage, records_for, records_near
from components.core.countries import country_name, country_sort_key, who_region_name
from components.core.i18n import N_, _, localized_frame, long_date, ngettext, number, percent, semicolon
from components.presentation import how_many
from components.presentation.figures import count_bars, driver_ranking
from components.presentation.page_content import review_gap_note
from components.presentation.policy_charts import option_evidence_map, option_findings
from components.presentation.policy_records import SOURCE_COLUMN as SOURCE_COLUMN  # the page's column config
from components.presentation.policy_records import records_table
from components.presentation.story_steps import Step
from components.tables.evidence import EvidenceBase
from components.tables.migration_figures import NHS_NURSES, MigrationFigures
from components.tables.policy import (
    CHAPTERS,
    FINDINGS,
    PROVENANCE,
    PolicyData,
    actor_labels,
    coded_label,
)

MIN_PRESENTER_CHART = 170  # px: the smallest option chart that stays readable on a projector
PRESENTER_DRIVERS = 6  # drivers ranked on a projector (the page shows 10): with wrapped labels they fill one screen
COVERAGE_CAVEAT = N_(
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
    # key, figure dict: on a phone (640 px wide or less) it takes the place of the first figure, whose layout for a
    # wide screen cannot fit 370 px (presenter mode and the offline file; ui.page_blocks, story_file)
    phone_figure: tuple[str, dict] | None = None
    table: pd.DataFrame | None = None  # findings, with a "Source" column of links
    note: str = ""


def _findings_line(part: pd.DataFrame) -> str:
    counts = part["finding"].value_counts()
    return ", ".join(f"{_(FINDINGS[f]).lower()} {counts[f]}" for f in FINDINGS if counts.get(f, 0))


def findings_table(part: pd.DataFrame, compact: bool = False) -> pd.DataFrame:
    """The records of one option as a reader's table, with what each measured and found (most informative
    findings first); ``compact`` for a projector."""
    order = {f: i for i, f in enumerate(FINDINGS)}
    part = part.assign(_order=part["finding"].map(order)).sort_values(["_order", "record_id"])
    return records_table(part, compact=compact)


def SHARE_COLUMN() -> str:
    return _("Share")


def in_view(description: str) -> str:
    """The selection the story runs on, when it is not all studies ('' otherwise): named on every slide."""
    return "" if description in ("", _("all studies")) else description


def studies_of(k: int, n: int) -> str:
    """'{k} of {n} studies', its noun agreeing with k where the language wants it ('1 étude sur 1')."""
    return ngettext("{k} of {n} studies", "{k} of {n} studies", k).format(k=k, n=n)


def _lens_line(records: pd.DataFrame, option_id: str, countries: tuple[str, ...]) -> str:
    """What the lens country, and the rest of its WHO region, has tried for this option."""
    if not countries:
        return ""
    country = countries[0]
    here, nearby, region = records_near(records, country, option_id)
    name = country_name(country)
    text = _("**{country}:** {records}").format(country=name, records=counted(len(here), "record"))
    text += f" ({_findings_line(here)})" if len(here) else ""
    if region:
        text += (
            semicolon()
            + _("elsewhere in the WHO {region}: {n}").format(region=who_region_name(region), n=len(nearby))
            + (f" ({_findings_line(nearby)})" if len(nearby) else "")
            + "."
        )
    return text


def people_in_numbers(
    people: MigrationFigures, countries: tuple[str, ...], ssl: set[str]
) -> tuple[list[tuple[str, str, str]], str]:
    """The opening's people (not papers): doctors abroad, in total or from the lens's country, and NHS England
    nurses, as metrics (label, value, help), and one line naming their sources and years."""
    abroad, nhs = people.doctors_abroad, people.nhs_staff
    years = how_many.years_note(abroad)
    nurses = migration.nhs_nationalities(nhs, NHS_NURSES, how_many.NHS_LATEST)
    what = _("{what}; in {n} reporting destinations, {years}.")
    if countries:
        country = countries[0]
        name = country_name(country)
        own = migration.abroad_sum(abroad, country)
        ratio = migration.per_100_at_home(abroad, people.workforce).set_index("origin")
        per_100 = ratio["per_100"].get(country)
        fte = nurses.set_index("country")["fte"].get(country)
        metrics = [
            (
                _("Doctors abroad"),
                number(own.doctors) if own.destinations else "—",
                _("Trained in {country}").format(country=name)
                + "; "
                + what.format(what=how_many.what_it_is(), n=own.destinations, years=own.years or years),
            ),
            (
                _("Per 100 doctors at home"),
                "—" if per_100 is None or pd.isna(per_100) else number(round(float(per_100), 1)),
                _("WHO's count of doctors at home in {year}").format(year=ratio["home_year"].get(country))
                if per_100 is not None and not pd.isna(per_100)
                else _("Not published"),
            ),
            (
                _("Nurses in NHS England"),
                "—" if fte is None else number(round(float(fte))),
                _("Nationality: {country}; full-time equivalents, {date}, England only").format(
                    country=name, date=long_date(how_many.NHS_LATEST)
                ),
            ),
        ]
        line = how_many.threshold_line(people, country)
        metrics.append(
            (
                _("Health workers per 10,000"),
                "—" if line is None else number(line.against.per_10000),
                _("Doctors, nurses and midwives at home; WHO, {years}; threshold {threshold}: {meaning}").format(
                    years=line.against.years, threshold=how_many.figure(line.against.threshold), meaning=line.meaning
                )
                if line
                else _("Not published"),
            )
        )
    else:
        everyone = migration.abroad_sum(abroad)
        listed = abroad[abroad["origin"].isin(ssl)]
        metrics = [
            (
                _("Foreign-trained doctors"),
                number(everyone.doctors),
                _("Abroad in {n} reporting countries").format(n=everyone.destinations)
                + "; "
                + what.format(what=how_many.what_it_is(), n=everyone.destinations, years=years),
            ),
            (
                _("From WHO-list countries"),
                number(int(listed["doctors"].sum())),
                _("Of them, trained in the countries of the WHO Health Workforce Support and Safeguards List 2023"),
            ),
            (
                _("Non-UK NHS nurses"),
                number(round(float(nurses["fte"].sum()))),
                _(
                    "Nurses and health visitors of other nationalities; full-time equivalents, {date}, England only"
                ).format(date=long_date(how_many.NHS_LATEST)),
            ),
            (
                _("Countries of training"),
                str(int(abroad.loc[abroad["doctors"] > 0, "origin"].nunique())),
                _("Countries with at least one doctor counted in a reporting destination"),
            ),
        ]
    oecd = _("OECD Health Statistics, Health Workforce Migration (HEALTH_WFMI), {years}").format(years=years)
    sources = _("People: {oecd} (stock, by country of training); NHS Digital, England, {date} (by nationality).")
    text = sources.format(oecd=oecd, date=long_date(how_many.NHS_LATEST))
    if countries:  # the counts at home beside the lens's doctors abroad are WHO's
        text += " " + _("Health workers at home: WHO National Health Workforce Accounts (years in each figure's note).")
    return metrics, text


@dataclass(frozen=True)
class _StepInput:
    """What every kind of step is built from (build_step's arguments, and what it derives from them once)."""

    step: Step
    evidence: EvidenceBase
    all_evidence: EvidenceBase
    policy: PolicyData
    countries: tuple[str, ...]
    presenting: bool
    people: MigrationFigures | None
    n: int
    small: str
    options: pd.DataFrame
    selection: str


def _opening_step(given: _StepInput, content: StepContent) -> None:
    """Step 1, the problem in numbers: people abroad (when the counts are given), the 2023 review, this atlas."""
    evidence, all_evidence, policy, countries, people, n = (
        given.evidence,
        given.all_evidence,
        given.policy,
        given.countries,
        given.people,
        given.n,
    )
    figures = headline_figures(evidence)

    def ref(key: str) -> int:
        return int(reference_value(all_evidence, key))

    of = _("{k} of {n}")
    content.title = _("Health workers are leaving the countries that need them most")
    content.body = [
        _(
            "Countries with the weakest health systems and the lowest pay lose trained staff to richer "
            "countries, which gain professionals whose training they did not pay for. "
            "*(Session brief PS3.5)*"
        )
    ]
    content.metrics = [
        (
            _("Studies in the 2023 review"),
            str(ref("studies_included")),
            "Toyin-Thomas et al., BMJ Global Health 2023",
        ),
        (_("Records it screened"), number(ref("records_screened")), ""),
        (
            _("Name the UK as destination"),
            of.format(k=ref("destination_gbr"), n=ref("studies_included")),
            "",
        ),
        (_("Name the USA"), of.format(k=ref("destination_usa"), n=ref("studies_included")), ""),
        (
            _("Studies in this atlas"),
            str(n),
            _("Through the story's country lens: {selection}").format(selection=given.selection)
            if countries
            else _("All the studies in the atlas (the story does not follow the sidebar's filters)"),
        ),
        (_("Source countries"), str(figures["source_countries"]), ""),
        (
            _("On WHO safeguards list"),
            str(figures["safeguards_countries_with_studies"]),
            _("Countries of the WHO Health Workforce Support and Safeguards List 2023 with at least one study"),
        ),
        _policy_records_metric(policy.records, countries),
    ]
    if people is not None:  # people beside the papers: the published counts first
        counts, people_sources = people_in_numbers(people, countries, set(evidence.vocabulary.ssl["iso3"]))
        content.metrics = counts + content.metrics
        content.body.append("*" + people_sources + "*")


def _policy_records_metric(records: pd.DataFrame, countries: tuple[str, ...]) -> tuple[str, str, str]:
    """All the atlas's policy records, or under a lens those naming the lens's country, of all."""
    if not countries:
        return _("Policy records"), str(len(records)), _("Documented implementations or evaluations of the options")
    named = records_for(records, countries=set(countries))
    return (
        _("Policy records"),
        _("{k} of {n}").format(k=len(named), n=len(records)),
        _("Documented implementations or evaluations of the options that name {country}, of all in the atlas").format(
            country=country_name(countries[0])
        ),
    )


def _drivers_step(given: _StepInput, content: StepContent) -> None:
    """Why health workers leave: the drivers the studies in view report, most reported first."""
    evidence, presenting, n, small, selection = given.evidence, given.presenting, given.n, given.small, given.selection
    shares = driver_shares(evidence)
    review = review_comparison(evidence)
    ranked = reasons_to_leave(shares)
    # Only drivers the studies in view report: "pay: 0 of 1" is no reason to leave.
    leading = ranked[ranked["studies"] > 0].head(3)
    # The headline is the story's claim for all studies; under a lens it names what the lens's studies put first.
    content.title = _("Pay, careers and the workplace come first")
    if selection and len(leading):
        content.title = _("Why health workers leave ({selection}): {driver} first").format(
            selection=selection, driver=leading.iloc[0]["label"]
        )
    content.lead = " · ".join(
        f"**{r.label}**: " + studies_of(r.studies, r.n) + f" ({percent(r.share)})" for r in leading.itertuples()
    ) + (f" · **{small}**" if small else "")
    chart_title = (
        _("Share of studies reporting each driver ({selection}, n = {n})").format(selection=selection, n=n)
        if selection
        else _("Share of studies reporting each driver (n = {n})").format(n=n)
    )
    top = PRESENTER_DRIVERS if presenting else 10
    figure = driver_ranking(shares, review, chart_title, top, review_gap_note(review), hall=presenting).to_dict()
    content.figures = [("story_drivers", figure)]
    if presenting:  # a phone stacks the legend over the bars: a figure as tall as that needs
        phone = driver_ranking(shares, review, chart_title, top, hall=True, phone=True).to_dict()
        content.phone_figure = ("story_drivers_phone", phone)


def _option_step(given: _StepInput, content: StepContent) -> None:
    """One policy option of the brief: the reasons it answers, where it was tried and what was found."""
    step, evidence, policy, countries, presenting, n, small, options = (
        given.step,
        given.evidence,
        given.policy,
        given.countries,
        given.presenting,
        given.n,
        given.small,
        given.options,
    )
    assert step.option_id is not None  # an option step names its option
    option = options.set_index("option_id").loc[step.option_id]
    answered = option_coverage(evidence, options).set_index("option_id").loc[step.option_id]  # this option's row
    links = localized_frame(policy.links[policy.links["option_id"] == step.option_id])
    shares = driver_shares(evidence).set_index("driver")
    part = records_for(policy.records, step.option_id)
    places = sorted({c for cs in part["countries"] for c in cs if c != "global"}, key=country_sort_key)
    content.eyebrow = " · ".join(filter(None, [coded_label(CHAPTERS, option["chapter"]), content.eyebrow]))
    content.title = f"{option['order']}. {option['title']}"
    content.lead = (
        "**"
        + _("Answers reasons reported in {studies} ({share})").format(
            studies=studies_of(int(answered["studies"]), n), share=percent(answered["share"])
        )
        + "**"
        + (f" · {small}" if small else "")
        + " · **"
        + _("Tried:")
        + f"** {counted(len(part), 'record')}"
        + (f" ({_findings_line(part)})" if len(part) else "")
    )
    content.body = [option["rationale"] + " **" + _("Who acts:") + f"** {actor_labels(option['actors'])}."]
    lens = _lens_line(policy.records, step.option_id, countries)
    if lens:
        content.body.append(lens)
    bars = pd.DataFrame(
        {
            "value": [
                shares.at[d, "label"] + ("" if p == "brief" else " (" + coded_label(PROVENANCE, "inferred") + ")")
                for d, p in zip(links["driver"], links["provenance"], strict=True)
            ],
            "studies": [int(shares.at[d, "studies"]) for d in links["driver"]],
        }
    ).sort_values("studies", ascending=False)
    # On a projector the bars take the height their wrapped labels need (count_bars, hall), the map beside them
    # the same; the findings table is never on the projector (see pages/policy.py).
    reasons = count_bars(
        bars,
        _("Studies reporting the reasons it answers (n = {n})").format(n=n),
        height=MIN_PRESENTER_CHART if presenting else max(260, 110 + 40 * len(bars)),
        hall=presenting,
    ).to_dict()
    content.figures = [
        (f"story_option_{step.option_id}", reasons),
        (
            f"story_where_{step.option_id}",
            option_evidence_map(
                part,
                _("Where it was tried ({countries})").format(countries=counted(len(places), "country")),
                height=reasons["layout"]["height"],
                hall=presenting,
            ).to_dict(),
        ),
    ]
    content.table = findings_table(part)
    source_word = _("source")
    link = f" ([{source_word}]({option['source_link']}))" if option["source_link"] else ""
    content.note = _(
        "Option from: {source}{link}. Links marked '{inferred}' are this atlas's "
        "reasoning; the others are {brief}. Findings are as each source reports them."
    ).format(
        source=option["source"],
        link=link,
        inferred=coded_label(PROVENANCE, "inferred"),
        brief=coded_label(PROVENANCE, "brief"),
    )


def _closing_step(given: _StepInput, content: StepContent) -> None:
    """The closing step: what each option answers and what its documented implementations found."""
    evidence, policy, presenting, n, options, selection = (
        given.evidence,
        given.policy,
        given.presenting,
        given.n,
        given.options,
        given.selection,
    )
    coverage = option_coverage(evidence, options)
    summary = evidence_summary(policy.records, options)
    content.title = _("What the evidence answers, and what has been tried")
    where = f" ({selection})" if selection else ""
    best = coverage.iloc[0]
    # The caveat is a paragraph of its own: a phone's slide leaves it to the speaker, with the rest of the body.
    content.lead = _("**{option}** answers reasons reported in **{studies}**{where} ({share}).").format(
        option=best["title"],
        studies=studies_of(int(best["studies"]), n),
        where=where,
        share=percent(best["share"]),
    )
    content.body = [_(COVERAGE_CAVEAT)]
    chart_title = ngettext(
        "What each option's documented implementations found (in brackets: share of the {n} "
        "study whose reasons it answers)",
        "What each option's documented implementations found (in brackets: share of the {n} "
        "studies whose reasons it answers)",
        n,
    ).format(n=n)
    content.figures = [
        (
            "story_landscape",
            option_findings(
                coverage, summary, chart_title, height=370 if presenting else 520, hall=presenting
            ).to_dict(),
        )
    ]
    if presenting:  # eleven options and their names fit a phone only one above the other
        content.phone_figure = (
            "story_landscape_phone",
            option_findings(coverage, summary, chart_title, hall=True, phone=True).to_dict(),
        )
    table = coverage.merge(summary, on="option_id")
    content.table = pd.DataFrame(
        {
            _("Rank"): table["rank"],
            _("Option"): table["title"],
            _("Studies"): table["studies"],
            SHARE_COLUMN(): table["share"],
            _("Records"): table["records"],
        }
        | {_(label): table[code] for code, label in FINDINGS.items()}
    )


def build_step(
    step: Step,
    total: int,
    evidence: EvidenceBase,
    all_evidence: EvidenceBase,
    policy: PolicyData,
    countries: tuple[str, ...] = (),
    description: str = "",
    presenting: bool = False,
    people: MigrationFigures | None = None,
) -> StepContent:
    """Everything one step shows, for the studies in ``evidence`` (already filtered)."""
    n = evidence.n_studies
    small = small_n_note(n)
    options = localized_frame(policy.options)
    content = StepContent(step.number, total, step.kind, step.title)
    selection = in_view(description)
    # Under a lens or filters, every slide says which studies it shows: the hall cannot see the sidebar.
    content.eyebrow = _("Evidence in view: {selection} (n = {n})").format(selection=selection, n=n) if selection else ""
    given = _StepInput(
        step, evidence, all_evidence, policy, countries, presenting, people, n, small, options, selection
    )
    STEP_BUILDERS[step.kind](given, content)
    return content


# One builder per kind of step (story_steps.Step.kind).
STEP_BUILDERS = {"opening": _opening_step, "drivers": _drivers_step, "option": _option_step, "closing": _closing_step}


def story_content(
    evidence: EvidenceBase,
    all_evidence: EvidenceBase,
    policy: PolicyData,
    steps: list[Step],
    countries: tuple[str, ...] = (),
    description: str = "",
    presenting: bool = False,
    people: MigrationFigures | None = None,
) -> list[StepContent]:
    return [
        build_step(s, len(steps), evidence, all_evidence, policy, countries, description, presenting, people)
        for s in steps
    ]
