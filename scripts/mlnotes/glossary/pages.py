"""Markdown of the glossary page of each language (pure functions).

Japanese: 五十音 order by reading, under あ/か/さ/た/な/は/ま/や/ら/わ headings (level 3). English: A–Z by the
English term, under letter headings. Each entry is a definition-list item whose ``<dt>`` carries the
term id (``glossary/#<id>``): the term, the other-language term, aliases, the definition and a link
to the section that explains it.
"""

from __future__ import annotations

import re

from mlnotes.glossary.model import Glossary, Term, kana_key

GLOSSARY_PAGE = "glossary.md"
MARKER = "<!-- glossary -->"
# (heading, heading id, first kana of the row) — a reading belongs to the last row whose first kana <= it
KANA_ROWS = (
    ("あ", "kana-a", "あ"),
    ("か", "kana-ka", "か"),
    ("さ", "kana-sa", "さ"),
    ("た", "kana-ta", "た"),
    ("な", "kana-na", "な"),
    ("は", "kana-ha", "は"),
    ("ま", "kana-ma", "ま"),
    ("や", "kana-ya", "や"),
    ("ら", "kana-ra", "ら"),
    ("わ", "kana-wa", "わ"),
)
#: Interface strings; the build takes them from mkdocs.yml `extra: ui:` (glossary_count, glossary_see,
#: glossary_aliases) of the language it builds. These are the defaults for calls without a config.
LABELS = {
    "ja": {"count": "{n} 語", "see": "解説", "aliases": "別名"},
    "en": {"count": "{n} terms", "see": "Explained in", "aliases": "Also"},
}
UI_KEYS = {"count": "glossary_count", "see": "glossary_see", "aliases": "glossary_aliases"}


def labels_from_ui(ui: dict | None, lang: str) -> dict[str, str]:
    """The page labels from a language's ``extra.ui`` mapping, defaults where a key is missing."""
    base = dict(LABELS["ja" if lang == "ja" else "en"])
    for key, ui_key in UI_KEYS.items():
        if ui and ui.get(ui_key):
            base[key] = str(ui[ui_key])
    return base


SEARCH_EXCLUDE = "{ data-search-exclude }"  # Material's search plugin skips these blocks
ENGLISH_PREFIX_RE = re.compile(r"^(?:Amazon|AWS|Apache) (?=\S)")
#: Group headings (あ, か… / A, B…) sit under the page's `## 用語一覧 { #terms }` / `## Terms { #terms }`,
#: the heading both languages share (the language switcher keeps the #anchor).
GROUP_LEVEL = "###"
ENTRY_ID_RE = re.compile(r"^\S.*\{ #([a-z0-9-]+) \}$", re.M)


def kana_row(reading: str) -> tuple[str, str]:
    key = kana_key(reading)[:1]
    row = KANA_ROWS[0]
    for candidate in KANA_ROWS:
        if candidate[2] <= key:
            row = candidate
    return row[0], row[1]


def english_key(term: Term) -> str:
    """English sort key: AWS and Apache names by the name itself (``Amazon Athena`` under A for Athena)."""
    return ENGLISH_PREFIX_RE.sub("", term.en).casefold()


def group_key(term: Term, lang: str) -> tuple[str, str]:
    """(heading, heading id) of the group a term is listed under."""
    if lang == "ja":
        return kana_row(term.reading)
    first = english_key(term)[:1].upper()
    if not first.isascii() or not first.isalpha():
        return "#", "letter-other"
    return first, f"letter-{first.lower()}"


def sort_key(term: Term, lang: str) -> tuple:
    if lang == "ja":
        return (kana_key(term.reading), term.reading, term.id)
    return (english_key(term), term.id)


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def render_entry(term: Term, lang: str, section_titles: dict[str, str], labels: dict[str, str]) -> str:
    """One definition-list item: term (+ other-language term) { #id }, the definition, aliases and link."""
    other_lang = "en" if lang == "ja" else "ja"
    head = _escape(term.term(lang))
    if term.other(lang) != term.term(lang):
        # out of the index too: search-i18n.js maps the other-language term to this one
        head += f' <span lang="{other_lang}" data-search-exclude>{_escape(term.other(lang))}</span>'
    aliases = [a for a in term.aliases.get(lang, ()) if a != term.term(lang)]
    title = section_titles.get(term.see, term.see_page)
    more = []
    if aliases:
        more.append(f"{labels['aliases']}: " + ("、" if lang == "ja" else ", ").join(_escape(a) for a in aliases))
    more.append(f"{labels['see']}: [{_escape(title)}]({term.see_link()})")
    # the definitions stay out of the search index (first-load weight): the terms are enough to find an entry
    return (
        f"{head} {{ #{term.id} }}\n:   {_escape(term.definition[lang])}\n    {SEARCH_EXCLUDE}\n\n"
        f"    {' · '.join(more)}\n    {SEARCH_EXCLUDE}\n"
    )


def render_page(
    glossary: Glossary, lang: str, section_titles: dict[str, str] | None = None, labels: dict[str, str] | None = None
) -> str:
    """The Markdown that replaces :data:`MARKER` on the glossary page of ``lang``."""
    titles = section_titles or {}
    labels = labels or labels_from_ui(None, lang)
    out = [f"*{labels['count'].format(n=len(glossary.terms))}*\n"]
    current = None
    for term in sorted(glossary.terms, key=lambda t: sort_key(t, lang)):
        group = group_key(term, lang)
        if group != current:
            current = group
            out.append(f"{GROUP_LEVEL} {group[0]} {{ #{group[1]} }}\n")
        out.append(render_entry(term, lang, titles, labels))
    return "\n".join(out)


def entry_ids(markdown: str) -> list[str]:
    """Term ids of the entries in a rendered glossary page (group headings excluded)."""
    return [m.group(1) for m in ENTRY_ID_RE.finditer(markdown) if not m.group(0).startswith("#")]
