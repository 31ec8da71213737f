"""Drivers: how often each driver is reported, by cadre, by decade and by migration status."""

import streamlit as st

from components.analysis.aggregations import SMALL_N, depth_comparison, small_n_note, studies_reporting, study_count
from components.core.i18n import _, current_language, ngettext, use_language
from components.presentation.exports import file_stem, markdown_table
from components.presentation.figures import driver_trends
from components.presentation.page_content import DRIVER_TABS, drivers_view
from components.tables.evidence import HEADLINE_DRIVERS
from ui import cache, markup, session
from ui.charts import show_figure, table_with_download
from ui.controls import copy_link_button
from ui.page_blocks import empty_state, study_links

scope = session.scope()
evidence = scope.filtered
n = evidence.n_studies
vocab = scope.evidence.vocabulary

st.title(_("Why health workers leave, and why some stay"))
st.caption(
    _("Showing: {selection}").format(selection=markup.plain(scope.description))
    + " · "
    + ngettext("n = {n} study.", "n = {n} studies.", n).format(n=n)
    + " "
    + _("Every share is the number of studies reporting a driver divided by the number of studies in the group.")
)
if n == 0:
    empty_state()
    session.end_page()

SHARE_COLUMNS = {
    "label": _("Driver"),
    "level": _("Level"),
    "studies": _("Studies reporting"),
    "n": _("Studies (n)"),
    "share": _("Share"),
}
SHARE_FORMAT = {_("Share"): st.column_config.NumberColumn(format="percent")}


def long_table(table):
    """A driver × group table for download: readable column names, share as a fraction."""
    return table[["label", "level", "driver_group", "group_label", "studies", "n", "share", "small_n"]].rename(
        columns={
            "label": _("Driver"),
            "level": _("Level"),
            "driver_group": _("Driver group"),
            "group_label": _("Group"),
            "studies": _("Studies reporting"),
            "n": _("Studies in group (n)"),
            "share": _("Share"),
            "small_n": f"n < {SMALL_N}",
        }
    )


view = cache.cached_view(drivers_view, evidence)
shares, review = view.shares, view.review

# Only the open tab is computed and drawn: a first visit draws one chart, not six. Short names fit a phone.
FACETS = {"all": _("All studies"), "cadre": _("Cadre"), "decade": _("Decade"), "status": _("Migration status")}
# The open tab and the drill-down choices are page parameters (ui.url): the link names the tab in English in
# every language. The widget's key carries the language, so a switch of language redraws it on the same tab.
lang = current_language()


def _tab_chosen(lang: str) -> None:
    with use_language(lang):
        names = {_(name): name for name in DRIVER_TABS}
    st.session_state["drivers_tab"] = names.get(str(st.session_state.get(f"drivers_tabs_{lang}")), DRIVER_TABS[0])


tabs = st.tabs(
    [_(name) for name in DRIVER_TABS],
    key=f"drivers_tabs_{lang}",
    default=_(st.session_state.get("drivers_tab", DRIVER_TABS[0])),
    on_change=_tab_chosen,
    args=(lang,),
)


def image(name: str) -> str:
    """File name of a chart's PNG download: the chart and the selection."""
    return file_stem("drivers", name, scope.description)


by_cadre, by_decade, by_status = view.by_cadre, view.by_decade, view.by_status
choices = shares["driver"].tolist()

with tabs[0]:
    if tabs[0].open:
        if small_n_note(n):
            st.warning(
                small_n_note(n)
                + ". "
                + _(
                    "With so few studies one study moves a share by {points} points; widen the filters for a "
                    "firmer picture."
                ).format(points=f"{100 / n:.0f}")
            )
        show_figure(view.ranking_figure, key="ranking_chart", image_name=image("ranking"))
        copy_link_button(key="copy_link_ranking")  # every tab's view has its link (the tab, filters, language)
        depth = depth_comparison(evidence)
        deeper_n, abstract_n = int(depth["deeper_n"].iloc[0]), int(depth["abstract_n"].iloc[0])
        st.markdown(
            _(
                "**How coding depth moves the shares.** The same five drivers, among studies coded from the "
                "abstract alone (n = {abstract_n}) and among studies coded from results tables or full text "
                "(n = {deeper_n}{small}), beside the review's full-text shares:"
            ).format(
                abstract_n=abstract_n,
                deeper_n=deeper_n,
                small=", " + small_n_note(deeper_n) if small_n_note(deeper_n) else "",
            )
        )
        # A Markdown table: the first view of the page loads no data-grid bundle for five rows.
        st.markdown(
            markdown_table(
                depth[["label", "abstract_percent", "deeper_percent", "review_percent"]],
                [
                    _("Driver"),
                    _("Abstract only % (n={n})").format(n=abstract_n),
                    _("Tables or full text % (n={n})").format(n=deeper_n),
                    _("2023 review %"),
                ],
            )
        )
        table_with_download(
            shares[list(SHARE_COLUMNS)].rename(columns=SHARE_COLUMNS),
            f"{image('ranking')}.csv",
            key="ranking",
            column_config=SHARE_FORMAT,
        )
        table_with_download(
            review[
                ["label", "atlas_studies", "atlas_n", "atlas_percent", "review_percent", "difference_points"]
            ].rename(
                columns={
                    "label": _("Driver"),
                    "atlas_studies": _("Atlas: studies"),
                    "atlas_n": _("Atlas: n"),
                    "atlas_percent": _("Atlas %"),
                    "review_percent": _("Review % (published)"),
                    "difference_points": _("Difference (points)"),
                }
            ),
            "atlas_vs_review.csv",
            key="review",
            label=_("This atlas beside the 2023 review"),
            caption=_(
                "The atlas mostly codes abstracts, which name fewer drivers than full texts: lower shares are expected."
            ),
        )

