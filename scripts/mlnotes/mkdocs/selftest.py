"""MkDocs hook: the self-test page and the Anki decks, generated from the cards in the pages.

For the build of each language it:

1. extracts the cards of that language (:mod:`mlnotes.cards.model`); a malformed card, a duplicate id
   or a trap/changed note without a card stops the build with
   ``file:line`` (PluginError). The ja/en id comparison is ``make check``'s
   (``python -m mlnotes.cards.check``), so ``mkdocs serve`` keeps working while one language is ahead;
2. adds generated files to the build: ``selftest/cards-<lang>.json`` (the card data, fetched only by
   the self-test page), ``anki/aws-ml-notes-<lang>.apkg`` and ``anki/aws-ml-notes-terms.apkg``;
   links to them from the pages therefore validate under ``--strict``, and ``mkdocs serve`` serves them;
3. replaces the marker ``<!-- self-test -->`` of the page ``self-test.md`` by the app, in the final
   HTML (so that search does not index its labels)
   (``overrides/partials/self-test.html``, strings from ``extra.ui.selftest_*``); the page's front
   matter ``template: self-test.html`` adds ``javascripts/self-test.js`` and its stylesheet.
   The app is rendered as it will look once the script has loaded the card data (filters with the
   page options, the count, the first card's question, one progress row per page with its total),
   so that nothing moves when the script fills it in (no layout shift; see README "Performance budget").
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from mlnotes.cards.anki import build_decks
from mlnotes.cards.model import Card, extract_language
from mlnotes.cards.terms import load_terms
from mlnotes.config import build_language, default_language, languages_of
from mlnotes.config import ui as ui_strings
from mlnotes.markdown import PageError, nav_order, read_page, topic_pages

MARKER = "<!-- self-test -->"
DATA_URI = "selftest/cards-{lang}.json"
STORE_KEY = "aws-ml-notes:self-test:{lang}:v1"
JS_STRINGS = (
    "kind_trap",
    "kind_change",
    "kind_figure",
    "position",
    "count",
    "done",
    "empty",
    "nocards",
    "progress_all",
    "progress_bar",
    "reset_done",
    "marked_knew",
    "marked_didnt",
)


# cards and pages (with cards) of the language last built, for the app's first render (on_post_page)
_BUILT: dict[str, tuple[list[Card], list[tuple[str, str]]]] = {}


def _prefixes(config) -> dict[str, str]:
    """locale -> folder of that language in the site ("" for the default language, "en/" for English)."""
    return {lang.locale: lang.prefix for lang in languages_of(config)}


def pages_with_cards(cards: list[Card], pages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(slug, title) of the pages that have cards, in nav order."""
    slugs = {c.page for c in cards}
    return [(slug, title) for slug, title in pages if slug in slugs]


def cards_json(cards: list[Card], lang: str, pages: list[tuple[str, str]]) -> bytes:
    """The card data of one language for the self-test page (pure)."""
    data = {
        "lang": lang,
        "pages": [{"slug": slug, "title": title} for slug, title in pages_with_cards(cards, pages)],
        "cards": [
            {
                "id": c.id,
                "kind": c.kind,
                "q": c.question,
                "a": c.answer,
                "e": c.explanation,
                "title": c.title,
                "page": c.page,
                "anchor": c.anchor or "",
                "heading": c.heading,
                "domains": list(c.domains),
                "mls": c.mls_only,
            }
            for c in cards
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _read_language(docs: Path, lang: str, order: list[str]) -> tuple[list[Card], list[tuple[str, str]]]:
    folder = docs / lang
    try:
        pages = [read_page(folder / name) for name in topic_pages(folder, order)]
    except PageError as exc:
        raise PluginError(f"cards: {exc}") from None
    got = extract_language(pages, lang, min_cards=0)  # the card count is `make check`'s
    if got.problems:
        listing = "\n".join(str(p) for p in sorted(got.problems))
        raise PluginError(f"cards: {len(got.problems)} problem(s) in the cards of '{lang}':\n{listing}")
    return got.cards, [(p.path.stem, p.title or p.path.stem) for p in pages]


@event_priority(-150)  # after static-i18n (-100) has rebuilt the file list of the language
def on_files(files, config):
    lang, default, prefixes = build_language(config), default_language(config), _prefixes(config)
    docs = Path(config.docs_dir)
    order = nav_order(config.get("nav"))
    cards, pages = _read_language(docs, lang, order)
    _BUILT[lang] = (cards, pages_with_cards(cards, pages))
    generated = {DATA_URI.format(lang=lang): cards_json(cards, lang, pages)}
    terms = load_terms(docs / default, order)
    try:
        generated |= build_decks({lang: cards}, terms, config.site_url or "", prefixes)
    except ValueError as exc:  # a malformed glossary entry
        raise PluginError(f"cards: {exc}") from None
    for uri, content in generated.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=content))
    return files


