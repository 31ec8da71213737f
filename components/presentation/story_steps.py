"""The steps of the policy story: opening, drivers, one per option in brief order, closing view."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.core.i18n import _, localized_frame


@dataclass(frozen=True)
class Step:
    number: int  # 1-based, as in ?step=N
    kind: str  # opening | drivers | option | closing
    title: str
    option_id: str | None = None


def story_steps(options: pd.DataFrame) -> list[Step]:
    """The story: opening, drivers, one step per option in brief order, closing view."""
    steps = [Step(1, "opening", _("The problem in numbers")), Step(2, "drivers", _("Why health workers leave"))]
    for option in localized_frame(options).itertuples():
        steps.append(Step(len(steps) + 1, "option", option.title, option.option_id))
    steps.append(Step(len(steps) + 1, "closing", _("What the evidence answers, and what has been tried")))
    return steps
