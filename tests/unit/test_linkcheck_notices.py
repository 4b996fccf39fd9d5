"""Issue 10: the link checker reads what the cited pages say (notices), against the loopback
fault server (tests/linkcheck_server.py) and a small test site with its Markdown sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from linkcheck_server import NOTICE_PAGES, TITLE_AFTER, TITLE_BEFORE, TITLE_DRIFT, FaultServer

from mlnotes.linkcheck import cache as cache_mod
from mlnotes.linkcheck import cli as check_links
from mlnotes.linkcheck.htmlscan import scan_page
from mlnotes.linkcheck.model import Notice, NoticeKind, UsageError
from mlnotes.linkcheck.notices import (
    acknowledged_in,
    apply_ignores,
    find_date,
    find_notices,
    notice_kind,
    parse_ignore_file,
    sentences,
    title_drift,
)
from mlnotes.markdown import parse_page
from mlnotes.paths import DATA_DIR

FAST = ["--timeout", "2", "--retries", "0", "--backoff", "10ms", "--interval", "0", "--host", "127.0.0.1"]
NOTICE_KEYS = {"kind", "text", "date", "acknowledged", "ignored", "sections"}


@pytest.fixture(autouse=True)
def _no_repo_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPO_URL", raising=False)


@pytest.fixture
def srv():
    with FaultServer() as server:
        yield server


@pytest.fixture
def no_ignores(tmp_path: Path) -> list[str]:
    """An empty ignore file, so that the repository's list cannot change what a test sees."""
    path = tmp_path / "ignored-none.yml"
    path.write_text("[]\n", encoding="utf-8")
    return ["--ignore-file", str(path)]


def run(tmp_path: Path, *args: str, cache: Path | None = None, fmt: str = "json") -> tuple[int, str]:
    out = tmp_path / f"report.{fmt}"
    argv = [*FAST, *args, "--format", fmt, "--output", str(out)]
    argv += ["--cache", str(cache)] if cache else ["--no-cache"]
    rc = check_links.main(argv)
    return rc, out.read_text(encoding="utf-8")


def run_json(tmp_path: Path, *args: str, cache: Path | None = None) -> tuple[int, dict, dict[str, dict]]:
    rc, text = run(tmp_path, *args, cache=cache)
    data = json.loads(text)
    return rc, data, {r["url"]: r for r in data["results"]}


# --- pure: phrases, dates, sentences, page text -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind", "date"),
    [
        ("Amazon Comprehend topic modeling is no longer available to new customers, effective April 30, 2026.",
         "availability", "2026-04-30"),
        ("Amazon SageMaker Model Monitor is no longer open to new customers.", "availability", None),
        ("After careful consideration, the feature will no longer be available starting Jan. 5, 2027.",
         "availability", "2027-01-05"),
        ("End of support notice: On October 7, 2026, AWS will discontinue support for X.", "end_of_support", "2026-10-07"),
        ("Amazon Elastic Inference has been discontinued as of 15 April 2024.", "end_of_support", "2024-04-15"),
        ("The v1 API is deprecated.", "end_of_support", None),
        ("This feature will be retired on 2026-06-30.", "end_of_support", "2026-06-30"),
        ("Amazon Managed Service for Apache Flink, previously known as Kinesis Data Analytics, runs Flink.",
         "rename", None),
        ("Amazon Data Firehose (formerly Kinesis Data Firehose) delivers data.", "rename", None),
        ("The service has been renamed to Amazon SageMaker AI.", "rename", None),
        ("Amazon SageMaker is now Amazon SageMaker AI.", "rename", None),
        ("2026 年 4 月 30 日をもって、新規のお客様は Amazon Comprehend のトピックモデリングを利用できなくなりました。",
         "availability", "2026-04-30"),
        ("新規顧客の受付を終了しました。", "availability", None),
        ("Amazon Lookout for Vision のサポートは 2026 年 10 月 7 日に終了します。", "end_of_support", "2026-10-07"),
        ("この API は廃止されました。", "end_of_support", None),
        ("Amazon Elastic Inference の提供を終了しました。", "end_of_support", None),
        ("Amazon Managed Service for Apache Flink (旧称 Amazon Kinesis Data Analytics) は", "rename", None),
        ("Kinesis Data Analytics の名称が Amazon Managed Service for Apache Flink に変更されました。", "rename", None),
        # look-alikes: not notices
        ("You can no longer see this metric after 15 months.", None, None),
        ("Use previously trained models to start faster.", None, None),
        ("The default is now 5 minutes.", None, None),
        ("Formerly, you had to create the role by hand.", None, None),
        ("To rename a model, create a new model.", None, None),
        ("15 か月を過ぎると、このメトリクスは表示できなくなります。", None, None),
        ("以前にトレーニングしたモデルを使用します。", None, None),
        ("デフォルトは 5 分に変更されました。", None, None),
        ("モデルの名前を変更するには、新しいモデルを作成します。", None, None),
    ],
)  # fmt: skip
def test_phrases_and_dates(sentence: str, kind: str | None, date: str | None) -> None:
    assert notice_kind(sentence) == (NoticeKind(kind) if kind else None)
    if kind:
        assert find_date(sentence) == date


