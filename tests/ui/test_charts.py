"""The words around a chart: a title's lines in title type and in small print, and a first line too long for a
phone's chart cut into lines with room made for them above the plot."""

import plotly.graph_objects as go

from ui.charts import PHONE_HEAD_CHARS, title_lines, with_selection_and_credit


def test_title_lines_tell_title_type_from_small_print():
    title = "Doctors abroad and studies of why they leave<br><sup>2018 (United States: 2016)<br>stock</sup>"
    assert title_lines(title) == (
        ["Doctors abroad and studies of why they leave"],
        ["<sup>2018 (United States: 2016)", "stock</sup>"],
    )
    assert title_lines("Studies reporting it<br>(n = 11)") == (["Studies reporting it", "(n = 11)"], [])
    assert title_lines("") == ([], [])


def _figure(title: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=[1], y=["a"], orientation="h"))
    meta = dict(credit="Atlas · source: NHS", selection=False)
    fig.update_layout(title=dict(text=title), margin=dict(t=70), meta=meta)
    return fig


def test_a_first_line_too_long_for_a_phone_is_cut_and_the_plot_moves_down_for_it():
    head = "NHS England nurses and health visitors by nationality"
    assert len(head) > PHONE_HEAD_CHARS
    fig = _figure(f"{head}<br><sup>2018-06-30, England only</sup>")
    with_selection_and_credit(fig, ("all studies", 198))
    lines = fig.layout.title.text.split("<br>")
    assert lines == ["NHS England nurses and health visitors by", "nationality", "<sup>2018-06-30, England only</sup>"]
    assert all(len(line) <= PHONE_HEAD_CHARS for line in lines[:2])
    # 8 px above, two more lines of title type (23 px each), a last line in small print (17), 8, one source line
    # (15) and 10 below it.
    assert fig.layout.margin.t == 8 + 47 + 17 + 8 + 15 + 10
    assert fig.layout.title.yref == "container"


def test_a_short_title_keeps_plotlys_own_placement():
    fig = _figure("Doctors abroad by country of training<br><sup>2018</sup>")
    with_selection_and_credit(fig, ("all studies", 198))
    assert fig.layout.title.text == "Doctors abroad by country of training<br><sup>2018</sup>"
    assert fig.layout.title.yref is None


def test_a_heatmap_keeps_the_room_for_its_upright_column_headers_under_a_long_title(evidence):
    """The rotated cadre headers sit above the plot: a title laid out line by line goes above them, never over
    them (seen: "Doctors n=13" drawn over the source line on /drivers, By cadre, Nigeria, 1280×800)."""
    from components.analysis.aggregations import driver_share_by_cadre
    from components.presentation.figures import driver_heatmap

    title = "Reasons to leave: share of studies of each cadre reporting each driver"
    assert len(title) > PHONE_HEAD_CHARS
    table = driver_share_by_cadre(evidence)
    fig = driver_heatmap(table[table["driver_group"] == "migration"], title)
    room = fig.layout.meta["headroom"]
    assert room > 100  # nine upright cadre names
    without = go.Figure(fig)
    without.update_layout(meta={k: v for k, v in fig.layout.meta.items() if k != "headroom"})
    for figure in (fig, without):
        with_selection_and_credit(figure, ("from Nigeria", 25))
    assert fig.layout.margin.t == without.layout.margin.t + room


def test_a_long_selection_is_cut_into_lines_a_phone_holds_and_the_plot_moves_down_for_each():
    from ui.charts import PHONE_SELECTION_CHARS

    selection = "origine Ghana · Personnel infirmier (avec étudiants en soins infirmiers)"
    fig = go.Figure(go.Bar(x=[1], y=["a"], orientation="h"))
    fig.update_layout(title=dict(text="Part des études citant chaque facteur<br>(n = 6 études)"), margin=dict(t=175))
    with_selection_and_credit(fig, (selection, 6))
    _large, small = title_lines(fig.layout.title.text)
    assert len(small) == 2 and all(
        len(line.removeprefix("<sup>").removesuffix("</sup>")) <= PHONE_SELECTION_CHARS for line in small
    )
    assert " ".join(line.removeprefix("<sup>").removesuffix("</sup>") for line in small) == selection
    assert fig.layout.margin.t == 175 + 32 * 2 + 18 + 14 * (len(fig.layout.title.subtitle.text.split("<br>")) - 1)
