"""The policy story as one self-contained HTML file: plotly.js and the base map embedded, every step, keyboard
navigation, no request to any server, so a presenter can open it from a laptop with no network."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from plotly.utils import PlotlyJSONEncoder

from components.core.i18n import _, current_language, percent
from components.core.paths import BASEMAP_FILE
from components.presentation.exports import STORY_TITLE, escape_html, html_table
from components.presentation.story import SHARE_COLUMN, SOURCE_COLUMN, StepContent

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+)\)")


def inline_markdown(text: str) -> str:
    """The little Markdown the story's sentences use (bold, italic, links), as escaped HTML."""
    out = escape_html(text)
    out = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _ITALIC.sub(r"<em>\1</em>", out)


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    from plotly.offline import get_plotlyjs

    topojson = BASEMAP_FILE.read_text(encoding="utf-8")
    return get_plotlyjs(), topojson


_CSS = """
*{box-sizing:border-box} body{margin:0;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;background:#fff}
header{display:flex;gap:.8rem;align-items:center;padding:.6rem 1.2rem;border-bottom:1px solid #ddd;height:3.4rem}
header button{font:inherit;font-size:1rem;padding:.35rem .9rem;border:1px solid #8a8f98;border-radius:.4rem;
background:#fff;cursor:pointer} header button.primary{background:#1b6ca8;color:#fff;border-color:#1b6ca8}
header button:focus-visible{outline:3px solid #1b6ca8;outline-offset:2px} #progress{font-size:1rem;color:#333}
main{padding:.4rem 1.6rem;max-width:1240px;margin:0 auto} section{display:none} section.current{display:block}
.eyebrow{color:#555;font-size:.95rem;margin:.2rem 0} h1{font-size:2rem;line-height:1.15;margin:.2rem 0 .4rem 0}
p{font-size:1.15rem;line-height:1.4;margin:.3rem 0} .figures{display:flex;gap:1rem;margin-top:.4rem}
.figures>*{flex:1;min-width:0} figure{margin:0} .chart-text{font-size:.875rem;color:#4a4a4a;margin:0}
.chart-title{font-size:1.1rem;font-weight:bold;margin:0 0 .2rem 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.metrics{display:grid;grid-template-columns:repeat(4,1fr);gap:.8rem;margin:.8rem 0}
.metric .label{color:#444;font-size:.95rem} .metric .value{font-size:2.1rem}
details{margin:.3rem 0;font-size:.95rem} summary{cursor:pointer;color:#1b6ca8}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem} th,td{border:1px solid #ccc;
padding:.25rem .45rem;text-align:left;vertical-align:top} th{background:#eef3f8} .note{color:#555;font-size:.9rem}
footer{color:#555;font-size:.85rem;padding:1rem 1.6rem}
.figures>figure.phone-only{display:none}
@media (max-width:640px){
header{gap:.5rem;padding:.4rem .6rem;height:3rem} header .note{display:none} main{padding:.3rem .7rem}
h1{font-size:1.35rem} p{font-size:1rem;line-height:1.3} .body{display:none} .eyebrow{font-size:.85rem}
/* One chart a slide, as in presenter mode: an option's map of where it was tried is left to the speaker. */
.figures{flex-direction:column;gap:.4rem} .figures>figure:nth-child(n+2){display:none} .chart-title{font-size:1rem}
.metrics{grid-template-columns:repeat(2,1fr);gap:.5rem;margin:.5rem 0} .metric .value{font-size:1.6rem}
.metric .label{font-size:.85rem}
/* A chart with a phone's own layout (the closing step's eleven options): each screen shows its own. */
.figures>figure.phone-only{display:block} .figures>figure.wide-only{display:none}}
@media print{header{display:none} section{display:block;page-break-after:always}}
"""

_JS = """
const sections = [...document.querySelectorAll('section')];
let current = 0;
const drawn = new Set();
function draw(index) {
  if (drawn.has(index)) return;
  drawn.add(index);
  sections[index].querySelectorAll('[data-figure]').forEach((div) => {
    const spec = JSON.parse(document.getElementById(div.dataset.figure).textContent);
    Plotly.newPlot(div, spec.data, spec.layout, {displaylogo: false, responsive: true,
      toImageButtonOptions: {format: 'png', scale: 2, filename: div.dataset.name}});
  });
}
function show(index) {
  current = Math.max(0, Math.min(sections.length - 1, index));
  sections.forEach((s, i) => s.classList.toggle('current', i === current));
  document.getElementById('progress').textContent = document.body.dataset.progress
    .replace('{number}', current + 1).replace('{total}', sections.length);
  document.getElementById('back').disabled = current === 0;
  document.getElementById('next').disabled = current === sections.length - 1;
  draw(current);
  history.replaceState(null, '', '#step=' + (current + 1));
}
document.getElementById('back').onclick = () => show(current - 1);
document.getElementById('next').onclick = () => show(current + 1);
document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const moves = {ArrowRight: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, PageUp: -1};
  if (event.key in moves) { event.preventDefault(); show(current + moves[event.key]); }
  else if (event.key === 'Home') { event.preventDefault(); show(0); }
  else if (event.key === 'End') { event.preventDefault(); show(sections.length - 1); }
});
const start = parseInt((location.hash.match(/step=(\\d+)/) || [])[1] || '1', 10);
show(isNaN(start) ? 0 : start - 1);
"""


