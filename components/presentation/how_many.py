"""How many: what a reader sees of the published figures (doctors abroad, health workers at home, NHS England staff)
and of outflow set against evidence. Frames in, figures and frames out; no file reading, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components.analysis import migration
from components.core.countries import country_name
from components.core.i18n import _, current_language, long_date, number
from components.presentation.exports import ATLAS_NAME
from components.presentation.how_many_charts import doctors_abroad_map, gap_scatter, nurses_bars, what_it_is
from components.tables.migration_figures import (
    CADRES,
    NHS_NURSES,
    NHS_STAFF_GROUPS,
    REGISTERED_CADRES,
    REGULATOR_COLUMNS,
    MigrationFigures,
    sources,
)

TOP_CORRIDORS = 30
NHS_LATEST = "2018-06-30"
# Where the official series live, for figures beyond these files.
WHO_NHWA_PORTAL = "https://apps.who.int/nhwaportal/"
OECD_MIGRATION = "https://stats.oecd.org/Index.aspx?DataSetCode=HEALTH_WFMI"
NHS_WORKFORCE = "https://digital.nhs.uk/data-and-information/publications/statistical/nhs-workforce-statistics"


def oecd_source() -> str:
    years = sorted({s.year for s in sources("doctors_abroad")})
    return _("OECD Health Statistics, Health Workforce Migration (HEALTH_WFMI), {years}").format(
        years=", ".join(str(y) for y in years)
    )


def credited(figure: dict, source: str, selection: bool) -> dict:
    """A figure of published counts with its own one-line source for a saved image (not the studies'), and whether
    the study filters change it (``selection``: the selection of studies goes into its title; ui.charts)."""
    figure["layout"]["meta"] |= {"credit": f"{_(ATLAS_NAME)} · {source}", "selection": selection}
    return figure


def years_note(abroad: pd.DataFrame) -> str:
    """Which destinations report which year (the USA 2016, the others 2018), said wherever sums mix them."""
    by_year = abroad.groupby("year")["destination"].unique()
    if len(by_year) < 2:
        return str(by_year.index[0]) if len(by_year) else ""
    main = by_year.map(len).idxmax()
    others = [
        _("{countries}: {year}").format(countries=", ".join(country_name(c) for c in sorted(by_year[y])), year=y)
        for y in by_year.index
        if y != main
    ]
    return _("{year} ({others})").format(year=main, others="; ".join(others))


@dataclass
class AbroadView:
    by_origin: pd.DataFrame  # origin, doctors, destinations, years, home_doctors, home_year, per_100
    corridors: pd.DataFrame  # origin, destination, year, doctors (all, or the selected country's)
    figure: dict
    caption: str
    nurses: pd.DataFrame  # country, fte
    nurses_figure: dict
    nurses_caption: str


def abroad_view(figures: MigrationFigures, points: pd.DataFrame, basemap: set[str], selected: str | None) -> AbroadView:
    abroad = figures.doctors_abroad
    ratio = migration.per_100_at_home(abroad, figures.workforce)
    every = migration.corridors(abroad, selected)
    lines = every if selected else every.head(TOP_CORRIDORS)
    where = _(" from {country}").format(country=country_name(selected)) if selected else ""
    title = (
        _("Doctors abroad by country of training{where}").format(where=where)
        + f"<br><sup>{years_note(abroad)}<br>{what_it_is()}</sup>"
    )
    silent = ", ".join(country_name(c) for c in migration.silent_destinations(abroad))
    reporting = migration.reporting_destinations(abroad)
    caption = " ".join(
        [
            _(
                "Colour: doctors trained in each country and counted in the {n} destinations that report doctors by "
                "country of training ({what}), in {years}; grey: no reporting destination names the country."
            ).format(n=len(reporting), what=what_it_is(), years=years_note(abroad)),
            _(
                "Lines: the {n} largest corridors (or every corridor of the selected country), wider for more doctors."
            ).format(n=TOP_CORRIDORS),
            _("A destination that does not report a country of training leaves it unknown, not zero.")
            + " "
            + _(
                "No table by country of training here from: {countries}, nor from any destination outside the OECD."
            ).format(countries=silent),
            _("Grenada and Dominica host offshore medical schools whose graduates are mostly not their nationals."),
            _("Source: {source}.").format(source=oecd_source()),
        ]
    )
    nurses = migration.nhs_nationalities(figures.nhs_staff, NHS_NURSES, NHS_LATEST)
    nurses_title = (
        _("NHS England nurses and health visitors by nationality")
        + "<br><sup>"
        + _("{date}, England only").format(date=long_date(NHS_LATEST))
        + "</sup>"
    )
    nurses_caption = _(
        "England only: NHS hospital and community health services, full-time equivalents on {date}, by nationality "
        "as recorded by staff (not country of training or birth; read with caution, as NHS Digital asks). British "
        "staff not shown. The only nurse figures by origin in the atlas. Source: NHS Digital, HCHS staff by staff "
        "group and nationality, 2018 (Open Government Licence)."
    ).format(date=long_date(NHS_LATEST))
    return AbroadView(
        by_origin=ratio,
        corridors=every,
        figure=credited(
            doctors_abroad_map(ratio, lines, points, basemap, selected, title),
            _("source: {source}").format(
                source=_("OECD HEALTH_WFMI, {years}").format(years=migration.years_text(abroad["year"]))
            ),
            selection=False,
        ),
        caption=caption,
        nurses=nurses,
        nurses_figure=credited(
            nurses_bars(nurses, nurses_title),
            _("source: {source}").format(source=_("NHS Digital, {date}").format(date=long_date(NHS_LATEST))),
            selection=False,
        ),
        nurses_caption=nurses_caption,
    )


@dataclass
class CountryFigures:
    country: str
    abroad_total: int
    abroad_destinations: int
    abroad_years: str
    ratio: float | None
    home_doctors: float | None
    home_year: int | None
    by_destination: pd.DataFrame  # destination (name), year, doctors (text; "not reported" where missing)
    doctors_density: migration.AtHome | None
    nurses_density: migration.AtHome | None
    nhs: pd.DataFrame  # staff group label, date, fte
    threshold: ThresholdLine | None = None
    # regulator, cadres (tuple of codes), url: the country's regulators with a checked address (often none).
    regulators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REGULATOR_COLUMNS))


@dataclass(frozen=True)
class ThresholdLine:
    against: migration.AgainstThreshold
    cadres: tuple[str, ...]
    meaning: str  # what the threshold is, in the data file's words (language in use)
    source: str
    url: str


def abroad_scope_notice(countries: tuple[str, ...], destinations: tuple[str, ...]) -> str:
    """What the Doctors abroad view leaves out of the filters, said beside it: it shows one country of training at a
    time (the first chosen), and every destination that reports one (the OECD's counts, not the studies')."""
    parts = []
    if len(countries) > 1:
        parts.append(
            _(
                "Doctors abroad shows one country at a time: {shown}. To see {others}, click it on the map (it "
                "becomes the only country chosen)."
            ).format(shown=country_name(countries[0]), others=", ".join(country_name(c) for c in countries[1:]))
        )
    if destinations:
        parts.append(
            _(
                "Doctors abroad counts every destination that reports a country of training, whatever the "
                "destination filter ({destinations})."
            ).format(destinations=", ".join(country_name(c) for c in destinations))
        )
    return " ".join(parts)


def threshold_line(figures: MigrationFigures, country: str) -> ThresholdLine | None:
    """The country's health workers per 10,000 beside WHO's first threshold it can be set against, or None."""
    for row in figures.thresholds.itertuples():
        against = migration.against_threshold(figures.workforce, row.cadres, row.per_10000, country)
        if against is not None:
            meaning = row.meaning_fr if current_language() == "fr" else row.meaning
            return ThresholdLine(against, row.cadres, meaning, row.source, row.source_url)
    return None


def source_page(resource: str) -> str:
    """Where a reader checks a resource's figures: the page its first published source names (datapackage.json)."""
    return sources(resource)[0].path


def country_figures(figures: MigrationFigures, country: str) -> CountryFigures:
    abroad = figures.doctors_abroad
    own = abroad[abroad["origin"] == country]
    home = migration.at_home(figures.workforce, country, "doctors", "number", near=migration.REFERENCE_YEAR)
    total = int(own["doctors"].sum())
    reporting = migration.reporting_destinations(abroad)
    rows = []
    for row in migration.corridors(abroad, country).itertuples():
        rows.append(
            {"destination": country_name(row.destination), "year": str(row.year), "doctors": number(int(row.doctors))}
        )
    for row in reporting[~reporting["destination"].isin(own["destination"])].itertuples():
        rows.append({"destination": country_name(row.destination), "year": str(row.year), "doctors": _("not reported")})
    nhs = migration.nhs_staff_of(figures.nhs_staff, country, NHS_STAFF_GROUPS)
    nhs = nhs.assign(staff_group=nhs["staff_group"].map(lambda g: _(NHS_STAFF_GROUPS[g])))
    return CountryFigures(
        country=country,
        abroad_total=total,
        abroad_destinations=int(own["destination"].nunique()),
        abroad_years=migration.years_text(own["year"]) if len(own) else "",
        ratio=None if home is None or not home.number or own.empty else 100 * total / home.number,
        home_doctors=None if home is None else home.number,
        home_year=None if home is None else home.year,
        by_destination=pd.DataFrame(rows, columns=["destination", "year", "doctors"]),
        doctors_density=migration.at_home(figures.workforce, country, "doctors", "per_10000"),
        nurses_density=migration.at_home(figures.workforce, country, "nurses_midwives", "per_10000"),
        nhs=nhs,
        threshold=threshold_line(figures, country),
        regulators=figures.regulators[figures.regulators["country"] == country],
    )


@dataclass
class CountryText:
    """A country's figures as Markdown sentences (bold, links), for its profile and its brief alike."""

    heading: str
    abroad: str  # doctors abroad, with the ratio to doctors at home
    abroad_note: str  # what the number is, missing is not zero, its source (linked)
    at_home: str  # "" when WHO has no density for the country
    threshold: str  # "" when there is no threshold to set the density against
    nhs: str  # "" when NHS England has no staff of that nationality
    regulators: str  # the country's regulators, each linked to its own site; "" when none has a checked address
    beyond: str  # where the official series live, the country's regulators among them


def figure(value: float) -> str:
    """A published figure as written: 49 stays 49, 23.38 stays 23.38 (in the language's format)."""
    return number(int(value) if float(value).is_integer() else value)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def regulators_text(regulators: pd.DataFrame, short: bool = False) -> str:
    """The country's regulators as one Markdown sentence: each name (no brackets: the schema's rule) links its own
    site, then the cadres it registers (not in the ``short`` form of the brief); "" for a country without a checked
    address (no link rather than a guessed one)."""
    if regulators.empty:
        return ""
    bodies = "; ".join(
        f"[{row.regulator}]({row.url})"
        + ("" if short else f" ({', '.join(_(REGISTERED_CADRES[c]) for c in row.cadres)})")
        for row in regulators.itertuples()
    )
    return (_("Regulators: {bodies}") if short else _("Regulators (registers and licences): {bodies}")).format(
        bodies=bodies
    )


def country_text(data: CountryFigures, short: bool = False) -> CountryText:
    """``short``: sources named in a few words (the brief, which must keep to two A4 pages), still linked."""
    name = country_name(data.country)
    if data.abroad_total and data.ratio is not None:
        abroad = _(
            "**{abroad}** doctors trained in {country} were counted in {n} reporting destinations ({years}): "
            "**{ratio}** ({home} doctors at home in {home_year}, WHO)."
        ).format(
            abroad=number(data.abroad_total),
            country=name,
            n=data.abroad_destinations,
            years=data.abroad_years,
            ratio=_("{ratio} per 100 doctors at home").format(ratio=number(round(data.ratio, 1))),
            home=number(int(data.home_doctors or 0)),
            home_year=data.home_year,
        )
    elif data.abroad_total:
        abroad = _(
            "**{abroad}** doctors trained in {country} were counted in {n} reporting destinations ({years})."
        ).format(abroad=number(data.abroad_total), country=name, n=data.abroad_destinations, years=data.abroad_years)
    else:
        abroad = _("No reporting destination lists doctors trained in {country}.").format(country=name)
    note = _(
        "{what}. A destination that does not report a country of training leaves it unknown, not zero. "
        "Source: {source}."
    ).format(
        what=_cap(what_it_is()),
        source=f"[{'OECD HEALTH_WFMI' if short else oecd_source()}]({source_page('doctors_abroad')})",
    )
    at_home = []
    for label, density in (
        (_("medical doctors"), data.doctors_density),
        (_("nursing and midwifery personnel"), data.nurses_density),
    ):
        if density is not None and density.per_10000 is not None:
            at_home.append(
                _("{value} {cadre} per 10,000 people ({year})").format(
                    value=number(density.per_10000), cadre=label, year=density.year
                )
            )
    who_title = _("WHO NHWA") if short else _("WHO, National Health Workforce Accounts (Global Health Observatory)")
    who = f"[{who_title}]({source_page('workforce_density')})"
    home_text = (
        _("At home: {figures}. Source: {source}.").format(figures="; ".join(at_home), source=who) if at_home else ""
    )
    threshold = ""
    if data.threshold is not None:
        line = data.threshold
        against = line.against
        value = dict(
            cadres=" + ".join(_(CADRES[c]).lower() for c in line.cadres),
            value=number(against.per_10000),
            years=against.years,
            threshold=figure(against.threshold),
        )
        threshold = (
            _("{cadres}: **{value}** per 10,000 people ({years}), below WHO's threshold of {threshold}.")
            if against.below
            else _("{cadres}: **{value}** per 10,000 people ({years}), at or above WHO's threshold of {threshold}.")
        ).format(**value)
        # The brief says in a few words what the file's meaning says in full.
        meaning = _("the Support and Safeguards List criterion, not a recommended density") if short else line.meaning
        who = _("WHO")
        source = f"[{who if short else line.source}]({line.url})"
        threshold = (
            _cap(threshold)
            + " "
            + (f"({meaning}; {source})." if short else f"{meaning} " + _("Source: {source}.").format(source=source))
        )
    nhs = ""
    if len(data.nhs):
        latest = data.nhs[data.nhs["date"] == data.nhs["date"].max()]
        staff = "; ".join(f"{r.staff_group} {number(round(r.fte))}" for r in latest.itertuples())
        nhs_digital = _("NHS Digital")
        nhs = (
            _("NHS England staff whose nationality is {country}, {date} (FTE, England only): {staff}.")
            + " "
            + _("Source: {source}.")
            if short
            else _(
                "NHS England (England only) staff whose nationality is {country}, on {date}, full-time equivalents: "
                "{staff}. Nationality as recorded by staff, not country of training. Source: {source}."
            )
        ).format(
            country=name,
            date=long_date(latest["date"].iloc[0]),
            staff=staff,
            source=f"[{nhs_digital}]({source_page('nhs_england_staff')})",
        )
    regulators = regulators_text(data.regulators, short)
    beyond = _(
        "Beyond these figures: [WHO National Health Workforce Accounts]({who}) · [OECD Health Workforce "
        "Migration]({oecd}) · [NHS workforce statistics]({nhs})"
    ).format(who=WHO_NHWA_PORTAL, oecd=OECD_MIGRATION, nhs=NHS_WORKFORCE)
    beyond = (beyond + " · " + regulators if regulators else beyond) + "."
    return CountryText(
        heading=_("Doctors trained in {country} working abroad").format(country=name),
        abroad=abroad,
        abroad_note=note,
        at_home=home_text,
        threshold=threshold,
        nhs=nhs,
        regulators=regulators + "." if regulators else "",
        beyond=beyond,
    )


@dataclass
class GapView:
    table: pd.DataFrame  # origin, country, doctors, per_100, home_year, studies
    figure: dict


def gap_view(figures: MigrationFigures, studies: pd.DataFrame) -> GapView:
    """``studies``: iso3, studies (studies per source country of the evidence in use)."""
    ratio = migration.per_100_at_home(figures.doctors_abroad, figures.workforce)
    gaps = migration.evidence_gaps(ratio, studies)
    title = (
        _("Doctors abroad and studies of why they leave")
        + f"<br><sup>{years_note(figures.doctors_abroad)}<br>{what_it_is()}</sup>"
    )
    sources = _("sources: {sources}").format(sources=_("OECD HEALTH_WFMI, WHO NHWA and the studies in the atlas"))
    return GapView(
        gaps.assign(country=gaps["origin"].map(country_name)), credited(gap_scatter(gaps, title), sources, True)
    )
