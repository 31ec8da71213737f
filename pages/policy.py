"""Policy story: from drivers to the options of session brief PS3.5, step by step, with a presenter mode."""

import streamlit as st

from components.analysis.filters import Filters
from components.core.countries import country_name, country_sort_key
from components.core.i18n import _, in_current_language, ngettext
from components.presentation.exports import file_stem
from components.presentation.handouts import story_file, story_handout
from components.presentation.story import SHARE_COLUMN, SOURCE_COLUMN, build_step
from components.presentation.story_steps import story_steps
from ui import audience_link, cache, find, how_many, markup, session, talk
from ui.charts import show_figure
from ui.controls import copy_link_button, presenter_keys
from ui.page_blocks import empty_state, presenter_css

scope = session.scope()
# The story is told through its own country lens, never through the sidebar's filters (ui.talk): the slides, the
# audience's phones and the offline file show the same evidence, and a question from the hall leaves it alone.
countries = [None, *sorted(set(scope.evidence.source["iso3"]), key=country_sort_key)]
if st.session_state.get(talk.LENS_KEY) not in countries:  # e.g. a lens of an upload no longer in use
    st.session_state[talk.LENS_KEY] = None
lens: str | None = st.session_state[talk.LENS_KEY]
lens_filters = Filters(countries=(lens,) if lens else ())
evidence = cache.filtered(scope.evidence, lens_filters)
description = lens_filters.describe(scope.evidence.vocabulary)
policy = cache.policy_data()
options = policy.options
steps = story_steps(options)
presenting = scope.presenting
last = len(steps)


def go_to(number: int) -> None:
    st.session_state["story_step"] = min(max(1, number), last)


def set_lens(iso3: str | None) -> None:
    st.session_state[talk.LENS_KEY] = iso3


def on_key(action: str | None) -> None:
    """What a clicker or keyboard key does (see ui.controls.presenter_keys)."""
    current = st.session_state.get("story_step", 1)
    moves = {"next": current + 1, "prev": current - 1, "first": 1, "last": last}
    if action in moves:
        go_to(moves[action])
    elif action == "exit":
        st.session_state["present"] = False


number = min(max(1, int(st.session_state.get("story_step", 1))), last)
st.session_state["story_step"] = number
step = steps[number - 1]
session.sync_url()

if presenting:
    st.html(presenter_css())
    talk.record(number, lens)
    audience_link.publish(number, lens_filters.countries)
presenter_keys(on_key)

# ---- Controls: one row of fixed size, so Back and Next never move between steps
# Presenting, the progress bar gives room to the audience's QR button (French labels are longer).
widths = [1.3, 1.3, 3.0, 2.8, 2.8] if presenting else [1.2, 1.2, 5.2, 2.4]
top = st.columns(widths, vertical_alignment="center")
top[0].button(_("◀ Back"), on_click=go_to, args=(number - 1,), disabled=number == 1, key="prev_step", width="stretch")
top[1].button(
    _("Next ▶"),
    on_click=go_to,
    args=(number + 1,),
    disabled=number == last,
    key="next_step",
    width="stretch",
    type="primary",
)
top[2].progress(number / last, text=_("Step {number} of {total}").format(number=number, total=last))
top[3].toggle(
    _("Presenter mode"),
    key="present",
    persist_state="session",
    help=_("Full screen for screen-sharing: → PageDown Space next, ← PageUp back, Home End, Esc leaves."),
)
if presenting:
    with top[4]:
        audience_link.audience_control()


if not presenting:
    choices = st.columns([2, 3, 2], vertical_alignment="bottom")
    choices[0].selectbox(
        _("Country lens"),
        countries,
        index=countries.index(lens),
        format_func=lambda c: _("All countries") if c is None else country_name(c),
        key=f"lens_{lens}",
        filter_mode="contains",  # typing "Sén" offers countries whose name holds it, not any in-order subsequence
        # Any name of a country (Turkey, Turquie), found by the search engine, then made the story's lens.
        on_change=find.resolve_selectbox(
            f"lens_{lens}",
            countries,
            then=lambda: set_lens(st.session_state[f"lens_{lens}"]),
            remember_as="story_lens_box",  # the box's key changes with the country
        ),
        placeholder=_("All countries"),
        **find.country_box_options(),
    )
    choices[1].selectbox(
        _("Jump to step"),
        range(1, last + 1),
        index=number - 1,
        format_func=lambda i: f"{i}. {steps[i - 1].title}",
        key=f"jump_{number}",
        on_change=lambda: go_to(st.session_state[f"jump_{number}"]),
    )
    with choices[2]:
        copy_link_button()
    missed = find.missed_country("story_lens_box", holding=lens)
    if missed:
        # The nearest countries with studies, each one click from being the lens (a lens is one country).
        find.no_study_notice(missed, scope.evidence, "lens_nearest", pick=set_lens, offer_region=False)
    st.caption(
        _("Evidence in view: {selection} (n = {n})").format(selection=markup.plain(description), n=evidence.n_studies)
    )

