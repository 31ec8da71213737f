"""Self-contained HTML handouts: the policy story for a selection, and a country brief."""

from __future__ import annotations

import pandas as pd

from components.aggregations import (
    country_profile,
    driver_shares,
    reasons_to_leave,
    reference_value,
    safeguards_sentence,
)
from components.evidence import EvidenceBase
from components.exports import (
    ATLAS_NAME,
    STORY_TITLE,
    escape_html,
    generated_footer,
    html_document,
    html_table,
    share_bars,
    study_table,
)
from components.policy import actor_labels, option_coverage


def _references(evidence: EvidenceBase) -> str:
    table = study_table(evidence)[["First author", "Year", "Title", "Journal", "Link"]]
    return f"<h2>Studies ({len(table)})</h2>" + html_table(table, link_column="Link")


def story_handout(evidence: EvidenceBase, options: pd.DataFrame, selection: str) -> str:
    """The policy story as one HTML page: the problem, the drivers, each option with its coverage, the ranking."""
    n = evidence.n_studies
    review_n = int(reference_value(evidence, "studies_included"))
    shares = driver_shares(evidence)
    coverage = option_coverage(evidence, options).set_index("option_id")
    sections = [
        "<h1>From drivers to policy options</h1>",
        f"<p>Health worker migration from low- and middle-income countries: evidence from {n} studies "
        f"({escape_html(selection)}), set against the policy options of conference session brief PS3.5. The 2023 "
        f"systematic review by Toyin-Thomas et al. (BMJ Global Health) included {review_n} studies.</p>",
        "<h2>What drives migration</h2>",
        share_bars(reasons_to_leave(shares).head(10), "label"),
        "<h2>Policy options</h2>",
    ]
    for option in options.itertuples():
        row = coverage.loc[option.option_id]
        labels = ", ".join(evidence.vocabulary.driver_label(d) for d in option.drivers)
        figures = f"<p class='muted'>Key figures: {escape_html(option.key_figures)}</p>" if option.key_figures else ""
        sections.append(
            f"<h3>{option.order}. {escape_html(option.title)}</h3><p>{escape_html(option.rationale)}</p>"
            f"<p><b>Addresses:</b> {escape_html(labels)}.<br><b>Evidence:</b> these drivers are reported in "
            f"{row.studies} of {row.n} studies ({row.share:.0%})."
            f"<br><b>Who acts:</b> {escape_html(actor_labels(option.actors))}."
            f"<br><span class='muted'>Source: {escape_html(option.source)}</span></p>{figures}"
        )
    ranking = coverage.reset_index()[["rank", "title", "studies", "n", "share"]]
    ranking["share"] = ranking["share"].map(lambda s: f"{s:.0%}")
    sections += [
        "<h2>Options ranked by the evidence they answer</h2>",
        html_table(
            ranking.rename(
                columns={"rank": "Rank", "title": "Option", "studies": "Studies", "n": "n", "share": "Share"}
            )
        ),
        _references(evidence),
    ]
    return html_document(STORY_TITLE, sections, generated_footer(evidence, selection))


def story_file(
    evidence: EvidenceBase, all_evidence: EvidenceBase, policy, steps, countries: tuple[str, ...], selection: str
) -> str:
    """The whole story, as on screen, in one offline HTML file (components.story_file)."""
    from components.story import story_content
    from components.story_file import story_html

    contents = story_content(evidence, all_evidence, policy, steps, countries, selection)
    return story_html(contents, generated_footer(evidence, selection))


def country_brief(evidence: EvidenceBase, iso3: str, options: pd.DataFrame, selection: str) -> str:
    """One country's studies, drivers, cadres, destinations, safeguards-list status and the options that fit."""
    profile = country_profile(evidence, iso3)
    sub = evidence.subset(profile.studies["study_id"])
    coverage = option_coverage(sub, options)
    sections = [
        f"<h1>Country brief: {escape_html(profile.name)}</h1>",
        f"<p>{profile.n_studies} studies in the {ATLAS_NAME} have {escape_html(profile.name)} as a source country "
        f"({escape_html(selection)}). {safeguards_sentence(escape_html(profile.name), profile.on_safeguards_list)}</p>",
        "<div class='columns'><div><h2>Drivers reported</h2>",
        html_table(profile.drivers.rename(columns={"driver_label": "Driver", "group": "Group", "studies": "Studies"})),
        "</div><div><h2>Cadres</h2>",
        html_table(profile.cadres.rename(columns={"cadre_label": "Cadre", "studies": "Studies"})),
        "</div><div><h2>Destinations named</h2>",
        html_table(profile.destinations.rename(columns={"country": "Destination", "studies": "Studies"}))
        if len(profile.destinations)
        else "<p>No destination named.</p>",
        "</div></div>",
        "<h2>Policy options that address these drivers</h2>",
        share_bars(coverage.rename(columns={"title": "option"}), "option"),
        _references(sub),
    ]
    return html_document(f"Country brief: {profile.name}", sections, generated_footer(evidence, selection))
