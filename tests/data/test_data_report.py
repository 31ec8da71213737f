"""The data report in data/README.md is generated from the data and must be current."""

import subprocess
import sys

from components.core.paths import ROOT


def test_data_report_is_up_to_date():
    result = subprocess.run(
        [sys.executable, "-m", "scripts.data_report", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_report_counts_match_the_data(evidence):
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"{evidence.n_studies} studies published" in text
    uk = evidence.destination.loc[evidence.destination.iso3 == "GBR", "study_id"].nunique()
    assert f"| United Kingdom | {uk} |" in text
