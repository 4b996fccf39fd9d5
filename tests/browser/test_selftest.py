"""The self-test page in headless Chromium (marker `browser`).

The real pages may not carry cards yet, so the page is served its card data from the golden case
tests/data/cards/ok (two pages, six cards per language: 2 traps, 1 change, 3 figures), through the
same JSON the build writes (``cards_json``); one test loads the real data of the build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mlnotes.cards.site import load_site
from mlnotes.mkdocs.selftest import STORE_KEY, cards_json

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "cards" / "ok"
NOT_LOOPBACK = r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"


@pytest.fixture(scope="module")
def fixture_data() -> dict[str, bytes]:
    site = load_site(DATA, ["kinesis.md", "glue.md"], min_cards=6)
    assert site.problems == []
    out = {}
    for lang, cards in site.cards.items():
        pages = list(dict.fromkeys((c.page, c.page_title) for c in cards))
        out[lang] = cards_json(cards, lang, pages)
    return out


def open_selftest(page, site_server, fixture_data, lang="ja"):
    external: list[str] = []

    def guard(route):
        if re.match(NOT_LOOPBACK, route.request.url):
            external.append(route.request.url)
            route.abort()
        else:
            route.fallback()

    page.route("**/*", guard)
    page.route(
        f"**/selftest/cards-{lang}.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=fixture_data[lang]),
    )
    url = site_server.base_url + ("" if lang == "ja" else "en/") + "self-test/"
    page.goto(url)
    page.wait_for_selector("#st[data-ready]")
    return external


def progress_row(page, slug: str) -> list[str]:
    return page.locator(f"#st-progress tr[data-page='{slug}'] > *").all_inner_texts()[1:]


def answer(page, result: str) -> str:
    question = page.inner_text("#st-q")
    page.click("#st-reveal")
    page.click("#st-knew" if result == "knew" else "#st-didnt")
    return question


def stored(page, lang="ja") -> dict:
    raw = page.evaluate(f"localStorage.getItem({json.dumps(STORE_KEY.format(lang=lang))})")
    return json.loads(raw)["marks"] if raw else {}


def test_answering_three_cards_updates_progress(page, site_server, fixture_data):
    external = open_selftest(page, site_server, fixture_data)
    assert page.inner_text("#st-count") == "この条件で 6 枚"
    assert progress_row(page, "kinesis") == ["0", "0", "4"]
    assert page.inner_text("#st-pos") == "1 / 6 枚目"
    answer(page, "knew")
    answer(page, "didnt")
    answer(page, "knew")
    assert progress_row(page, "kinesis") == ["2", "1", "4"]
    assert progress_row(page, "all") == ["2", "1", "6"]
    assert page.inner_text("#st-pos") == "4 / 6 枚目"
    assert page.get_attribute("#st-progress tr[data-page='kinesis'] progress", "value") == "2"
    assert stored(page) == {
        "kinesis-shard-denominators": "knew",
        "kinesis-shard-kib": "didnt",
        "kinesis-shard-write-limit": "knew",
    }
    assert external == []


def test_progress_survives_a_reload_and_reset_clears_it(page, site_server, fixture_data):
    open_selftest(page, site_server, fixture_data)
    answer(page, "knew")
    answer(page, "didnt")
    page.reload()
    page.wait_for_selector("#st[data-ready]")
    assert progress_row(page, "kinesis") == ["1", "1", "4"]
    assert len(stored(page)) == 2
    page.click("#st-reset")
    assert progress_row(page, "kinesis") == ["0", "0", "4"]
    assert progress_row(page, "all") == ["0", "0", "6"]
    assert stored(page) == {}
    page.reload()
    page.wait_for_selector("#st[data-ready]")
    assert progress_row(page, "all") == ["0", "0", "6"]


def test_progress_is_kept_per_language(page, site_server, fixture_data):
    open_selftest(page, site_server, fixture_data, "ja")
    answer(page, "knew")
    open_selftest(page, site_server, fixture_data, "en")
    assert page.inner_text("#st-count") == "6 cards in this selection"
    assert progress_row(page, "all") == ["0", "0", "6"]
    assert stored(page, "en") == {} and len(stored(page, "ja")) == 1


def test_filters(page, site_server, fixture_data):
    open_selftest(page, site_server, fixture_data)
    page.select_option("#st-page", "glue")
    assert page.inner_text("#st-count") == "この条件で 2 枚"
    assert "Parquet" in page.inner_text("#st-q")
    page.select_option("#st-page", "")
    page.select_option("#st-kind", "figure")
    assert page.inner_text("#st-count") == "この条件で 3 枚"
    assert page.inner_text("#st-kind-label") == "覚える数値"
    page.select_option("#st-kind", "change")
    assert page.inner_text("#st-count") == "この条件で 1 枚"
    assert "分母" in page.inner_text("#st-q")
    page.select_option("#st-kind", "")
    page.select_option("#st-domain", "3")  # only the Glue section maps to task 3.3
    assert page.inner_text("#st-count") == "この条件で 2 枚"
    page.select_option("#st-domain", "mls")
    assert page.inner_text("#st-count") == "この条件で 1 枚"
    assert "RANDOM_CUT_FOREST" not in page.inner_text("#st-q")  # the answer is hidden until revealed
    page.click("#st-reveal")
    assert page.inner_text("#st-a") == "RANDOM_CUT_FOREST"
    assert page.locator("#st-a code").count() == 1
    page.select_option("#st-domain", "")
    # status: after one "didn't", only that card is left in "didn't know"
    page.select_option("#st-status", "")
    first = answer(page, "didnt")
    page.select_option("#st-status", "missed")
    assert page.inner_text("#st-count") == "この条件で 1 枚"
    assert page.inner_text("#st-q") == first
    page.select_option("#st-status", "")
    page.select_option("#st-kind", "change")
    page.select_option("#st-page", "glue")
    assert page.inner_text("#st-count") == "この条件で 0 枚"
    assert page.inner_text("#st-done-text") == "条件に合うカードなし"


def test_shuffle_keeps_the_selection(page, site_server, fixture_data):
    open_selftest(page, site_server, fixture_data)
    seen = set()
    page.click("#st-shuffle")
    assert page.evaluate("document.activeElement.id") == "st-q"
    for _ in range(6):
        seen.add(answer(page, "knew"))
    assert len(seen) == 6
    assert page.inner_text("#st-done-text") == "この条件のカードはすべて回答済み"


def test_keyboard_alone_completes_a_card(page, site_server, fixture_data):
    open_selftest(page, site_server, fixture_data, "en")
    first = page.inner_text("#st-q")
    # from the top of the page, Tab reaches the filters and the reveal button
    page.focus("#st-page")
    page.keyboard.press("Tab")  # kind
    assert page.evaluate("document.activeElement.id") == "st-kind"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Space")
    assert page.is_visible("#st-answer")
    assert page.evaluate("document.activeElement.id") == "st-answer"  # focus moved to the answer
    assert page.inner_text("#st-a") == "3 (max(2000/1000, 6000/2000))"
    assert page.get_attribute("#st-link", "href") == "../kinesis/#shard-sizing"
    page.keyboard.press("1")
    assert page.evaluate("document.activeElement.id") == "st-q"  # and on to the next question
    assert page.inner_text("#st-q") != first
    assert page.inner_text("#st-live") in ("", "Marked as known.")
    page.keyboard.press("Space")
    page.keyboard.press("2")
    assert stored(page, "en") == {"kinesis-shard-denominators": "knew", "kinesis-shard-kib": "didnt"}
    # the reveal button works with the keyboard too, and shows a focus ring
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "st-reveal"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "st-answer"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    # keys typed into a form control are left alone
    page.focus("#st-kind")
    page.keyboard.press("1")
    assert len(stored(page, "en")) == 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_with_a_revealed_card(browser, site_server, fixture_data, scheme, lang):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_selftest(page, site_server, fixture_data, lang)
        answer(page, "knew")
        page.click("#st-reveal")
        bad = [v for v in Axe().run(page).response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
    finally:
        context.close()


def test_no_sideways_scroll_at_375px_with_a_revealed_card(browser, site_server, fixture_data, artifacts_dir):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_selftest(page, site_server, fixture_data, "ja")
        page.click("#st-reveal")
        width = page.evaluate("document.documentElement.clientWidth")
        scroll = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert scroll <= width
        page.screenshot(path=str(artifacts_dir / "self-test-ja-375.png"), full_page=True)
    finally:
        context.close()


def test_real_card_data_loads(page, site_server):
    """The build's own JSON (whatever the pages hold today) loads, in both languages, under the sub-path."""
    responses = []
    page.on("response", lambda r: responses.append((r.url, r.status)) if "selftest/cards-" in r.url else None)
    for prefix in ("", "en/"):
        page.goto(site_server.base_url + prefix + "self-test/")
        page.wait_for_selector("#st[data-ready]")
        assert page.get_attribute("#st", "data-error") is None
    assert responses == [(f"{site_server.base_url}selftest/cards-{lang}.json", 200) for lang in ("ja", "en")]


