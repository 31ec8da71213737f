"""One-sentence text alternatives for the charts: what each shows and its largest values, computed from the same
frames as the figure (the builders in components/presentation store the sentence in layout.meta.description, and
ui.charts.show_figure puts it beside the chart for screen readers)."""

from __future__ import annotations

import re

import pandas as pd

from components.analysis.aggregations import counted
from components.core.i18n import _, ngettext, percent, semicolon
from components.tables.policy import FINDINGS

TOP = 3


def plain_title(title: str) -> str:
    """A plotly title as prose: its first line, then any further lines in brackets, without markup."""
    lines = [" ".join(re.sub(r"<[^>]+>", " ", line).split()) for line in re.split(r"<br\s*/?>", title)]
    lines = [line.replace(" · ", ", ") for line in lines if line]
    if not lines:
        return ""
    head, rest = lines[0], lines[1:]
    return head + (f" ({'; '.join(line.strip('()') for line in rest)})" if rest else "")


def _percent(share: float) -> str:
    return percent(share)


def _largest(items: list[str], word: str = "") -> str:
    word = word or _("largest")
    return semicolon() + (_("{word}: {items}.").format(word=word, items=", ".join(items)) if items else _("no values."))


def ranking(table: pd.DataFrame, n: int) -> str:
    """``table``: driver shares (label, share), one row per driver."""
    top = table.sort_values("share", ascending=False, kind="stable").head(TOP)
    sentence = ngettext(
        "Bar chart of the share of {n} study reporting each driver",
        "Bar chart of the share of {n} studies reporting each driver",
        n,
    )
    return sentence.format(n=n) + _largest([f"{r.label} {_percent(r.share)}" for r in top.itertuples()])


def heatmap(table: pd.DataFrame, title: str) -> str:
    """``table``: label, group_label, share, studies, n; groups with few studies rank after the others."""
    top = table.assign(_firm=~table["small_n"]).sort_values(["_firm", "share"], ascending=False, kind="stable")
    return _("Heatmap: {title}").format(title=plain_title(title)) + _largest(
        [
            _("{driver} among {group} {share}").format(driver=r.label, group=r.group_label, share=_percent(r.share))
            for r in top.head(TOP).itertuples()
        ]
    )


def trends(by_decade: pd.DataFrame, drivers: list[str]) -> str:
    part = by_decade[by_decade["driver"].isin(drivers)]
    top = part.sort_values("share", ascending=False, kind="stable").head(TOP)
    return _("Line chart of the share of studies reporting {drivers} in each publication decade").format(
        drivers=counted(part["driver"].nunique(), "chosen driver")
    ) + _largest(
        [
            _("{driver} in the {decade} {share}").format(driver=r.label, decade=r.group_label, share=_percent(r.share))
            for r in top.itertuples()
        ],
        _("highest"),
    )


def status_split(table: pd.DataFrame) -> str:
    top = table.sort_values("share", ascending=False, kind="stable").head(TOP)
    return _("Grouped bar chart of the share of studies reporting each of {n} drivers, by migration status").format(
        n=table["driver"].nunique()
    ) + _largest(
        [
            _("{driver} among {group} {share}").format(driver=r.label, group=r.group_label, share=_percent(r.share))
            for r in top.itertuples()
        ]
    )


def count_bars(table: pd.DataFrame, title: str, value_label: str = "") -> str:
    """``value_label``: what the bars count, when not studies (studies agree with their number: '1 étude')."""
    top = table.sort_values("studies", ascending=False, kind="stable").head(TOP)
    return _("Bar chart: {title}").format(title=plain_title(title)) + _largest(
        [
            f"{r.value} " + (f"{r.studies} {value_label.lower()}" if value_label else counted(r.studies, "study"))
            for r in top.itertuples()
        ]
    )


def world_map(counts: pd.DataFrame, title: str, count_label: str) -> str:
    """``counts``: country, studies."""
    top = counts.sort_values("studies", ascending=False, kind="stable").head(TOP)
    shown = plain_title(title)
    return _("World map of {title}, {n} countries shaded").format(
        title=shown[:1].lower() + shown[1:], n=len(counts)
    ) + _largest([f"{r.country} {r.studies} {count_label.lower()}" for r in top.itertuples()], _("most"))


def evidence_map(counts: dict[str, int], global_records: int, title: str) -> str:
    from components.core.countries import country_name

    top = sorted(counts.items(), key=lambda item: -item[1])[:TOP]
    text = _("World map: {title}, records in {n} countries").format(title=plain_title(title), n=len(counts))
    if global_records:
        text = _("World map: {title}, records in {n} countries and {k} global").format(
            title=plain_title(title), n=len(counts), k=global_records
        )
    return text + _largest([f"{country_name(code)} {k}" for code, k in top], _("most"))


def findings_by_option(table: pd.DataFrame, title: str) -> str:
    """``table``: one row per option with short_title and a count per finding code."""
    parts = [
        f"{r.short_title}: "
        + ", ".join(f"{_(label).lower()} {getattr(r, code)}" for code, label in FINDINGS.items() if getattr(r, code))
        for r in table.itertuples()
        if r.records
    ]
    return (
        _("Stacked bar chart: {title}, {n} policy options").format(title=plain_title(title), n=len(table))
        + semicolon()
        + "; ".join(parts)
        + "."
    )
