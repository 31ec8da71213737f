"""axe-core (bundled by axe-playwright-python, so nothing is fetched) run on a Playwright page."""

from __future__ import annotations

import json

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING = ("serious", "critical")


def axe_violations(page, tags: tuple[str, ...] = WCAG_TAGS, within: str | None = None) -> list[dict]:
    """The serious and critical violations of the WCAG rules in ``tags`` on the page as it stands, or only in the
    element ``within`` selects (a walk checks the whole document once, then only the part that changes per step:
    axe over a whole offline story file takes about five times as long as over one step)."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(Axe().axe_script)
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    scope = f"document.querySelector({json.dumps(within)})" if within else "document"
    results = page.evaluate(f"axe.run({scope}, {json.dumps(options)})")
    return [v for v in results["violations"] if v.get("impact") in BLOCKING]


def describe(violations: list[dict], where: str) -> str:
    """One readable failure message: each rule with its impact and the nodes that break it."""
    lines = [f"{where}: {len(violations)} serious or critical WCAG 2.1 A/AA violation(s)"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]} | {summary[:300]}")
    return "\n".join(lines)
