"""The glossary: data file, checker (golden cases in tests/data/glossary/), pages, tooltips, search table.

No build: the tooltip extension is exercised with plain Python-Markdown.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
import pytest

from mlnotes.checks import glossary as check_glossary
from mlnotes.checks import style_ja
from mlnotes.glossary import GLOSSARY_PATH, GlossaryError, load_glossary
from mlnotes.glossary.model import parse_glossary
from mlnotes.glossary.pages import KANA_ROWS, entry_ids, group_key, render_page, sort_key
from mlnotes.glossary.search import expansion_table, normalise, with_stemmer
from mlnotes.glossary.tooltips import CSS_CLASS, GlossaryTooltips

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "glossary"
GLOSSARY = load_glossary()


# ----------------------------------------------------------------------------------------------
# The real data file


def test_real_glossary_has_well_over_100_terms_with_both_languages():
    assert len(GLOSSARY.terms) >= 150
    for term in GLOSSARY.terms:
        assert term.definition["ja"] and term.definition["en"], term.id
        assert not term.definition["ja"].endswith("。"), f"{term.id}: ja definition ends with 。"
        assert "<" not in term.definition["ja"] + term.definition["en"], term.id


def test_real_glossary_passes_its_check():
    assert check_glossary.main([]) == 0


def test_style_rules_live_in_the_glossary_file():
    assert style_ja.DEFAULT_RULES == GLOSSARY_PATH
    rules = style_ja.load_rules(GLOSSARY_PATH)
    assert any(r.use == "過学習" for r in rules)
    assert not (ROOT / "scripts" / "data" / "glossary-ja.yml").exists()


def test_first_mentions_of_the_real_pages_are_terms():
    """A few pairs the issue names must resolve to a term with the same English."""
    by_en = {t.en: t for t in GLOSSARY.terms}
    assert by_en["specificity"].ja == "特異度"
    assert by_en["overfitting"].ja == "過学習"
    assert by_en["shard"].see == "kinesis#shard-sizing"


# ----------------------------------------------------------------------------------------------
# Checker: golden case


def test_checker_reports_missing_and_mismatched_pairs_and_bad_targets(capsys):
    cwd = os.getcwd()
    os.chdir(DATA)
    try:
        rc = check_glossary.main(["--glossary", "glossary.yml", "--docs", "docs"])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert rc == 1
    assert out.splitlines() == (DATA / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_checker_skips_names_abbreviations_notes_and_code():
    text = (
        "- ARN (Amazon Resource Name) と証跡 (S3)、機能 (Parquet/ORC 変換)\n"
        "- 変換 (FindMatches) と 数 (label_size)、`過学習 (overfit)`\n"
        "- データの準備 (prepare)\n"
    )
    assert check_glossary.check_pairs(text, parse_glossary((DATA / "glossary.yml").read_text()), "x.md") == []


def test_pair_with_alias_and_note_after_comma():
    glossary = parse_glossary((DATA / "glossary.yml").read_text())
    text = "- 過学習 (overfit、学習しすぎ)\n"
    assert check_glossary.check_pairs(text, glossary, "x.md") == []


@pytest.mark.parametrize(
    "text,message",
    [
        ("terms:\n  - id: a\n    ja: [\n", "not valid YAML"),
        ("terms:\n  - id: Bad_Id\n    ja: x\n    reading: x\n    en: x\n", "kebab-case"),
        (
            "terms:\n  - {id: a, ja: あ, reading: あ, en: a, def: {ja: x, en: x}, see: p}\n"
            "  - {id: a, ja: い, reading: い, en: b, def: {ja: x, en: x}, see: p}\n",
            "duplicate id (first on line 2)",
        ),
        ("terms:\n  - {id: a, ja: あ, reading: ア, en: a, def: {ja: x, en: x}, see: p}\n", "must be hiragana"),
        ("terms:\n  - {id: a, ja: あ, reading: あ, en: a, def: {ja: x}, see: p}\n", "`en` must be a non-empty"),
        ("terms:\n  - {id: a, ja: あ, reading: あ, en: a, def: {ja: x, en: x}, see: p.md#X}\n", "`see` must be"),
        ("nothing: here\n", "expected a mapping with a `terms:` list"),
    ],
)
def test_malformed_glossary_names_file_and_line(text, message):
    with pytest.raises(GlossaryError) as err:
        parse_glossary(text, "g.yml")
    assert str(err.value).startswith("g.yml:")
    assert message in str(err.value)


def test_malformed_glossary_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "g.yml"
    bad.write_text("terms:\n  - id: [\n", encoding="utf-8")
    assert check_glossary.main(["--glossary", str(bad)]) == 2
    assert f"{bad}:" in capsys.readouterr().err


# ----------------------------------------------------------------------------------------------
# Glossary pages


def test_both_pages_list_the_same_ids_once():
    ja, en = (entry_ids(render_page(GLOSSARY, lang)) for lang in ("ja", "en"))
    assert sorted(ja) == sorted(en) == sorted(GLOSSARY.ids())
    assert len(set(ja)) == len(ja)


def test_japanese_page_in_gojuon_order_under_kana_rows():
    md = render_page(GLOSSARY, "ja")
    headings = re.findall(r"^### (\S+) \{ #(kana-[a-z]+) \}$", md, re.M)
    assert [h for h, _ in headings] == [row[0] for row in KANA_ROWS if any(row[0] == h for h, _ in headings)]
    assert headings[0][0] == "あ"
    terms = sorted(GLOSSARY.terms, key=lambda t: sort_key(t, "ja"))
    rows = [group_key(t, "ja")[0] for t in terms]
    assert rows == sorted(rows, key=lambda r: [k[0] for k in KANA_ROWS].index(r))
    assert group_key(GLOSSARY.by_id("overfitting"), "ja") == ("か", "kana-ka")
    assert group_key(GLOSSARY.by_id("gamma-distribution"), "ja") == ("か", "kana-ka")  # voiced kana: が → か
    assert group_key(GLOSSARY.by_id("shard"), "ja") == ("さ", "kana-sa")


def test_english_page_a_to_z_by_name_without_amazon_prefix():
    md = render_page(GLOSSARY, "en")
    letters = re.findall(r"^### ([A-Z#]) \{ #letter-", md, re.M)
    assert letters == sorted(letters)
    assert group_key(GLOSSARY.by_id("athena"), "en") == ("A", "letter-a")
    assert group_key(GLOSSARY.by_id("redshift"), "en") == ("R", "letter-r")


def test_entry_gives_other_term_definition_and_section_link():
    md = render_page(GLOSSARY, "ja", {"model-evaluation-overfitting#overfitting": "モデル評価と過学習 › 過学習"})
    entry = md[md.index("過学習 <span") :].split("\n\n", 2)
    assert entry[0].startswith('過学習 <span lang="en" data-search-exclude>overfitting</span> { #overfitting }')
    assert "[モデル評価と過学習 › 過学習](model-evaluation-overfitting.md#overfitting)" in md
    assert "{ data-search-exclude }" in md  # definitions stay out of the search index


# ----------------------------------------------------------------------------------------------
# Tooltips


def render(text: str, lang: str = "ja", glossary=None) -> str:
    ext = GlossaryTooltips(glossary or parse_glossary((DATA / "glossary.yml").read_text()))
    ext.start_page(lang)
    md = markdown.Markdown(extensions=["admonition", "attr_list", "toc", "def_list", ext])
    return md.convert(text)


def terms_linked(html: str) -> list[str]:
    return re.findall(rf'<a class="{CSS_CLASS}" href="glossary.md#([a-z0-9-]+)"', html)


def test_first_occurrence_only_and_longest_match_without_word_boundary():
    html = render("ロジスティック回帰を使う。回帰は回帰。KMSで暗号化し、KMS を使う\n\n過学習を防ぐ。過学習")
    assert terms_linked(html) == ["logistic-regression", "regression", "kms", "overfitting"]
    assert '<a class="glossary-term" href="glossary.md#logistic-regression"' in html
    assert ">ロジスティック回帰</a>を使う" in html
    assert ">KMS</a>で暗号化" in html


def test_title_names_the_other_language_term_and_definition():
    html = render("過学習に注意")
    assert 'title="overfitting — 学習データに合わせ込みすぎた状態"' in html
    html = render("Watch for overfitting.", "en")
    assert 'title="過学習 — Fitting the training data too closely."' in html


def test_not_in_headings_code_links_or_admonition_titles():
    text = (
        "# 過学習の見出し\n\n"
        '!!! trap "過学習のタイトル"\n    本文の `過学習` と [過学習](x.md) のあとに過学習\n\n'
        "```\n回帰\n```\n\n"
        "<div>回帰</div>\n\n"
        "最後に回帰\n"
    )
    html = render(text)
    assert terms_linked(html) == ["overfitting", "regression"]
    assert "<h1" in html and "のあとに<a class" in html and ">過学習</a></p>" in html
    assert '<p class="admonition-title">過学習のタイトル</p>' in html
    assert "<code>過学習</code>" in html
    assert html.count("glossary-term") == 2


def test_katakana_term_not_inside_a_longer_katakana_word():
    html = render("シャードカウントとシャード数")
    assert ">シャード</a>数" in html
    assert "シャードカウント" in html and terms_linked(html) == ["shard"]


def test_english_whole_words_plural_and_case():
    html = render("Overfits? No: overfitting. Regressions and shards; kms is lower case.", "en")
    assert terms_linked(html) == ["overfitting", "regression", "shard"]
    assert ">Regressions</a>" in html and ">shards</a>" in html


def test_idle_without_a_page_language():
    ext = GlossaryTooltips(parse_glossary((DATA / "glossary.yml").read_text()))
    md = markdown.Markdown(extensions=[ext])
    assert "glossary-term" not in md.convert("過学習")
    ext.start_page("ja")
    assert "glossary-term" in md.reset().convert("過学習")
    ext.end_page()
    assert "glossary-term" not in md.reset().convert("過学習")


def test_real_glossary_on_real_sentences():
    html = render("- 特異度 (specificity) = `TN / (TN + FP)`。偽陽性率 (FPR) は 1 − 特異度", glossary=GLOSSARY)
    assert terms_linked(html) == ["specificity", "false-positive-rate"]


# ----------------------------------------------------------------------------------------------
# Search table


def test_expansion_table_maps_the_other_language_to_this_one():
    ja = expansion_table(GLOSSARY, "ja")
    en = expansion_table(GLOSSARY, "en")
    assert ja["overfitting"] == "過学習" and ja["specificity"] == "特異度" and ja["shard"] == "シャード"
    assert en["過学習"] == "overfitting" and en["シャード"] == "shard"
    assert "sagemaker" not in ja and "amazon s3" not in ja  # same in both languages: left out
    assert all(k == normalise(k) for k in ja)


def test_expansion_table_leaves_out_what_the_index_already_holds():
    table = expansion_table(GLOSSARY, "ja", "過学習 (overfitting) を防ぐ。Shards と sharding")
    assert "overfitting" not in table
    assert table["shard"] == "シャード"  # only a longer word holds it: still expanded
    assert table["specificity"] == "特異度"


def test_english_index_gets_the_stemmer():
    assert with_stemmer({"pipeline": ["stopWordFilter"]}, "en")["pipeline"] == ["stopWordFilter", "stemmer"]
    assert with_stemmer({"pipeline": ["stemmer"]}, "ja")["pipeline"] == ["stemmer"]
