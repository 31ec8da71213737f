"""A country brief prints on two A4 pages: what it leaves out for room is the weakest of the country's own policy
records and its oldest studies, each counted in a sentence that says where they all are."""

from components.presentation.handouts import BRIEF_OWN, BRIEF_STUDIES, country_brief
from components.tables.migration_figures import load_migration_figures
from components.tables.policy import load_policy


def test_a_brief_lists_the_most_recent_studies_and_counts_the_older_ones(evidence):
    counts = evidence.source.groupby("iso3")["study_id"].nunique()
    busiest = counts.idxmax()
    assert counts[busiest] > BRIEF_STUDIES
    brief = country_brief(evidence, busiest, load_policy(), "all studies", load_migration_figures())
    left = counts[busiest] - BRIEF_STUDIES
    older = "older study" if left == 1 else "older studies"
    assert f"{left} {older} left out for room: the Studies page lists them all." in brief
    ids = evidence.source.loc[evidence.source["iso3"] == busiest, "study_id"]
    years = evidence.studies.loc[evidence.studies["study_id"].isin(ids), "year"].sort_values(ascending=False)
    assert f"<td>{years.iloc[0]}</td>" in brief


def test_a_brief_counts_the_policy_records_it_leaves_out(evidence):
    policy = load_policy()
    own = policy.records["countries"].explode().value_counts()["GHA"]
    assert own > BRIEF_OWN
    brief = country_brief(evidence, "GHA", policy, "all studies", load_migration_figures())
    assert f"{own - BRIEF_OWN} more records, with weaker evidence, left out for room" in brief
