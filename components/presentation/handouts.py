"""Self-contained HTML handouts: the policy story for a selection, and a country brief."""

from __future__ import annotations

import pandas as pd

from components.analysis.aggregations import (
    country_profile,
    driver_shares,
    reasons_to_leave,
    reference_value,
    safeguards_sentence,
)
from components.analysis.policy_coverage import option_coverage, records_for, records_near
from components.core.countries import who_region_name
from components.core.i18n import _, localized_frame, ngettext, percent
from components.presentation import how_many
from components.presentation.exports import (
    ATLAS_NAME,
    STORY_TITLE,
    escape_html,
    generated_footer,
    html_document,
    html_table,
    share_bars,
    study_table,
)
from components.presentation.policy_records import ranked_records, records_html
from components.presentation.story_file import inline_markdown
from components.tables.evidence import EvidenceBase
from components.tables.migration_figures import MigrationFigures
from components.tables.policy import PolicyData, actor_labels

# Policy records a country brief holds (it prints on two A4 pages): the country's own first, at most BRIEF_OWN, then
# its WHO region's while fewer than BRIEF_RECORDS are shown. Ghana, the country with most records, has 17: all of them
# with its 11 studies ran onto a third page in French (whose evidence types take more lines), so its 3 weakest are
# counted instead, with the Policy story named as where they all are.
BRIEF_OWN, BRIEF_RECORDS = 14, 5
# Studies a country brief lists (the most recent; Nigeria, the country with most, has 21), for the same reason.
BRIEF_STUDIES = 18
# Destinations of the country's doctors a brief lists by name (largest first); the rest are counted.
BRIEF_DESTINATIONS = 5


def _records_section(records: pd.DataFrame) -> str:
    if records.empty:
        return "<p class='muted'>" + escape_html(_("No documented implementation yet.")) + "</p>"
    return records_html(ranked_records(records))


def _references(evidence: EvidenceBase, at_most: int | None = None) -> str:
    """The studies with their links; ``at_most``: the most recent that many (a brief prints on two A4 pages), the
    older ones counted, never dropped silently."""
    link = _("Link")
    table = study_table(evidence)[[_("First author"), _("Year"), _("Title"), _("Journal"), link]]
    heading = "<h2>" + escape_html(_("Studies ({n})").format(n=len(table))) + "</h2>"
    if at_most is None or len(table) <= at_most:
        return heading + html_table(table, link_column=link)
    shown = table.sort_values(_("Year"), ascending=False, kind="stable").head(at_most)
    left = len(table) - len(shown)
    note = ngettext(
        "{k} older study left out for room: the Studies page lists them all.",
        "{k} older studies left out for room: the Studies page lists them all.",
        left,
    ).format(k=left)
    return heading + html_table(shown, link_column=link) + "<p class='muted'>" + escape_html(note) + "</p>"


