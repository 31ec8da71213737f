"""The house style of every chart (colour-blind-safe palettes, fonts, text contrast) and the light figure spec
the builders fill: plain dicts, validated by plotly only when drawn."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
from plotly.colors import sequential as _sequential

from components.core.i18n import N_, percent

# Colour-blind-safe sequential scale (ColorBrewer YlGnBu, light = few, dark = many) for counts and shares.
# Spelled out: figures are built without validation, and plotly.js's own "YlGnBu" runs the other way.
SEQUENTIAL = [[i / (len(_sequential.YlGnBu) - 1), colour] for i, colour in enumerate(_sequential.YlGnBu)]


# Heatmaps print their values in the cells: stop the scale at mid-blue so dark text stays readable.
SEQUENTIAL_TEXT = [[i / 5, colour] for i, colour in enumerate(_sequential.YlGnBu[:6])]


LEVEL_NAMES = {"macro": N_("Macro level"), "meso": N_("Meso level"), "micro": N_("Micro level")}


# Columns of a heatmap with too few studies: grey, light = few.
SMALL_N_SCALE = [[0, "#f2f2f2"], [1, "#9e9e9e"]]


# Categorical colours, in the order series take them (Okabe–Ito, without its yellow, which is too faint on white).
# tests/components/test_palettes.py checks every palette here stays apart under protanopia, deuteranopia and
# tritanopia, and every sequential scale keeps its lightness order.
CATEGORICAL = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000")


LEVEL_COLOURS = dict(zip(("macro", "meso", "micro"), CATEGORICAL, strict=False))


STATUS_COLOURS = dict(zip(("migrated", "intention", "non_migration"), CATEGORICAL, strict=False))


SSL_COLOUR = "#d55e00"


FLOW_COLOUR = "rgba(204, 68, 0, 0.55)"


NEUTRAL_LAND = "#e8e8e8"


# Text inside charts: Streamlit's chart theme draws tick labels and colour-bar text in a light grey (#808495, 3.8:1
# on white); this dark grey gives 12.6:1 (WCAG AA asks 4.5:1).
CHART_TEXT = "#333333"


FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=CHART_TEXT)


# The theme sets these colours on each axis and colour bar, so the layout's font alone does not reach them.
AXIS_TEXT = dict(tickfont=dict(color=CHART_TEXT), title=dict(font=dict(color=CHART_TEXT)))


# The margin grows to hold every tick label and axis title whole. Streamlit's theme turns it on, but the offline
# story file draws with plotly.js alone, where the margin would stay at its 10 px and cut the labels.
AXIS = AXIS_TEXT | dict(automargin=True)


# Layout properties whose names contain an underscore (everything else with "_" is a path: marker_line_color).
_UNDERSCORED = {"paper_bgcolor", "plot_bgcolor"}


def _nest(props: dict) -> dict:
    """Turn plotly's magic underscores (marker_line_color) into nested dicts, recursively."""
    nested: dict = {}
    for key, value in props.items():
        if isinstance(value, dict):
            value = _nest(value)
        parts = [key] if key in _UNDERSCORED else key.split("_")
        target = nested
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        _merge(target, {parts[-1]: value})
    return nested


def _merge(target: dict, update: dict) -> dict:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value
    return target


def trace(kind: str, **props) -> dict:
    return {"type": kind, **_nest(props)}


class FigureSpec:
    """Collects a figure as plain dicts and builds the plotly Figure once at the end.

    Building through plotly's object API costs several ms per call (property paths are parsed and checked);
    the builders' inputs are fixed by this module and their output is checked by the tests, so the figure is
    made from the finished dict without validation.
    """

    def __init__(self, *traces: dict):
        self.data: list[dict] = list(traces)
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, **props) -> None:
        _merge(self.layout, _nest(props))

    def update_xaxes(self, **props) -> None:
        _merge(self.layout.setdefault("xaxis", {}), _nest(props))

    def update_yaxes(self, **props) -> None:
        _merge(self.layout.setdefault("yaxis", {}), _nest(props))

    def update_geos(self, **props) -> None:
        _merge(self.layout.setdefault("geo", {}), _nest(props))

    def add_annotation(self, **props) -> None:
        self.layout.setdefault("annotations", []).append(_nest(props))

    def figure(self) -> go.Figure:
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)


def new_figure(*traces: dict) -> FigureSpec:
    return FigureSpec(*traces)


def axis_title(text: str) -> dict:
    return {"text": text}


# Room above the plot for a one-line title (base_layout); a figure that keeps more above its plot adds to it.
TITLE_MARGIN = 60


