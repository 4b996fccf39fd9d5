"""Read the cards of a docs tree (``docs/<lang>/*.md``): the I/O around :mod:`mlnotes.cards.model`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mlnotes.markdown import PageError, nav_order, read_page, topic_pages
from mlnotes.paths import ROOT

from . import MIN_CARDS_PER_LANGUAGE
from .model import KINDS, Card, Problem, compare_languages, extract_language

LANGS = ("ja", "en")


@dataclass
class SiteCards:
    cards: dict[str, list[Card]] = field(default_factory=dict)  # lang -> cards in nav order
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """lang -> kind -> number of cards (and "total")."""
        out = {}
        for lang, cards in self.cards.items():
            row = {kind: sum(c.kind == kind for c in cards) for kind in KINDS}
            row["total"] = len(cards)
            out[lang] = row
        return out


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml with its ``!ENV`` / ``!relative`` tags read as plain values (only the nav is needed)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    """``!ENV [NAME, default]`` (or ``!ENV NAME``) as MkDocs reads it."""
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if os.environ.get(v)), default)


_AnyTagLoader.add_constructor("!ENV", _env)
_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_mkdocs_yml(config_file: Path = ROOT / "mkdocs.yml") -> dict:
    """mkdocs.yml as a plain mapping (``!ENV`` resolved, other tags None): nav and site_url for the CLIs."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506 - safe subclass


def site_nav_order(config_file: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Page file names in the order of the ``nav`` of mkdocs.yml."""
    return nav_order(read_mkdocs_yml(config_file).get("nav"))


def load_site(
    docs: Path,
    order: list[str],
    *,
    langs: tuple[str, ...] = LANGS,
    strict: bool = True,
    min_cards: int = MIN_CARDS_PER_LANGUAGE,
) -> SiteCards:
    """Cards of every language of ``docs`` and every problem, across languages too."""
    out = SiteCards()
    for lang in langs:
        folder = docs / lang
        pages = []
        for name in topic_pages(folder, order):
            try:
                pages.append(read_page(folder / name))
            except PageError as exc:
                out.problems.append(Problem(str(exc.path), exc.line, f"cannot parse the page: {exc.message}"))
        got = extract_language(pages, lang, strict=strict, min_cards=min_cards)
        out.cards[lang] = got.cards
        out.problems += got.problems
    if len(langs) == 2:
        out.problems += compare_languages(out.cards[langs[0]], out.cards[langs[1]], (langs[0], langs[1]))
    out.problems = sorted(set(out.problems))
    return out
