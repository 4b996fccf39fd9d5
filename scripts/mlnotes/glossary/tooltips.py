"""Glossary tooltips: a Python-Markdown extension that links the first use of each term on a page.

A treeprocessor walks the ElementTree of the rendered page (after the inline patterns, before
MkDocs resolves links) and, in running text only, turns the first occurrence of each glossary term
into ``<a class="glossary-term" href="glossary.md#<id>" title="<other-language term> — <definition>">``.
MkDocs then makes the link relative and validates the anchor; Material's ``content.tooltips`` shows
the title as a tooltip on hover **and** on keyboard focus, and sets ``aria-describedby``, so the
other-language term and the definition are announced.

Not touched: headings, code, links, abbreviations, admonition titles, ``<summary>``, raw HTML.
Matching: the term and its aliases (except an alias that is only a part of the term, such as
``scale`` of ``scale parameter``), longest form first at each position; Japanese forms need no word boundary (``KMSで``,
``過学習を``), but a katakana form does not match inside a longer katakana word, and Latin forms
match whole words only (English forms also in the plural; names and abbreviations in their exact
case, plain words in any case).

The extension is idle until :meth:`GlossaryTooltips.start_page` names the page's language, and
:meth:`GlossaryTooltips.end_page` makes it idle again: other renderers that reuse the site's
Markdown extensions (the PDF cheat sheet) get no tooltips.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString

from mlnotes.glossary.model import LANGS, Glossary, Term

CSS_CLASS = "glossary-term"
#: Elements whose text is never linked (their whole subtree is skipped)
SKIP_TAGS = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "summary", "svg", "math"})
SKIP_TAGS |= frozenset({f"h{i}" for i in range(1, 7)})
# "mla-badges": the MLA-C01 badge row under a heading (mlnotes.mkdocs.mla_map) is page furniture
SKIP_CLASSES = frozenset({"admonition-title", "headerlink", CSS_CLASS, "arithmatex", "mla-badges"})
KATAKANA = "\u30a0-\u30ff"
LATIN = "A-Za-z0-9"
PLACEHOLDER_RE = re.compile(STX + r"[^\x03]*\x03")
PRIORITY = 3  # after inline (20), attr_list (8) and toc (5); before MkDocs' relpath (0)


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern
    lookup: dict[str, Term]  # normalised form -> term

    def term_of(self, text: str) -> Term | None:
        key = _norm(text)
        if key in self.lookup:
            return self.lookup[key]
        for suffix in ("es", "s"):
            if key.endswith(suffix) and key[: -len(suffix)] in self.lookup:
                return self.lookup[key[: -len(suffix)]]
        return None


def _norm(form: str) -> str:
    return form if re.fullmatch(r"[A-Z0-9-]+", form) else form.casefold()


def _form_pattern(form: str, lang: str) -> str:
    body = re.escape(form)
    if re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", form):  # abbreviation: exact case
        core = body
    elif re.search(r"[A-Z]", form):  # a name: exact case
        core = body
        if lang == "en" and re.fullmatch(r"[A-Za-z][A-Za-z -]*[a-z]", form):
            core += "(?:es|s)?"
    elif re.search(r"[a-z]", form):  # a plain word: also capitalised at the start of a sentence
        core = f"(?i:{body})"
        if lang == "en" and re.fullmatch(r"[A-Za-z][A-Za-z -]*[a-z]", form):
            core += "(?:es|s)?"
    else:
        core = body
    before = after = ""
    if re.match(f"[{LATIN}]", form):
        before = f"(?<![{LATIN}])"
    elif re.match(f"[{KATAKANA}]", form):
        before = f"(?<![{KATAKANA}])"
    if re.search(f"[{LATIN}]$", form):
        after = f"(?![{LATIN}])"
    elif re.search(f"[{KATAKANA}]$", form):
        after = f"(?![{KATAKANA}])"
    return before + core + after


def build_matcher(glossary: Glossary, lang: str) -> Matcher:
    """One regex over every form of every term in ``lang``, longest form first."""
    lookup: dict[str, Term] = {}
    for term in glossary.terms:
        for form in term.tooltip_forms(lang):
            lookup.setdefault(_norm(form), term)
    forms = sorted({f for t in glossary.terms for f in t.tooltip_forms(lang)}, key=lambda f: (-len(f), f))
    pattern = re.compile("|".join(_form_pattern(f, lang) for f in forms)) if forms else re.compile(r"(?!)")
    return Matcher(pattern, lookup)


def tooltip_text(term: Term, lang: str) -> str:
    """The title: the other-language term and the definition in the page's language."""
    return f"{term.other(lang)} — {term.definition[lang]}"


