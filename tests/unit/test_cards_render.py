"""Cards render nothing. Three versions of the real pages: as they are, *bare* (every card comment
removed) and *carded* (bare, plus a generated card on every trap/changed note and a figure card in every
section). All three give the same visible HTML and the same cheat sheet (so the same PDF); the carded
pages pass the strict check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from mlnotes import cheatsheet
from mlnotes.cards.model import CARD_START_RE, extract_language
from mlnotes.cards.site import load_site, site_nav_order
from mlnotes.markdown import TRAP, parse_page, read_page, topic_pages
from mlnotes.testing import render_pages

ROOT = Path(__file__).resolve().parents[2]
SOURCES_RE = re.compile(r"^(?:出典|Sources?)\s*(?:\([^)]*\))?\s*[:：]")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def add_cards(text: str, slug: str) -> str:
    """The page with one card at the end of every trap/changed note and a figure card before each
    section's sources line, as the content convention places them."""
    page = parse_page(text)
    lines = text.split("\n")
    inserts: list[tuple[int, list[str]]] = []  # (index to insert before, lines)
    for n, adm in enumerate(a for a in page.admonitions if a.type in ("trap", "changed")):
        indent = re.match(r"\s*", lines[adm.line - 1])[0] + "    "
        end = adm.line + len(adm.body)  # 1-based number of the last body line == index after it
        card = [
            "",
            f"{indent}<!-- card {slug}-note-{n}",
            f"{indent}Q: Question {n}?",
            f"{indent}A: `answer` {n}",
            f"{indent}-->",
        ]
        if adm.type == TRAP:
            card.insert(-1, f"{indent}E: Explanation {n}.")
        inserts.append((end, card))
    for i, line in enumerate(lines):
        if SOURCES_RE.match(line):
            inserts.append((i, [f"<!-- card {slug}-figure-{i}", "Q: How many?", "A: 42", "E: Because.", "-->", ""]))
    for index, block in sorted(inserts, key=lambda x: -x[0]):
        lines[index:index] = block
    return "\n".join(lines)


def without_cards(text: str) -> str:
    """The page with every card comment removed (outside code blocks)."""
    page = parse_page(text)
    code = page.code_lines()
    keep, in_card = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        if not in_card and number not in code and CARD_START_RE.match(line):
            in_card = True
        if in_card:
            in_card = not line.rstrip().endswith("-->")
            continue
        keep.append(line)
    return "\n".join(keep)


def make_docs(root: Path, transform) -> Path:
    order = site_nav_order()
    for lang in ("ja", "en"):
        (root / lang).mkdir(parents=True)
        for name in topic_pages(ROOT / "docs" / lang, order):
            text = (ROOT / "docs" / lang / name).read_text(encoding="utf-8")
            (root / lang / name).write_text(transform(text, name[:-3]), encoding="utf-8")
        for name in ("index.md", "exam-traps.md", "self-test.md"):
            shutil.copy(ROOT / "docs" / lang / name, root / lang / name)
    return root


@pytest.fixture(scope="module")
def bare_docs(tmp_path_factory) -> Path:
    return make_docs(tmp_path_factory.mktemp("bare"), lambda text, slug: without_cards(text))


@pytest.fixture(scope="module")
def carded_docs(tmp_path_factory) -> Path:
    return make_docs(tmp_path_factory.mktemp("carded"), lambda text, slug: add_cards(without_cards(text), slug))


def test_every_note_carded_passes_the_strict_check(carded_docs):
    site = load_site(carded_docs, site_nav_order(), strict=True, min_cards=1)
    assert site.problems == []
    counts = site.counts()
    assert counts["ja"] == counts["en"]
    notes = sum(
        len([a for a in read_page(p).admonitions if a.type in ("trap", "changed")])
        for p in (carded_docs / "ja").glob("*.md")
    )
    assert counts["ja"]["trap"] + counts["ja"]["change"] == notes


@pytest.fixture(scope="module")
def rendered(bare_docs, carded_docs) -> dict:
    """(version, lang) -> the topic pages rendered by MkDocs with the site's configuration, nav order."""
    order = site_nav_order()
    out = {}
    for version, docs in (("real", ROOT / "docs"), ("bare", bare_docs), ("carded", carded_docs)):
        for lang in ("ja", "en"):
            pages = render_pages(docs / lang, f"https://example.org/notes/{lang}/")
            out[version, lang] = [pages[name] for name in topic_pages(docs / lang, order)]
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cheat_sheet_content_is_unchanged(rendered, lang):
    bare = [cheatsheet.service(p) for p in rendered["bare", lang]]
    assert [cheatsheet.service(p) for p in rendered["real", lang]] == bare
    assert [cheatsheet.service(p) for p in rendered["carded", lang]] == bare


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_render_the_same_visible_html(rendered, lang):
    squash = re.compile(r"\s+")

    def visible(html: str) -> str:
        return squash.sub("", COMMENT_RE.sub("", html))

    carded_pages = 0
    for bare, real, carded in zip(rendered["bare", lang], rendered["real", lang], rendered["carded", lang]):
        assert "<!-- card" in carded.content, bare.name
        carded_pages += 1
        for other in (real, carded):
            assert "Q: " not in COMMENT_RE.sub("", other.content), f"{bare.name}: a card shows on the page"
            assert visible(other.content) == visible(bare.content), bare.name
    assert carded_pages >= 18


def test_cards_of_the_carded_pages_in_order_with_their_sections(carded_docs):
    pages = [read_page(carded_docs / "en" / n) for n in topic_pages(carded_docs / "en", site_nav_order())]
    cards = extract_language(pages, "en", min_cards=1).cards
    first = next(c for c in cards if c.page == "kinesis" and c.kind == "trap")
    assert (first.source, first.answer, first.explanation) == ("kinesis#shard-sizing", "`answer` 0", "Explanation 0.")
    change = next(c for c in cards if c.page == "kinesis" and c.kind == "change")
    # no E: line: the note's body as plain text (Markdown links reduced to their text)
    assert change.explanation and "](" not in change.explanation and "<!--" not in change.explanation
