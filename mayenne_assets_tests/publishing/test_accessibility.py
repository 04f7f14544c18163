"""Every page a person reads on the portal, checked by axe-core in headless Chromium with no network: the
catalogue, the report, the map, each dataset's page and its lineage page. No violation, of any impact."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from mayenne_assets_tests.support.browser import CHROMIUM, render

axe_package = pytest.importorskip("axe_playwright_python", reason="axe-core ships in the dev extra")
AXE = Path(axe_package.__file__).parent / "axe.min.js"
RUNNER = """<script>%s</script><script>
axe.run(document, {resultTypes: ["violations"]}).then(function (found) {
  var out = document.createElement("pre");
  out.id = "axe-results";
  out.textContent = JSON.stringify(found.violations.map(function (v) {
    var nodes = v.nodes.slice(0, 3).map(function (n) { return n.target; });
    return {id: v.id, impact: v.impact, help: v.help, nodes: nodes};
  }));
  document.body.appendChild(out);
});
</script>"""


def violations(page: Path, profile: Path) -> list[dict]:
    """axe-core's violations on the page, run beside it (its relative links, styles and scripts load as they
    would for a reader)."""
    probe = page.with_name(f".axe-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", RUNNER % AXE.read_text(encoding="utf-8") + "</body>"), encoding="utf-8")
    try:
        dom = render(probe, "--dump-dom", profile=profile, budget_ms=15000, timeout=180)
    finally:
        probe.unlink()
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.DOTALL)
    assert found, f"axe-core did not finish on {page.name}"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_no_page_of_the_portal_has_an_accessibility_violation(sample_publication, tmp_path):
    settings = sample_publication(None).settings
    pages = sorted(p for p in settings.portal_dir.rglob("*.html") if "/versions/" not in p.as_posix())
    assert {"index.html", "rapport.html", "carte.html"} <= {p.name for p in pages}
    found = {page.relative_to(settings.portal_dir).as_posix(): violations(page, tmp_path / page.stem)
             for page in pages}
    assert {name: v for name, v in found.items() if v} == {}
