"""Reading experience of the built site, checked in headless Chromium (marker `browser`).

Every page in both languages (and both 404 pages): language switcher lands on the same page and
keeps the #anchor, zero serious/critical axe-core violations, no horizontal scrolling at 375 px,
and no request leaving 127.0.0.1 while the page loads (external requests are aborted and
recorded, so no test ever reaches the internet). Static checks of lang, hreflang alternates,
sitemap and 404 pages need no browser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from mlnotes.testing import lang_root

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.stem for p in (ROOT / "docs" / "ja").glob("*.md"))
LANGS = ("ja", "en")
OTHER = {"ja": "en", "en": "ja"}
CASES = [(lang, stem) for lang in LANGS for stem in PAGES]
IDS = [f"{lang}-{stem}" for lang, stem in CASES]
CASES_404 = CASES + [(lang, "404") for lang in LANGS]
IDS_404 = IDS + ["ja-404", "en-404"]
NOT_LOOPBACK = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)")


def url_of(base_url: str, lang: str, stem: str) -> str:
    root = lang_root(base_url, lang)
    if stem == "index":
        return root
    if stem == "404":
        return f"{root}404.html"
    return f"{root}{stem}/"


def file_of(site: Path, lang: str, stem: str) -> Path:
    root = site if lang == "ja" else site / lang
    if stem == "404":
        return root / "404.html"
    return root / "index.html" if stem == "index" else root / stem / "index.html"


# ----------------------------------------------------------------------------------------------
# Static: lang, hreflang alternates, switcher links, sitemap, 404 pages


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.alternates: dict[str, str] = {}
        self.switcher: dict[str, str] = {}
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "a" and "md-select__link" in (a.get("class") or "") and a.get("hreflang"):
            self.switcher[a["hreflang"]] = a["href"]
        elif tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def head_of(site: Path, lang: str, stem: str) -> Head:
    h = Head()
    h.feed(file_of(site, lang, stem).read_text(encoding="utf-8"))
    return h


@pytest.mark.parametrize("lang,stem", CASES_404, ids=IDS_404)
def test_lang_attribute_and_hreflang_alternates(built_site, lang, stem):
    head = head_of(built_site.site, lang, stem)
    here = url_of(built_site.base_url, lang, stem)
    assert head.lang == lang
    target = "index" if stem == "404" else stem  # the 404 pages offer the home pages
    for alt in LANGS:
        assert alt in head.alternates, f"no hreflang={alt} alternate"
        assert urljoin(here, head.alternates[alt]) == url_of(built_site.base_url, alt, target)
        assert alt in head.switcher, f"no language switcher entry for {alt}"
        assert urljoin(here, head.switcher[alt]) == url_of(built_site.base_url, alt, target)


def test_404_pages_speak_their_language(built_site):
    ja, en = head_of(built_site.site, "ja", "404"), head_of(built_site.site, "en", "404")
    assert ja.lang == "ja" and "ページが見つからない" in " ".join(ja.h1)
    assert en.lang == "en" and "Page not found" in " ".join(en.h1)
    assert not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", " ".join(en.h1))


def test_sitemap_lists_both_languages_with_alternates(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(built_site.site / "sitemap.xml")
    entries = {}
    for url in tree.getroot().findall("s:url", ns):
        loc = url.find("s:loc", ns).text.strip()
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
    for lang, stem in CASES:
        loc = url_of(built_site.base_url, lang, stem)
        assert loc in entries, f"sitemap misses {loc}"
        for alt in LANGS:
            assert entries[loc].get(alt) == url_of(built_site.base_url, alt, stem), f"{loc}: hreflang {alt}"
    assert not [loc for loc in entries if "404" in loc], "404 pages do not belong in the sitemap"


# ----------------------------------------------------------------------------------------------
# Browser fixtures


class Guarded:
    """A browser context whose requests to anything but 127.0.0.1 are aborted and recorded."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.external: list[str] = []
        # Only requests to other hosts are intercepted (the pattern is matched inside Playwright).
        self.context.route(NOT_LOOPBACK, self._abort)

    def _abort(self, route):
        self.external.append(route.request.url)
        route.abort()

    def page(self):
        self.external.clear()
        return self.context.new_page()


