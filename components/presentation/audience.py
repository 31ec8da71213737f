"""The audience view: one light page per step of the policy story, for the phones in a hall (issue #29).

It shows what the story's step shows (components.presentation.story builds it; nothing here repeats the content):
the title, the headline figure, the step's chart as an SVG image drawn beforehand, its text alternative, the
source, previous and next, and a link to the full interactive view. No plotly.js, no Streamlit session: a few kB of
HTML, and a few lines of script that follow the presenter when the page was opened from a talk's link.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from urllib.parse import urlsplit

from components.core.i18n import LANGUAGE_NAMES, LANGUAGES, _, ngettext, use_language
from components.presentation.exports import escape_html
from components.presentation.story import StepContent
from components.presentation.story_file import inline_markdown

PREFIX = "/audience"
ALL_COUNTRIES = "all"  # the lens part of an address when no country lens is on
# Everything a cold phone fetches for one step (HTML, styles, script, chart) may weigh this much over the wire.
PAGE_BUDGET_BYTES = 150_000
TALK_ID = re.compile(r"[a-z0-9]{6}")
# How often a following phone asks whether the presenter moved (the document answers 304 while nothing changed).
POLL_MS = 1000
# The address people reach the atlas by (e.g. https://atlas.example.org), for the QR code, the short link and "Copy
# link to this view"; unset, it is the address the presenter's browser used.
PUBLIC_URL_VARIABLE = "ATLAS_PUBLIC_URL"
# The QR code's size on the projector: a 1280×720 screen, read from the back of a hall (about 15 m away, a code
# of about a third of the screen's height is read by a phone camera at that distance).
QR_SIZE_PX = 380


def page_path(lang: str, lens: str | None, step: int) -> str:
    return f"{PREFIX}/{lang}/{lens or ALL_COUNTRIES}/{step}"


def talk_document_path(talk: str) -> str:
    return f"{PREFIX}/talk/{talk}.json"


def short_path(talk: str) -> str:
    """The short link of a talk, for the projector: it leads to the presenter's current step."""
    return f"/t/{talk}"


def public_base_url(environ: Mapping[str, str], page_url: str | None) -> tuple[str, str]:
    """The base of every link given to others (no trailing slash), and a problem to show if the configured one is
    not an address: the configured public URL, else the scheme and host of the address the page was opened by."""
    configured = (environ.get(PUBLIC_URL_VARIABLE) or "").strip().rstrip("/")
    problem = ""
    if configured:
        parts = urlsplit(configured)
        if parts.scheme in ("http", "https") and parts.netloc:
            return configured, ""
        problem = _("{variable} is not an http(s) address and is ignored: {value}").format(
            variable=PUBLIC_URL_VARIABLE, value=configured
        )
    parts = urlsplit(page_url or "")
    return (f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""), problem


def is_loopback(url: str) -> bool:
    """An address only the computer it runs on can open (a phone in the hall cannot)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def readable_link(url: str) -> str:
    """A link as a person reads it aloud or types it: without http:// (phones add it)."""
    return re.sub(r"^https?://", "", url)


def qr_image(url: str, label: str) -> str:
    """The QR code of ``url`` as an HTML image named ``label``, QR_SIZE_PX wide: an SVG drawn by segno (offline),
    inlined as a data address (Streamlit's HTML element keeps images, not inline SVG)."""
    import base64

    import segno

    svg = segno.make(url, error="m").svg_inline(border=4, dark="#000", light="#fff", omitsize=True)
    # omitsize gives a viewBox and no size: the code scales to QR_SIZE_PX, its modules crisp at any size.
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges" ', 1)
    data = base64.b64encode(svg.encode()).decode()
    return (
        f'<img src="data:image/svg+xml;base64,{data}" width="{QR_SIZE_PX}" height="{QR_SIZE_PX}" '
        f'alt="{escape_html(label)}">'
    )


def full_view_path(lang: str, lens: str | None, step: int) -> str:
    query = [f"step={step}"] + ([f"lens={lens}"] if lens else []) + ([f"lang={lang}"] if lang != "en" else [])
    return "/policy?" + "&".join(query)