def _section(content: StepContent, index: int, figures: list[str]) -> str:
    step = _("Step {number} of {total}").format(number=content.number, total=content.total)
    parts = [f"<section aria-label='{escape_html(step)}'>"]
    if content.eyebrow:
        parts.append(f"<p class='eyebrow'>{escape_html(content.eyebrow)}</p>")
    parts.append(f"<h1>{escape_html(content.title)}</h1>")
    if content.lead:
        parts.append(f"<p>{inline_markdown(content.lead)}</p>")
    for paragraph in content.body:  # on a phone the speaker says it (see the CSS), as in presenter mode
        parts.append(f"<p class='body'>{inline_markdown(paragraph)}</p>")
    if content.metrics:
        parts.append(
            "<div class='metrics'>"
            + "".join(
                f"<div class='metric'><div class='label'>{escape_html(label)}</div>"
                f"<div class='value'>{escape_html(value)}</div></div>"
                for label, value, _ in content.metrics
            )
            + "</div>"
        )
    if content.figures:
        parts.append("<div class='figures'>")
        for key, figure in content.figures:
            # A chart with a layout of its own for a phone: each shown on its own screen only (see the CSS).
            alternative = content.phone_figure if content.phone_figure and key == content.figures[0][0] else None
            parts.append(_figure(content.number, key, figure, figures, "wide-only" if alternative else ""))
            if alternative:
                parts.append(_figure(content.number, key, alternative[1], figures, "phone-only"))
        parts.append("</div>")
    # The numbers and the note behind the step fold away, so a step is one screen on a projector or a phone.
    behind = []
    if content.table is not None and len(content.table):
        table = content.table.copy()
        if SHARE_COLUMN() in table:
            table[SHARE_COLUMN()] = table[SHARE_COLUMN()].map(percent)
        behind.append(html_table(table, link_column=SOURCE_COLUMN()))
    if content.note:
        behind.append(f"<p class='note'>{inline_markdown(content.note)}</p>")
    if behind:
        summary = escape_html(_("Numbers behind this chart"))
        parts.append(f"<details><summary>{summary}</summary>{''.join(behind)}</details>")
    parts.append("</section>")
    return "".join(parts)


def _figure(number: int, key: str, figure: dict, figures: list[str], css_class: str = "") -> str:
    """One chart of a step as a <figure>, its spec appended to ``figures`` (drawn when its step is shown)."""
    spec_id = f"spec{len(figures)}"
    layout = figure.get("layout", {})
    height = layout.get("height", 400)
    # The chart's title as text above it, which wraps on a narrow screen (plotly's title never does).
    title = (layout.get("title") or {}).get("text") or ""
    if title:
        margin = {**layout.get("margin", {}), "t": 8}
        figure = {**figure, "layout": {**layout, "title": {"text": ""}, "margin": margin}}
    heading = f"<p class='chart-title'>{escape_html(title.replace('<br>', ' '))}</p>" if title else ""
    figures.append(
        f"<script type='application/json' id='{spec_id}'>"
        + json.dumps(figure, cls=PlotlyJSONEncoder).replace("</", "<\\/")
        + "</script>"
    )
    chart = (
        f"<div data-figure='{spec_id}' data-name='atlas_story_step{number}_{escape_html(key)}' "
        f"style='height:{height}px'></div>"
    )
    opening = f"<figure class='{css_class}'" if css_class else "<figure"
    # The sentence the figure builder wrote (components.presentation.chart_text) is the chart's caption, and its
    # description for screen readers, as under every chart in the app.
    description = (layout.get("meta") or {}).get("description", "")
    if not description:
        return f"{opening}>{heading}{chart}</figure>"
    # Read out, not shown: the step must fit one screen (as in presenter mode).
    text_id = f"{spec_id}_text"
    return (
        f"{opening} aria-describedby='{text_id}'>{heading}{chart}"
        f"<figcaption class='chart-text sr-only' id='{text_id}'>{escape_html(description)}</figcaption>"
        "</figure>"
    )


def story_html(contents: list[StepContent], footer: str, title: str = "") -> str:
    plotly_js, topojson = _assets()
    figures: list[str] = []
    sections = "".join(_section(c, i, figures) for i, c in enumerate(contents))
    title = title or _(STORY_TITLE)
    # The progress line is written by the file's script: the words come from here, the numbers from the script.
    progress = _("Step {number} of {total}")
    back, forward = _("◀ Back"), _("Next ▶")
    keys = _("Keys: → PageDown Space next · ← PageUp back · Home End")
    return (
        f"<!DOCTYPE html><html lang='{current_language()}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{escape_html(title)}</title>"
        f"<style>{_CSS}</style>"
        # The base map travels inside the file: plotly.js looks here before fetching a topojson.
        f"<script>window.PlotlyGeoAssets={{topojson:{{'world_110m':{topojson}}}}};</script>"
        f"<script>{plotly_js}</script></head><body data-progress='{escape_html(progress)}'>"
        f"<header><button id='back' type='button'>{escape_html(back)}</button>"
        f"<button id='next' class='primary' type='button'>{escape_html(forward)}</button><span id='progress'></span>"
        f"<span class='note'>{escape_html(keys)}</span></header>"
        f"<main>{sections}</main><footer>{footer}</footer>" + "".join(figures) + f"<script>{_JS}</script></body></html>"
    )
