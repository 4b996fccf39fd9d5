"""Site search: one index per language, Japanese queries that work, Material's search UI kept.

Static checks read the built site; the `browser` tests type every query of
tests/data/search_queries.yml into Material's search box in headless Chromium (home page of the
query's language) and require the target page among the top 3 results and no result in the
other language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from mlnotes.testing import TOP, SearchPage, lang_root, load_queries, page_of

ROOT = Path(__file__).resolve().parents[2]
QUERIES = load_queries()
PAGES = sorted(p.stem for p in (ROOT / "docs" / "ja").glob("*.md"))
LANG_DIR = {"ja": "", "en": "en"}


SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"


def index_of(site: Path, lang: str) -> dict:
    return json.loads((site / LANG_DIR[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))


def config_json(html: str) -> dict:
    m = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert m, "Material's #__config script is missing"
    return json.loads(m.group(1))


# ----------------------------------------------------------------------------------------------
# The query file itself


def test_query_file_has_enough_queries_for_real_pages():
    for lang in ("ja", "en"):
        assert len(QUERIES[lang]) >= 30, f"{lang}: only {len(QUERIES[lang])} queries"
        for item in QUERIES[lang]:
            assert str(item["q"]).strip(), item
            assert item["page"] in PAGES, f"{lang}: {item['q']!r} targets unknown page {item['page']!r}"
            assert (ROOT / "docs" / lang / f"{item['page']}.md").is_file()
    kinds = {item.get("kind") for item in QUERIES["ja"]}
    assert {"katakana", "kanji", "mixed", "width", "sentence"} <= kinds


# ----------------------------------------------------------------------------------------------
# The hook's split, on a hand-made merged index


def test_split_index_by_language_folder():
    from mlnotes.mkdocs.search_index import split_index

    merged = {
        "config": {"lang": ["ja", "en"], "separator": "[\\s]+", "pipeline": ["stemmer"], "fields": {}},
        "docs": [
            {"location": "", "title": "ホーム", "text": ""},
            {"location": "kinesis/#shard-sizing", "title": "シャード数", "text": ""},
            {"location": "en/", "title": "Home", "text": ""},
            {"location": "en/kinesis/#shard-sizing", "title": "Shard sizing", "text": ""},
            {"location": "english-page/", "title": "A ja page whose name starts with en", "text": ""},
        ],
    }
    out = split_index(merged, {"ja": "", "en": "en/"}, {"ja": ["stemmer"], "en": ["stopWordFilter"]})
    assert out["ja"]["config"]["lang"] == ["ja"] and out["en"]["config"]["lang"] == ["en"]
    assert out["en"]["config"]["pipeline"] == ["stopWordFilter"]
    assert out["ja"]["config"]["separator"] == merged["config"]["separator"]
    assert [d["location"] for d in out["ja"]["docs"]] == ["", "kinesis/#shard-sizing", "english-page/"]
    assert [d["location"] for d in out["en"]["docs"]] == ["", "kinesis/#shard-sizing"]
    assert merged["docs"][2]["location"] == "en/", "the input is not modified"


# ----------------------------------------------------------------------------------------------
# Built site (no browser)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_language_has_its_own_index(built_site, lang):
    data = index_of(built_site.site, lang)
    assert data["config"]["lang"] == [lang]
    assert data["docs"], "empty index"
    for doc in data["docs"]:
        loc = doc["location"]
        assert not loc.startswith(("en/", "ja/")), f"{lang} index holds {loc}"
        page = loc.split("#")[0].strip("/") or "index"
        assert page in PAGES, f"{lang} index entry {loc} is not a page"
    pages = {d["location"].split("#")[0].strip("/") or "index" for d in data["docs"]}
    assert pages == set(PAGES), f"{lang} index misses {set(PAGES) - pages}"


def test_japanese_index_keeps_the_script_boundary_separator(built_site):
    sep = index_of(built_site.site, "ja")["config"]["separator"]
    assert "(?<=[\\u30a0-\\u30ff])" in sep, "katakana→kanji split missing from the search separator"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_load_the_index_and_worker_of_their_language(built_site, lang):
    """Material fetches <base>search/search_index.json: base must be the language's root."""
    site = built_site.site
    for stem in PAGES + ["404"]:
        rel = f"{stem}.html" if stem == "404" else ("index.html" if stem == "index" else f"{stem}/index.html")
        html_path = site / LANG_DIR[lang] / rel
        cfg = config_json(html_path.read_text(encoding="utf-8"))
        url = f"{lang_root(built_site.base_url, lang)}{rel}"
        base = urljoin(url, cfg["base"])
        assert base.rstrip("/") + "/" == lang_root(built_site.base_url, lang), (
            f"{html_path}: base {cfg['base']} -> {base}"
        )
        worker = urljoin(url, cfg["search"])
        assert "/assets/javascripts/workers/search-i18n.js?worker=search." in worker, worker
        name = worker.split("worker=")[1]
        assert (site / "assets" / "javascripts" / "workers" / name).is_file(), f"{name} not in the build"


