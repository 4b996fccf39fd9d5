"""Cards render nothing. Three versions of the real pages: as they are, *bare* (every card comment
removed) and *carded* (bare, plus a generated card on every trap/changed note and a figure card in every
section). All three give the same visible HTML and the same cheat sheet (so the same PDF); the carded
pages pass the strict check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest

from mlnotes.cards.model import extract_language
from mlnotes.cards.site import load_site, read_mkdocs_yml, site_nav_order
from mlnotes.markdown import TRAP, card_comment_lines, parse_page, read_page, topic_pages
from mlnotes.mkdocs import cheatsheet

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
    lines = text.split("\n")
    cards = card_comment_lines(lines)
    return "\n".join(line for number, line in enumerate(lines, start=1) if number not in cards)


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


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cheat_sheet_content_is_unchanged(bare_docs, carded_docs, lang):
    order = site_nav_order()
    bare = cheatsheet.collect(bare_docs / lang, order)
    assert cheatsheet.collect(ROOT / "docs" / lang, order) == bare
    assert cheatsheet.collect(carded_docs / lang, order) == bare


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_render_the_same_visible_html(bare_docs, carded_docs, lang):
    config = read_mkdocs_yml()
    extensions, configs = [], {}
    for ext in config["markdown_extensions"]:
        name, cfg = next(iter(ext.items())) if isinstance(ext, dict) else (ext, None)
        extensions.append(name)
        if cfg:
            configs[name] = cfg
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    squash = re.compile(r"\s+")
    compared = 0
    for path in sorted((bare_docs / lang).glob("*.md")):
        md.reset()
        before = md.convert(path.read_text(encoding="utf-8"))
        for docs in (ROOT / "docs", carded_docs):
            md.reset()
            after = md.convert((docs / lang / path.name).read_text(encoding="utf-8"))
            if before == after:
                continue  # no card on this page
            compared += 1
            assert "<!-- card" in after, path.name
            assert "Q: " not in COMMENT_RE.sub("", after), f"{path.name}: a card shows on the page"
            assert squash.sub("", COMMENT_RE.sub("", after)) == squash.sub("", COMMENT_RE.sub("", before)), path.name
    assert compared >= 18  # every topic page, at least in its carded version


def test_cards_of_the_carded_pages_in_order_with_their_sections(carded_docs):
    pages = [read_page(carded_docs / "en" / n) for n in topic_pages(carded_docs / "en", site_nav_order())]
    cards = extract_language(pages, "en", min_cards=1).cards
    first = next(c for c in cards if c.page == "kinesis" and c.kind == "trap")
    assert (first.source, first.answer, first.explanation) == ("kinesis#shard-sizing", "`answer` 0", "Explanation 0.")
    change = next(c for c in cards if c.page == "kinesis" and c.kind == "change")
    # no E: line: the note's body as plain text (Markdown links reduced to their text)
    assert change.explanation and "](" not in change.explanation and "<!--" not in change.explanation
