"""Glossary tooltips and cross-language search in headless Chromium.

Keyboard focus (Tab) on a term shows Material's tooltip with the other-language term and the
definition, tied to the term by aria-describedby; a term is tooltipped once per page, never inside
code or links; axe finds no serious or critical issue with a tooltip open; a term typed in the
other language finds the page in the reader's language. Screenshots of an open tooltip at 1280 px
and 390 px in each language land in test-artifacts/.
"""

from __future__ import annotations

import pytest

from mlnotes.testing import SearchPage

PAGE = "model-evaluation-overfitting"
WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}
FIRST_TERM = {"ja": ("過学習", "overfitting"), "en": ("overfitting", "過学習")}

_FOCUS_TERM_JS = """(id) => {
  const el = document.activeElement;
  return !!el && el.matches('a.glossary-term') && el.getAttribute('href').endsWith('#' + id);
}"""


def url(base: str, lang: str, stem: str) -> str:
    return f"{base}{'' if lang == 'ja' else 'en/'}{stem}/"


def tab_to_term(page, term_id: str, limit: int = 250) -> None:
    """Press Tab until the glossary term ``term_id`` has the keyboard focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUS_TERM_JS, term_id):
            return
    raise AssertionError(f"Tab never reached the glossary term {term_id!r}")


def open_tooltip(page, term_id: str):
    tab_to_term(page, term_id)
    term = page.locator(f"a.glossary-term[href$='#{term_id}']")
    page.wait_for_function(
        """(id) => { const a = document.querySelector(`a.glossary-term[href$='#${id}']`);
                     const d = a && a.getAttribute('aria-describedby');
                     const t = d && document.getElementById(d);
                     return t && t.getBoundingClientRect().height > 0; }""",
        arg=term_id,
        timeout=5_000,
    )
    tooltip = page.locator(f"#{term.get_attribute('aria-describedby')}")
    return term, tooltip


@pytest.fixture
def browse(browser, site_server):
    contexts = []

    def make(width: int, height: int, locale: str = "ja-JP"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("device", list(WIDTHS))
def test_keyboard_focus_shows_the_tooltip(browse, site_server, artifacts_dir, lang, device):
    page = browse(*WIDTHS[device])
    page.goto(url(site_server.base_url, lang, PAGE))
    term, tooltip = open_tooltip(page, "overfitting")
    own, other = FIRST_TERM[lang]
    assert term.inner_text() == own
    assert tooltip.get_attribute("role") == "tooltip"
    text = tooltip.inner_text()
    assert text.startswith(f"{other} — "), text
    box, view = tooltip.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"] + 1, f"tooltip off screen: {box}"
    term.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"glossary-tooltip-{lang}-{device}.png"))
    page.keyboard.press("Tab")  # focus leaves: the tooltip goes
    page.wait_for_function(
        "(id) => !document.getElementById(id)", arg=tooltip.get_attribute("id") or "x", timeout=5_000
    )


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_terms_once_per_page_never_in_code_or_links(browse, site_server, lang):
    page = browse(1280, 800)
    for stem in ("sagemaker-built-in-algorithms", "kinesis", "feature-engineering-tf-idf"):
        page.goto(url(site_server.base_url, lang, stem))
        data = page.evaluate(
            """() => {
              const terms = [...document.querySelectorAll('article a.glossary-term')];
              return {
                hrefs: terms.map(a => a.getAttribute('href')),
                nested: terms.filter(a => a.parentElement.closest('a, code, pre, h1, h2, h3, .admonition-title')).length,
              };
            }"""
        )
        assert len(data["hrefs"]) >= 3
        assert len(data["hrefs"]) == len(set(data["hrefs"])), f"{stem}: a term tooltipped twice"
        assert data["nested"] == 0, f"{stem}: a term inside code, a link, a heading or a title"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_open_tooltip_has_no_serious_accessibility_violations(browse, site_server, lang):
    from axe_playwright_python.sync_playwright import Axe

    page = browse(1280, 800)
    page.goto(url(site_server.base_url, lang, PAGE))
    open_tooltip(page, "overfitting")
    violations = Axe().run(page).response["violations"]
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, bad


@pytest.mark.browser
def test_following_a_term_lands_on_its_glossary_entry(browse, site_server):
    page = browse(1280, 800)
    page.goto(url(site_server.base_url, "ja", PAGE))
    tab_to_term(page, "overfitting")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/glossary/#overfitting")
    assert page.locator("dt#overfitting").inner_text().startswith("過学習")


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang,query,target",
    [
        ("ja", "overfitting", "model-evaluation-overfitting"),
        ("ja", "specificity", "model-evaluation-overfitting"),
        ("ja", "shard", "kinesis"),
        ("en", "過学習", "model-evaluation-overfitting"),
        ("en", "シャード", "kinesis"),
        ("en", "ステートマシン", "step-functions-lambda"),
    ],
)
def test_cross_language_search_stays_in_the_readers_language(browse, site_server, lang, query, target):
    search = SearchPage(browse(1280, 900), site_server.base_url, lang).open()
    outcome = search.search(query)
    assert not outcome.wrong_language, outcome.wrong_language
    assert target in outcome.top[:3], outcome.top
