"""Entry point: page config, navigation, and the one per-run call that prepares the shared state."""

import contextlib

import streamlit as st

from components import use_object_strings
from components.core.i18n import _
from components.tables.problems import EvidenceError
from ui import internals, markup, session, sidebar, talk
from ui.controls import page_behaviour
from ui.url import OWN_SELECTION, resume_query

use_object_strings()  # before any data is read, in this run and every later one
internals.start_session_reaper()  # once per server: closed tabs' sessions are shut down when their time is up
internals.keep_new_downloads()  # once per server: a pressed download's file outlives other sessions' sweeps


def pages() -> list:
    """The pages, titled in the run's language (start_run sets it before it calls this)."""
    st.set_page_config(page_title=_("Health Worker Migration Atlas"), page_icon="🌍", layout="wide")
    return [
        st.Page("pages/overview.py", title=_("Overview"), default=True),
        st.Page("pages/map.py", title=_("Map"), url_path="map"),
        st.Page("pages/drivers.py", title=_("Drivers"), url_path="drivers"),
        st.Page("pages/policy.py", title=_("Policy story"), url_path="policy"),
        st.Page("pages/studies.py", title=_("Studies"), url_path="studies"),
        st.Page("pages/methods.py", title=_("Methods and data"), url_path="methods"),
    ]


# Less empty space above the content, so a chart fits on a 1280×720 projector without scrolling. Keyboard focus
# must always show: Streamlit draws no ring on navigation links, select boxes or a focused data grid.
st.html(
    "<style>@media (min-width: 640px) {[data-testid='stMainBlockContainer']{padding-top:2.2rem;}"
    " h1{padding-top:0.4rem !important;}}"
    " a:focus-visible, [data-testid='stDataFrame']:focus-within,"
    " :is([data-testid='stSelectbox'], [data-testid='stMultiSelect']) > div > div:has(input:focus-visible)"
    " {outline:3px solid #1b6ca8 !important; outline-offset:2px;}"
    # On a phone, plotly's toolbar shows once the chart is touched and stays over the chart's title; the camera
    # is a desktop tool. On phones the ranking's names and legend take slightly smaller type: with few studies the
    # shares' column ("67% (4 of 6)") leaves the names less room than plotly would take from its bars.
    " @media (max-width: 640px) {.modebar-container{display:none !important;}}"
    " @media (max-width: 400px) {.st-key-ranking_chart_figure .legendtext{font-size:12px !important;}"
    " .st-key-ranking_chart_figure .ytick text{font-size:11px !important;}}</style>"
)
try:
    page, scope, notices = session.start_run(lambda: st.navigation(pages()))
except EvidenceError as error:
    st.error(_("The bundled evidence base does not pass validation, so the atlas cannot start."))
    st.code(str(error), language=None)
    st.stop()

for notice in notices:
    st.warning(markup.plain(notice))
# The page may end early (empty selection): the filters must still be drawn.
with contextlib.suppress(session.PageDone):
    page.run()
# The sidebar comes after the page (its widgets keep their values in session state either way), so the browser
# receives the page's charts first and starts loading plotly.js sooner.
with st.sidebar:
    talk.resume_button(scope.presenting, resume_query)
sidebar.render_filter_sidebar(scope.evidence, scope.filtered.n_studies, own_selection=scope.path in OWN_SELECTION)
page_behaviour()