def test_dates_english_and_japanese_forms() -> None:
    assert find_date("effective April 30, 2026") == "2026-04-30"
    assert find_date("on 7 Oct 2026") == "2026-10-07"
    assert find_date("Sept. 1st, 2025 and later May 2, 2026") == "2025-09-01"  # the first one
    assert find_date("2026年4月30日") == "2026-04-30"
    assert find_date("２０２６年４月３０日") == "2026-04-30"  # full-width digits
    assert find_date("2026/4/3") == "2026-04-03"
    assert find_date("in April 2026") is None  # no day: no date
    assert find_date("February 30, 2026") is None  # not a calendar date


def test_box_title_leads_into_the_first_sentence() -> None:
    assert sentences("End of support\nOn May 1, 2026, X ends. Y stays.") == [
        "End of support: On May 1, 2026, X ends.",
        "Y stays.",
    ]
    assert sentences("一文目。二文目。") == ["一文目。", "二文目。"]


def test_scan_page_reads_boxes_and_first_paragraphs_only() -> None:
    html = (
        "<html><body><header><p>This API is deprecated.</p></header><main>"
        '<awsui-alert class="awsdocs-page-banner"><p>Help improve this page</p></awsui-alert>'
        '<h1>Title</h1><div class="awsdocs-note awsdocs-important"><div class="awsdocs-note-title"><h6>Important</h6>'
        '</div><div class="awsdocs-note-text"><p>X is <b>no longer available</b> to new customers.</p></div></div>'
        "<p>One.</p><p>Two.</p><p>Three.</p><p>Four: X has been renamed.</p>"
        '<details class="warning"><summary>Warning</summary><p>Y will be retired.</p></details>'
        "</main></body></html>"
    )
    info = scan_page(html)
    assert info.notice_text == (
        "Help improve this page",
        "Important\nX is no longer available to new customers.",
        "Warning\nY will be retired.",
        "One.",
        "Two.",
        "Three.",
    )
    assert [(str(n.kind), n.text) for n in find_notices(info.notice_text)] == [
        ("availability", "Important: X is no longer available to new customers."),
        ("end_of_support", "Warning: Y will be retired."),
    ]


def test_title_drift_and_acknowledgement_rules() -> None:
    assert title_drift("A - Guide", "A", "A - Guide", "A") is None
    assert title_drift(None, None, "A", "A") is None  # first run: nothing to compare with
    drift = title_drift("A - Amazon SageMaker", "A", "A - Amazon SageMaker AI", "A")
    assert drift is not None and drift.kind == NoticeKind.TITLE_CHANGED
    assert "A - Amazon SageMaker" in drift.text and "A - Amazon SageMaker AI" in drift.text
    page = parse_page(
        "# K\n\n## One { #one }\n\n- fact\n\n"
        '!!! changed "Renamed"\n    Now Y. Source: [p](https://docs.aws.amazon.com/ja_jp/x/p.html#frag)\n\n'
        "Sources: [p](https://docs.aws.amazon.com/ja_jp/x/p.html)\n\n"
        "## Two { #two }\n\n- fact\n\nSources: [q](https://docs.aws.amazon.com/x/q.html)\n\n"
        '!!! changed "Elsewhere"\n    Source: [r](https://docs.aws.amazon.com/x/r.html)\n'
    )
    assert acknowledged_in(page, "https://docs.aws.amazon.com/x/p.html")  # ja_jp and fragment do not matter
    assert not acknowledged_in(page, "https://docs.aws.amazon.com/x/q.html")  # its note cites another page


# --- the fault server's notice pages ----------------------------------------------------------