@pytest.fixture(scope="module")
def desktop(browser, site_server):
    g = Guarded(browser, viewport={"width": 1280, "height": 900}, locale="ja-JP")
    yield g
    g.context.close()


@pytest.fixture(scope="module")
def phone(browser, site_server):
    g = Guarded(browser, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="ja-JP")
    yield g
    g.context.close()


@pytest.fixture
def dpage(desktop):
    """A desktop page; the test ends with ``assert_loopback_only(desktop)`` (a test assertion, not teardown)."""
    page = desktop.page()
    yield page
    page.close()


@pytest.fixture
def ppage(phone):
    """A phone page; the test ends with ``assert_loopback_only(phone)``."""
    page = phone.page()
    yield page
    page.close()


def assert_loopback_only(guarded: Guarded) -> None:
    assert not guarded.external, f"requests left 127.0.0.1: {guarded.external}"


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const cfg = JSON.parse(document.getElementById('__config').textContent);
  return meta && meta.textContent.trim() === cfg.translations['search.result.placeholder'].trim();
}"""


# ----------------------------------------------------------------------------------------------
# Browser tests


def first_anchor(site: Path, lang: str, stem: str) -> str:
    """Id of the first h2 of the article (identical in both languages), or ''."""
    html = file_of(site, lang, stem).read_text(encoding="utf-8")
    article = html[html.find("<article") :]
    m = re.search(r'<h2 id="([^"]+)"', article)
    return m.group(1) if m else ""


class Visit:
    """One desktop visit of a page: load it until search is ready, run axe-core (at the top of the
    page, where the header tabs are visible), go to its first anchor, then switch language.
    The three tests below read the same visit (one page load each)."""

    def __init__(self, guarded: Guarded, axe, built_site, lang: str, stem: str):
        self.lang, self.stem = lang, stem
        self.anchor = "" if stem == "404" else first_anchor(built_site.site, lang, stem)
        self.url = url_of(built_site.base_url, lang, stem)
        self.expected = url_of(built_site.base_url, OTHER[lang], "index" if stem == "404" else stem) + (
            f"#{self.anchor}" if self.anchor else ""
        )
        page = guarded.page()
        try:
            self.requests: list[str] = []
            page.on("request", lambda r: self.requests.append(r.url))
            page.goto(self.url)
            page.wait_for_function(SETTLED)
            self.violations = axe.run(page).response["violations"]  # while search loads in the worker
            page.wait_for_function(SEARCH_READY, timeout=10_000)  # index, worker and lunr languages loaded
            self.external = list(guarded.external)
            if self.anchor:  # same-document navigation: a hashchange, as when following a link on the page
                page.goto(f"{self.url}#{self.anchor}")
            page.hover(".md-header__option .md-select")
            with page.expect_navigation():
                page.click(f"a.md-select__link[hreflang={OTHER[lang]}]")
            self.landed = page.url
            self.landed_lang = page.evaluate("document.documentElement.lang")
            self.anchor_found = bool(self.anchor) and page.locator(f"[id='{self.anchor}']").count() == 1
            self.external_after = list(guarded.external)
        finally:
            page.close()


@pytest.fixture(scope="module")
def visits(desktop, axe, site_server):
    cache: dict[tuple[str, str], Visit] = {}

    def get(lang: str, stem: str) -> Visit:
        if (lang, stem) not in cache:
            cache[(lang, stem)] = Visit(desktop, axe, site_server, lang, stem)
        return cache[(lang, stem)]

    return get


@pytest.mark.browser
@pytest.mark.parametrize("lang,stem", CASES_404, ids=IDS_404)
def test_no_request_leaves_loopback(visits, lang, stem):
    """Everything a page loads (CSS, JS, fonts, search index, worker, lunr) comes from the site."""
    v = visits(lang, stem)
    assert any("search_index.json" in u for u in v.requests), "search index not requested"
    assert not v.external, f"requests left 127.0.0.1 while loading {v.url}: {v.external}"
    assert not v.external_after, f"requests left 127.0.0.1 after switching language: {v.external_after}"


@pytest.mark.browser
@pytest.mark.parametrize("lang,stem", CASES_404, ids=IDS_404)
def test_language_switcher_keeps_page_and_anchor(visits, lang, stem):
    v = visits(lang, stem)
    assert v.landed == v.expected, f"switcher on {v.url} landed on {v.landed}"
    assert v.landed_lang == OTHER[lang]
    if v.anchor:
        assert v.anchor_found, f"#{v.anchor} missing on {v.landed}"


@pytest.mark.browser
@pytest.mark.parametrize("lang,stem", CASES_404, ids=IDS_404)
def test_no_serious_accessibility_violations(visits, lang, stem):
    bad = [x for x in visits(lang, stem).violations if x.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{x['impact']} {x['id']}: {x['help']} — " + "; ".join(str(n["target"][0]) for n in x["nodes"][:4]) for x in bad
    )


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_switcher_keeps_anchor_of_a_page_opened_at_that_anchor(dpage, desktop, site_server, lang):
    here = url_of(site_server.base_url, lang, "sagemaker-inference-hosting") + "#auto-scaling"
    dpage.goto(here)
    dpage.hover(".md-header__option .md-select")
    with dpage.expect_navigation():
        dpage.click(f"a.md-select__link[hreflang={OTHER[lang]}]")
    assert dpage.url == url_of(site_server.base_url, OTHER[lang], "sagemaker-inference-hosting") + "#auto-scaling"
    assert dpage.evaluate("document.documentElement.lang") == OTHER[lang]
    assert_loopback_only(desktop)


@pytest.mark.browser
def test_switcher_follows_anchor_changes_on_the_page(dpage, desktop, site_server):
    """A hash reached by clicking a table-of-contents link is carried over too."""
    dpage.goto(url_of(site_server.base_url, "ja", "kinesis"))
    dpage.locator(".md-sidebar--secondary a.md-nav__link[href$='#data-firehose-parquet']").click()
    dpage.wait_for_function("location.hash === '#data-firehose-parquet'")
    dpage.hover(".md-header__option .md-select")
    with dpage.expect_navigation():
        dpage.click("a.md-select__link[hreflang=en]")
    assert dpage.url == url_of(site_server.base_url, "en", "kinesis") + "#data-firehose-parquet"
    assert_loopback_only(desktop)


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang,stem",
    [("ja", "index"), ("ja", "kinesis"), ("en", "index"), ("en", "kinesis")],
    ids=["ja-index", "ja-kinesis", "en-index", "en-kinesis"],
)
def test_no_serious_accessibility_violations_in_dark_mode(browser, site_server, axe, lang, stem):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(url_of(site_server.base_url, lang, stem))
        page.wait_for_function(SETTLED)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        bad = [v for v in axe.run(page).response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
    finally:
        context.close()


OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const culprits = [];
  if (scroll > width) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
          ' right=' + Math.round(r.right));
        if (culprits.length > 6) break;
      }
    }
  }
  return {width, scroll, culprits};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang,stem", CASES_404, ids=IDS_404)
def test_no_horizontal_scroll_at_375px(ppage, phone, site_server, lang, stem):
    ppage.goto(url_of(site_server.base_url, lang, stem), wait_until="domcontentloaded")  # CSS is in
    ppage.evaluate("document.fonts.ready.then(() => true)")
    r = ppage.evaluate(OVERFLOW_JS)
    assert r["scroll"] <= r["width"], f"page is {r['scroll']} px wide at {r['width']} px: {r['culprits']}"
    assert_loopback_only(phone)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_reading_features(dpage, desktop, site_server, lang):
    """Tabs, table of contents, copy buttons, and the light/dark toggle."""
    dpage.goto(url_of(site_server.base_url, lang, "kinesis"))
    assert dpage.locator(".md-tabs").count() == 1
    assert dpage.locator("nav.md-nav--secondary a.md-nav__link").count() >= 3
    assert dpage.locator("button.md-code__button[data-md-type=copy], button.md-clipboard").count() >= 1, (
        "no copy button on code blocks"
    )
    before = dpage.evaluate("document.body.dataset.mdColorMedia")
    dpage.locator("form[data-md-component=palette] label.md-header__button:visible").first.click()
    dpage.wait_for_function(f"document.body.dataset.mdColorMedia !== {before!r}")
    assert dpage.evaluate("document.body.dataset.mdColorScheme") in ("default", "slate")
    assert_loopback_only(desktop)
