"""Policy story: from drivers to the options of session brief PS3.5, step by step, with a presenter mode."""

import streamlit as st

from components.aggregations import driver_shares, headline_figures, reference_value, review_comparison, small_n_note
from components.countries import country_name
from components.exports import file_stem
from components.figures import count_bars, driver_ranking
from components.figures import option_coverage as coverage_chart
from components.handouts import story_handout
from components.policy import CHAPTERS, actor_labels, option_coverage, story_steps
from components.views import review_gap_note
from ui import state
from ui.charts import show_figure, table_with_download
from ui.controls import copy_link_button, presenter_keys
from ui.views import empty_state, presenter_css

scope = state.scope()
evidence = scope.filtered
options = state.policy_options()
steps = story_steps(options)
presenting = scope.presenting
last = len(steps)


def go_to(number: int) -> None:
    st.session_state["story_step"] = min(max(1, number), last)


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
state.sync_page_param("policy")

if presenting:
    st.html(presenter_css())
presenter_keys(on_key)

# ---- Controls: one row of fixed size, so Back and Next never move between steps
top = st.columns([1.2, 1.2, 5.2, 2.4], vertical_alignment="center")
top[0].button("◀ Back", on_click=go_to, args=(number - 1,), disabled=number == 1, key="prev_step", width="stretch")
top[1].button("Next ▶", on_click=go_to, args=(number + 1,), disabled=number == last, key="next_step",
              width="stretch", type="primary")
top[2].progress(number / last, text=f"Step {number} of {last}")
top[3].toggle("Presenter mode", key="present", persist_state="session",
              help="Full screen for screen-sharing: → PageDown Space next, ← PageUp back, Home End, Esc leaves.")

if not presenting:
    lens = st.columns([2, 3, 2], vertical_alignment="bottom")
    countries = [None] + sorted(set(scope.evidence.source["iso3"]), key=country_name)
    current = scope.filters.countries[0] if scope.filters.countries else None
    lens[0].selectbox("Country lens", countries, index=countries.index(current) if current in countries else 0,
                      format_func=lambda c: "All countries" if c is None else country_name(c),
                      key=f"lens_{current}",
                      on_change=lambda: state.set_country_filter(st.session_state[f"lens_{current}"]))
    lens[1].selectbox("Jump to step", range(1, last + 1), index=number - 1,
                      format_func=lambda i: f"{i}. {steps[i - 1].title}", key=f"jump_{number}",
                      on_change=lambda: go_to(st.session_state[f"jump_{number}"]))
    with lens[2]:
        copy_link_button()
    st.caption(f"Evidence in view: {state.plain(scope.description)} (n = {evidence.n_studies})")

if evidence.n_studies == 0:
    empty_state()
    state.end_page()

n = evidence.n_studies
small = small_n_note(n)
coverage = option_coverage(evidence, options)
image_name = file_stem("story", f"step{number}", scope.description)


def chart_height(normal: int, projected: int) -> int:
    return projected if presenting else normal


# ---- The step
if step.kind == "opening":
    figures = headline_figures(evidence)
    ref = lambda key: int(reference_value(scope.evidence, key))  # noqa: E731
    st.title("Health workers are leaving the countries that need them most")
    st.markdown(
        "Countries with the weakest health systems and the lowest pay lose trained staff to richer countries, "
        "which gain professionals whose training they did not pay for. *(Session brief PS3.5)*"
    )
    cols = st.columns(4)
    cols[0].metric("Studies in the 2023 review", ref("studies_included"),
                   help="Toyin-Thomas et al., BMJ Global Health 2023")
    cols[1].metric("Records it screened", f"{ref('records_screened'):,}")
    cols[2].metric("Name the UK as destination", f"{ref('destination_gbr')} of {ref('studies_included')}")
    cols[3].metric("Name the USA", f"{ref('destination_usa')} of {ref('studies_included')}")
    cols = st.columns(4)
    cols[0].metric("Studies in this atlas", n, help="Under the current filters")
    cols[1].metric("Source countries", figures["source_countries"])
    cols[2].metric("On WHO safeguards list", figures["safeguards_countries_with_studies"],
                   help="Countries of the WHO Health Workforce Support and Safeguards List 2023 with at least one study")
    cols[3].metric("Published after the review", figures["after_review"],
                   help="Studies published after the 2023 review's search ended")