def base_layout(fig: FigureSpec, title: str, height: int) -> FigureSpec:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=18)),
        height=height,
        margin=dict(l=10, r=10, t=TITLE_MARGIN, b=10),
        font=FONT,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel=dict(font=dict(size=14)),
        xaxis=AXIS,
        yaxis=AXIS,
        legend=dict(font=dict(color=CHART_TEXT)),
    )
    return fig


def share_percent(share: float) -> str:
    return percent(share)


def percent_suffix() -> str:
    """What follows a number on a percentage axis: '%' in English, ' %' (no-break space) in French."""
    return percent(0.5).removeprefix("50")


def wrap_label(label: str, width: int = 12) -> str:
    """Break a long column label over lines so neighbouring labels do not overlap."""
    # Split at spaces only: a no-break space ("46\u00a0%", French) keeps its words on one line.
    words, lines, line = [w for w in label.split(" ") if w], [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


# ---- A chart for a hall (presenter mode and the offline story file): read on a projector at 1280×720 and on a
# phone at 390×844 alike, so every word is 16 px or more, category labels wrap short enough to leave room for
# their bars on a phone, and each margin holds the text printed in it.
HALL_TEXT = 18  # px: values on the bars, the body of the chart
HALL_SMALL = 16  # px: tick labels, legends, notes (the least a hall reads)
HALL_LABEL_CHARS = 26  # a category label wraps here: beside its bar on a phone, a few words a line
HALL_LINE = 1.25  # line height of wrapped text, in em
PLOTLY_LINE = 1.3  # the line height plotly gives the lines of a wrapped label, in em
# A legend entry's width: two entries share a row on a phone (a 370 px chart), all of them one row on a projector.
# Without it a phone's legend stacks one entry a row and takes the room the plot was sized with.
HALL_LEGEND_ENTRY = 130  # px, the text's part (its symbol takes 40 more)
HALL_LEGEND_ROW = 24  # px: one row of a hall legend (its 16 px text, the symbol and the gap under it)
_CHAR_EM = 0.58  # the average width of a character of the chart font, in em (Arial/Source Sans, digits included)


def text_width(text: str, size: int) -> int:
    """About how many px one line of ``text`` takes at ``size`` px (a margin must hold it whole)."""
    return int(max((len(line) for line in text.split("<br>")), default=0) * _CHAR_EM * size) + 1


def wrapped_lines(text: str) -> int:
    return text.count("<br>") + 1


def hall_legend_height(entries: list[str], per_row: int = 2) -> int:
    """The height a hall legend takes: ``per_row`` entries a row (on a phone two when the legend has the chart's
    width and HALL_LEGEND_ENTRY, one beside a plot that leaves it less; on a wide screen all), an entry wrapped
    over lines (a <br>) taking rows of its own."""
    if per_row >= len(entries):  # one row, as tall as its tallest entry
        rows = max((wrapped_lines(e) for e in entries), default=0)
    else:
        wrapped = [e for e in entries if wrapped_lines(e) > 1]
        rows = -(-(len(entries) - len(wrapped)) // per_row) + sum(wrapped_lines(e) for e in wrapped)
    return rows * HALL_LEGEND_ROW + 10


def hall_rows_height(labels: list[str], gap: int = 2) -> int:
    """The height the rows of a category axis need on a projector or a phone. The axis spaces its rows evenly, so
    every row gets the pitch the tallest pair of neighbouring labels needs (a three-line label beside a two-line
    one needs two and a half lines between their middles), not the average a sum of the rows would give."""
    lines = [wrapped_lines(label) for label in labels]
    pairs = [(a + b) / 2 for a, b in itertools.pairwise(lines)] or lines or [1]
    return int(len(labels) * (max(pairs) * HALL_SMALL * PLOTLY_LINE + gap))


def for_a_hall(fig: FigureSpec) -> None:
    """Type sizes for a hall on every part of the figure (ui.charts.show_figure puts its title above it as text)."""
    fig.update_layout(
        font=dict(size=HALL_TEXT),
        hoverlabel=dict(font=dict(size=HALL_SMALL)),
        legend=dict(font=dict(size=HALL_SMALL)),
    )
    fig.update_yaxes(tickfont=dict(size=HALL_SMALL), title=dict(font=dict(size=HALL_SMALL)))
    # Few ticks: a phone's narrow plot would otherwise print 0 20 40 60 80 on top of each other.
    fig.update_xaxes(tickfont=dict(size=HALL_SMALL), title=dict(font=dict(size=HALL_SMALL)), nticks=4)
    for item in fig.data:
        if item.get("type") in ("bar", "scatter") and (item.get("text") is not None):
            _merge(item, {"textfont": {"size": HALL_TEXT if item["type"] == "bar" else HALL_SMALL}})
    for note in fig.layout.get("annotations", []):
        _merge(note, {"font": {"size": HALL_SMALL}})
