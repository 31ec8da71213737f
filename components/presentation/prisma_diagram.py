"""The PRISMA 2020 flow drawn as plain HTML boxes."""

from __future__ import annotations

from components.analysis.prisma import REASON_LABELS, PrismaCounts
from components.core.i18n import _, number
from components.core.labels import code_labels

_BOX = (
    "border:1.5px solid #1b6ca8;background:#f3f7fb;border-radius:6px;padding:.5rem .7rem;text-align:center;"
    "font-size:.92rem;line-height:1.35"
)


_ARROW = "text-align:center;color:#444;font-size:1.1rem;line-height:1"


def prisma_html(counts: PrismaCounts) -> str:
    """The PRISMA 2020 flow (updated-review form) as plain HTML boxes: readable by screen readers, printable, and
    drawn without loading a charting library."""

    def box(title: str, body: str, extra: str = "") -> str:
        return f"<div role='group' aria-label='{title}' style='{_BOX}{extra}'><b>{title}</b><br>{body}</div>"

    n = number
    flow = _("PRISMA 2020 flow of the evidence base")
    named = code_labels("exclusion_reasons")
    reasons = "<br>".join(f"{named.get(k, REASON_LABELS[k])}: {n(v)}" for k, v in counts.excluded_by_reason.items())
    return (
        f"<figure style='margin:0' aria-label='{flow}'>"
        "<div style='display:grid;grid-template-columns:1fr 1.2fr 1.2fr;gap:.5rem 1rem;align-items:stretch'>"
        + box(_("Previous version"), _("Studies included: {n}").format(n=n(counts.previous_studies)))
        + box(
            _("Identification"),
            _("{searches} logged searches of stored public pages<br>Records returned: {records}").format(
                searches=n(counts.searches), records=n(counts.identified)
            ),
        )
        + box(
            _("Removed before assessment"),
            _("Duplicates, mirrors, studies already included, off-topic titles: {n}").format(
                n=n(counts.removed_before_assessment)
            ),
        )
        + f"<div></div><div style='{_ARROW}'>↓</div><div></div>"
        + "<div></div>"
        + box(_("Assessed for eligibility"), _("Records assessed: {n}").format(n=n(counts.assessed)))
        + box(_("Excluded with reasons: {n}").format(n=n(counts.excluded)), reasons, ";text-align:left")
        + f"<div></div><div style='{_ARROW}'>↓</div><div></div>"
        + "<div></div>"
        + box(_("New studies included"), n(counts.new_studies))
        + "<div></div>"
        + f"<div style='{_ARROW}'>↓</div><div style='{_ARROW}'>↓</div><div></div>"
        + box(
            _("Total studies in the atlas"),
            _("{previous} previous + {new} new = {total}").format(
                previous=n(counts.previous_studies), new=n(counts.new_studies), total=n(counts.total_studies)
            ),
            ";grid-column:1 / span 2",
        )
        + "</div><figcaption style='font-size:.85rem;color:#555;margin-top:.4rem'>"
        + _(
            "PRISMA 2020 flow (updated review), counted from data/search_log.csv, data/excluded_studies.csv "
            "and data/studies.csv."
        )
        + "</figcaption>"
        "</figure>"
    )
