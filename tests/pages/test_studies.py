"""Studies page: a shared link reproduces the table; downloads hold exactly what is shown, safely."""

import csv
import io

from components.analysis.filters import Filters, apply_filters
from components.tables.formats import FORMULA_PREFIXES
from harness.apptest import open_page, texts


def shown_table(at):
    return next(d for d in at.dataframe if "Title" in d.value.columns).value


def download(at, label):
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    return button


def test_link_with_filters_reproduces_the_table(evidence):
    query = {"country": "NGA", "cadre": "doctors,students"}
    at = open_page("studies", query)
    expected = apply_filters(evidence, Filters(countries=("NGA",), cadres=("doctors", "students")))
    table = shown_table(at)
    assert sorted(table["Study id"]) == sorted(expected.studies["study_id"])
    assert f"**{expected.n_studies}** of {evidence.n_studies} studies shown" in texts(at)
    again = open_page("studies", query)
    assert shown_table(again)["Study id"].tolist() == table["Study id"].tolist()


def test_search_narrows_and_explains_empty_results(evidence):
    at = open_page("studies")
    at.text_input(key="study_search").input("ghana").run()
    table = shown_table(at)
    assert 0 < len(table) < evidence.n_studies
    assert all("ghana" in " ".join(map(str, row)).lower() for row in table.drop(columns=["Link"]).values)
    at.text_input(key="study_search").input("zzzz-no-such-study").run()
    assert "No study has the word “zzzz” anywhere" in texts(at)


def test_csv_download_equals_the_filtered_frame_without_formulas(evidence):
    from components.presentation.exports import csv_bytes, study_table

    at = open_page("studies", {"country": "GHA"})
    table = shown_table(at)
    payload = csv_bytes(table).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(payload)))
    assert len(rows) == len(table) == apply_filters(evidence, Filters(countries=("GHA",))).n_studies
    assert [r["Study id"] for r in rows] == table["Study id"].tolist()
    assert not any(str(v).startswith(FORMULA_PREFIXES) for r in rows for v in r.values())
    assert study_table(evidence).columns.tolist() == list(rows[0].keys())
    assert download(at, "Download these studies (CSV)") and download(at, "Download references (BibTeX)")