elif step.kind == "drivers":
    shares = driver_shares(evidence)
    review = review_comparison(evidence)
    leading = shares[shares["group"] == "migration"].head(3)
    st.title("Pay, careers and the workplace come first")
    st.markdown(" · ".join(f"**{r.label}**: {r.studies} of {r.n} studies ({r.share:.0%})"
                           for r in leading.itertuples()) + (f" · **{small}**" if small else ""))
    figure = driver_ranking(shares, review, f"Share of studies reporting each driver (n = {n})",
                            top=8 if presenting else 10, gap_note=review_gap_note(review))
    figure["layout"]["height"] = chart_height(figure["layout"]["height"], 430)
    show_figure(figure, key="story_drivers", large=presenting, image_name=image_name)

elif step.kind == "option":
    option = options.set_index("option_id").loc[step.option_id]
    row = coverage.set_index("option_id").loc[step.option_id]
    st.caption(CHAPTERS[option["chapter"]])
    st.title(f"{option['order']}. {option['title']}")
    st.markdown(f"**Answers drivers reported in {row['studies']} of {n} studies ({row['share']:.0%})**"
                + (f" · {small}" if small else ""))
    st.markdown(option["rationale"] + f" **Who acts:** {actor_labels(option['actors'])}.")
    if option["key_figures"]:
        st.markdown(f"**Key figures:** {option['key_figures']}")
    shares = driver_shares(evidence).set_index("driver")
    addressed = shares.loc[list(option["drivers"])].reset_index()
    addressed = addressed.rename(columns={"label": "value"}).sort_values("studies", ascending=False)
    show_figure(count_bars(addressed[["value", "studies"]], f"Studies reporting the drivers it addresses (n = {n})",
                           height=chart_height(90 + 45 * len(addressed), min(300, 90 + 42 * len(addressed)))),
                key=f"story_option_{step.option_id}", large=presenting, image_name=image_name)
    link = f" ([source]({option['source_link']}))" if option["source_link"] else ""
    st.caption(f"Option from: {option['source']}{link}. Driver links and rationale: this atlas.")

else:
    st.title("Which options answer the most evidence?")
    best = coverage.iloc[0]
    where = "" if scope.filters.is_default else f"In the studies {state.plain(scope.description)}, "
    lead = f"**{best['title']}** answers drivers reported in **{best['studies']} of {n}** studies ({best['share']:.0%})."
    st.markdown((where + lead[0].lower() + lead[1:]) if where else lead)
    figure = coverage_chart(coverage, f"Policy options by the share of studies whose drivers they address (n = {n})")
    figure["layout"]["height"] = chart_height(figure["layout"]["height"], 470)
    show_figure(figure, key="story_ranking", large=presenting, image_name=image_name)
    if not presenting:
        table_with_download(coverage[["rank", "title", "studies", "n", "share"]].rename(
            columns={"rank": "Rank", "title": "Option", "studies": "Studies", "share": "Share"}),
            f"{file_stem('policy_ranking', scope.description)}.csv", key="ranking_table",
            column_config={"Share": st.column_config.NumberColumn(format="percent")})

if not presenting:
    st.divider()
    selection_note = f"{n} studies · {scope.description}"
    st.download_button("Download the story as a handout (HTML)",
                       lambda: story_handout(evidence, options, selection_note),
                       file_name=f"{file_stem('policy_story', scope.description)}.html", mime="text/html",
                       key="story_handout", on_click="ignore")
