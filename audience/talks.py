"""The talk documents: a presenter's session writes where the talk is (step, lens, live); phones following the
talk read it. A file per talk in the runtime folder, so every replica on the machine (and nginx) serves it."""

from __future__ import annotations

import contextlib
import os
import secrets
import string
import time
from pathlib import Path

from components.core.paths import TALKS_DIR
from components.presentation.audience import TALK_ID, talk_document

_ALPHABET = string.ascii_lowercase + string.digits
# A talk's file is rewritten at every step; one untouched for a week is a talk long over. Each new talk clears
# those, so a served atlas keeps about a week of talks, not every talk it ever served.
TALK_KEPT_S = 7 * 24 * 3600


def new_talk_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(6))


def talk_file(talk: str) -> Path | None:
    return TALKS_DIR / f"{talk}.json" if TALK_ID.fullmatch(talk) else None


def publish(talk: str, step: int, lang: str, lens: str | None, live: bool) -> None:
    """Write the talk's document if it changed (an unchanged file keeps its validator, so phones get 304)."""
    path = talk_file(talk)
    if path is None:
        return
    body = talk_document(step, lang, lens, live)
    try:
        if path.read_bytes() == body:
            return
    except OSError:  # no file yet: a new talk
        path.parent.mkdir(parents=True, exist_ok=True)
        _clear_old_talks(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(body)
    temporary.replace(path)


def _clear_old_talks(folder: Path) -> None:
    cutoff = time.time() - TALK_KEPT_S
    for old in folder.glob("*.json"):
        with contextlib.suppress(OSError):  # another replica cleared it first
            if old.stat().st_mtime < cutoff:
                old.unlink()


def read(talk: str) -> bytes | None:
    path = talk_file(talk)
    try:
        return path.read_bytes() if path else None
    except OSError:
        return None
