"""Rendering one step of the audience view: the story's content for a language and a lens
(components.presentation.story), its chart drawn to SVG by Kaleido (Plotly's own exporter, in Debian's Chromium),
the page (components.presentation.audience). Pages are kept on disk, gzipped beside, so every replica and nginx
serve the same bytes and a step is drawn once per language and lens."""

from __future__ import annotations

import gzip
import os
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from components import use_object_strings
from components.analysis.filters import Filters, apply_filters
from components.core.i18n import LANGUAGES, use_language
from components.core.paths import AUDIENCE_CACHE_DIR
from components.presentation.audience import (
    ALL_COUNTRIES,
    audience_html,
    chart_for_phone,
    figure_description,
    figure_title,
    source_line,
)
from components.presentation.story import build_step
from components.presentation.story_steps import story_steps

PHONE_CHART_WIDTH = 380  # px: the SVG scales to the phone's width; this is the width its labels are laid out for
_render_lock = threading.Lock()  # one Chromium drawing at a time per process


@lru_cache(maxsize=1)
def _data():
    from components.tables.evidence import load_evidence
    from components.tables.policy import load_policy

    use_object_strings()
    evidence = load_evidence()
    return evidence, load_policy(driver_codes=evidence.vocabulary.driver_codes)


@lru_cache(maxsize=1)
def _people():
    """The published counts the story's opening shows beside the studies."""
    from components.tables.migration_figures import load_migration_figures

    return load_migration_figures()


def lenses() -> tuple[str, ...]:
    """The country lenses the audience view offers: every source country with a study."""
    evidence, _policy = _data()
    return tuple(sorted(set(evidence.source["iso3"])))


def step_count() -> int:
    _evidence, policy = _data()
    return len(story_steps(policy.options))


@lru_cache(maxsize=1)
def _code_version() -> str:
    """The page's code (its builder and this module): a new page layout after an upgrade gets new files."""
    import hashlib

    from components.presentation import audience

    return hashlib.sha256(Path(audience.__file__).read_bytes() + Path(__file__).read_bytes()).hexdigest()[:8]


def cache_dir() -> Path:
    """Where this evidence base's pages are kept, as this version of the code draws them (a new evidence base, or
    an upgrade, starts an empty folder instead of serving stale pages)."""
    evidence, _policy = _data()
    return AUDIENCE_CACHE_DIR / f"{evidence.fingerprint[:16]}-{_code_version()}"


def valid(lang: str, lens: str, step: int) -> bool:
    return lang in LANGUAGES and (lens == ALL_COUNTRIES or lens in lenses()) and 1 <= step <= step_count()


def page_file(lang: str, lens: str, step: int) -> Path:
    return cache_dir() / lang / lens / f"{step}.html"


def chart_svg(figure: dict) -> str:
    import kaleido
    import plotly.io as pio

    os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
    with _render_lock:
        if not getattr(chart_svg, "started", False):
            kaleido.start_sync_server(silence_warnings=True)
            chart_svg.started = True  # type: ignore[attr-defined]
        height = int(figure.get("layout", {}).get("height") or 400)
        with warnings.catch_warnings():  # plotly passes Kaleido options a running server does not take
            warnings.simplefilter("ignore", UserWarning)
            return pio.to_image(figure, format="svg", width=PHONE_CHART_WIDTH, height=height).decode()


def render(lang: str, lens: str, step: int) -> str:
    """The page of one step (the caller checked ``valid``)."""
    evidence, policy = _data()
    with use_language(lang):
        country = None if lens == ALL_COUNTRIES else lens
        filters = Filters(countries=(country,)) if country else Filters()
        selected = apply_filters(evidence, filters)
        description = filters.describe(evidence.vocabulary)
        steps = story_steps(policy.options)
        content = build_step(
            steps[step - 1], len(steps), selected, evidence, policy, filters.countries, description, people=_people()
        )
        chart, notes = chart_for_phone(content.figures)
        original = next((f for _k, f in content.figures if "geo" not in f.get("layout", {})), None)
        svg = chart_svg(chart) if chart else ""
        return audience_html(
            content,
            lang,
            country,
            chart_svg=svg,
            chart_title=figure_title(original) if original else "",
            chart_text=figure_description(original) if original else "",
            source_line=source_line(selected.n_studies, description),
            chart_notes=notes,
        )


_key_locks: dict[tuple[str, str, int], threading.Lock] = {}


def page(lang: str, lens: str, step: int) -> Path:
    """The page's file on disk, rendered first if no process has yet (a hall asking at once renders it once)."""
    path = page_file(lang, lens, step)
    if path.exists():
        return path
    with _render_lock:
        lock = _key_locks.setdefault((lang, lens, step), threading.Lock())
    with lock:
        if not path.exists():
            write(path, render(lang, lens, step).encode())
    return path


def write(path: Path, body: bytes) -> None:
    """The page and its gzip (nginx serves the .gz as it is), each replaced in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, data in ((path.with_name(path.name + ".gz"), gzip.compress(body, 9, mtime=0)), (path, body)):
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_bytes(data)
        temporary.replace(target)


def render_all(lens_list: tuple[str, ...] = (ALL_COUNTRIES,)) -> int:
    """Render every step in every language for these lenses (make serve does it for all countries at start)."""
    count = 0
    for lens in lens_list:
        for lang in LANGUAGES:
            for step in range(1, step_count() + 1):
                page(lang, lens, step)
                count += 1
    return count


_warmer: ThreadPoolExecutor | None = None


def warm(lang: str, lens: str, steps: list[int]) -> None:
    """Draw these steps' pages in the background, in this order (a following hall then finds the presenter's next
    step ready: a chart takes Kaleido a second or more the first time). One worker per process; pages already on
    disk cost a file check."""
    global _warmer
    if _warmer is None:
        _warmer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audience-warm")
    for step in steps:
        if valid(lang, lens, step) and not page_file(lang, lens, step).exists():
            _warmer.submit(page, lang, lens, step)
