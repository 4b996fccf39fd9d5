"""Cards render nothing: the real pages with a card added to every trap/changed note and a figure card in
every section give the same visible HTML, the same cheat sheet (so the same PDF) and a clean strict check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest

from mlnotes.cards.model import extract_language
from mlnotes.cards.site import load_site, read_mkdocs_yml, site_nav_order
from mlnotes.markdown import TRAP, parse_page, read_page, topic_pages
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


@pytest.fixture(scope="module")
def carded_docs(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    order = site_nav_order()
    for lang in ("ja", "en"):
        (docs / lang).mkdir()
        for name in topic_pages(ROOT / "docs" / lang, order):
            text = (ROOT / "docs" / lang / name).read_text(encoding="utf-8")
            (docs / lang / name).write_text(add_cards(text, name[:-3]), encoding="utf-8")
        for name in ("index.md", "exam-traps.md", "self-test.md"):
            shutil.copy(ROOT / "docs" / lang / name, docs / lang / name)
    return docs


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
def test_cheat_sheet_content_is_unchanged(carded_docs, lang):
    order = site_nav_order()
    assert cheatsheet.collect(carded_docs / lang, order) == cheatsheet.collect(ROOT / "docs" / lang, order)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_render_the_same_visible_html(carded_docs, lang):
    config = read_mkdocs_yml()
    extensions, configs = [], {}
    for ext in config["markdown_extensions"]:
        name, cfg = next(iter(ext.items())) if isinstance(ext, dict) else (ext, None)
        extensions.append(name)
        if cfg:
            configs[name] = cfg
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    for path in sorted((carded_docs / lang).glob("*.md")):
        original = (ROOT / "docs" / lang / path.name).read_text(encoding="utf-8")
        carded = path.read_text(encoding="utf-8")
        md.reset()
        before = md.convert(original)
        md.reset()
        after = md.convert(carded)
        if before == after:
            continue  # no trap, change or sources line on this page
        assert "<!-- card" in after, path.name
        assert "Q: " not in COMMENT_RE.sub("", after), f"{path.name}: a card shows on the page"
        squash = re.compile(r"\s+")
        assert squash.sub("", COMMENT_RE.sub("", after)) == squash.sub("", COMMENT_RE.sub("", before)), path.name


def test_cards_of_the_carded_pages_in_order_with_their_sections(carded_docs):
    pages = [read_page(carded_docs / "en" / n) for n in topic_pages(carded_docs / "en", site_nav_order())]
    cards = extract_language(pages, "en", min_cards=1).cards
    first = next(c for c in cards if c.page == "kinesis" and c.kind == "trap")
    assert (first.source, first.answer, first.explanation) == ("kinesis#shard-sizing", "`answer` 0", "Explanation 0.")
    change = next(c for c in cards if c.page == "kinesis" and c.kind == "change")
    assert change.explanation.startswith("The current AWS docs round up `max(")  # the note's body
