"""The build's self-test data and Anki decks (one strict build: the session fixture ``built_site``)."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

from mlnotes.cards.site import load_site, site_nav_order

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"ja": "", "en": "en/"}


def real_cards():
    site = load_site(ROOT / "docs", site_nav_order())
    assert site.problems == []
    return site.cards


def test_card_data_per_language_matches_the_pages(built_site):
    cards = real_cards()
    for lang in LANGS:
        data = json.loads((built_site.site / "selftest" / f"cards-{lang}.json").read_text(encoding="utf-8"))
        assert data["lang"] == lang
        assert [c["id"] for c in data["cards"]] == [c.id for c in cards[lang]]
        assert {p["slug"] for p in data["pages"]} == {c.page for c in cards[lang]}


def test_only_the_self_test_pages_load_the_script_and_the_data(built_site):
    for path in built_site.site.rglob("*.html"):
        rel = path.relative_to(built_site.site).as_posix()
        html = path.read_text(encoding="utf-8")
        is_selftest = rel in ("self-test/index.html", "en/self-test/index.html")
        assert ("javascripts/self-test.js" in html) == is_selftest, rel
        assert ("selftest/cards-" in html) == is_selftest, rel
        assert ("stylesheets/self-test.css" in html) == is_selftest, rel


def test_home_and_self_test_pages_link_the_decks_of_their_language(built_site):
    for lang, prefix in LANGS.items():
        for page in ("index.html", "self-test/index.html"):
            html = (built_site.site / prefix / page).read_text(encoding="utf-8")
            links = set(re.findall(r'href="([^"]*anki/[^"]+\.apkg)"', html))
            names = {link.rsplit("/", 1)[-1] for link in links}
            assert names == {f"aws-ml-notes-{lang}.apkg", "aws-ml-notes-terms.apkg"}, (lang, page)


def test_the_build_writes_the_three_decks(built_site):
    cards = real_cards()
    for lang in LANGS:
        path = built_site.site / "anki" / f"aws-ml-notes-{lang}.apkg"
        with zipfile.ZipFile(path) as z:
            (built_site.root / f"{lang}.anki2").write_bytes(z.read("collection.anki2"))
        con = sqlite3.connect(built_site.root / f"{lang}.anki2")
        try:
            assert con.execute("select count(*) from notes").fetchone()[0] == len(cards[lang])
        finally:
            con.close()
    assert zipfile.is_zipfile(built_site.site / "anki" / "aws-ml-notes-terms.apkg")


def test_self_test_app_strings_follow_the_language(built_site):
    for lang, prefix in LANGS.items():
        html = (built_site.site / prefix / "self-test" / "index.html").read_text(encoding="utf-8")
        strings = json.loads(
            re.search(r'<script type="application/json" id="st-strings">(.*?)</script>', html, re.S)[1]
        )
        assert strings["kind_trap"] == {"ja": "試験の罠", "en": "Exam trap"}[lang]
        assert f'data-store="aws-ml-notes:self-test:{lang}:v1"' in html
        assert "<!-- self-test -->" not in html


def test_the_app_is_rendered_as_the_script_will_show_it(built_site):
    """No layout shift: the build renders the filters, the count, the first card and one progress row
    per page (with its total) from the same data the script fetches, instead of leaving them empty."""
    for lang, prefix in LANGS.items():
        html = (built_site.site / prefix / "self-test" / "index.html").read_text(encoding="utf-8")
        data = json.loads((built_site.site / "selftest" / f"cards-{lang}.json").read_text(encoding="utf-8"))
        cards, pages = data["cards"], data["pages"]
        assert re.search(r'<form class="st-filters" id="st-filters" aria-label="[^"]*">', html), lang  # not hidden
        select = re.search(r'<select id="st-page">(.*?)</select>', html, re.S)[1]
        assert re.findall(r'<option value="([^"]*)">', select) == [""] + [p["slug"] for p in pages]
        count = re.search(r'<p class="st-count" id="st-count">(.*?)</p>', html)[1]
        assert str(len(cards)) in count
        card = re.search(r'<section class="st-card" id="st-card"[^>]*>', html)[0]
        assert "hidden" not in card and f'data-kind="{cards[0]["kind"]}"' in card
        question = re.search(r'<p class="st-q" id="st-q" tabindex="-1">(.*?)</p>', html, re.S)[1]
        plain = re.sub(r"</?code>", "", question).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        plain = plain.replace("&#34;", '"').replace("&#39;", "'")
        assert plain == cards[0]["q"].replace("`", "")
        rows = re.findall(r'<tr data-page="([^"]+)"[^>]*>.*?<td>0</td><td>0</td><td>(\d+)</td></tr>', html, re.S)
        totals = {p["slug"]: sum(c["page"] == p["slug"] for c in cards) for p in pages}
        assert rows == [(slug, str(n)) for slug, n in totals.items()] + [("all", str(len(cards)))]
        # without scripts, only the <noscript> note of the app is shown
        assert "<noscript><style>.st > :not(noscript)" in html