def chart_for_phone(figures: list[tuple[str, dict]]) -> tuple[dict | None, list[list[str]]]:
    """The step's chart as drawn for a phone, and the notes that leave it: the first chart that is not a map (a
    world map weighs more than the rest of the page), without its title (the page prints it, wrapped, above the
    image); notes written beside or under the plot (a wide screen's margins) become text under the image, where
    they wrap, as lines; long axis titles wrap."""
    for _key, candidate in figures:
        layout = dict(candidate.get("layout", {}))
        if "geo" in layout:
            continue
        layout["title"] = {"text": ""}
        axes = [name for name in layout if re.fullmatch(r"[xy]axis\d*", name) and isinstance(layout[name], dict)]
        right = max((layout[name].get("domain", [0, 1])[1] for name in axes if name[0] == "x"), default=1)
        inside: list[dict] = []
        notes: list[dict] = []
        for note in layout.get("annotations") or []:
            (notes if _outside_plot(note, right) else inside).append(note)
        layout["annotations"] = inside
        if notes:  # the plot takes the width the notes had
            for name in axes:
                if name[0] == "x" and "domain" in layout[name]:
                    layout[name] = {**layout[name], "domain": [0, 1]}
        margin = dict(layout.get("margin") or {})
        margin["t"] = 10
        if notes:
            margin["r"] = min(int(margin.get("r", 20)), 20)
            margin["b"] = min(int(margin.get("b", 60)), 60)
        layout["margin"] = margin
        extra_lines = 0
        for name in axes:
            layout[name], added = _wrapped_title(layout[name])
            extra_lines += added if name[0] == "x" else 0
        legend = dict(layout.get("legend") or {})
        if extra_lines and float(legend.get("y", 1)) < 0:  # a legend under the plot makes room for the title's lines
            layout["legend"] = {**legend, "y": float(legend["y"]) - 0.08 * extra_lines}
            margin["b"] = int(margin.get("b", 60)) + 24 * extra_lines
        lines = [[_plain(line) for line in re.split(r"<br\s*/?>", str(n.get("text", "")))] for n in notes]
        data = candidate.get("data", [])
        font = float((layout.get("font") or {}).get("size", 14))
        if any(t.get("type") == "bar" and t.get("orientation") == "h" for t in data):
            yaxis = dict(layout.get("yaxis") or {})
            if yaxis.get("ticktext"):  # the labels shown are the tick texts; the bars keep their keys
                yaxis["ticktext"] = _wrapped(yaxis["ticktext"])
                shown = yaxis["ticktext"]
            else:
                data = [_wrapped_categories(trace) for trace in data]
                if yaxis.get("categoryarray"):
                    yaxis["categoryarray"] = _wrapped(yaxis["categoryarray"])
                shown = [y for t in data for y in t.get("y") or []]
            layout["yaxis"] = {**yaxis, "automargin": False}
            longest = max((len(line) for label in shown for line in str(label).split("<br>")), default=0)
            margin["l"] = int(longest * font * CHAR_WIDTH) + 16
            margin["r"] = max(int(margin.get("r", 0)), 44)  # the value printed after the longest bar
            margin["b"] = max(int(margin.get("b", 0)), int(font * 4))  # the value axis: ticks and title
        elif any(isinstance(layout.get(name, {}).get("title"), dict) and name.startswith("yaxis") for name in axes):
            margin["l"] = max(int(margin.get("l", 0)), int(font * 4.5))
            # Plotly's automatic margins give up on a phone-wide chart and cut the labels: the margin is set here.
            for name in axes:
                if name[0] == "y":
                    layout[name] = {**layout[name], "automargin": False}
        return {**candidate, "data": data, "layout": layout}, lines
    return None, []


