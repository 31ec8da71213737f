"""Pure building blocks of the atlas: data loading, filters, aggregations, figures and exports.

Nothing in this package imports Streamlit, so tests and scripts can use it directly.
"""

import warnings

import pandas as pd


def use_object_strings() -> None:
    """Make pandas keep text as plain object strings in this process; every entry point calls it first.

    The evidence base is a few hundred rows: pandas 3's Arrow-backed strings make every take/isin/merge on such
    small frames 1.5-3x slower than plain object strings (measured with bench/run_bench.py). The option is
    deprecated for pandas 4 (hence the silenced warning); requirements.txt pins pandas 3.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.set_option("future.infer_string", False)