def story_handout(evidence: EvidenceBase, policy: PolicyData, selection: str) -> str:
    """The policy story as one HTML page: the problem, the drivers, each option with its coverage and its records
    (what each measured and found, strongest evidence first), the ranking."""
    options = policy.options
    n = evidence.n_studies
    review_n = int(reference_value(evidence, "studies_included"))
    shares = driver_shares(evidence)
    coverage = option_coverage(evidence, options).set_index("option_id")
    sections = [
        "<h1>" + escape_html(_("From drivers to policy options")) + "</h1>",
        "<p>"
        + escape_html(
            _(
                "Health worker migration from low- and middle-income countries: evidence from {n} studies "
                "({selection}), set against the policy options of conference session brief PS3.5. The 2023 "
                "systematic review by Toyin-Thomas et al. (BMJ Global Health) included {review_n} studies."
            ).format(n=n, selection=selection, review_n=review_n)
        )
        + "</p>",
        "<h2>" + escape_html(_("What drives migration")) + "</h2>",
        share_bars(reasons_to_leave(shares).head(10), "label"),
        "<h2>" + escape_html(_("Policy options")) + "</h2>",
    ]
    addresses, evidence_word, who_acts = _("Addresses:"), _("Evidence:"), _("Who acts:")
    for option in localized_frame(options).itertuples():
        row = coverage.loc[option.option_id]
        labels = ", ".join(evidence.vocabulary.driver_label(d) for d in option.drivers)
        figures = (
            "<p class='muted'>" + escape_html(_("Key figures: {figures}").format(figures=option.key_figures)) + "</p>"
            if option.key_figures
            else ""
        )
        sections.append(
            f"<h3>{option.order}. {escape_html(option.title)}</h3><p>{escape_html(option.rationale)}</p>"
            + f"<p><b>{escape_html(addresses)}</b> {escape_html(labels)}.<br><b>{escape_html(evidence_word)}</b> "
            + escape_html(
                _("these drivers are reported in {k} of {n} studies ({share}).").format(
                    k=row.studies, n=row.n, share=percent(row.share)
                )
            )
            + f"<br><b>{escape_html(who_acts)}</b> {escape_html(actor_labels(option.actors))}."
            + "<br><span class='muted'>"
            + escape_html(_("Source: {source}").format(source=option.source))
            + f"</span></p>{figures}"
            + _records_section(records_for(policy.records, option.option_id))
        )
    ranking = coverage.reset_index()[["rank", "title", "studies", "n", "share"]]
    ranking["share"] = ranking["share"].map(percent)
    sections += [
        "<h2>" + escape_html(_("Options ranked by the evidence they answer")) + "</h2>",
        html_table(
            ranking.rename(
                columns={
                    "rank": _("Rank"),
                    "title": _("Option"),
                    "studies": _("Studies"),
                    "n": "n",
                    "share": _("Share"),
                }
            )
        ),
        _references(evidence),
    ]
    return html_document(_(STORY_TITLE), sections, generated_footer(evidence, selection))


def story_file(
    evidence: EvidenceBase,
    all_evidence: EvidenceBase,
    policy,
    steps,
    countries: tuple[str, ...],
    selection: str,
    people: MigrationFigures | None = None,
) -> str:
    """The whole story, as on screen, in one offline HTML file (components.presentation.story_file)."""
    from components.presentation.story import story_content
    from components.presentation.story_file import story_html

    # Laid out as presenter mode lays out a step (charts sized for one screen), so the file is a projector fallback.
    contents = story_content(
        evidence, all_evidence, policy, steps, countries, selection, presenting=True, people=people
    )
    return story_html(contents, generated_footer(evidence, selection))


def brief_records(policy: PolicyData, iso3: str, name: str) -> list[str]:
    """The brief's policy records: all the country's own first (at most BRIEF_OWN), then its WHO region's while
    fewer than BRIEF_RECORDS are shown, each part ranked by evidence type (the brief prints on two A4 pages); what is
    left out is counted, never dropped silently."""
    here, nearby, region = records_near(policy.records, iso3)
    titles = dict(zip(policy.options["option_id"], localized_frame(policy.options)["short_title"], strict=True))
    sections = []
    room = BRIEF_RECORDS
    for heading, part in (
        (_("Policy records for {country}").format(country=name), here),
        (_("Elsewhere in the WHO {region}").format(region=who_region_name(region)) if region else "", nearby),
    ):
        if not heading:
            continue
        shown = ranked_records(part).head(BRIEF_OWN if part is here else max(room, 0))
        room -= len(shown)
        sections.append("<h2>" + escape_html(heading) + "</h2>")
        if part.empty:
            sections.append("<p class='muted'>" + escape_html(_("No documented implementation yet.")) + "</p>")
        elif not shown.empty:
            sections.append(records_html(shown, with_option=titles))
        if len(part) > len(shown):
            left = len(part) - len(shown)
            note = (
                ngettext(
                    "{k} more record, with weaker evidence, left out for room: the Policy story lists them all.",
                    "{k} more records, with weaker evidence, left out for room: the Policy story lists them all.",
                    left,
                )
                if len(shown)
                else ngettext(
                    "{k} record left out for room, after the country's own: the Policy story lists them all.",
                    "{k} records left out for room, after the country's own: the Policy story lists them all.",
                    left,
                )
            )
            sections.append("<p class='muted'>" + escape_html(note.format(k=left)) + "</p>")
    return sections


