"""Open a page of the atlas in AppTest the way a browser would: entry script, page, query parameters."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.core.paths import APP_FILE

APP = str(APP_FILE)
PAGE_FILES = {
    "": "pages/overview.py",
    "map": "pages/map.py",
    "drivers": "pages/drivers.py",
    "policy": "pages/policy.py",
    "studies": "pages/studies.py",
    "methods": "pages/methods.py",
}


def open_page(page: str = "", query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run app.py for ``page`` (a URL path such as 'map') with ``query`` as the link's parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if page:
        at.switch_page(PAGE_FILES[page])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """All markdown, caption, info, warning and title text of a run, for assertions on what a reader sees."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [i.value for i in at.info] + [w.value for w in at.warning] + [s.value for s in at.success]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader]
    return "\n".join(str(p) for p in parts)


def metric(at: AppTest, label: str):
    for m in at.metric:
        if m.label == label:
            return m.value
    raise KeyError(label)


def figures(at: AppTest):
    """The plotly figures of a run, rebuilt from the JSON the browser receives (typed arrays decoded)."""
    import json

    import plotly.graph_objects as go

    return [go.Figure(_decode(json.loads(chart.proto.spec))) for chart in at.get("plotly_chart")]


def _decode(value):
    """plotly.js typed arrays ({'dtype', 'bdata'[, 'shape']}) back to lists."""
    import base64

    import numpy as np

    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def figure_titles(at: AppTest) -> list[str]:
    return [f.layout.title.text or "" for f in figures(at)]
