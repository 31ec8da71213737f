"""The "how many" files: published figures come out unchanged, missing pairs stay missing, each rule of their schemas
names file, line and column, and the raw snapshots are the ones the checksums and datapackage.json name."""

import csv
import hashlib
import io
import json
import shutil

import pytest

from components.core.paths import DATA_DIR, PACKAGE_FILE
from components.tables.migration_figures import REGULATORS, RESOURCES, THRESHOLDS, load_migration_figures, sources
from components.tables.problems import EvidenceError
from scripts import build_migration_figures
from tests.support.files import copy_data

FILES = tuple(f"{name}.csv" for name in RESOURCES)


@pytest.fixture(scope="module")
def figures():
    return load_migration_figures()


@pytest.fixture()
def data_dir(tmp_path):
    return copy_data(tmp_path, (*FILES, f"{THRESHOLDS}.csv", f"{REGULATORS}.csv"))


def test_figures_read_by_hand_from_the_raw_files_come_out_unchanged(figures):
    abroad = figures.doctors_abroad.set_index(["destination", "origin", "year"])["doctors"]
    # oecd_health_wfmi_ftds_2018.csv, lines "GBR,United Kingdom,...,IND,India,2018,2018,15870" and the like
    assert abroad[("GBR", "IND", 2018)] == 15870
    assert abroad[("CAN", "NGA", 2018)] == 825
    assert abroad[("AUS", "ZWE", 2018)] == 190
    assert abroad[("NZL", "AFG", 2018)] == 0  # a published zero stays a zero
    # oecd_health_wfmi_ftds_usa_2016.csv: "USA",...,"IND","India","2016","2016",45830
    assert abroad[("USA", "IND", 2016)] == 45830
    # who_gho_medical_doctors.csv: HWF_0002 ZWE 2020 2957, HWF_0001 ZWE 2020 1.99
    workforce = figures.workforce.set_index(["country", "cadre", "year"])
    assert workforce.loc[("ZWE", "doctors", 2020), "number"] == 2957
    assert workforce.loc[("ZWE", "doctors", 2020), "per_10000"] == 1.99
    assert workforce.loc[("IND", "doctors", 2020), "number"] == 1014538
    # who_gho_nursing_midwifery.csv: HWF_0007 ZWE 2020 31792, HWF_0006 21.39
    assert workforce.loc[("ZWE", "nurses_midwives", 2020), "number"] == 31792
    assert workforce.loc[("ZWE", "nurses_midwives", 2020), "per_10000"] == 21.39
    # NHS Digital workbook, sheet Data: Filipino nurses & health visitors, June 2018, summed over organisations
    nhs = figures.nhs_staff.set_index(["date", "staff_group", "nationality"])
    assert round(nhs.loc[("2018-06-30", "Nurses & health visitors", "Filipino"), "fte"]) == 10457
    assert nhs.loc[("2018-06-30", "Nurses & health visitors", "Filipino"), "country"] == "PHL"


def test_missing_pairs_have_no_row_and_aggregates_are_not_countries(figures):
    abroad = figures.doctors_abroad
    australia = abroad[abroad.destination == "AUS"]
    assert len(australia) == 14 and "GHA" not in set(australia.origin)  # unknown, not zero
    assert not {"NS", "TOT"} & set(abroad.origin)
    assert len(abroad[abroad.year == 2018]) == 1576 and set(abroad[abroad.year == 2016].destination) == {"USA"}