def brief_counts(people: MigrationFigures, iso3: str) -> list[str]:
    """The brief's published counts, people beside the papers: doctors abroad by destination (the largest
    BRIEF_DESTINATIONS) in the third column beside the drivers, then, across the page, the destinations that do not
    list the country (not reported: unknown, not zero), health workers at home beside WHO's threshold and NHS
    England staff of the nationality, each with its year, what it is and a link to its source, and the country's
    regulators linked to their own sites (when their address was checked). Laid out to keep
    the brief to two A4 pages."""
    data = how_many.country_figures(people, iso3)
    text = how_many.country_text(data, short=True)
    missing = _("not reported")
    table = data.by_destination
    reported, unreported = table[table["doctors"] != missing], table[table["doctors"] == missing]
    shown = reported.head(BRIEF_DESTINATIONS)
    left = len(reported) - len(shown)
    column = ["</div><div><h2>" + escape_html(text.heading) + "</h2>", "<p>" + inline_markdown(text.abroad) + "</p>"]
    if len(shown):
        column.append(
            html_table(
                shown.rename(columns={"destination": _("Destination"), "year": _("Year"), "doctors": _("Doctors")})
            )
        )
    if left:  # counted, never dropped silently
        column.append(
            "<p class='muted'>"
            + escape_html(
                ngettext(
                    "{k} more destination with fewer doctors: the map's Doctors abroad view lists them all.",
                    "{k} more destinations with fewer doctors: the map's Doctors abroad view lists them all.",
                    left,
                ).format(k=left)
            )
            + "</p>"
        )
    if len(unreported):
        column.append(
            "<p class='muted'>"
            + escape_html(
                _("{missing} (unknown, not zero): {countries}.").format(
                    missing=_cap(missing), countries=", ".join(unreported["destination"])
                )
            )
            + "</p>"
        )
    column.append("</div></div>")
    # In the brief each figure links its own source; of the profile's further series, the country's regulators.
    sentences = (text.abroad_note, text.at_home, text.threshold, text.nhs, text.regulators)
    notes = [inline_markdown(s) for s in sentences if s]
    return [*column, "<p class='muted'>" + " ".join(notes) + "</p>"]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def country_brief(
    evidence: EvidenceBase, iso3: str, policy: PolicyData, selection: str, people: MigrationFigures
) -> str:
    """One country's studies, drivers, cadres, destinations, safeguards-list status, its published counts (people,
    not papers), the options that fit and the policy records of the country and its WHO region."""
    profile = country_profile(evidence, iso3)
    sub = evidence.subset(profile.studies["study_id"])
    coverage = option_coverage(sub, policy.options)
    name = profile.name
    studies = _("Studies")
    sections = [
        "<h1>" + escape_html(_("Country brief: {country}").format(country=name)) + "</h1>",
        "<p>"
        + escape_html(
            ngettext(
                "{n} study in the {atlas} has {country} as a source country ({selection}).",
                "{n} studies in the {atlas} have {country} as a source country ({selection}).",
                profile.n_studies,
            ).format(n=profile.n_studies, atlas=_(ATLAS_NAME), country=name, selection=selection)
        )
        + " "
        + safeguards_sentence(escape_html(name), profile.on_safeguards_list)
        + "</p>",
        "<div class='columns'><div><h2>" + escape_html(_("Drivers reported")) + "</h2>",
        html_table(
            profile.drivers.rename(columns={"driver_label": _("Driver"), "group": _("Group"), "studies": studies})
        ),
        "</div><div><h2>" + escape_html(_("Cadres")) + "</h2>",
        html_table(profile.cadres.rename(columns={"cadre_label": _("Cadre"), "studies": studies})),
        "<h2>" + escape_html(_("Destinations named")) + "</h2>",
        html_table(profile.destinations.rename(columns={"country": _("Destination"), "studies": studies}))
        if len(profile.destinations)
        else "<p>" + escape_html(_("No destination named.")) + "</p>",
        *brief_counts(people, iso3),
        "<h2>" + escape_html(_("Policy options that address these drivers")) + "</h2>",
        share_bars(coverage.rename(columns={"title": "option"}), "option"),
        *brief_records(policy, iso3, name),
        _references(sub, BRIEF_STUDIES),
    ]
    return html_document(
        _("Country brief: {country}").format(country=name), sections, generated_footer(evidence, selection)
    )
