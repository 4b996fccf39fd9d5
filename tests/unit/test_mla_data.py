"""MLA-C01 map without a build: the exam guide data, the `mla:` / `checked:` front matter checks
(golden cases in tests/data/front_matter/), and the Markdown the hook inserts."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown as md_lib
import pytest

from mlnotes import checked, config, mla
from mlnotes.checks import front_matter as check_front_matter
from mlnotes.checks import translations as check_translations
from mlnotes.markdown import PageError, parse_page
from mlnotes.mkdocs import mla_map

DATA = Path(__file__).resolve().parents[1] / "data" / "front_matter"
CASES = sorted(p.name for p in DATA.iterdir() if p.is_dir())
UI_EN = config.site().ui("en")  # the English interface strings of mkdocs.yml
TASK_IDS = [f"{d}.{t}" for d in range(1, 5) for t in range(1, 4)]


@pytest.fixture(scope="module")
def guide() -> mla.Guide:
    return mla.load_guide()


# ---------------------------------------------------------------- the data file


def test_guide_has_four_domains_and_tasks_1_1_to_4_3(guide):
    assert [d.id for d in guide.domains] == [1, 2, 3, 4]
    assert [d.weight for d in guide.domains] == [28, 26, 22, 24]
    assert [t.id for t in guide.tasks] == TASK_IDS
    assert guide.exam == "MLA-C01" and guide.checked == dt.date(2026, 12, 2) and guide.version


def test_guide_sources_are_the_aws_exam_guide_pages(guide):
    base = "https://docs.aws.amazon.com/{}aws-certification/latest/machine-learning-engineer-associate-01/"
    for urls in [guide.source, guide.in_scope, *(d.source for d in guide.domains)]:
        assert urls["ja"].startswith(base.format("ja_jp/")) and urls["en"].startswith(base.format(""))
        assert urls["ja"].replace("ja_jp/", "") == urls["en"]
    for d in guide.domains:
        assert d.source["en"].endswith(f"-domain{d.id}.html")
    for t in guide.tasks:
        assert t.title["ja"] and t.title["en"] and t.title["ja"] != t.title["en"]


def test_not_covered_list_links_aws_docs_in_each_language(guide):
    names = " ".join(item.title["en"] for item in guide.not_covered)
    for topic in ("CodePipeline", "CloudFormation", "Model Monitor", "Clarify", "Feature Store", "Model Registry"):
        assert topic in names
    for item in guide.not_covered:
        assert item.link["ja"].startswith("https://docs.aws.amazon.com/ja_jp/")
        assert item.link["ja"].replace("/ja_jp/", "/") == item.link["en"]
        assert set(item.tasks) <= set(TASK_IDS)
    assert len({i.id for i in guide.not_covered}) == len(guide.not_covered)


GOOD = mla.DATA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "edit,line,message",
    [
        (('id: "2.2"', 'id: "3.9"'), None, "task id '3.9' must be '2.N'"),
        (("weight: 28", "weight: 27"), None, "domain weights must add up to 100"),
        (("title: {ja: モデリングのアプローチを選択する, ", "title: {"), None, "has no `ja:` text"),
        (('tasks: ["4.2"]', 'tasks: ["4.9"]'), None, "unknown task id '4.9'"),
        (("  checked: 2026-12-02", "  checked: soon"), None, "`checked:` must be a date"),
        (("domains:\n", "domains: [\n"), None, "not valid YAML"),
    ],
)
def test_malformed_guide_names_file_and_line(edit, line, message, tmp_path):
    text = GOOD.replace(*edit, 1)
    assert text != GOOD
    path = tmp_path / "mla-c01.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(mla.GuideError) as exc:
        mla.load_guide(path)
    assert message in str(exc.value)
    assert re.match(rf"{re.escape(str(path))}:\d+: ", str(exc.value))
    assert exc.value.line > 1 or "YAML" in message


def test_front_matter_check_exits_2_on_a_broken_data_file(tmp_path, capsys):
    path = tmp_path / "mla.yml"
    path.write_text("guide: {}\n", encoding="utf-8")
    assert check_front_matter.main(["--docs", str(DATA / "ok"), "--data", str(path)]) == 2
    assert f"{path}:1: `guide:` must be a mapping" in capsys.readouterr().err


# ---------------------------------------------------------------- golden cases of the checks


@pytest.mark.parametrize("case", CASES)
def test_front_matter_golden(case, monkeypatch, capsys):
    case_dir = DATA / case
    monkeypatch.chdir(case_dir)
    rc = check_front_matter.main(["--docs", "."])
    out = capsys.readouterr().out
    expected = (case_dir / "expected.txt").read_text(encoding="utf-8")
    assert out == expected
    assert rc == (0 if expected == "" else 1)


def test_front_matter_cases_cover_the_broken_kinds():
    assert {"ok", "missing", "broken", "drift"} <= set(CASES)
    broken = (DATA / "broken" / "expected.txt").read_text(encoding="utf-8")
    for kind in ("is not a date", "quoted string", "unknown MLA-C01 task id", "not a `##` section", "needs no mapping"):
        assert kind in broken
    assert "has no `mla:` entry" in broken and "one-line reason" in broken


def test_missing_keys_fail_naming_the_page(monkeypatch, capsys):
    monkeypatch.chdir(DATA / "missing")
    assert check_front_matter.main(["--docs", "."]) == 1
    out = capsys.readouterr().out
    assert "has no `mla:`" in out


def test_translation_check_requires_the_same_date_and_task_ids(monkeypatch, capsys):
    monkeypatch.chdir(DATA / "drift")
    assert check_translations.main(["--docs", "."]) == 1
    out = capsys.readouterr().out
    assert "en/kinesis.md:3: `checked:` is 2026-11-30 here but 2026-12-02 in ja/kinesis.md" in out
    assert "en/kinesis.md:5: '#shard-sizing': `mla:` is [1.1, 1.2] here but [1.1] in ja/kinesis.md" in out
    monkeypatch.chdir(DATA / "ok")
    assert "`mla:`" not in capsys.readouterr().out


def test_impossible_date_names_the_line():
    with pytest.raises(PageError) as exc:
        parse_page("---\ndescription: x\nchecked: 2026-13-40\n---\n\n# T\n", "p.md")
    assert str(exc.value).startswith("p.md:3: front matter holds an impossible date")


@pytest.mark.parametrize(
    "value,ok", [("2026-12-02", True), (dt.date(2026, 12, 2), True), ("2026-12-2", False), (20261202, False)]
)
def test_checked_date_values(value, ok):
    page = parse_page("---\ndescription: x\n---\n\n# T\n", "p.md")
    page.meta["checked"] = value
    if ok:
        assert checked.checked_date(page) == dt.date(2026, 12, 2)
    else:
        with pytest.raises(PageError):
            checked.checked_date(page)


def test_checked_label_comes_from_ui():
    assert checked.label({"checked_label": "最終確認日"}, "ja") == "最終確認日"
    assert checked.label(None, "en") == "Last checked against AWS docs"


# ---------------------------------------------------------------- what the hook inserts


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seq: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.seq.append((tag, dict(attrs)))


def render(text: str) -> list[tuple[str, dict]]:
    html = md_lib.markdown(text, extensions=["attr_list", "toc"])
    parser = Tags()
    parser.feed(html)
    return parser.seq


def test_badges_follow_each_mapped_heading(guide):
    page = (DATA / "ok" / "en" / "kinesis.md").read_text(encoding="utf-8")
    body = page.split("---\n", 2)[2]
    mappings, problems = mla.page_mapping(parse_page(page, "kinesis.md"), guide, required=True)
    assert not problems
    out = mla_map.add_badges(body, mappings, guide, "en", UI_EN)
    tags = render(out)
    h2 = [i for i, (t, a) in enumerate(tags) if t == "h2"]
    first, second, see_also = (tags[i + 1] for i in h2)
    assert first == ("p", {"class": "mla-badges"})
    link = tags[h2[0] + 2]
    assert link[0] == "a" and link[1]["href"] == "mla-c01-map.md#task-1-1" and link[1]["class"] == "mla-badge"
    assert link[1]["aria-label"] == "MLA 1.1: Ingest and store data"  # starts with the visible text
    assert second == ("p", {"class": "mla-badges"})
    assert tags[h2[1] + 2] == ("span", {"class": "mla-badge mla-badge--mls"})
    assert see_also[0] == "ul"  # see-also gets no badge row
    assert "Kinesis Data Analytics for SQL applications were removed" in md_lib.markdown(out, extensions=["attr_list"])


def test_mls_only_reason_is_escaped(guide):
    row = mla_map.badge_row(mla.SectionMap("x", (), "*KDA* <b>SQL</b> [gone]"), guide, "en", UI_EN)
    html = md_lib.markdown(row, extensions=["attr_list"])
    assert "*KDA* &lt;b&gt;SQL&lt;/b&gt; [gone]" in html and "<em>" not in html


def test_map_and_home_markdown_match_the_coverage(guide):
    cov = mla.collect(DATA / "ok" / "ja", [], guide, required=True)
    assert [r.target for r in cov.by_task["1.1"]] == ["kinesis.md#shard-sizing"]
    assert [(r.target, r.reason) for r in cov.mls_only] == [
        ("kinesis.md#data-analytics-anomaly", "Kinesis Data Analytics for SQL のアプリケーションは削除済み")
    ]
    assert cov.total == (1, 12) and [c for _, c, _ in cov.domain_counts()] == [1, 0, 0, 0]
    text = mla_map.map_markdown(cov, "ja", UI_EN)
    for tid in TASK_IDS:
        assert f"{{ #task-{tid.replace('.', '-')} }}" in text
    for item in guide.not_covered:
        assert f"]({item.link['ja']})" in text
    assert "](kinesis.md#shard-sizing)" in text and "](kinesis.md#data-analytics-anomaly)" in text
    home = mla_map.home_markdown(cov, UI_EN)
    assert "1 of 12 task statements" in home and "domain 1 1/3, domain 2 0/3" in home
    assert f"not covered here: {len(guide.not_covered)} topics. MLS-C01-only sections: 1." in home
