"""The glossary in the built site: both glossary pages, tooltips in the HTML, search index additions."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mlnotes.glossary import load_glossary
from mlnotes.glossary.tooltips import CSS_CLASS
from mlnotes.markdown import NON_TOPIC_PAGES

GLOSSARY = load_glossary()
LANGS = ("ja", "en")
PAGES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "docs" / "ja").glob("*.md"))
CONTENT_PAGES = [p for p in PAGES if p != "glossary"]
NON_TOPIC = {name[:-3] for name in NON_TOPIC_PAGES}


def page_file(site: Path, lang: str, stem: str) -> Path:
    prefix = site if lang == "ja" else site / lang
    return prefix / "index.html" if stem == "index" else prefix / stem / "index.html"


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


class TermScan(HTMLParser):
    """Glossary links in an article, and the enclosing elements of each."""

    SKIP = {"code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.terms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and CSS_CLASS in (attrs.get("class") or "").split():
            self.terms.append(
                {
                    "href": attrs.get("href"),
                    "title": attrs.get("title"),
                    "inside": [t for t, _ in self.stack],
                    "classes": [c for _, c in self.stack],
                }
            )
        if tag not in {"br", "img", "hr", "input", "meta", "link", "wbr"}:
            self.stack.append((tag, attrs.get("class") or ""))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def scan(html: str) -> list[dict]:
    parser = TermScan()
    parser.feed(article(html))
    return parser.terms


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page_lists_every_term_with_its_anchor(built_site, lang):
    html = page_file(built_site.site, lang, "glossary").read_text(encoding="utf-8")
    ids = re.findall(r'<dt id="([a-z0-9-]+)"', html)
    assert sorted(ids) == sorted(GLOSSARY.ids())
    assert CSS_CLASS not in article(html)  # the glossary itself has no tooltips


def test_both_glossary_pages_have_the_same_ids_in_the_nav(built_site):
    ids = {}
    for lang in LANGS:
        html = page_file(built_site.site, lang, "glossary").read_text(encoding="utf-8")
        ids[lang] = re.findall(r'<dt id="([a-z0-9-]+)"', html)
        kinesis = page_file(built_site.site, lang, "kinesis").read_text(encoding="utf-8")
        nav = kinesis[kinesis.index('<nav class="md-nav md-nav--primary') :]
        assert 'href="../glossary/"' in nav
    assert set(ids["ja"]) == set(ids["en"])


def test_japanese_glossary_has_kana_headings_and_english_letters(built_site):
    ja = page_file(built_site.site, "ja", "glossary").read_text(encoding="utf-8")
    en = page_file(built_site.site, "en", "glossary").read_text(encoding="utf-8")
    assert re.findall(r'<h3 id="kana-[a-z]+">(.)<', ja)[:3] == ["あ", "か", "さ"]
    assert re.findall(r'<h3 id="letter-[a-z]">([A-Z])<', en)[:3] == ["A", "B", "C"]
    assert '<h2 id="terms">' in ja and '<h2 id="terms">' in en
    assert '<dt id="overfitting">過学習 <span lang="en" data-search-exclude>overfitting</span></dt>' in ja
    assert '<dt id="overfitting">overfitting <span lang="ja" data-search-exclude>過学習</span></dt>' in en


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", CONTENT_PAGES)
def test_tooltips_once_per_term_and_only_in_running_text(built_site, lang, stem):
    html = page_file(built_site.site, lang, stem).read_text(encoding="utf-8")
    terms = scan(html)
    hrefs = [t["href"] for t in terms]
    assert len(hrefs) == len(set(hrefs)), f"a term tooltipped twice: {sorted(h for h in hrefs if hrefs.count(h) > 1)}"
    for t in terms:
        assert re.match(r"^(\.\./)*glossary/#[a-z0-9-]+$", t["href"]), t
        assert t["title"] and " — " in t["title"], t
        assert not set(t["inside"]) & (TermScan.SKIP | {"a"}), t
        assert not any("admonition-title" in c for c in t["classes"]), t
    if stem not in NON_TOPIC:
        assert len(terms) >= 3, f"{lang}/{stem}: only {len(terms)} terms tooltipped"


def test_tooltip_names_the_other_language_term(built_site):
    ja = scan(page_file(built_site.site, "ja", "model-evaluation-overfitting").read_text(encoding="utf-8"))
    en = scan(page_file(built_site.site, "en", "model-evaluation-overfitting").read_text(encoding="utf-8"))
    ja_by = {t["href"].rsplit("#", 1)[1]: t["title"] for t in ja}
    en_by = {t["href"].rsplit("#", 1)[1]: t["title"] for t in en}
    assert ja_by["overfitting"].startswith("overfitting — ")
    assert en_by["overfitting"].startswith("過学習 — ")


def test_cheat_sheet_has_no_tooltips(built_site):
    for lang in LANGS:
        html = (built_site.site / "pdf" / f"cheatsheet-{lang}.html").read_text(encoding="utf-8")
        assert CSS_CLASS not in html


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_carries_the_glossary_table(built_site, lang):
    path = built_site.site / ("" if lang == "ja" else "en") / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    table = index["config"]["glossary"]
    if lang == "ja":
        assert "overfitting" not in table  # the Japanese page holds it after 過学習: left out
        assert all(re.search(r"[a-z]", k) for k in table)
        assert index["config"]["pipeline"] == ["stemmer"]
    else:
        assert table["過学習"] == "overfitting" and table["シャード"] == "shard"
        assert "stemmer" in index["config"]["pipeline"]
    glossary_docs = [d for d in index["docs"] if d["location"].startswith("glossary/")]
    assert glossary_docs, "the glossary page is in search"
    text = " ".join(d["text"] for d in glossary_docs)
    assert GLOSSARY.by_id("overfitting").definition[lang] not in text  # definitions kept out (weight)
