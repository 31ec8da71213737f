"""Helpers the tests share, imported by name (``from tests.support.rows import study_row``), never from a
conftest.py: ``rows`` (hand-made studies with known answers) and ``files`` (a writable copy of data/ and CSV
rewrites written as the data files are)."""
