"""Data files for tests that break one: a writable copy of data/, and CSV rewrites written the way the data files
are (Python's csv module)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from components.core.paths import DATA_DIR


def copy_data(target: Path, names: Iterable[str] | None = None) -> Path:
    """A copy of data/ (or of the files ``names`` only) at ``target``, which is created; returns ``target``."""
    if names is None:
        shutil.copytree(DATA_DIR, target)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy(DATA_DIR / name, target / name)
    return target


def csv_text(rows: Iterable[dict[str, str]], fieldnames: list[str], lineterminator: str = "\r\n") -> str:
    """``rows`` as CSV text with a header; fields not in ``fieldnames`` are left out."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, extrasaction="ignore", lineterminator=lineterminator)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_csv(path: Path, rows: Iterable[dict[str, str]], fieldnames: list[str], lineterminator: str = "\r\n") -> None:
    path.write_text(csv_text(rows, fieldnames, lineterminator), encoding="utf-8", newline="")


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def rewrite_csv(path: Path, edit: Callable[[list[dict[str, str]], list[str]], object], lineterminator="\n") -> None:
    """Read ``path``, let ``edit(rows, header)`` change the rows or the header in place, write it back."""
    rows = read_rows(path)
    header = list(rows[0])
    edit(rows, header)
    write_csv(path, rows, header, lineterminator)


def edit_first_row(path: Path, **changes: str) -> None:
    """Rewrite ``path`` with ``changes`` made to its first data row."""
    rewrite_csv(path, lambda rows, header: rows[0].update(changes))
