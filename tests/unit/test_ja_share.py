"""The offline link check's ja_jp share and the pattern-based ja-unconfirmed list (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlnotes.linkcheck import cli
from mlnotes.linkcheck.model import Source, UsageError
from mlnotes.linkcheck.offline import MIN_LOCALE_SHARE, check_url, load_unconfirmed, locale_shares
from mlnotes.paths import DATA_DIR

D = "https://docs.aws.amazon.com"
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>T</title></head><body>
<div class="md-content" data-md-component="content"><article class="md-content__inner md-typeset">
<h1 id="t">T</h1>
{links}
</article></div></body></html>
"""


def site_with(root: Path, ja: list[str], en: list[str]) -> Path:
    site = root / "site"
    for lang, links, rel in (("ja", ja, "p"), ("en", en, "en/p")):
        (site / rel).mkdir(parents=True, exist_ok=True)
        body = "\n".join(f'<p><a href="{u}">x</a></p>' for u in links)
        (site / rel / "index.html").write_text(PAGE.format(lang=lang, links=body), encoding="utf-8")
    return site


def run(tmp_path: Path, site: Path, *extra: str) -> tuple[int, dict]:
    out = tmp_path / "r.json"
    empty = tmp_path / "none.txt"
    empty.write_text("", encoding="utf-8")
    argv = ["--site", str(site), "--offline", "--no-cache", "--ja-unconfirmed", str(empty)]
    rc = cli.main([*argv, *extra, "--format", "json", "--output", str(out)])
    return rc, json.loads(out.read_text(encoding="utf-8"))


def test_threshold_is_one_constant_of_90_percent():
    assert MIN_LOCALE_SHARE == 0.90
    assert cli.build_parser().parse_args([]).min_ja_share == 90


def test_share_counts_distinct_docs_pages_per_language():
    src_ja, src_en = Source("p", "ja"), Source("en/p", "en")
    links = {
        f"{D}/ja_jp/a/b.html#x": (src_ja,),
        f"{D}/ja_jp/a/b.html#y": (src_ja,),  # same page: counted once
        f"{D}/cli/latest/reference/x.html": (src_ja,),
        f"{D}/a/b.html": (src_en,),
        "https://aws.amazon.com/jp/kinesis/": (src_ja,),  # not docs.aws.amazon.com
    }
    shares = {s.lang: s for s in locale_shares(links)}
    assert (shares["ja"].locale, shares["ja"].matching, shares["ja"].total) == ("ja_jp", 1, 2)
    assert shares["ja"].share == 0.5
    assert (shares["en"].locale, shares["en"].matching, shares["en"].total) == (None, 1, 1)
    assert "1 of 2 docs.aws.amazon.com pages cited use /ja_jp/ (50.0%)" in shares["ja"].describe()


def test_report_per_language_and_fail_below_the_threshold(tmp_path, capsys):
    nine = [f"{D}/ja_jp/g/p{i}.html" for i in range(9)]
    en = [u.replace("/ja_jp/", "/") for u in nine]
    english = f"{D}/sagemaker/latest/dg/x.html"
    listed = tmp_path / "list.txt"
    listed.write_text(f"{english}\n", encoding="utf-8")
    # 9 of 10 = 90 %: passes
    site = site_with(tmp_path / "a", [*nine, english], [*en, english])
    rc, data = run(tmp_path, site, "--ja-unconfirmed", str(listed))
    assert rc == 0
    shares = {s["lang"]: s for s in data["stats"]["locale_shares"]}
    assert shares["ja"] == {"lang": "ja", "locale": "ja_jp", "matching": 9, "total": 10, "share": 0.9}
    assert shares["en"]["matching"] == shares["en"]["total"] == 10
    # 8 of 10 = 80 %: fails, with the figure on stderr, unless the threshold is lowered
    site = site_with(tmp_path / "b", [*nine[:8], english, f"{D}/cli/latest/reference/y.html"], en[:8])
    patterns = tmp_path / "patterns.txt"
    patterns.write_text(f"{english}\n{D}/cli/*  AWS CLI Command Reference: English only\n", encoding="utf-8")
    capsys.readouterr()
    rc, data = run(tmp_path, site, "--ja-unconfirmed", str(patterns))
    assert rc == 1 and not data["findings"]  # no link is wrong, the share is too low
    assert "ja pages: 8 of 10 docs.aws.amazon.com pages cited use /ja_jp/ (80.0%): below 90%" in capsys.readouterr().err
    assert run(tmp_path, site, "--ja-unconfirmed", str(patterns), "--min-ja-share", "80")[0] == 0
    # the text report shows the shares per language
    text = tmp_path / "r.txt"
    cli.main(["--site", str(site), "--offline", "--no-cache", "--ja-unconfirmed", str(patterns), "--output", str(text)])
    report = text.read_text(encoding="utf-8")
    assert "ja pages: 8 of 10" in report and "— below 90%" in report and "en pages: 8 of 8" in report


@pytest.mark.parametrize("bad", ["101", "-1", "lots"])
def test_bad_threshold_is_a_usage_error(bad, capsys):
    assert cli.main(["--offline", "--min-ja-share", bad]) == 2
    assert "--min-ja-share" in capsys.readouterr().err


def test_unconfirmed_list_takes_patterns_with_reasons_and_plain_urls(tmp_path):
    path = tmp_path / "u.txt"
    path.write_text(
        "# comment\n"
        f"{D}/cli/*  AWS CLI Command Reference: English only\n"
        f"{D}/sdkfornet/*/apidocs/*\tSDK API reference\n"
        f"{D}/glue/latest/dg/what-is-glue.html#intro  a note\n"
        f"{D}/q?x=1\n",
        encoding="utf-8",
    )
    u = load_unconfirmed(path)
    assert f"{D}/cli/latest/reference/firehose/index.html" in u
    assert f"{D}/sdkfornet/v3/apidocs/items/X.html" in u
    assert f"{D}/sdkfornet/v3/other.html" not in u
    assert f"{D}/glue/latest/dg/what-is-glue.html" in u  # plain URL, fragment dropped
    assert f"{D}/q?x=1" in u and f"{D}/qax=1" not in u  # `?` is not a wildcard
    assert u.pattern_for(f"{D}/cli/latest/reference/s3/index.html") == f"{D}/cli/*"
    ja = Source("p", "ja")
    assert check_url(f"{D}/cli/latest/reference/s3/index.html", ja, u) == []
    assert [f.rule for f in check_url(f"{D}/sagemaker/latest/dg/whatis.html", ja, u)] == ["language-ja"]


@pytest.mark.parametrize(
    "line,message",
    [
        (f"{D}/cli/*", "needs a reason"),
        ("docs.aws.amazon.com/cli/*  CLI", "must start with https://"),
    ],
)
def test_bad_pattern_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "u.txt"
    path.write_text(f"# header\n{line}\n", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        load_unconfirmed(path)
    assert str(exc.value).startswith(f"{path}:2: ") and message in str(exc.value)


def test_real_list_has_reasons_for_every_pattern():
    u = load_unconfirmed(DATA_DIR / "ja-unconfirmed.txt")
    assert u.patterns and all(reason for _, reason in u.patterns)
    assert f"{D}/cli/latest/reference/firehose/index.html" in u
