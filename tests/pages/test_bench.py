"""The benchmark's rerun measure still drives every page: a page that changes its controls must not break
`make bench` (the story lost its sidebar filters once, and the benchmark stopped at /policy)."""

import pytest

from bench.run_bench import PAGES, rerun_ms


@pytest.mark.parametrize("path", PAGES)
def test_the_benchmark_reruns_every_page(path):
    assert rerun_ms(path, cold=True, reruns=1) > 0


def test_the_benchmark_steps_the_story_back_and_forth():
    assert rerun_ms("policy", reruns=3) > 0
