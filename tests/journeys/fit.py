"""What "a step fits the screen" means, measured in the browser: the bounding boxes of the title, the text, the
metrics, the charts (and every label drawn inside them) and the controls lie inside the viewport and do not
overlap, and the title is whole (wrapped, never cut with "…"). Used by the fit test and the talk journeys, for
presenter mode and for the offline story file alike."""

# Boxes are collected in the page: one list of named boxes per step, and the problems found.
_MEASURE = """(where) => {
  const W = window.innerWidth, H = window.innerHeight, problems = [];
  const box = (el) => el.getBoundingClientRect();
  const shown = (el) => { const r = box(el); const s = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.display !== 'none'
      && el.offsetParent !== null || (el instanceof SVGElement && r.width > 0 && r.height > 0); };
  const name = (el) => (el.innerText || el.textContent || el.tagName).trim().replace(/\\s+/g, ' ').slice(0, 50);
  const inside = (r, o, slack = 1) => r.left >= o.left - slack && r.right <= o.right + slack
    && r.top >= o.top - slack && r.bottom <= o.bottom + slack;
  const screen = {left: 0, top: 0, right: W, bottom: H};
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  const app = where === 'app';
  const root = app ? document.querySelector('[data-testid="stMainBlockContainer"]')
                   : document.querySelector('section.current');
  const blocks = app
    ? [...root.querySelectorAll('[data-testid="stElementContainer"]')]
        .filter(e => !e.querySelector('[data-testid="stElementContainer"]') && shown(e))
    : [...document.querySelectorAll('header button, #progress')].concat(
        [...root.children].flatMap(e => e.matches('.figures, .metrics') ? [...e.children] : [e])).filter(shown);
  const titles = [...root.querySelectorAll('h1')].filter(shown);
  if (titles.length !== 1) problems.push(`${titles.length} titles`);
  for (const title of titles) {
    if (title.scrollWidth > title.clientWidth + 1 || /…$/.test(title.innerText.trim())
        || getComputedStyle(title).textOverflow === 'ellipsis' && getComputedStyle(title).whiteSpace === 'nowrap')
      problems.push(`title cut: ${name(title)}`);
  }
  for (const el of blocks.concat(titles)) {
    if (!inside(box(el), screen)) {
      const r = box(el);
      problems.push(`outside the screen: ${name(el)} [${Math.round(r.left)},${Math.round(r.top)},`
                    + `${Math.round(r.right)},${Math.round(r.bottom)}]`);
    }
  }
  for (let i = 0; i < blocks.length; i++)
    for (let j = i + 1; j < blocks.length; j++)
      if (!blocks[i].contains(blocks[j]) && !blocks[j].contains(blocks[i]) && overlap(box(blocks[i]), box(blocks[j])))
        problems.push(`overlap: ${name(blocks[i])} / ${name(blocks[j])}`);
  // Every label a chart draws lies inside the chart (and so on the screen), whole, and apart from the others.
  const charts = [...root.querySelectorAll('.js-plotly-plot')].filter(shown);
  for (const chart of charts) {
    const frame = box(chart);
    const labels = [...chart.querySelectorAll(
      '.ytick text, .xtick text, .textpoint text, .bartext, .gtitle, .legendtext, .annotation-text, .g-xtitle text,'
      + ' .g-ytitle text')].filter(t => box(t).width > 0 && (t.textContent || '').trim());
    for (const label of labels)
      if (!inside(box(label), frame, 2) || !inside(box(label), screen))
        problems.push(`chart label cut: "${name(label)}" in ${name(chart.querySelector('.gtitle') || chart)}`);
    const ticks = labels.filter(t => t.closest('.ytick') || t.closest('.xtick') || t.matches('.g-ytitle text'));
    for (let i = 0; i < ticks.length; i++)
      for (let j = i + 1; j < ticks.length; j++)
        if (overlap(box(ticks[i]), box(ticks[j])))
          problems.push(`labels overlap: "${name(ticks[i])}" / "${name(ticks[j])}"`);
  }
  return {problems, charts: charts.length, blocks: blocks.length};
}"""


def fit_problems(page, where: str = "app") -> list[str]:
    """What does not fit on the step shown (``where``: "app" for the atlas, "file" for the offline story file)."""
    result = page.evaluate(_MEASURE, where)
    return result["problems"]


def wait_for_charts(page, where: str = "app", at_least: int = 0) -> None:
    """Wait until every chart of the step (``at_least`` of them) is drawn (plotly puts its main SVG in place)."""
    charts = '[data-testid="stMainBlockContainer"] [data-testid="stPlotlyChart"]'
    drawn = ".main-svg text"  # the app mounts a chart's SVG before its text
    if where == "file":
        charts, drawn = "section.current [data-figure]", ".main-svg"
    page.wait_for_function(
        # A chart hidden on this screen (a phone's own layout of a chart, or the wide one on a phone) is not waited for.
        f"""() => {{ const all = [...document.querySelectorAll('{charts}')].filter(c => c.offsetParent !== null);
            return all.length >= {at_least} && all.every(c => c.querySelector('{drawn}')); }}""",
        timeout=20_000,
    )
    next_frame(page)


def next_frame(page) -> None:
    """Wait until the browser has drawn twice more: what the charts just placed is laid out and painted."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# A chart's own words, wherever the chart is on the page: its title and source lines lie inside the chart, whole,
# and above its plot, where no bar or point covers them.
_CHART_WORDS = """(chart) => {
  const box = (el) => el.getBoundingClientRect(), problems = [];
  const frame = box(chart), plot = chart.querySelector('.nsewdrag, .geo .bg');
  const name = (el) => (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  const title = chart.querySelector('.gtitle'), credit = chart.querySelector('.gtitle-subtitle');
  // The names a chart writes beside its points are whole and apart.
  const notes = [...chart.querySelectorAll('.annotation-text-g')];
  for (const words of [title, credit, ...notes].filter(Boolean)) {
    const r = box(words);
    if (r.left < frame.left - 2 || r.right > frame.right + 2)
      problems.push(`cut at the chart's edge: "${name(words)}"`);
    if (plot && !notes.includes(words) && r.bottom > box(plot).top + 1)
      problems.push(`runs into the plot: "${name(words)}"`);
  }
  if (title && credit && box(title).bottom > box(credit).top + 1)
    problems.push(`title over its source: "${name(title)}"`);
  for (let i = 0; i < notes.length; i++) {
    const a = box(notes[i]);
    for (let j = i + 1; j < notes.length; j++) {
      const b = box(notes[j]);
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
          && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1)
        problems.push(`names meet: "${name(notes[i])}" / "${name(notes[j])}"`);
    }
  }
  return problems;
}"""


def chart_word_problems(chart) -> list[str]:
    """What is wrong with the title and source lines of one drawn chart (a Playwright locator)."""
    return chart.evaluate(_CHART_WORDS)
