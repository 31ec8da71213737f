"""Tooling shared by the tests, the benchmark, the deploy checks and the scripts (not part of the app).

Lives outside tests/ so that nothing outside tests/ imports from it.
"""
