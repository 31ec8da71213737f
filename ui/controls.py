"""Two small browser-side controls, offline (inline JavaScript, no CDN): presenter keys and "copy link"."""

from __future__ import annotations

import os

import streamlit as st

from components.core.i18n import _
from components.presentation.audience import public_base_url

# What presentation clickers and keyboards send, and what each does in the story.
_KEYS_JS = """
export default function(component) {
  const { setTriggerValue } = component;
  const presenting = () => Boolean(document.querySelector('.st-key-present input:checked'));
  const actions = {ArrowRight: 'next', PageDown: 'next', ' ': 'next', ArrowLeft: 'prev', PageUp: 'prev',
                   Home: 'first', End: 'last', Escape: 'exit'};
  const handler = (event) => {
    // A blanked screen (B or . while presenting, as on a clicker's blank button): any key brings the step back,
    // and does nothing else.
    const blanked = document.getElementById('atlas-blank');
    if (blanked) {
      event.preventDefault();
      event.stopPropagation();
      if (!event.repeat) blanked.remove();
      return;
    }
    const target = event.target;
    // Typing in a box, or moving within a list or slider, keeps its keys; a switch or button keeps Space.
    const typing = 'input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]),'
        + ' textarea, select, [contenteditable="true"], [role="listbox"], [role="combobox"], [role="slider"],'
        + ' [role="option"], [role="tab"], [data-baseweb="popover"]';
    if (target && target.closest && target.closest(typing)) return;
    if (['b', 'B', '.'].includes(event.key) && presenting() && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      event.stopPropagation();
      const black = document.createElement('div');
      black.id = 'atlas-blank';
      black.setAttribute('aria-label', 'Screen blanked: press any key to return');
      black.style.cssText = 'position:fixed;inset:0;background:#000;z-index:2147483647;cursor:none';
      black.onclick = () => black.remove();
      document.body.appendChild(black);
      return;
    }
    // Esc with a panel open (the audience's QR code) closes the panel and leaves presenter mode on.
    if (event.key === 'Escape' && document.querySelector('[data-testid="stPopoverBody"]')) return;
    const action = actions[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    // While presenting, the presenter switch keeps focus after the click that turned it on: a clicker's Space
    // there means "next", not "leave" (Esc leaves).
    const onPresenterSwitch = presenting() && target && target.closest && target.closest('.st-key-present');
    if (event.key === ' ' && !onPresenterSwitch && target && target.closest
        && target.closest('button, a, summary, input, [role="switch"], [role="checkbox"]')) return;
    event.preventDefault();
    event.stopPropagation();
    setTriggerValue('action', action);
  };
  // One listener per page, whatever number of times Streamlit calls this function (mount, new data).
  // Capture phase: the story sees a key before a focused switch or button acts on it.
  if (window.__atlasPresenterKeys) document.removeEventListener('keydown', window.__atlasPresenterKeys, true);
  window.__atlasPresenterKeys = handler;
  document.addEventListener('keydown', handler, true);
  return () => {
    document.removeEventListener('keydown', handler, true);
    if (window.__atlasPresenterKeys === handler) window.__atlasPresenterKeys = null;
  };
}
"""

_COPY_HTML = """<button type="button" class="copy-link">Copy link to this view</button>
<span class="copied" role="status" aria-live="polite"></span>"""
_COPY_CSS = """
.copy-link {font: inherit; font-size: 0.95rem; padding: 0.35rem 0.8rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid #8a8f98; background: #fff; color: #1f2328;}
.copy-link:hover {border-color: #1b6ca8; color: #1b6ca8;}
.copy-link:focus-visible {outline: 3px solid #1b6ca8; outline-offset: 2px;}
.copied {margin-left: 0.6rem; font-size: 0.9rem; color: #1f5f2a;}
"""
_COPY_JS = """
export default function(component) {
  const { parentElement, data } = component;
  const text = Object.assign({label: 'Copy link to this view', copied: 'Link copied', manual: 'Copy this address: '},
                             data || {});
  const button = parentElement.querySelector('.copy-link');
  const status = parentElement.querySelector('.copied');
  button.textContent = text.label;
  const fallback = (text) => {
    const area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  };
  const address = () => {
    // The public address when one is configured (the atlas behind a proxy or on a laptop in a hall), else the
    // address this browser used.
    // A talk under way (talk=…) is the presenter's own, for Resume: it stays out of a link given to others.
    const search = location.search.replace(/[?&]talk=[^&#]*/g, '').replace(/^&/, '?');
    const here = location.pathname + search + location.hash;
    return new URL(here, text.base || location.origin).href;
  };
  button.onclick = async () => {
    const value = text.text || address();  // a given text (a citation), else this view's link
    let ok = false;
    try { await navigator.clipboard.writeText(value); ok = true; } catch (e) { ok = fallback(value); }
    status.textContent = ok ? text.copied : text.manual + value;
  };
}
"""

# Uploads live only in a server session. While one is in use this component watches the connection: Streamlit
# reconnects to a restarted server without rerunning, leaving a stale page that still says the upload is in use.
# Any websocket opened after the component mounted is such a reconnection: the tab reloads into a fresh session
# with ?upload=lost (the URL keeps every filter and choice), and that session says the file was not kept. It is
# drawn only while an upload is in use, so ordinary pages load no component for it.
_UPLOAD_WATCH_JS = """
export default function(component) {
  window.__atlasUploadInUse = true;
  if (!window.__atlasSocketWatch) {
    window.__atlasSocketWatch = true;
    const Native = window.WebSocket;
    const Watched = function (...args) {
      const socket = new Native(...args);
      socket.addEventListener('open', () => {
        if (!window.__atlasUploadInUse) return;
        const url = new URL(window.location.href);
        url.searchParams.set('upload', 'lost');
        window.location.replace(url.toString());
      });
      return socket;
    };
    Watched.prototype = Native.prototype;
    Object.assign(Watched, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
    window.WebSocket = Watched;
  }
  return () => { window.__atlasUploadInUse = false; };
}
"""