def _fmt(text: str, **values) -> str:
    """The script's fmt(): ``{key}`` replaced by values[key]."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _code_parts(text: str) -> list[tuple[bool, str]]:
    """The script's setText(): (is_code, text) parts of text with `code` spans, empty parts left out."""
    return [(bool(i % 2), part) for i, part in enumerate(str(text or "").split("`")) if part]


def first_render(strings: dict[str, str], cards: list[Card], pages: list[tuple[str, str]]) -> dict | None:
    """What the script shows before any mark or filter: the first card and the progress rows (pure).

    The marks in localStorage change only numbers, not sizes, so this is what the page looks like once
    the script has run; None when there are no cards (the script then says so)."""
    if not cards:
        return None
    first = cards[0]
    totals = {slug: sum(c.page == slug for c in cards) for slug, _ in pages}
    rows = [{"slug": slug, "title": title, "total": totals[slug]} for slug, title in pages]
    rows.append({"slug": "", "title": strings["progress_all"], "total": len(cards)})
    for row in rows:
        row["bar"] = _fmt(strings["progress_bar"], title=row["title"], knew=0, total=row["total"])
    return {
        "count": _fmt(strings["count"], count=len(cards)),
        "kind": first.kind,
        "kind_label": strings.get(f"kind_{first.kind}", first.kind),
        "position": _fmt(strings["position"], n=1, total=len(cards)),
        "q": _code_parts(first.question),
        "pages": pages,
        "rows": rows,
    }


def render_app(
    config,
    page_url: str,
    lang: str,
    prefixes: dict[str, str],
    built: tuple[list[Card], list[tuple[str, str]]] | None = None,
) -> str:
    ui = dict(ui_strings(config))
    missing = [k for k in ("selftest_reveal", "selftest_knew", *(f"selftest_{k}" for k in JS_STRINGS)) if k not in ui]
    if missing:
        raise PluginError(f"self-test: mkdocs.yml extra.ui of '{lang}' lacks {', '.join(missing)}")
    strings = {k: ui[f"selftest_{k}"] for k in JS_STRINGS}
    template = config.theme.get_env().get_template("partials/self-test.html")
    return template.render(
        ui=ui,
        first=first_render(strings, *built) if built else None,
        cards_url=get_relative_url(DATA_URI.format(lang=lang), page_url),
        root_url=get_relative_url(prefixes.get(lang, "") or ".", page_url).rstrip("/") + "/",
        store_key=STORE_KEY.format(lang=lang),
        # </ cannot end the <script> element early: JSON escapes "/" only if asked, so escape "<"
        strings=Markup(json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c")),
    )


def on_post_page(html, page, config):
    """After the search index has read the page: the app's labels stay out of search results."""
    if MARKER not in html:
        return html
    lang = build_language(config)
    app = render_app(config, page.url, lang, _prefixes(config), _BUILT.get(lang))
    return html.replace(MARKER, app, 1)
