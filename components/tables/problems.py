"""What a check of a data file reports: one Problem per breach, located as a person finds it in a
spreadsheet; EvidenceError carries them all, ProblemList keeps the first few and counts the rest."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One validation failure, located as a person would find it in a spreadsheet."""

    file: str
    line: int | None  # CSV line number, the header being line 1; None for whole-file problems
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "whole file"
        shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{self.file}, {where}, column '{self.column}': got '{shown}', expected {self.expected}"


class EvidenceError(ValueError):
    """Raised when a data file breaks the contract; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the evidence base:\n{lines}{more}")


class ProblemList(list):
    """Problems in file order, keeping at most ``cap`` of them and counting the rest (``total``)."""

    def __init__(self, cap: int | None = None):
        super().__init__()
        self.cap = cap
        self.omitted = 0

    def append(self, problem: Problem) -> None:
        if self.cap is not None and len(self) >= self.cap:
            self.omitted += 1
        else:
            super().append(problem)

    # += must go through append (the cap), not list's own extend; mypy compares __iadd__ with list's __add__,
    # which takes only lists, so it cannot accept the wider signature.
    def __iadd__(self, problems):  # type: ignore[misc]
        for problem in problems:
            self.append(problem)
        return self

    @property
    def total(self) -> int:
        return len(self) + self.omitted
