"""Card extraction and checks: golden cases (tests/data/cards/<case>/{ja,en}, expected.txt) and unit cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlnotes.cards import check as check_cards
from mlnotes.cards.model import compare_languages, extract_language, extract_page
from mlnotes.cards.site import load_site
from mlnotes.cards.terms import terms_from_glossary, terms_from_pages
from mlnotes.markdown import parse_page, read_page

DATA = Path(__file__).resolve().parents[1] / "data" / "cards"
CASES = sorted(p.name for p in DATA.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_card_golden(case, monkeypatch, capsys):
    case_dir = DATA / case
    monkeypatch.chdir(case_dir)
    rc = check_cards.main(["--docs", ".", "--min-cards", "3"])
    out = capsys.readouterr().out
    expected = (case_dir / "expected.txt").read_text(encoding="utf-8")
    assert out == expected
    assert rc == (0 if expected == "" else 1)


def test_golden_cases_cover_the_broken_kinds():
    assert {"ok", "no-card", "malformed", "mismatch", "duplicate-id"} <= set(CASES)


def test_ok_case_fields_kinds_tags_and_mla():
    site = load_site(DATA / "ok", ["kinesis.md", "glue.md"], min_cards=6)
    assert site.problems == []
    ja = {c.id: c for c in site.cards["ja"]}
    en = {c.id: c for c in site.cards["en"]}
    assert list(ja) == list(en)  # same ids, same (nav) order
    assert list(ja)[:2] == ["kinesis-shard-denominators", "kinesis-shard-kib"]  # nav order, then line order
    trap = en["kinesis-shard-denominators"]
    assert (trap.kind, trap.source, trap.page_title, trap.heading) == (
        "trap",
        "kinesis#shard-sizing",
        "Amazon Kinesis",
        "Shard sizing",
    )
    assert trap.answer == "3 (`max(2000/1000, 6000/2000)`)"
    # no E: line: the explanation is the admonition body, as plain text (links and bold dropped)
    assert trap.explanation == "Writes by 1000, reads by 2000. Stream size"
    assert trap.title == "Reads are divided by 2000"
    assert trap.mla == ("1.1",) and trap.domains == ("1",) and not trap.mls_only
    assert trap.tags == ("kinesis", "trap", "MLA-C01::1.1")
    change = ja["kinesis-shard-kib"]
    assert change.kind == "change" and change.explanation == "例の 2000 KB/秒 と 6000 KB/秒 でも結果は 3 のまま。"
    figure = ja["kinesis-rcf-function"]
    assert figure.kind == "figure" and figure.mls_only and figure.mla == ()
    assert figure.tags == ("kinesis", "figure", "MLS-C01-only")
    assert ja["glue-batch-not-streaming"].domains == ("1", "3")
    assert site.counts() == {
        "ja": {"trap": 2, "change": 1, "figure": 3, "total": 6},
        "en": {"trap": 2, "change": 1, "figure": 3, "total": 6},
    }


def test_trap_without_card_is_fine_until_strict():
    page = parse_page('# T\n\n## A { #a }\n\n!!! trap "t"\n    body\n', "docs/ja/x.md")
    assert extract_page(page, "ja", strict=False).problems == []
    (problem,) = extract_page(page, "ja", strict=True).problems
    assert str(problem).startswith('docs/ja/x.md:5: `!!! trap` "t" has no card')


def test_card_in_another_admonition_or_indented_elsewhere_is_an_error():
    text = (
        "# T\n\n## A { #a }\n\n!!! note\n    x\n\n    <!-- card t-a\n    Q: q\n    A: a\n    -->\n\n"
        "- item\n\n    <!-- card t-b\n    Q: q\n    A: a\n    E: e\n    -->\n"
    )
    problems = [p.message for p in extract_page(parse_page(text, "p.md"), "en").problems]
    assert any("only trap and changed notes carry cards" in m for m in problems)
    assert any("put it at column 0 of a section" in m for m in problems)


def test_card_in_a_code_block_is_not_a_card():
    text = "# T\n\n## A { #a }\n\n```md\n<!-- card t-a\nQ: q\n-->\n```\n"
    got = extract_page(parse_page(text, "p.md"), "en")
    assert got.cards == [] and got.problems == []


def test_minimum_count_and_page_without_cards_when_strict():
    with_card = parse_page("# T\n\n## A { #a }\n\n<!-- card t-a\nQ: q\nA: a\nE: e\n-->\n", "docs/en/t.md")
    empty = parse_page("# U\n\n## B { #b }\n\ntext\n", "docs/en/u.md")
    got = extract_language([with_card, empty], "en", strict=True, min_cards=2)
    assert [str(p) for p in got.problems] == [
        "docs/en/u.md:1: topic page without any card",
        "docs/en:1: 1 cards in 'en', at least 2 are required",
    ]
    assert extract_language([with_card, empty], "en", strict=False).problems == []


def test_kind_and_page_mismatch_between_languages():
    ja = extract_page(parse_page("# T\n\n## A { #a }\n\n<!-- card t-a\nQ: q\nA: a\nE: e\n-->\n", "ja/t.md"), "ja")
    en_text = '# T\n\n## A { #a }\n\n!!! trap "x"\n    y\n\n    <!-- card t-a\n    Q: q\n    A: a\n    -->\n'
    en = extract_page(parse_page(en_text, "en/u.md"), "en")
    messages = [p.message for p in compare_languages(ja.cards, en.cards)]
    assert any("is a trap card here but a figure card" in m for m in messages)
    assert any("is on page 'u' here but on 't'" in m for m in messages)


def test_check_cli_usage_errors(tmp_path, capsys):
    assert check_cards.main(["--docs", str(tmp_path)]) == 2
    assert "language folder not found" in capsys.readouterr().err


def test_real_pages_have_well_formed_cards():
    """The real pages, in whatever state the content work is: no malformed card, the same ids in both
    languages, every note carded, at least MIN_CARDS_PER_LANGUAGE per language."""
    assert check_cards.main([]) == 0


# --- terms for the terms deck ---------------------------------------------------------------------


def test_terms_from_first_mentions(tmp_path):
    (tmp_path / "a.md").write_text(
        "# A\n\n## S { #s }\n\n- 過学習 (overfitting) を防ぐ。特異度 (specificity)\n- `コード (code)` は除外\n"
        "- 過学習 (overfitting) 2 回目\n<!-- card a-b\nQ: 正則化 (regularization)\nA: x\nE: y\n-->\n",
        encoding="utf-8",
    )
    terms = terms_from_pages(tmp_path, [])
    assert [(t.ja, t.en, t.source) for t in terms] == [
        ("過学習", "overfitting", "a#s"),
        ("特異度", "specificity", "a#s"),
    ]


def test_terms_from_glossary_and_its_errors():
    data = {
        "terms": [
            {
                "id": "overfitting",
                "ja": "過学習",
                "reading": "かがくしゅう",
                "en": "overfitting",
                "def": {"ja": "合わせ込みすぎ", "en": "Fits too closely."},
                "see": "model-evaluation-overfitting#overfitting",
            }
        ]
    }
    (term,) = terms_from_glossary(data)
    assert (term.id, term.ja, term.reading, term.definition_en, term.page) == (
        "overfitting",
        "過学習",
        "かがくしゅう",
        "Fits too closely.",
        "model-evaluation-overfitting",
    )
    with pytest.raises(ValueError, match="term #1 needs"):
        terms_from_glossary({"terms": [{"id": "x", "ja": "x"}]}, "g.yml")
    with pytest.raises(ValueError, match="no `terms:` list"):
        terms_from_glossary({}, "g.yml")


# --- the build hook stops on bad cards ------------------------------------------------------------


def test_build_hook_names_file_and_line_of_a_malformed_card():
    from mkdocs.exceptions import PluginError

    from mlnotes.mkdocs import selftest

    with pytest.raises(PluginError) as exc:
        selftest._read_language(DATA / "malformed", "ja", [])
    message = str(exc.value)
    assert "problem(s) in the cards of 'ja'" in message
    assert f"{DATA / 'malformed' / 'ja' / 'kinesis.md'}:16: card 'kinesis-shard-denominators': no `Q:` line" in message


def test_build_hook_stops_on_a_note_without_a_card():
    from mkdocs.exceptions import PluginError

    from mlnotes.mkdocs import selftest

    page = read_page(DATA / "no-card" / "ja" / "kinesis.md")
    lenient = extract_language([page], "ja", strict=False)  # what the page holds, coverage aside
    assert [c.id for c in lenient.cards] == ["kinesis-shard-kib", "kinesis-shard-write-limit", "kinesis-rcf-function"]
    with pytest.raises(PluginError, match=r"kinesis.md:18: `!!! trap` \"読み取りは 2000 で割る\" has no card"):
        selftest._read_language(DATA / "no-card", "ja", [])