def _outside_plot(note: dict, right: float = 1) -> bool:
    """A note in the margins, or beside a plot that leaves the right of the chart to notes."""

    def outside(ref: str, value, end: float, anchor: str, before: str) -> bool:
        if not str(note.get(ref, "")).startswith("paper"):
            return False  # placed on the data (a category's name, say), not in the margins
        position = float(value if value is not None else 0.5)
        return not 0 <= position < end or (position == 0 and note.get(anchor) == before)

    return outside("xref", note.get("x"), right if right < 1 else 1.0001, "xanchor", "right") or outside(
        "yref", note.get("y"), 1.0001, "yanchor", "top"
    )


PHONE_BAR_LABEL_CHARS = 22  # a horizontal bar's label wraps past this, so the bars keep most of a phone's width
CHAR_WIDTH = 0.56  # an average character's width in a sans-serif font, as a share of the font size


def _wrapped_categories(trace: dict) -> dict:
    """A horizontal bar chart's labels (on every trace that shares them) wrapped for a phone."""
    values = trace.get("y")
    if values is None or (trace.get("type") == "bar" and trace.get("orientation") != "h"):
        return trace
    values = list(values)
    if not all(isinstance(y, str) for y in values):
        return trace
    return {**trace, "y": _wrapped(values)}


def _wrapped(labels) -> list:
    return ["<br>".join(textwrap.wrap(y, PHONE_BAR_LABEL_CHARS)) or y if isinstance(y, str) else y for y in labels]


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).strip()


PHONE_AXIS_TITLE_CHARS = 36  # about what fits across a phone-wide chart


def _wrapped_title(axis: dict) -> tuple[dict, int]:
    """The axis with its title wrapped for a phone, and how many lines the wrapping added."""
    title = axis.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if not text or len(_plain(str(text))) <= PHONE_AXIS_TITLE_CHARS or "<br" in str(text):
        return axis, 0
    lines = textwrap.wrap(str(text), PHONE_AXIS_TITLE_CHARS)
    wrapped = "<br>".join(lines)
    return {**axis, "title": {**title, "text": wrapped} if isinstance(title, dict) else {"text": wrapped}}, len(
        lines
    ) - 1


def figure_title(figure: dict) -> str:
    title = figure.get("layout", {}).get("title") or {}
    return title.get("text", "") if isinstance(title, dict) else str(title)


def figure_description(figure: dict) -> str:
    return (figure.get("layout", {}).get("meta") or {}).get("description", "")


_CSS = """
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:#111;background:#fff;line-height:1.45}header,main,nav,footer{max-width:42rem;margin:0 auto;padding:0 1rem}
header{display:flex;justify-content:space-between;gap:1rem;padding-top:.6rem;font-size:.95rem}
a{color:#0b5c93}a:focus-visible,button:focus-visible{outline:3px solid #1b6ca8;outline-offset:2px}
.progress,.eyebrow{color:#444;font-size:.95rem;margin:.6rem 0 0}
h1{font-size:1.5rem;line-height:1.25;margin:.3rem 0 .6rem}
.lead{font-size:1.05rem}.metrics{display:grid;grid-template-columns:1fr 1fr;gap:.6rem;margin:.6rem 0;padding:0;
list-style:none}.metrics li{border-left:3px solid #1b6ca8;padding-left:.5rem}.metrics b{display:block;font-size:1.6rem}
figure{margin:.8rem 0}figure h2{font-size:1rem;margin:0 0 .3rem}figure svg{width:100%;height:auto;display:block}
figcaption{font-size:.9rem;color:#333}.source{font-size:.85rem;color:#444}
nav{display:flex;justify-content:space-between;gap:1rem;margin:1rem auto;font-size:1.1rem}
nav a{padding:.5rem .9rem;border:1px solid #0b5c93;border-radius:.4rem;text-decoration:none}
#follow{margin:.6rem 0;padding:.5rem .8rem;background:#eef3f8;border-radius:.4rem}
#follow a{display:inline-block;padding:.4rem .9rem;border-radius:.4rem;background:#0b5c93;color:#fff;
text-decoration:none}[hidden]{display:none!important}footer{font-size:.85rem;color:#444;padding-bottom:1.5rem}
"""

