"""The Markdown model (mlnotes.markdown): golden cases for fences (CommonMark: a fence closes only on
the same character, at least as long), checked against the model and against Python-Markdown with
the site's own extensions (what MkDocs renders)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from mlnotes.markdown import parse_page, read_page
from mlnotes.paths import ROOT
from mlnotes.testing import outline

DATA = Path(__file__).resolve().parents[1] / "data" / "markdown"
CASES = sorted(p.stem for p in DATA.glob("*.md"))


def test_the_fence_cases_are_there():
    assert {"tilde-around-backticks", "four-backticks", "fence-in-admonition", "fence-in-list"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_fence_golden(case):
    page = read_page(DATA / f"{case}.md")
    expected = yaml.safe_load((DATA / f"{case}.yml").read_text(encoding="utf-8"))
    assert [[h.level, h.id, h.line] for h in page.headings] == expected["headings"]
    assert [[a.type, a.title, a.line, a.section] for a in page.admonitions] == expected["admonitions"]
    assert [[b.line, b.end, b.marker, b.info] for b in page.of_kind("fence")] == expected["fences"]
    assert [[link.target, link.line, link.section] for link in page.links] == expected["links"]


@pytest.fixture(scope="module")
def site_markdown():
    """A Python-Markdown converter configured like the site's MkDocs build (mkdocs.yml)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return lambda: markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


@pytest.mark.parametrize("case", CASES)
def test_fence_cases_agree_with_python_markdown(case, site_markdown):
    text = (DATA / f"{case}.md").read_text(encoding="utf-8")
    page = parse_page(text)
    rendered = outline(site_markdown().convert(text))
    assert rendered.heading_ids[1:] == page.heading_ids()  # [0]: the auto id of the page title
    assert rendered.admonitions == [(a.type, a.title) for a in page.admonitions]


def test_section_lines_stop_at_the_next_heading_not_inside_a_fence():
    page = read_page(DATA / "four-backticks.md")
    lines = [text for _, text in page.section_lines("example")]
    assert "## Not a heading" in lines and lines[-2:] == ["    After the four-backtick block.", ""]
    assert [n for n, _ in page.section_lines("sub")] == []


def test_code_lines_cover_fences_only():
    page = read_page(DATA / "tilde-around-backticks.md")
    assert page.code_lines() == set(range(5, 14))


def test_admonition_without_quoted_title_has_no_title():
    page = parse_page("# T\n\n## A { #a }\n\n!!! note\n    body\n")
    assert [(a.type, a.title, a.body) for a in page.admonitions] == [("note", None, ("body",))]


def test_style_check_reads_past_a_tilde_fence_that_holds_backticks():
    from mlnotes.checks import style_ja

    rules = style_ja.load_rules(style_ja.DEFAULT_RULES)
    text = "# T\n\n~~~markdown\n```\nサーバ in code\n```\n~~~\n\n- サーバの設定。\n"
    hits = [(h.line, h.found) for h in style_ja.check_text(text, rules)]
    assert hits == [(9, "サーバ"), (9, "。")]