def test_every_seeded_notice_and_no_false_one(tmp_path: Path, srv: FaultServer, no_ignores: list[str]) -> None:
    args = [a for p in NOTICE_PAGES for a in ("--url", srv.url(p))]
    rc, data, by_url = run_json(tmp_path, *args, *no_ignores)
    got = {p: tuple((n["kind"], n["date"]) for n in by_url[srv.url(p)]["notices"]) for p in NOTICE_PAGES}
    assert got == {p: expected for p, (_, expected) in NOTICE_PAGES.items()}
    assert all(r["status"] == "ok" for r in data["results"])
    for r in data["results"]:
        for n in r["notices"]:
            assert set(n) == NOTICE_KEYS
            assert n["acknowledged"] is False and n["ignored"] is None  # --url: no citing section
    seeded = [k for _, expected in NOTICE_PAGES.values() for k, _ in expected]
    assert data["summary"]["notices"] == {
        "availability": seeded.count("availability"),
        "end_of_support": seeded.count("end_of_support"),
        "rename": seeded.count("rename"),
        "title_changed": 0,
        "unacknowledged": len(seeded),
        "acknowledged": 0,
        "ignored": 0,
    }
    assert rc == 1  # an unacknowledged notice fails the run, like a broken link
    assert data["stats"]["requests"] == len(NOTICE_PAGES)  # still one GET per page
    # a page without notices passes
    lookalikes = srv.url("/notices/lookalikes.html")
    assert run_json(tmp_path, "--url", lookalikes, *no_ignores)[0] == 0


def test_title_drift_between_two_runs(tmp_path: Path, srv: FaultServer, no_ignores: list[str]) -> None:
    cache_file = tmp_path / "links.json"
    url = srv.url(TITLE_DRIFT)
    rc1, first, _ = run_json(tmp_path, "--url", url, *no_ignores, cache=cache_file)
    assert rc1 == 0 and first["results"][0]["notices"] == []
    stored = json.loads(cache_file.read_text(encoding="utf-8"))["pages"][url]
    assert stored["title"] == TITLE_BEFORE
    rc2, second, _ = run_json(tmp_path, "--url", url, "--max-age", "0", *no_ignores, cache=cache_file)
    [notice] = second["results"][0]["notices"]
    assert notice["kind"] == "title_changed" and TITLE_BEFORE in notice["text"] and TITLE_AFTER in notice["text"]
    assert rc2 == 1 and second["summary"]["notices"]["title_changed"] == 1
    # answered from the cache (no request), the drift is still reported
    rc3, third, _ = run_json(tmp_path, "--url", url, *no_ignores, cache=cache_file)
    assert srv.hits[TITLE_DRIFT] == 2 and third["stats"]["requests"] == 0
    assert [n["kind"] for n in third["results"][0]["notices"]] == ["title_changed"] and rc3 == 1
    # reviewed: ignored on the command line, shown as ignored, the run passes
    rc4, fourth, _ = run_json(tmp_path, "--url", url, "--ignore-notice", url, *no_ignores, cache=cache_file)
    assert rc4 == 0 and fourth["results"][0]["notices"][0]["ignored"]["origin"] == "--ignore-notice"


# --- a test site: acknowledged by a change note, or not ----------------------------------------

SITE_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Kinesis</title></head><body>
<div class="md-content"><article class="md-content__inner md-typeset"><h1>Kinesis</h1>
{links}
</article></div></body></html>
"""

MARKDOWN = """---
description: test page
---

# Kinesis

## Anomaly scores {{ #analytics }}

- Kinesis Data Analytics computes anomaly scores.

!!! changed "{changed_title}"
    {changed_text} Source: [{label}]({rename})

Sources: [{label}]({rename})

## Lookout {{ #lookout }}

- Lookout for Vision finds defects.