def test_nothing_moves_when_the_script_fills_in_the_app(browser, site_server):
    """The build renders the app as the script shows it (real data), so loading it shifts no layout."""
    observe = """window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__shifts.push(e.value);
    }).observe({ type: "layout-shift", buffered: true });
    document.addEventListener("DOMContentLoaded", () => {
      window.__before = document.getElementById("anki").getBoundingClientRect().top;
    });"""
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600)
        try:
            page = context.new_page()
            page.add_init_script(observe)
            for prefix in ("", "en/"):
                page.goto(site_server.base_url + prefix + "self-test/")
                page.wait_for_selector("#st[data-ready]")
                before = page.evaluate("window.__before")  # before the data arrived
                page.wait_for_timeout(200)
                after = page.evaluate("document.getElementById('anki').getBoundingClientRect().top")
                assert after == before, (width, prefix)
                assert sum(page.evaluate("window.__shifts")) < 0.01, (width, prefix)
        finally:
            context.close()


def test_without_javascript_only_the_note_is_shown(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server.base_url + "en/self-test/")
        assert page.is_visible(".st-note")
        for selector in ("#st-filters", "#st-card", "#st-progress-box", "#st-keys"):
            assert not page.is_visible(selector), selector
        assert page.is_visible("#anki")
    finally:
        context.close()
