"""Entry point: page config, navigation, and the filter state shared by every page."""
import streamlit as st

from components.evidence import EvidenceError
from ui import state

st.set_page_config(page_title="Health Worker Migration Atlas", page_icon="🌍", layout="wide")

PAGES = {
    "": st.Page("pages/overview.py", title="Overview", default=True),
    "map": st.Page("pages/map.py", title="Map", url_path="map"),
    "drivers": st.Page("pages/drivers.py", title="Drivers", url_path="drivers"),
    "policy": st.Page("pages/policy.py", title="Policy story", url_path="policy"),
    "studies": st.Page("pages/studies.py", title="Studies", url_path="studies"),
    "methods": st.Page("pages/methods.py", title="Methods and data", url_path="methods"),
}
# URL parameters that belong to one page besides the shared filters.
OWNED_PARAMS = {"map": ("view",), "policy": ("present", "step"), "drivers": ("tab",)}

# Less empty space above the content, so a chart fits on a 1280×720 projector without scrolling.
st.html("<style>@media (min-width: 640px) {[data-testid='stMainBlockContainer']{padding-top:2.2rem;}"
        " h1{padding-top:0.4rem !important;}}</style>")
presenting = st.query_params.get("present") == "1"
page = st.navigation(list(PAGES.values()), position="hidden" if presenting else "sidebar")
path = page.url_path or ""
if presenting and path != "policy":
    del st.query_params["present"]
    st.rerun()

try:
    evidence = state.current_evidence()
except EvidenceError as error:
    st.error("The bundled evidence base does not pass validation, so the atlas cannot start.")
    st.code(str(error), language=None)
    st.stop()

notices = state.init_from_link(evidence)
dropped = state.sanitise_filters(evidence)
filters = state.current_filters()
state.publish_scope(evidence, filters)
state.sync_url(filters, OWNED_PARAMS.get(path, ()))
for notice in notices:
    st.warning(state.plain(notice))
if dropped:
    st.info("Some filter values do not exist in the evidence now in use and were cleared: "
            + state.plain(", ".join(dropped)))
try:
    page.run()
except state.PageDone:  # the page ended early (empty selection): the filters must still be drawn
    pass
# The sidebar comes after the page (its widgets take their values from session state either way), so the browser
# receives the page's charts first and starts loading plotly.js sooner (map 1.42x -> 1.23x the floor).
if not presenting:
    state.render_filter_sidebar(evidence, state.scope().filtered.n_studies)
