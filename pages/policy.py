"""Policy story: from drivers to the options of session brief PS3.5, step by step, with a presenter mode."""
import streamlit as st

from components.aggregations import driver_shares, headline_figures, reference_value, review_comparison
from components.countries import country_name
from components.figures import count_bars, driver_ranking, option_coverage as coverage_chart
from components.handouts import story_handout
from components.policy import CHAPTERS, actor_labels, option_coverage, story_steps
from ui import state
from ui.charts import show_figure, table_with_download
from ui.views import empty_state

scope = state.scope()
evidence = scope.filtered
options = state.policy_options()
steps = story_steps(options)
presenting = state.page_param("present") == "1"

if "story_step" not in st.session_state:
    raw = state.page_param("step")
    if raw is not None and not (raw.isdigit() and 1 <= int(raw) <= len(steps)):
        st.warning(state.plain(f"There is no step '{raw[:20]}': the story has steps 1 to {len(steps)}. "
                               "Starting at step 1."))
        raw = None
    st.session_state["story_step"] = int(raw) if raw else 1
state.remember("story_step")


def go(delta: int) -> None:
    st.session_state["story_step"] = min(max(1, st.session_state["story_step"] + delta), len(steps))
    state.set_widget_value("story_step", st.session_state["story_step"])


number = st.session_state["story_step"]
step = steps[number - 1]
state.set_page_param("step", number)
state.set_page_param("present", "1" if presenting else None)

if presenting:
    st.html(state.PRESENTER_CSS)

# ---- Controls
top = st.columns([1.3, 1.2, 5, 2.3], vertical_alignment="center")
top[0].button("◀ Back", on_click=go, args=(-1,), disabled=number == 1, key="prev_step")
top[1].button("Next ▶", on_click=go, args=(1,), disabled=number == len(steps), key="next_step")
top[2].progress(number / len(steps), text=f"Step {number} of {len(steps)} · {step.title}")
params = state.link_params() | {"step": str(number)}
if presenting:
    top[3].page_link("pages/policy.py", label="✕ Exit presenting",
                     query_params=params)
else:
    top[3].page_link("pages/policy.py", label="Presenter mode",
                     query_params=params | {"present": "1"})
    lens = st.columns([2, 2, 3])
    countries = [None] + sorted(set(scope.evidence.source["iso3"]), key=country_name)
    current = scope.filters.countries[0] if scope.filters.countries else None
    lens[0].selectbox("Country lens", countries, index=countries.index(current) if current in countries else 0,
                      format_func=lambda c: "All countries" if c is None else country_name(c),
                      key=f"lens_{current}",
                      on_change=lambda: state.set_country_filter(st.session_state[f"lens_{current}"]))
    lens[1].selectbox("Jump to step", range(1, len(steps) + 1), index=number - 1,
                      format_func=lambda i: f"{i}. {steps[i - 1].title}", key=f"jump_{number}",
                      on_change=lambda: state.set_widget_value("story_step", st.session_state[f"jump_{number}"]))
    lens[2].caption(f"Evidence in view: {state.plain(scope.description)} (n = {evidence.n_studies})")

if evidence.n_studies == 0:
    empty_state()
    state.end_page()

n = evidence.n_studies
coverage = option_coverage(evidence, options)
selection_note = f"{n} studies · {scope.description}"

# ---- The step
if step.kind == "opening":
    figures = headline_figures(evidence)
    ref = lambda key: int(reference_value(scope.evidence, key))  # noqa: E731
    st.title("Health workers are leaving the countries that need them most")
    st.markdown(
        "Countries with the weakest health systems and the lowest pay lose trained staff to richer countries, "
        "which gain professionals whose training they did not pay for. The loss deepens health inequities "
        "and slows progress towards universal health coverage. *(Session brief PS3.5)*"
    )
    cols = st.columns(4)
    cols[0].metric("Studies in the 2023 review", ref("studies_included"),
                   help="Toyin-Thomas et al., BMJ Global Health 2023")
    cols[1].metric("Records screened by the review", f"{ref('records_screened'):,}")
    cols[2].metric("Studies naming the UK as destination", f"{ref('destination_gbr')} of {ref('studies_included')}")
    cols[3].metric("Studies naming the USA", f"{ref('destination_usa')} of {ref('studies_included')}")
    cols = st.columns(4)
    cols[0].metric("Studies in this atlas (current view)", n)
    cols[1].metric("Source countries", figures["source_countries"])
    cols[2].metric("Countries on the WHO safeguards list with studies", figures["safeguards_countries_with_studies"])
    cols[3].metric("Studies published after the review's search", figures["after_review"])

elif step.kind == "drivers":
    shares = driver_shares(evidence)
    leading = shares[shares["group"] == "migration"].head(3)
    st.title("Pay, careers and the workplace come first")
    st.markdown(" · ".join(f"**{r.label}**: {r.studies} of {r.n} studies ({r.share:.0%})" for r in leading.itertuples()))
    show_figure(driver_ranking(shares, review_comparison(evidence),
                               f"Share of studies reporting each driver (n = {n})", top=10), key="story_drivers", large=presenting)

elif step.kind == "option":
    option = options.set_index("option_id").loc[step.option_id]
    row = coverage.set_index("option_id").loc[step.option_id]
    st.caption(CHAPTERS[option["chapter"]])
    st.title(f"{option['order']}. {option['title']}")
    st.markdown(f"### Addresses drivers reported in {row['studies']} of {n} studies ({row['share']:.0%})")
    st.markdown(option["rationale"])
    st.markdown(f"**Who acts:** {actor_labels(option['actors'])}")
    if option["key_figures"]:
        st.markdown(f"**Key figures:** {option['key_figures']}")
    shares = driver_shares(evidence).set_index("driver")
    addressed = shares.loc[list(option["drivers"])].reset_index()
    addressed = addressed.rename(columns={"label": "value"}).sort_values("studies", ascending=False)
    show_figure(count_bars(addressed[["value", "studies"]], f"Studies reporting the drivers it addresses (n = {n})",
                           height=90 + 45 * len(addressed)), key=f"story_option_{step.option_id}", large=presenting)
    link = f" ([source]({option['source_link']}))" if option["source_link"] else ""
    st.caption(f"Option from: {option['source']}{link}. Driver links and rationale: this atlas.")

else:
    st.title("Which options answer the most evidence?")
    best = coverage.iloc[0]
    st.markdown(f"For {state.plain(scope.description)}, **{best['title']}** addresses drivers reported in "
                f"**{best['studies']} of {n}** studies ({best['share']:.0%}).")
    show_figure(coverage_chart(coverage, f"Policy options ranked by the share of studies whose drivers they "
                                         f"address (n = {n})"), key="story_ranking", large=presenting)
    table_with_download(coverage[["rank", "title", "studies", "n", "share"]].rename(
        columns={"rank": "Rank", "title": "Option", "studies": "Studies", "share": "Share"}),
        "atlas_policy_ranking.csv", key="ranking_table",
        column_config={"Share": st.column_config.NumberColumn(format="percent")})

if not presenting:
    st.divider()
    st.download_button("Download the story as a handout (HTML)", lambda: story_handout(evidence, options, selection_note),
                       file_name="atlas_policy_story.html", mime="text/html", key="story_handout", on_click="ignore")
