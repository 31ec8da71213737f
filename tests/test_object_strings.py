"""Plain object strings are an explicit choice of each entry point, not a side effect of importing components."""

import subprocess
import sys

from components.core.paths import ROOT
from components.tables.evidence import load_evidence


def test_importing_components_leaves_pandas_options_alone():
    code = "import pandas as pd, components.tables.evidence; print(pd.get_option('future.infer_string'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "True", result.stderr


def test_the_evidence_is_read_as_object_strings():
    # conftest calls use_object_strings, as app.py, the benchmark and the scripts do.
    assert load_evidence().studies["study_id"].dtype == object