with tabs[1]:
    if tabs[1].open:
        for group, figure in view.cadre_figures.items():
            show_figure(figure, key=f"cadre_heatmap_{group}", image_name=image(f"by_cadre_{group}"))
        copy_link_button(key="copy_link_cadre")
        table_with_download(
            long_table(by_cadre),
            "atlas_driver_by_cadre.csv",
            key="by_cadre",
            caption=_(
                "A study of several cadres counts once in each of them; with a cadre filter on, the other "
                "columns show the filtered studies that also include that cadre."
            ),
        )

with tabs[2]:
    if tabs[2].open:
        show_figure(view.decade_figure, key="decade_heatmap", image_name=image("by_decade"))
        copy_link_button(key="copy_link_decade")
        if "trend_drivers" not in st.session_state:
            st.session_state["trend_drivers"] = [d for d in HEADLINE_DRIVERS if d in choices]
        picked = st.multiselect(
            _("Drivers to draw as lines"),
            choices,
            key="trend_drivers",
            format_func=vocab.driver_label,
            persist_state="session",
            select_all=False,
        )
        if picked:
            show_figure(
                driver_trends(by_decade, picked, _("Share of studies reporting the chosen drivers, by decade")),
                key="trend_chart",
                image_name=image("trends"),
            )
        else:
            st.info(_("Pick at least one driver to draw its line."))
        table_with_download(
            long_table(by_decade),
            "atlas_driver_by_decade.csv",
            key="by_decade",
            caption=_("Decade = decade of publication (2014 → 2010s)."),
        )

with tabs[3]:
    if tabs[3].open:
        st.subheader(_("Those who left, those who intend to, those who stay"))
        show_figure(view.status_figure, key="status_chart", image_name=image("by_status"))
        copy_link_button(key="copy_link_status")
        st.caption(
            _(
                "The 2023 review found the key drivers did not differ between health workers who had migrated and "
                "those intending to. Bars of similar height here point the same way; a study can be in several "
                "groups."
            )
        )
        table_with_download(long_table(by_status), "atlas_driver_by_status.csv", key="by_status")

with tabs[4]:
    if tabs[4].open:
        tables = {"cadre": by_cadre, "decade": by_decade, "status": by_status}
        if st.session_state.get("behind_driver") not in choices:
            st.session_state["behind_driver"] = choices[0]
        cols = st.columns([3, 2, 3])
        driver = cols[0].selectbox(
            _("Driver"), choices, format_func=vocab.driver_label, key="behind_driver", persist_state="session"
        )
        facet = cols[1].selectbox(
            _("Within"), list(FACETS), format_func=FACETS.__getitem__, key="behind_facet", persist_state="session"
        )
        group = None
        if facet != "all":
            groups = tables[facet].drop_duplicates("group")
            labels = dict(
                zip(groups["group"], groups["group_label"] + " (n=" + groups["n"].astype(str) + ")", strict=True)
            )
            if st.session_state.get("behind_group") not in labels:
                st.session_state["behind_group"] = next(iter(labels))
            group = cols[2].selectbox(
                FACETS[facet], list(labels), format_func=labels.__getitem__, key="behind_group", persist_state="session"
            )
        session.sync_url()
        behind = studies_reporting(evidence, driver, None if facet == "all" else facet, group)
        text = (
            ngettext(
                "**{studies}** reports *{driver}* within {group}.",
                "**{studies}** report *{driver}* within {group}.",
                len(behind),
            )
            if group
            else ngettext("**{studies}** reports *{driver}*.", "**{studies}** report *{driver}*.", len(behind))
        )
        st.markdown(
            text.format(
                studies=study_count(len(behind)),
                driver=vocab.driver_label(driver),
                group=markup.plain(labels[group]) if group else "",
            )
        )
        copy_link_button(key="copy_link_behind")
        if len(behind):
            study_links(behind)
