"""The content checks: golden cases for the translation and style checkers, and the real docs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlnotes.checks import coverage as check_coverage
from mlnotes.checks import style_ja as check_style_ja
from mlnotes.checks import translations as check_translations
from mlnotes.config import site
from mlnotes.markdown import nav_order, parse_page

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
TRANSLATION_CASES = sorted(p.name for p in (DATA / "translations").iterdir() if p.is_dir())


# --- translation checker: golden cases -----------------------------------------------------------


@pytest.mark.parametrize("case", TRANSLATION_CASES)
def test_translation_golden(case, monkeypatch, capsys):
    case_dir = DATA / "translations" / case
    monkeypatch.chdir(case_dir)
    rc = check_translations.main(["--docs", "."])
    out = capsys.readouterr().out
    expected = (case_dir / "expected.txt").read_text(encoding="utf-8")
    assert out == expected
    assert rc == (0 if expected == "" else 1)


def test_translation_cases_cover_the_broken_kinds():
    assert {"ok", "missing-pair", "drifted-id", "missing-trap", "malformed"} <= set(TRANSLATION_CASES)


def test_translation_missing_language_folder_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "ja").mkdir()
    assert check_translations.main(["--docs", str(tmp_path)]) == 2
    assert "language folder not found" in capsys.readouterr().err


def test_translation_bad_flag_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        check_translations.main(["--no-such-flag"])
    assert exc.value.code == 2


def test_translation_malformed_front_matter_names_the_file(tmp_path, capsys):
    for lang in ("ja", "en"):
        (tmp_path / lang).mkdir()
    (tmp_path / "ja" / "a.md").write_text("---\n- not a mapping\n---\n\n# A\n", encoding="utf-8")
    (tmp_path / "en" / "a.md").write_text("---\ndescription: x\n---\n\n# A\n", encoding="utf-8")
    assert check_translations.main(["--docs", str(tmp_path)]) == 1
    assert (
        f"{tmp_path / 'ja' / 'a.md'}:2: cannot parse the page: front matter is not a mapping" in capsys.readouterr().out
    )


def test_invalid_yaml_front_matter_names_file_and_line(tmp_path):
    from mlnotes.markdown import PageError, read_page

    page = tmp_path / "p.md"
    page.write_text("---\ntitle: ok\ndescription: a: b\n---\n\n# P\n", encoding="utf-8")
    with pytest.raises(PageError) as exc:
        read_page(page)
    assert str(exc.value).startswith(f"{page}:3: front matter is not valid YAML")


def test_admonition_inside_list_and_code_is_parsed_correctly():
    page = parse_page(
        '# T\n\n## A { #a }\n\n```md\n!!! trap "not real"\n    x\n```\n\n!!! trap "real"\n    body\n\n    more\n\ntext\n\n## B { #b }\n'
    )
    traps = page.of_type("trap")
    assert [(t.title, t.section, t.line) for t in traps] == [("real", "a", 10)]
    assert traps[0].body == ("body", "", "more")
    assert page.heading_ids() == ["a", "b"]


# --- Japanese style checker ----------------------------------------------------------------------


def test_style_golden(monkeypatch, capsys):
    monkeypatch.chdir(DATA / "style")
    rc = check_style_ja.main(["bad.md"])
    assert rc == 1
    assert capsys.readouterr().out == (DATA / "style" / "expected.txt").read_text(encoding="utf-8")


def test_style_clean_text_passes():
    rules = check_style_ja.load_rules(check_style_ja.DEFAULT_RULES)
    assert check_style_ja.check_text("- サーバーとユーザーの設定。`Sagemaker` はコード\n", rules) == []


def test_style_card_comment_lines_are_not_a_broken_paragraph():
    card = "本文の段落\n\n<!-- card x-1\nQ: 上限は？\nA: 1 MB/秒\nE: 読み取りは 2 MB/秒\n-->\n"
    assert check_style_ja.check_layout(card) == []
    # the same lines outside a comment are one paragraph broken across lines
    broken = "Q: 上限は？\nA: 1 MB/秒\n"
    assert [h.line for h in check_style_ja.check_layout(broken)] == [2]


def test_style_bad_rule_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "rules.yml"
    bad.write_text("rules:\n  - {use: x, banned: ['(']}\n", encoding="utf-8")
    assert check_style_ja.main(["--rules", str(bad), str(tmp_path)]) == 2
    assert "rule 1 is malformed" in capsys.readouterr().err


# --- memo coverage ------------------------------------------------------------------------------


def test_coverage_map_lists_all_72_notes():
    notes = check_coverage.load_map(check_coverage.DEFAULT_MAP)
    assert sorted(n.id for n in notes) == [f"N{i:02d}" for i in range(1, 73)]
    nav_pages = set(nav_order(site().nav))
    assert {n.page for n in notes} <= nav_pages


def test_coverage_reports_missing_heading_and_trap(tmp_path):
    notes = [check_coverage.Note("N01", "p.md", "x", True), check_coverage.Note("N02", "p.md", "y", False)]
    for lang in ("ja", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "p.md").write_text("# P\n\n## X { #x }\n\ntext\n", encoding="utf-8")
    problems = check_coverage.check_notes(notes, tmp_path)
    assert f"{tmp_path / 'ja' / 'p.md'}:3: N01: section '#x' has no `!!! trap` admonition" in problems
    assert f"{tmp_path / 'en' / 'p.md'}:1: N02: no heading with id '#y'" in problems
    assert len(problems) == 4


# --- the real content ---------------------------------------------------------------------------


def test_docs_translations_are_in_sync(capsys):
    rc = check_translations.main(["--docs", str(ROOT / "docs")])
    assert rc == 0, capsys.readouterr().out


def test_docs_japanese_style(capsys):
    rc = check_style_ja.main([str(ROOT / "docs" / "ja")])
    assert rc == 0, capsys.readouterr().out


def test_docs_cover_every_memo_note(capsys):
    rc = check_coverage.main(["--docs", str(ROOT / "docs")])
    assert rc == 0, capsys.readouterr().out


SERVICE_PAGES = sorted({n.page for n in check_coverage.load_map(check_coverage.DEFAULT_MAP)})


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_service_page_shape(lang, name):
    page = parse_page((ROOT / "docs" / lang / name).read_text(encoding="utf-8"), name)
    assert page.title, "no H1"
    see_also = page.section_lines("see-also")
    links = {line.split("](", 1)[1].split(")", 1)[0].split("#")[0] for _, line in see_also if "](" in line}
    links.discard(name)
    assert len(links - {"exam-traps.md", "index.md"}) >= 2, f"{lang}/{name}: see-also needs links to 2 other pages"
    # every section but see-also cites at least one source
    for h in page.headings:
        if h.level != 2 or h.id == "see-also":
            continue
        body = "\n".join(text for _, text in page.section_lines(h.id))
        assert "](http" in body, f"{lang}/{name}:{h.line}: section '#{h.id}' cites no source"
    # no skipped heading level (h1 -> h3)
    levels = [1] + [h.level for h in page.headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{lang}/{name}: a heading level is skipped"


def test_every_docs_page_is_in_the_nav_of_both_languages():
    ja = {p.name for p in (ROOT / "docs" / "ja").glob("*.md")}
    en = {p.name for p in (ROOT / "docs" / "en").glob("*.md")}
    assert ja == en
    nav = set(nav_order(site().nav))
    for name in ja:
        assert name in nav, f"{name} is not in the nav"


def test_check_scripts_run_as_commands(tmp_path):
    """The scripts also work when run as files (`python scripts/x.py`), as the Makefile does."""
    import subprocess
    import sys

    case = DATA / "translations" / "missing-trap"
    work = tmp_path / "case"
    shutil.copytree(case, work)
    proc = subprocess.run(
        [sys.executable, "-m", "mlnotes.checks.translations", "--docs", str(work)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "1 `trap` admonition(s) in ja, 0 in en" in proc.stdout
