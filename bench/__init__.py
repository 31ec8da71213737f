"""The benchmark, run from the repository root: python -m bench.run_bench (make bench)."""