# ----------------------------------------------------------------------------------------------
# Browser


@pytest.fixture(scope="module")
def search_pages(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    pages: dict[str, SearchPage] = {}

    def get(lang: str) -> SearchPage:
        if lang not in pages:
            pages[lang] = SearchPage(context.new_page(), site_server.base_url, lang).open()
        return pages[lang]

    yield get
    context.close()


CASES = [(lang, i, item) for lang in ("ja", "en") for i, item in enumerate(QUERIES[lang], 1)]


@pytest.mark.browser
@pytest.mark.parametrize("lang,i,item", CASES, ids=[f"{lang}-{i:02d}" for lang, i, _ in CASES])
def test_query_finds_page_in_top3_and_only_its_language(search_pages, lang, i, item):
    outcome = search_pages(lang).search(str(item["q"]))
    assert not outcome.wrong_language, f"{item['q']!r}: results in the other language: {outcome.wrong_language[:3]}"
    assert outcome.hit(item["page"]), (
        f"[{lang}] {item['q']!r} ({item.get('kind')}): {item['page']} not in the top {TOP}; "
        f"got {outcome.top[:5]} ({outcome.meta})"
    )


@pytest.mark.browser
def test_search_box_keeps_what_was_typed(search_pages):
    """Width folding happens in the worker: the box shows the learner's own text."""
    outcome = search_pages("ja").search("ｼｬｰﾄﾞ数")
    assert outcome.value == "ｼｬｰﾄﾞ数"
    assert outcome.hit("kinesis")


@pytest.mark.browser
def test_highlight_in_results_and_on_the_target_page(search_pages, site_server):
    sp = search_pages("ja")
    outcome = sp.search("推論パイプライン")
    assert outcome.hit("sagemaker-inference-hosting")
    marks = sp.page.locator(".md-search-result__list mark").all_inner_texts()
    assert {"推論", "パイプライン"} <= set(marks), marks
    href = outcome.links[0]
    assert "?h=" in href, f"search.highlight adds ?h= to result links: {href}"
    page = sp.page.context.new_page()
    try:
        page.goto(href)
        try:  # Material marks the terms after the page has loaded, not during goto()
            page.wait_for_function("() => document.querySelector('article mark') !== null", timeout=10_000)
        except PlaywrightTimeoutError:
            pass  # the assertion below names the page
        marked = page.locator("article mark").all_inner_texts()
        assert "パイプライン" in marked, f"no highlight on {href}: {marked[:5]}"
    finally:
        page.close()


@pytest.mark.browser
def test_suggestion_completes_the_last_word(search_pages):
    sp = search_pages("en")
    sp.search("overfit")
    suggest = sp.page.locator(".md-search__suggest")
    suggest.wait_for(state="attached")
    sp.page.wait_for_function("() => document.querySelector('.md-search__suggest').textContent.length > 0")
    assert suggest.text_content().lower().startswith("overfitting")


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang,query,page",
    [("ja", "特異度", "model-evaluation-overfitting"), ("en", "specificity", "model-evaluation-overfitting")],
)
def test_404_page_searches_its_own_language(browser, site_server, lang, query, page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        sp = SearchPage(context.new_page(), site_server.base_url, lang)
        sp.open(f"{lang_root(site_server.base_url, lang)}404.html")
        assert (
            sp.page.locator("h1")
            .first.inner_text()
            .startswith("ページが見つからない" if lang == "ja" else "Page not found")
        )
        outcome = sp.search(query)
        assert outcome.hit(page), outcome.top
        assert {page_of(h, site_server.base_url)[0] for h in outcome.links} == {lang}
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang,query", [("ja", "推論パイプライン"), ("en", "inference pipeline")])
def test_open_search_dialog_has_no_serious_accessibility_violations(search_pages, lang, query):
    from axe_playwright_python.sync_playwright import Axe

    sp = search_pages(lang)
    assert sp.search(query).top
    sp.page.wait_for_function(SETTLED)  # the dialog fades in: axe would measure blended colours
    found = Axe().run(sp.page, context=".md-search").response["violations"]
    bad = [v for v in found if v.get("impact") in ("serious", "critical")]

    assert not bad, [(v["id"], [(n["target"], n["failureSummary"][-160:]) for n in v["nodes"][:2]]) for v in bad]