# What every page does in the browser, installed once per page (app.py draws it on every run):
# - Each chart is tied to the sentence ui.charts.show_figure draws below it: the chart becomes a figure described
#   by it, so a screen reader announces what it shows. Charts are drawn after this runs and redrawn on every rerun,
#   so a MutationObserver keeps the links.
# - One browser history entry per thing a person does. Streamlit pushes an entry when the page changes, and another
#   when the run then writes the address (with a talk under way, talk=… after every move), so Back had to be
#   pressed twice to undo one move. A push after the first since the person's last press (pointer or key)
#   replaces the entry instead; Back and Forward push nothing.
_PAGE_JS = """
export default function() {
  if (!window.__atlasHistory) {
    const push = history.pushState.bind(history);
    const entries = (window.__atlasHistory = {pushed: true});  // the page's load made its own entry
    const pressed = (event) => { if (event.isTrusted) entries.pushed = false; };
    window.addEventListener('pointerdown', pressed, true);
    window.addEventListener('keydown', pressed, true);
    window.addEventListener('popstate', () => { entries.pushed = true; }, true);
    history.pushState = function (data, unused, url) {
      if (entries.pushed) return history.replaceState(data, unused, url);
      entries.pushed = true;
      return push(data, unused, url);
    };
  }
  // A link may open a tab the phone's tab strip has scrolled out of sight: bring the open tab into the strip.
  const showOpenTab = () => {
    for (const tab of document.querySelectorAll('[role="tab"][aria-selected="true"]')) {
      let strip = tab.parentElement;
      while (strip && strip !== document.body && strip.scrollWidth <= strip.clientWidth + 1) {
        strip = strip.parentElement;
      }
      if (!strip || strip === document.body || tab.dataset.atlasShown === String(strip.clientWidth)) continue;
      tab.dataset.atlasShown = String(strip.clientWidth);
      const left = tab.getBoundingClientRect().left - strip.getBoundingClientRect().left;
      if (left < 0 || left + tab.offsetWidth > strip.clientWidth) strip.scrollLeft += left - 16;
    }
  };
  // On a phone the sidebar covers the page: once a page is chosen in it, close it, so the page is what shows.
  if (!window.__atlasNavCloses) {
    window.__atlasNavCloses = true;
    document.addEventListener('click', (event) => {
      if (window.innerWidth > 640 || !event.target.closest('[data-testid="stSidebarNav"] a')) return;
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) setTimeout(() => close.click(), 0);
    }, true);
  }
  const link = () => {
    showOpenTab();
    for (const text of document.querySelectorAll('p.chart-text[id]')) {
      const box = text.closest('[data-testid="stVerticalBlock"]');
      const chart = box && box.querySelector('[data-testid="stPlotlyChart"]');
      if (chart && chart.getAttribute('aria-describedby') !== text.id) {
        chart.setAttribute('role', 'figure');
        chart.setAttribute('aria-describedby', text.id);
      }
    }
  };
  if (!window.__atlasChartText) {
    window.__atlasChartText = new MutationObserver(link);
    window.__atlasChartText.observe(document.body, {childList: true, subtree: true});
  }
  link();
}
"""

_keys = st.components.v2.component("atlas_presenter_keys", js=_KEYS_JS)
_page = st.components.v2.component("atlas_page", js=_PAGE_JS)
_upload_watch = st.components.v2.component("atlas_upload_watch", js=_UPLOAD_WATCH_JS)
_copy = st.components.v2.component("atlas_copy_link", html=_COPY_HTML, css=_COPY_CSS, js=_COPY_JS)


def presenter_keys(on_action, key: str = "presenter_keys") -> None:
    """Listen for → ← PageDown PageUp Space Home End Esc on the page; ``on_action(action)`` runs as a callback.
    While presenting, B and . blank the screen (black) until any key is pressed."""
    _keys(key=key, on_action_change=lambda: on_action(_last_action(key)))


def _last_action(key: str) -> str | None:
    value = st.session_state.get(key)
    return getattr(value, "action", None) if value is not None else None


def copy_link_button(key: str = "copy_link") -> None:
    """A button that copies the page's address (which holds every filter and choice, and the language) to the
    clipboard; its words come in the language in use."""
    configured, _problem = public_base_url(os.environ, None)  # only a configured one: else the browser's own
    _copy(
        key=key,
        data={
            "label": _("Copy link to this view"),
            "copied": _("Link copied"),
            "manual": _("Copy this address: "),
            "base": configured,
        },
    )


def copy_text_button(text: str, label: str, copied: str, key: str) -> None:
    """A button that copies ``text`` (e.g. a citation) to the clipboard, and says ``copied`` once it has; where the
    browser refuses, it shows the text to copy by hand."""
    _copy(key=key, data={"label": label, "copied": copied, "manual": _("Copy this text: "), "text": text})


def page_behaviour() -> None:
    """Draw once per run (app.py): charts tied to their text alternative, one history entry per action (_PAGE_JS)."""
    _page(key="page_behaviour")


def upload_watch() -> None:
    """Draw while an uploaded file is in use (see _UPLOAD_WATCH_JS)."""
    _upload_watch(key="upload_watch")