def _skipped(el: etree.Element) -> bool:
    if el.tag in SKIP_TAGS:
        return True
    classes = set((el.get("class") or "").split())
    return bool(classes & SKIP_CLASSES)


class TooltipTreeprocessor(Treeprocessor):
    def __init__(self, md, extension: GlossaryTooltips):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        lang = self.extension.lang
        if lang is None:
            return
        matcher = self.extension.matcher(lang)
        done: set[str] = set()
        self._walk(root, matcher, lang, done)

    def _walk(self, el: etree.Element, matcher: Matcher, lang: str, done: set[str]) -> None:
        if _skipped(el):
            return
        # el.text goes before the first child; each child's tail after that child
        if el.text and not isinstance(el.text, AtomicString):
            new = self._link(el.text, matcher, lang, done)
            if new:
                el.text = new[0]
                for i, node in enumerate(new[1:]):
                    el.insert(i, node)
        for child in list(el):
            self._walk(child, matcher, lang, done)
            if child.tail and not isinstance(child.tail, AtomicString):
                new = self._link(child.tail, matcher, lang, done)
                if new:
                    child.tail = new[0]
                    index = list(el).index(child)
                    for offset, node in enumerate(new[1:], start=1):
                        el.insert(index + offset, node)

    def _link(self, text: str, matcher: Matcher, lang: str, done: set[str]):
        """None, or [text before, <a> (tail = rest), ...] when the text holds a term not linked yet."""
        pieces: list = [""]
        pos = 0
        changed = False
        # raw HTML placeholders stay as they are; only the text between them is searched
        spans, last = [], 0
        for m in PLACEHOLDER_RE.finditer(text):
            spans.append((last, m.start()))
            last = m.end()
        spans.append((last, len(text)))
        for start, end in spans:
            for m in matcher.pattern.finditer(text, start, end):
                term = matcher.term_of(m.group(0))
                if term is None or term.id in done:
                    continue
                done.add(term.id)
                changed = True
                chunk = text[pos : m.start()]
                if isinstance(pieces[-1], str):
                    pieces[-1] += chunk
                else:
                    pieces[-1].tail = (pieces[-1].tail or "") + chunk
                a = etree.Element("a")
                a.set("href", f"{self.extension.page_uri}#{term.id}")
                a.set("class", CSS_CLASS)
                # Material's tooltip puts the title into innerHTML: escape once more
                a.set("title", tooltip_text(term, lang).replace("&", "&amp;").replace("<", "&lt;"))
                a.text = m.group(0)
                pieces.append(a)
                pos = m.end()
        if not changed:
            return None
        rest = text[pos:]
        pieces[-1].tail = (pieces[-1].tail or "") + rest
        return pieces


class GlossaryTooltips(Extension):
    """Register with ``markdown.Markdown(extensions=[GlossaryTooltips(glossary)])``."""

    def __init__(self, glossary: Glossary, page_uri: str = "glossary.md", **kwargs):
        super().__init__(**kwargs)
        self.glossary = glossary
        self.page_uri = page_uri
        self.lang: str | None = None
        self._matchers: dict[str, Matcher] = {}

    def matcher(self, lang: str) -> Matcher:
        if lang not in self._matchers:
            self._matchers[lang] = build_matcher(self.glossary, lang if lang in LANGS else "en")
        return self._matchers[lang]

    def start_page(self, lang: str | None) -> None:
        self.lang = lang

    def end_page(self) -> None:
        self.lang = None

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API
        md.treeprocessors.register(TooltipTreeprocessor(md, self), "glossary_tooltips", PRIORITY)
