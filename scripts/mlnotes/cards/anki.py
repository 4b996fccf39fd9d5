"""Anki decks (.apkg, built with genanki) of the cards of each language, and the bilingual terms deck.

* ``aws-ml-notes-<lang>.apkg``: one note per card: Question, Answer, Explanation, Source (link to the
  section on the site), Kind; tags = page (service/topic), kind, ``MLA-C01::<task>``.
* ``aws-ml-notes-terms.apkg``: one note per term with two cards, Japanese → English and English → Japanese.

Every note's GUID derives from the card (or term) id and the deck's language, and the model and deck ids
are fixed, so importing a newer deck into Anki updates the notes it already has instead of adding copies.
Field text is HTML-escaped; only the `code` spans of the page syntax become ``<code>``.

``python -m mlnotes.cards.anki --site site`` (``make cards``) writes the three decks into ``site/anki/``;
the MkDocs hook (``mlnotes.mkdocs.selftest``) writes the same files on every build.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import genanki

from .model import Card
from .terms import Term

ANKI_DIR = "anki"
DECK_FILE = "aws-ml-notes-{lang}.apkg"
TERMS_FILE = "aws-ml-notes-terms.apkg"

# Fixed ids (never change them: Anki matches note types and decks by id when a deck is imported again).
CARD_MODEL_ID = 1_733_100_013
TERMS_MODEL_ID = 1_733_100_014
DECK_IDS = {"ja": 1_733_100_101, "en": 1_733_100_102}
TERMS_DECK_ID = 1_733_100_103

DECK_NAMES = {"ja": "AWS ML 試験ノート", "en": "AWS ML Exam Notes"}
TERMS_DECK_NAME = "AWS ML 試験ノート: 用語 / Terms (JA ⇄ EN)"
KIND_LABELS = {
    "ja": {"trap": "試験の罠", "change": "試験当時からの変更", "figure": "覚える数値"},
    "en": {"trap": "Exam trap", "change": "Changed since the exam", "figure": "Figure to memorise"},
}
SOURCE_LABEL = {"ja": "出典ページ", "en": "Source"}

CSS = """.card { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 20px;
  text-align: left; line-height: 1.5; color: #1a1a1a; background: #fff; }
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1e1e; }
.kind { font-size: 14px; color: #666; }
.answer { font-weight: bold; }
.explanation { font-size: 16px; margin-top: .8em; }
.source { font-size: 14px; margin-top: .8em; }
code { font-family: monospace; background: rgba(127,127,127,.15); padding: 0 .2em; }
"""

CARD_MODEL = genanki.Model(
    CARD_MODEL_ID,
    "AWS ML Notes card",
    fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Explanation"}, {"name": "Source"}, {"name": "Kind"}],
    templates=[
        {
            "name": "Recall",
            "qfmt": '<div class="kind">{{Kind}}</div><div class="question">{{Question}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
            '<div class="explanation">{{Explanation}}</div><div class="source">{{Source}}</div>',
        }
    ],
    css=CSS,
)

TERMS_MODEL = genanki.Model(
    TERMS_MODEL_ID,
    "AWS ML Notes term (JA/EN)",
    fields=[{"name": "Japanese"}, {"name": "English"}, {"name": "Reading"}, {"name": "Definition"}, {"name": "Source"}],
    templates=[
        {
            "name": "Japanese → English",
            "qfmt": '<div class="kind">日本語 → English</div><div class="question">{{Japanese}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{English}}</div>'
            '<div class="explanation">{{Reading}}<br>{{Definition}}</div><div class="source">{{Source}}</div>',
        },
        {
            "name": "English → Japanese",
            "qfmt": '<div class="kind">English → 日本語</div><div class="question">{{English}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Japanese}}</div>'
            '<div class="explanation">{{Reading}}<br>{{Definition}}</div><div class="source">{{Source}}</div>',
        },
    ],
    css=CSS,
)

CODE_RE = re.compile(r"`([^`]+)`")


def field_html(text: str) -> str:
    """Escape text for an Anki field; `code` spans become <code> (their content escaped too)."""
    parts = CODE_RE.split(text)
    return "".join(f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def link_html(url: str, label: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>'


def section_url(site_url: str, lang_prefix: str, card: Card) -> str:
    """Absolute URL of the card's section on the site (directory URLs)."""
    base = site_url.rstrip("/") + "/" + lang_prefix
    return f"{base}{card.page}/" + (f"#{card.anchor}" if card.anchor else "")


def card_guid(card: Card) -> str:
    return genanki.guid_for("aws-ml-notes", card.lang, card.id)


def term_guid(term: Term) -> str:
    return genanki.guid_for("aws-ml-notes", "term", term.id)


def card_deck(cards: Iterable[Card], lang: str, site_url: str, lang_prefix: str) -> genanki.Deck:
    deck = genanki.Deck(DECK_IDS[lang], DECK_NAMES[lang])
    labels = KIND_LABELS[lang]
    for card in cards:
        where = f"{card.page_title} › {card.heading}" if card.heading != card.page_title else card.page_title
        explanation = field_html(card.explanation)
        if card.title:
            explanation = f"<b>{field_html(card.title)}</b><br>{explanation}"
        source = f"{SOURCE_LABEL[lang]}: " + link_html(section_url(site_url, lang_prefix, card), where)
        note = genanki.Note(
            model=CARD_MODEL,
            fields=[field_html(card.question), field_html(card.answer), explanation, source, labels[card.kind]],
            tags=list(card.tags),
            guid=card_guid(card),
        )
        deck.add_note(note)
    return deck


def terms_deck(terms: Iterable[Term], site_url: str, prefixes: dict[str, str]) -> genanki.Deck:
    deck = genanki.Deck(TERMS_DECK_ID, TERMS_DECK_NAME)
    base = site_url.rstrip("/") + "/"
    for term in terms:
        links = []
        for lang in ("ja", "en"):
            if term.source:
                page, _, anchor = term.source.partition("#")
                url = f"{base}{prefixes.get(lang, '')}{page}/" + (f"#{anchor}" if anchor else "")
                links.append(link_html(url, {"ja": "日本語", "en": "English"}[lang]))
        definition = " / ".join(field_html(d) for d in (term.definition_ja, term.definition_en) if d)
        note = genanki.Note(
            model=TERMS_MODEL,
            fields=[
                field_html(term.ja),
                field_html(term.en),
                field_html(term.reading),
                definition,
                f"{SOURCE_LABEL['ja']} / {SOURCE_LABEL['en']}: " + " · ".join(links),
            ],
            tags=["aws-ml-notes-terms", *([term.page] if term.page else [])],
            guid=term_guid(term),
        )
        deck.add_note(note)
    return deck


def package_bytes(deck: genanki.Deck, timestamp: float | None = None) -> bytes:
    """The .apkg file of one deck (genanki writes a file: go through a temporary one)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path), timestamp=timestamp if timestamp is not None else time.time())
        return path.read_bytes()


def build_decks(
    cards: dict[str, list[Card]],
    terms: list[Term],
    site_url: str,
    prefixes: dict[str, str],
    timestamp: float | None = None,
) -> dict[str, bytes]:
    """``anki/<file>`` -> .apkg bytes for every language deck and the terms deck."""
    out = {}
    for lang, lang_cards in cards.items():
        deck = card_deck(lang_cards, lang, site_url, prefixes.get(lang, ""))
        out[f"{ANKI_DIR}/{DECK_FILE.format(lang=lang)}"] = package_bytes(deck, timestamp)
    out[f"{ANKI_DIR}/{TERMS_FILE}"] = package_bytes(terms_deck(terms, site_url, prefixes), timestamp)
    return out


def main(argv: list[str] | None = None) -> int:
    from mlnotes import config

    from .site import load_site, site_nav_order
    from .terms import load_terms

    parser = argparse.ArgumentParser(description="Write the Anki decks into <site>/anki/.")
    parser.add_argument("--site", type=Path, default=Path("site"), help="built site folder (default: site)")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder (default: docs)")
    args = parser.parse_args(argv)
    site_config = config.site()
    langs = site_config.locales
    site = load_site(args.docs, site_nav_order(), langs=langs)
    if site.problems:
        for problem in site.problems:
            print(problem, file=sys.stderr)
        print(f"make cards: {len(site.problems)} problem(s) in the cards, no deck written", file=sys.stderr)
        return 1
    prefixes = {lang.locale: lang.prefix for lang in site_config.languages}
    terms = load_terms(args.docs / site_config.default_language, site_nav_order())
    decks = build_decks(site.cards, terms, site_config.site_url, prefixes)
    for rel, data in decks.items():
        path = args.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