def test_the_raw_snapshots_match_their_checksums_and_the_package():
    sums = dict(
        reversed(line.split()) for line in (DATA_DIR / "raw" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    for name, digest in sums.items():
        assert hashlib.sha256((DATA_DIR / "raw" / name).read_bytes()).hexdigest() == digest, name
    package = json.loads(PACKAGE_FILE.read_text(encoding="utf-8"))
    declared = {
        source["atlas:raw_file"]: source
        for resource in package["resources"]
        if resource["name"] in RESOURCES
        for source in resource["sources"]
    }
    assert {f"data/raw/{name}" for name in sums} == set(declared)
    for raw, source in declared.items():
        assert source["atlas:sha256"] == sums[raw.removeprefix("data/raw/")]
        assert source["publisher"] and source["year"] and source["atlas:terms"] and source["accessed"]
    assert sources("doctors_abroad")[0].publisher == "OECD"


def test_the_script_rebuilds_the_bundled_files_from_the_raw_snapshots(tmp_path):
    shutil.copytree(DATA_DIR / "raw", tmp_path / "raw")
    build_migration_figures.main(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_a_changed_raw_file_stops_the_script(tmp_path):
    shutil.copytree(DATA_DIR / "raw", tmp_path / "raw")
    with (tmp_path / "raw" / "oecd_health_wfmi_ftds_2018.csv").open("a", encoding="utf-8") as handle:
        handle.write("GBR,United Kingdom,FTDS,x,GHA,Ghana,2018,2018,1,,\n")
    with pytest.raises(SystemExit, match="differs from SHA256SUMS"):
        build_migration_figures.main(tmp_path)


def _edit_first_row(path, **changes):
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0].update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(
    "file, column, value, expected",
    [
        ("doctors_abroad.csv", "destination", "", "a value"),
        ("doctors_abroad.csv", "destination", "XYZ", "ISO 3166-1 alpha-3"),
        ("doctors_abroad.csv", "origin", "Ghana", "ISO 3166-1 alpha-3"),
        ("doctors_abroad.csv", "year", "2018.5", "a whole number"),
        ("doctors_abroad.csv", "year", "1890", "from 2000 to 2030"),
        ("doctors_abroad.csv", "doctors", "-3", "at least 0"),
        ("doctors_abroad.csv", "doctors", "many", "a whole number"),
        ("doctors_abroad.csv", "source", "gossip", "oecd_health_wfmi"),
        ("workforce_density.csv", "country", "Zimbabwe", "ISO 3166-1 alpha-3"),
        ("workforce_density.csv", "cadre", "surgeons", "doctors | nurses_midwives"),
        ("workforce_density.csv", "year", "3000", "from 1950 to 2030"),
        ("workforce_density.csv", "number", "lots", "number"),
        ("workforce_density.csv", "per_10000", "-1", "at least 0"),
        ("workforce_density.csv", "source", "", "a value"),
        ("nhs_england_staff.csv", "date", "June 2018", "date"),
        ("nhs_england_staff.csv", "staff_group", "", "a value"),
        ("nhs_england_staff.csv", "nationality", "=HYPERLINK(1)", "not a spreadsheet formula"),
        ("nhs_england_staff.csv", "country", "Afghan", "ISO 3166-1 alpha-3"),
        ("nhs_england_staff.csv", "fte", "-2", "at least 0"),
        ("workforce_thresholds.csv", "threshold_id", "", "a value"),
        ("workforce_thresholds.csv", "cadres", "surgeons", "pattern"),
        ("workforce_thresholds.csv", "per_10000", "-49", "at least 0"),
        ("workforce_thresholds.csv", "per_10000", "forty-nine", "number"),
        ("workforce_thresholds.csv", "year", "1999", "from 2000 to 2030"),
        ("workforce_thresholds.csv", "meaning", "=HYPERLINK(1)", "not a spreadsheet formula"),
        ("workforce_thresholds.csv", "source_url", "who.int page", "URL"),
        ("health_regulators.csv", "country", "Ghana", "ISO 3166-1 alpha-3"),
        ("health_regulators.csv", "regulator", "", "a value"),
        ("health_regulators.csv", "regulator", "=HYPERLINK(1)", "not a spreadsheet formula"),
        ("health_regulators.csv", "regulator", "Council [of] Ghana", "without square brackets"),
        ("health_regulators.csv", "cadres", "surgeons", "doctors"),
        ("health_regulators.csv", "cadres", "", "at least one item: "),
        ("health_regulators.csv", "url", "mdcghana.org", "URL"),
        ("health_regulators.csv", "url", 'https://a.example/"><script>', "URL"),
        ("health_regulators.csv", "verified_by", "guessed", "stored_page | named_by_source"),
        ("health_regulators.csv", "found_in", "", "a value"),
        ("health_regulators.csv", "accessed", "December 2026", "date"),
    ],
)
def test_each_rule_names_file_line_column_and_expectation(data_dir, file, column, value, expected):
    _edit_first_row(data_dir / file, **{column: value})
    with pytest.raises(EvidenceError) as error:
        load_migration_figures(data_dir)
    problems = [p for p in error.value.problems if p.column == column and p.file == file]
    assert problems and problems[0].line == 2, [str(p) for p in error.value.problems]
    assert expected in problems[0].expected, problems[0].expected


def test_duplicates_empty_rows_and_missing_files_are_reported(data_dir):
    text = (data_dir / "doctors_abroad.csv").read_text(encoding="utf-8")
    first = text.splitlines()[1]
    (data_dir / "doctors_abroad.csv").write_text(text + first + "\r\n", encoding="utf-8")
    _edit_first_row(data_dir / "workforce_density.csv", number="", per_10000="")
    (data_dir / "nhs_england_staff.csv").unlink()
    with pytest.raises(EvidenceError) as error:
        load_migration_figures(data_dir)
    found = {(p.file, p.column) for p in error.value.problems}
    assert ("nhs_england_staff.csv", "(file)") in found
    assert any(file == "doctors_abroad.csv" for file, _ in found)
    assert any(file == "workforce_density.csv" for file, _ in found)


def test_the_threshold_comes_out_as_published_with_its_citation(figures):
    # WHO, questions and answers on the Support and Safeguards List (4 April 2024): "less than the median of 49 per
    # 10 000 population" for medical doctors, nursing personnel and midwifery personnel together.
    row = figures.thresholds.set_index("threshold_id").loc["ssl_2023_density"]
    assert row["per_10000"] == 49 and row["cadres"] == ("doctors", "nurses_midwives") and row["year"] == 2023
    assert row["source_url"].startswith("https://www.who.int/") and "not" in row["meaning"]


def test_regulators_come_out_with_their_checked_addresses_and_a_country_has_none_unless_checked(figures):
    regulators = figures.regulators.set_index(["country", "regulator"])
    # Each address as the stored copy of the regulator's own page shows it (found_in in the file).
    assert regulators.loc[("GHA", "Medical and Dental Council, Ghana"), "url"] == "https://mdcghana.org/"
    assert regulators.loc[("GHA", "Nursing and Midwifery Council of Ghana"), "cadres"] == ("nurses", "midwives")
    assert regulators.loc[("GBR", "General Medical Council"), "url"] == "https://www.gmc-uk.org/"
    assert "CMR" not in set(figures.regulators["country"])  # partial: no checked address, no row


def test_a_duplicate_regulator_is_reported(data_dir):
    path = data_dir / "health_regulators.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.splitlines()[1] + "\r\n", encoding="utf-8")
    with pytest.raises(EvidenceError) as error:
        load_migration_figures(data_dir)
    assert any(p.file == "health_regulators.csv" for p in error.value.problems)
