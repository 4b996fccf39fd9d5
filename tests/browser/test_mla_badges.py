"""MLA-C01 badges in headless Chromium (marker `browser`), on the fixture site whose pages are mapped
(tests/data/mla_site/, built with the real config and hooks): no overflow at 375 px, axe clean in
light and dark mode, compact in print."""

from __future__ import annotations

import shutil

import pytest

from mlnotes.fixture_site import build, make_project
from mlnotes.paths import DOCS_DIR, ROOT
from mlnotes.testing import SUBPATH, SiteServer

LANGS = ("ja", "en")
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"

BADGES_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const boxes = [...document.querySelectorAll('.mla-badges, .mla-badge, .mla-reason')].map(el => {
    const r = el.getBoundingClientRect();
    return {cls: el.className, left: r.left, right: r.right, height: r.height};
  });
  const rows = [...document.querySelectorAll('p.mla-badges')].map(el => el.getBoundingClientRect().height);
  const badge = document.querySelector('a.mla-badge').getBoundingClientRect().height;
  return {width, scroll, boxes, rows, badge};
}"""


@pytest.fixture(scope="module")
def mla_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("mla-browser")
    pages = work / "pages"
    shutil.copytree(ROOT / "tests" / "data" / "mla_site", pages)
    real_map = {f"{lang}/mla-c01-map.md": DOCS_DIR / lang / "mla-c01-map.md" for lang in LANGS}
    config = make_project(pages, work, ["index.md", "mla-c01-map.md", "kinesis.md"], real_map)
    with SiteServer(work / "served") as server:  # port bound before the build is told its URL
        proc = build(config, work / "served" / SUBPATH, server.base_url)
        assert proc.returncode == 0, proc.stderr
        yield server.start().base_url


def open_page(browser, url: str, **context_args):
    context = browser.new_context(**context_args)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort(),
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED)
    page.evaluate("document.fonts.ready.then(() => true)")
    return context, page


def kinesis_url(base: str, lang: str) -> str:
    return f"{base}kinesis/" if lang == "ja" else f"{base}en/kinesis/"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_badges_do_not_overflow_at_375px(browser, mla_server, lang, artifacts_dir):
    context, page = open_page(
        browser, kinesis_url(mla_server, lang), viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    try:
        r = page.evaluate(BADGES_JS)
        assert r["scroll"] <= r["width"], f"page is {r['scroll']} px wide at {r['width']} px"
        assert r["boxes"] and all(b["left"] >= 0 and b["right"] <= r["width"] + 0.5 for b in r["boxes"]), r["boxes"]
        assert max(r["rows"]) > 1.5 * r["badge"], "the 12-badge row should wrap onto several lines"
        page.locator("p.mla-badges").first.screenshot(path=str(artifacts_dir / f"mla-badges-375-{lang}.png"))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_badges_are_accessible(browser, mla_server, lang, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context, page = open_page(
        browser, kinesis_url(mla_server, lang), viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    try:
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        violations = Axe().run(page).response["violations"]
        bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
        assert not bad, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
        assert page.locator("p.md-checked time").first.get_attribute("datetime") == "2026-12-02"
    finally:
        context.close()


@pytest.mark.browser
def test_badges_are_compact_in_print(browser, mla_server):
    context, page = open_page(browser, kinesis_url(mla_server, "en"), viewport={"width": 1280, "height": 900})
    try:
        page.emulate_media(media="print")
        style = page.evaluate(
            """() => {
              const badge = getComputedStyle(document.querySelector('a.mla-badge'));
              const reason = getComputedStyle(document.querySelector('.mla-reason'));
              return {border: badge.borderTopWidth, reason: reason.display};
            }"""
        )
        assert style == {"border": "0px", "reason": "none"}
    finally:
        context.close()