Sources: [{label}]({eos})
"""


def make_site(root: Path, srv: FaultServer) -> tuple[Path, dict[str, str]]:
    """site/ and docs/ for ja (site root, ja_jp URLs) and en: one acknowledged rename notice and one
    unacknowledged end-of-support notice per language."""
    urls = {}
    for lang, rel, prefix in (("ja", "kinesis", "/ja_jp"), ("en", "en/kinesis", "")):
        rename, eos = srv.url(f"{prefix}/notices/rename.html"), srv.url(f"{prefix}/notices/end-of-support.html")
        urls[f"{lang}-rename"], urls[f"{lang}-eos"] = rename, eos
        (root / "site" / rel).mkdir(parents=True, exist_ok=True)
        links = (
            f'<p><a href="{rename}#:~:text=Flink">rename</a> <a href="{rename}">again</a> <a href="{eos}">eos</a></p>'
        )
        (root / "site" / rel / "index.html").write_text(SITE_PAGE.format(lang=lang, links=links), encoding="utf-8")
        md = root / "docs" / lang / "kinesis.md"
        md.parent.mkdir(parents=True, exist_ok=True)
        texts = {
            "ja": ("Kinesis Data Analytics は改称", "2023-08-30 に改称。", "ページ"),
            "en": ("Kinesis Data Analytics was renamed", "Renamed on 2023-08-30.", "page"),
        }[lang]
        md.write_text(
            MARKDOWN.format(changed_title=texts[0], changed_text=texts[1], label=texts[2], rename=rename, eos=eos),
            encoding="utf-8",
        )
    return root / "site", urls


def test_acknowledged_by_a_change_note(tmp_path: Path, srv: FaultServer, no_ignores: list[str]) -> None:
    site, u = make_site(tmp_path, srv)
    base = ["--site", str(site), "--docs", str(tmp_path / "docs"), *no_ignores]
    rc, data, by_url = run_json(tmp_path, *base)
    assert rc == 1
    for lang in ("ja", "en"):
        [rename] = by_url[u[f"{lang}-rename"]]["notices"]
        [eos] = by_url[u[f"{lang}-eos"]]["notices"]
        assert (rename["kind"], rename["acknowledged"]) == ("rename", True)
        assert (eos["kind"], eos["acknowledged"], eos["date"]) == ("end_of_support", False, "2026-10-07")
        # the citing section, in both languages (ids are the same in ja and en)
        assert [s.split("docs/", 1)[1] for s in eos["sections"]] == [
            f"{lang}/kinesis.md#lookout",
            f"{'en' if lang == 'ja' else 'ja'}/kinesis.md#lookout",
        ]
        assert by_url[u[f"{lang}-rename"] + "#:~:text=Flink"]["notices"] == [rename]  # every fragment carries it
    assert data["summary"]["notices"]["unacknowledged"] == 2  # one per page, not per fragment
    assert data["summary"]["notices"]["acknowledged"] == 2
    assert srv.requests() == 4

    # the Markdown report: a Notices section grouped by site page, with the quoted sentence
    _, md = run(tmp_path, *base, fmt="markdown")
    assert "### Notices" in md and "#### `kinesis.md`" in md
    assert "**unacknowledged**" in md and "| acknowledged |" in md
    assert "AWS will discontinue support for Amazon Lookout for Vision" in md
    assert "docs/ja/kinesis.md#lookout" in md and "docs/en/kinesis.md#lookout" in md
    assert "**2 unacknowledged notices.**" in md
    _, text = run(tmp_path, *base, fmt="text")
    assert "NOTICES" in text and "UNACKNOWLEDGED" in text and "ACKNOWLEDGED" in text
    assert "“サポート終了のお知らせ: Amazon Lookout for Vision のサポートは" in text

    # reviewed in the ignore file: reported as ignored, the run passes
    ignore = tmp_path / "ignored.yml"
    ignore.write_text(
        f"- url: {u['en-eos']}\n  kind: end_of_support\n  reason: the site teaches no Lookout for Vision feature\n"
        "  date: 2026-12-02\n",
        encoding="utf-8",
    )
    rc, data, by_url = run_json(tmp_path, *base, "--ignore-file", str(ignore))
    assert rc == 0
    for lang in ("ja", "en"):  # the entry names the English page; the ja_jp edition matches too
        ignored = by_url[u[f"{lang}-eos"]]["notices"][0]["ignored"]
        assert ignored == {
            "reason": "the site teaches no Lookout for Vision feature",
            "date": "2026-12-02",
            "origin": f"{ignore}:1",
        }
    assert data["summary"]["notices"]["ignored"] == 2 and data["summary"]["notices"]["unacknowledged"] == 0
    _, md = run(tmp_path, *base, "--ignore-file", str(ignore), fmt="markdown")
    assert "ignored: the site teaches no Lookout for Vision feature (2026-12-02)" in md

    # --offline: no request, the notices come from the cache of the last online run
    cache_file = tmp_path / "links.json"
    run_json(tmp_path, *base, cache=cache_file)
    before = srv.requests()
    rc, data, by_url = run_json(tmp_path, *base, "--offline", cache=cache_file)
    assert srv.requests() == before
    assert [n["kind"] for n in by_url[u["en-eos"]]["notices"]] == ["end_of_support"]
    assert data["summary"]["notices"]["unacknowledged"] == 2 and rc == 1
    _, data, by_url = run_json(tmp_path, *base, "--offline")  # --no-cache: nothing to report
    assert data["summary"]["notices"]["unacknowledged"] == 0 and by_url[u["en-eos"]]["notices"] == []


# --- the ignore file --------------------------------------------------------------------------


def test_repository_ignore_file_is_valid() -> None:
    path = DATA_DIR / "ignored-notices.yml"
    rules = parse_ignore_file(path.read_text(encoding="utf-8"), str(path))
    assert all(r.ignored.reason and r.ignored.date for r in rules)


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("- url: https://x/a.html\n  date: 2026-12-02\n", 1, "`reason` is required"),
        ("- url: https://x/a.html\n  reason: ok\n", 1, "`date` is required"),
        ("- url: https://x/a.html\n  reason: ok\n  date: 2026-02-30\n", 1, "not a calendar date"),
        ("[]\n- url: x\n", 2, "not valid YAML"),
        ("- url: https://x/a\n  reason: ok\n  date: 2026-12-02\n- url: ftp://x\n  reason: r\n  date: 2026-12-02\n", 4, "`url`"),
        ("- url: https://x/a\n  reason: ok\n  date: 2026-12-02\n  kind: gone\n", 1, "`kind` must be one of"),
        ("- url: https://x/a\n  why: ok\n", 1, "unknown key 'why'"),
        ("url: https://x/a\n", 1, "expected a list"),
    ],
)  # fmt: skip
def test_malformed_ignore_file_names_file_and_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_ignore_file(text, "scripts/data/ignored-notices.yml")
    assert str(err.value).startswith(f"scripts/data/ignored-notices.yml:{line}: ")
    assert needle in str(err.value)


def test_ignore_rules_match_either_edition_and_prefixes() -> None:
    rules = parse_ignore_file(
        "- url: https://docs.aws.amazon.com/sagemaker/latest/dg/*\n  kind: rename\n"
        "  reason: SageMaker AI rename, acknowledged on the home page\n  date: 2026-12-02\n"
        "- url: https://docs.aws.amazon.com/ja_jp/x/latest/a.html\n  reason: r\n  date: 2026-12-01\n",
        "f.yml",
    )
    rename = Notice(kind=NoticeKind.RENAME, text="Amazon SageMaker AI (formerly Amazon SageMaker) …")
    eos = Notice(kind=NoticeKind.END_OF_SUPPORT, text="X will be retired.")
    under = "https://docs.aws.amazon.com/ja_jp/sagemaker/latest/dg/train.html#x"
    marked = apply_ignores([rename, eos], under, rules)
    assert marked[0].ignored is not None and marked[0].ignored.origin == "f.yml:1"
    assert marked[1].ignored is None  # the prefix rule is for renames only
    assert apply_ignores([rename], "https://docs.aws.amazon.com/sagemaker/latest/api/x.html", rules)[0].ignored is None
    assert apply_ignores([eos], "https://docs.aws.amazon.com/x/latest/a.html", rules)[0].ignored.date == "2026-12-01"


def test_malformed_ignore_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "ignored.yml"
    bad.write_text("- url: https://x/a.html\n", encoding="utf-8")
    rc = check_links.main([*FAST, "--no-cache", "--url", "http://127.0.0.1:9/x", "--ignore-file", str(bad)])
    err = capsys.readouterr().err
    assert rc == 2 and f"{bad}:1: `reason` is required" in err and "Traceback" not in err
    assert check_links.main([*FAST, "--url", "http://127.0.0.1:9/x", "--ignore-notice", "nope"]) == 2


def test_cache_keeps_titles_and_notices(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    entry = {
        "status": "ok",
        "http_status": 200,
        "final_url": None,
        "suggestion": None,
        "detail": "",
        "checked_at": "2026-12-01T00:00:00Z",
        "title": "T",
        "h1": "H",
        "notices": [{"kind": "rename", "text": "X is now called Y.", "date": None}],
    }
    path.write_text(json.dumps({"version": 1, "pages": {"https://a/b": entry}}), encoding="utf-8")
    entries = cache_mod.load(path)
    assert cache_mod.titles(entries, "https://a/b") == ("T", "H")
    assert [(n.kind, n.text) for n in cache_mod.notices(entries, "https://a/b")] == [
        (NoticeKind.RENAME, entry["notices"][0]["text"])
    ]
    entry["notices"] = [{"kind": "gone", "text": "x", "date": None}]
    path.write_text(json.dumps({"version": 1, "pages": {"https://a/b": entry}}), encoding="utf-8")
    with pytest.raises(cache_mod.CacheError, match="bad notices"):
        cache_mod.load(path)