if evidence.n_studies == 0:
    empty_state()
    session.end_page()

content = build_step(
    step,
    last,
    evidence,
    scope.evidence,
    policy,
    lens_filters.countries,
    description,
    presenting,
    people=how_many.figures(),
)
image_name = file_stem("story", f"step{number}", description)
in_view = (description, evidence.n_studies)  # what each chart's image names: the lens's studies
# Outside presenter mode the caption under the lens box already says which studies are in view.
if presenting and content.eyebrow:
    st.caption(content.eyebrow)
st.title(content.title)
if content.lead:
    st.markdown(content.lead)
with st.container(key="story_body", gap="small"):  # on a phone's slides the speaker says it (ui.page_blocks)
    for paragraph in content.body:
        st.markdown(paragraph)
for row in range(0, len(content.metrics), 4):
    # The last row may hold fewer than four metrics: its spare columns stay empty.
    for column, (label, value, help_text) in zip(st.columns(4), content.metrics[row : row + 4], strict=False):
        column.metric(label, value, help=help_text or None)
if content.figures:
    with st.container(key="story_figures"):
        for column, (key, figure) in zip(st.columns(len(content.figures)), content.figures, strict=True):
            with column:
                if content.phone_figure and key == content.figures[0][0]:
                    # A chart with a layout of its own for a phone: each in a box the presenter's CSS shows on its
                    # own screen only (ui.page_blocks).
                    phone_key, phone_figure = content.phone_figure
                    with st.container(key="wide_chart"):
                        show_figure(
                            figure, key=key, large=presenting, image_name=f"{image_name}_{key}", selection=in_view
                        )
                    with st.container(key="phone_chart"):
                        show_figure(
                            phone_figure, key=phone_key, large=True, image_name=f"{image_name}_{key}", selection=in_view
                        )
                else:
                    show_figure(
                        figure,
                        key=key,
                        large=presenting,
                        image_name=f"{image_name}_{key}",
                        selection=in_view,
                        narrow=len(content.figures) > 1,
                    )
# Tables stay off the projector, in every language and step: a hall cannot read a grid, and a cut one misleads.
# They are on the page outside presenter mode and in the offline file.
if content.table is not None and len(content.table) and not presenting:
    st.dataframe(
        content.table,
        hide_index=True,
        key=f"story_table_{number}",
        height="auto",
        column_config={
            SOURCE_COLUMN(): st.column_config.LinkColumn(SOURCE_COLUMN(), display_text=_("open ↗")),
            SHARE_COLUMN(): st.column_config.NumberColumn(format="percent"),
        },
    )
if content.note and not presenting:
    st.caption(content.note)

if not presenting:
    st.divider()
    selection_note = (
        ngettext("{n} study", "{n} studies", evidence.n_studies).format(n=evidence.n_studies) + f" · {description}"
    )
    downloads = st.columns(2)
    downloads[0].download_button(
        _("Download the story (one offline HTML file)"),
        in_current_language(
            lambda: story_file(
                evidence,
                scope.evidence,
                policy,
                steps,
                lens_filters.countries,
                description,
                people=how_many.figures(),
            )
        ),
        file_name=f"{file_stem('policy_story', description)}.html",
        mime="text/html",
        key="story_file",
        on_click="ignore",
    )
    downloads[1].download_button(
        _("Download a printable handout (HTML)"),
        in_current_language(lambda: story_handout(evidence, policy, selection_note)),
        file_name=f"{file_stem('policy_handout', description)}.html",
        mime="text/html",
        key="story_handout",
        on_click="ignore",
    )