# Follows a talk on a page opened from its short link (with_talk below adds the talk's box): asks for the talk's
# document every POLL_MS (the browser revalidates it, so an unchanged one costs a 304) and moves to the presenter's
# step: the step's page, prefetched when it is the next one (a talk goes forward), replaces this one's body in place
# (no new navigation: quicker on a slow phone; the address follows). A page the reader reached by previous or next
# is "away" and does not move; its "Follow the presenter" link (the short link, a plain link that works without
# JavaScript too) comes back.
_JS = """
(()=>{const b0=document.getElementById('follow');if(!b0||b0.dataset.away==='1')return;const d=document.body.dataset,
t=b0.dataset.talk,at=(lens,n)=>d.prefix+'/'+d.lang+'/'+lens+'/'+n+'?talk='+t;let busy=false;
const setup=()=>{const b=document.getElementById('follow'),s=document.createElement('span');s.setAttribute('role',
'status');s.textContent=d.following;b.querySelector('a').hidden=true;b.prepend(s);const n=+d.step+1;if(n<=+d.total){
const l=document.createElement('link');l.rel='prefetch';l.href=at(d.lens,n);document.head.append(l)}};
const swap=u=>fetch(u).then(r=>{if(!r.ok)throw 0;return r.text()}).then(h=>{const p=new DOMParser()
.parseFromString(h,'text/html');Object.assign(d,p.body.dataset);document.title=p.title;
document.documentElement.lang=p.documentElement.lang;document.body.replaceChildren(...p.body.childNodes);
history.replaceState(null,'',u);scrollTo(0,0);setup()}).catch(()=>location.replace(u)).finally(()=>{busy=false});
const go=doc=>{if(!doc.live||busy)return;const lens=doc.lens||'all';
if(String(doc.step)!==d.step||lens!==d.lens){busy=true;swap(at(lens,doc.step))}};
const poll=()=>fetch(d.prefix+'/talk/'+t+'.json',{cache:'no-cache'}).then(r=>r.ok?r.json():null)
.then(doc=>{if(doc)go(doc)}).catch(()=>{});setup();poll();setInterval(poll,+d.poll)})();
"""
_TALK_MARK = "<!--talk-->"


def with_talk(page: str, talk: str, away: bool, lang: str) -> str:
    """A step's page (from audience_html) opened from a talk's link: the talk's box (a plain link to the
    presenter's step; the script makes a following page move by itself), and links that keep the talk (previous
    and next step away from it). ``talk`` matches TALK_ID."""
    with use_language(lang):
        follow_label = _("Follow the presenter")
    query = f"?talk={talk}" + ("&amp;away=1" if away else "")
    page = re.sub(r"(<a rel='(?:prev|next)' data-step='\d+' href='[^'?]*)'", rf"\1?talk={talk}&amp;away=1'", page)
    page = re.sub(r"(<a lang='\w+' hreflang='\w+' href='[^'?]*)'", rf"\1{query}'", page)
    box = (
        f"<p id='follow' data-talk='{talk}' data-away='{int(away)}'>"
        f"<a href='{short_path(talk)}'>{escape_html(follow_label)}</a></p>"
    )
    return page.replace(_TALK_MARK, box, 1)


