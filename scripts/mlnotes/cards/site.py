"""Read the cards of a docs tree (``docs/<lang>/*.md``): the I/O around :mod:`mlnotes.cards.model`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mlnotes import config
from mlnotes.findings import Finding
from mlnotes.markdown import PageError, nav_order, read_page, topic_pages

from . import MIN_CARDS_PER_LANGUAGE
from .model import KINDS, Card, compare_languages, extract_language


@dataclass
class SiteCards:
    cards: dict[str, list[Card]] = field(default_factory=dict)  # lang -> cards in nav order
    problems: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """lang -> kind -> number of cards (and "total")."""
        out = {}
        for lang, cards in self.cards.items():
            row = {kind: sum(c.kind == kind for c in cards) for kind in KINDS}
            row["total"] = len(cards)
            out[lang] = row
        return out


def site_nav_order() -> list[str]:
    """Page file names in the order of the ``nav`` of mkdocs.yml."""
    return nav_order(config.site().nav)


def site_langs() -> tuple[str, ...]:
    """The site's languages, the default one first (mkdocs.yml)."""
    return config.site().locales


def load_site(
    docs: Path,
    order: list[str],
    *,
    langs: tuple[str, ...] | None = None,
    strict: bool = True,
    min_cards: int = MIN_CARDS_PER_LANGUAGE,
) -> SiteCards:
    """Cards of every language of ``docs`` and every problem, across languages too."""
    out = SiteCards()
    langs = langs or site_langs()
    for lang in langs:
        folder = docs / lang
        pages = []
        for name in topic_pages(folder, order):
            try:
                pages.append(read_page(folder / name))
            except PageError as exc:
                out.problems.append(Finding(str(exc.path), exc.line, f"cannot parse the page: {exc.message}"))
        got = extract_language(pages, lang, strict=strict, min_cards=min_cards)
        out.cards[lang] = got.cards
        out.problems += got.problems
    if len(langs) == 2:
        out.problems += compare_languages(out.cards[langs[0]], out.cards[langs[1]], (langs[0], langs[1]))
    out.problems = sorted(set(out.problems))
    return out