def _svg_with_text(svg: str, text_id: str) -> str:
    """The chart's SVG as an image named by its caption (for screen readers), without a fixed size."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip())
    return re.sub(
        r"<svg\b([^>]*?)\swidth=\"[\d.]+\"\sheight=\"[\d.]+\"",
        rf'<svg\1 role="img" aria-labelledby="{text_id}"',
        svg,
        count=1,
    )


def audience_html(
    content: StepContent,
    lang: str,
    lens: str | None,
    chart_svg: str = "",
    chart_title: str = "",
    chart_text: str = "",
    source_line: str = "",
    chart_notes: list[list[str]] | None = None,
) -> str:
    """One step's audience page (in the current language, which is ``lang``)."""
    step, total = content.number, content.total
    # Words outside the f-strings below, where the message extractor sees them.
    previous, following_word, full_view, steps_word = _("Previous"), _("Next"), _("Full interactive view"), _("Steps")
    progress = _("Step {number} of {total}").format(number=step, total=total)
    parts = [f"<p class='progress'>{escape_html(progress)}</p>"]
    if content.eyebrow:
        parts.append(f"<p class='eyebrow'>{escape_html(content.eyebrow)}</p>")
    parts.append(f"<h1>{escape_html(content.title)}</h1>")
    parts.append(_TALK_MARK)
    if content.lead:
        parts.append(f"<p class='lead'>{inline_markdown(content.lead)}</p>")
    if content.metrics:
        parts.append(
            "<ul class='metrics'>"
            + "".join(
                f"<li><b>{escape_html(value)}</b>{escape_html(label)}</li>" for label, value, _help in content.metrics
            )
            + "</ul>"
        )
    if chart_svg:
        parts.append(
            f"<figure><h2>{escape_html(chart_title)}</h2>{_svg_with_text(chart_svg, 'chart-text')}"
            + "".join(
                "<p class='source'>" + "<br>".join(escape_html(line) for line in lines if line) + "</p>"
                for lines in chart_notes or []
            )
            + f"<figcaption id='chart-text'>{escape_html(chart_text)}</figcaption></figure>"
        )
    for paragraph in content.body:
        parts.append(f"<p>{inline_markdown(paragraph)}</p>")
    if content.note:
        parts.append(f"<p class='source'>{inline_markdown(content.note)}</p>")
    if source_line:
        parts.append(f"<p class='source'>{escape_html(source_line)}</p>")
    nav = []
    if step > 1:
        nav.append(
            f"<a rel='prev' data-step='{step - 1}' href='{page_path(lang, lens, step - 1)}'>"
            f"<span aria-hidden='true'>◀ </span>{escape_html(previous)}</a>"
        )
    else:
        nav.append("<span></span>")
    if step < total:
        nav.append(
            f"<a rel='next' data-step='{step + 1}' href='{page_path(lang, lens, step + 1)}'>"
            f"{escape_html(following_word)}<span aria-hidden='true'> ▶</span></a>"
        )
    other = [code for code in LANGUAGES if code != lang]
    switch = " ".join(
        f"<a lang='{code}' hreflang='{code}' href='{page_path(code, lens, step)}'>{LANGUAGE_NAMES[code]}</a>"
        for code in other
    )
    title = _("Health Worker Migration Atlas")
    data = {
        "step": str(step),
        "total": str(total),
        "lens": lens or ALL_COUNTRIES,
        "lang": lang,
        "prefix": PREFIX,
        "poll": str(POLL_MS),
        "following": _("Following the presenter."),
    }
    attributes = " ".join(f"data-{key}='{escape_html(value)}'" for key, value in data.items())
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape_html(content.title)} · {escape_html(title)}</title><style>{_CSS}</style></head>"
        f"<body {attributes}><header><a href='{escape_html(full_view_path(lang, lens, step))}'>"
        f"{escape_html(full_view)}</a>{switch}</header>"
        f"<main>{''.join(parts)}</main><nav aria-label='{escape_html(steps_word)}'>{''.join(nav)}</nav>"
        f"<footer>{escape_html(title)}</footer><script>{_JS}</script></body></html>"
    )


def source_line(n_studies: int, description: str) -> str:
    """The credit under every step: the atlas, how many studies, which ones."""
    studies = ngettext("{n} study", "{n} studies", n_studies).format(n=n_studies)
    return _("Source: Health Worker Migration Atlas · {studies} · {selection}").format(
        studies=studies, selection=description
    )


def talk_document(step: int, lang: str, lens: str | None, live: bool) -> bytes:
    """What a presenter publishes for the phones: a few bytes, rewritten only when they change. Phones that follow
    take the step and the lens; each keeps its own language (the short link opens in the presenter's)."""
    doc = {"step": step, "lang": lang, "lens": lens or ALL_COUNTRIES, "live": live}
    return json.dumps(doc, separators=(",", ":")).encode()
