"""The cheat-sheet model (mlnotes.cheatsheet) on pages rendered by MkDocs with the site's configuration:
cards (HTML comments) never reach the sheet, and the sheet shows the oldest `checked:` date."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from mlnotes import cheatsheet
from mlnotes.config import MAX_PAGES, site
from mlnotes.paths import ROOT
from mlnotes.testing import render_pages

PAGE = """---
description: test
checked: {checked}
---

# {title}

## Limits {{ #limits }}

- A shard takes **1 MB/s** of writes

!!! trap "Divide writes by 1000"
    First sentence. Second sentence.

    <!-- card sample-shard
    Q: SECRET-QUESTION
    A: SECRET-ANSWER
    -->

<!-- card sample-figure
Q: FIGURE-QUESTION
A: 1 MB/s
E: FIGURE-EXPLANATION
-->

Sources: [Doc](https://docs.aws.amazon.com/streams/latest/dev/x.html)
"""


@pytest.fixture(scope="module")
def env():
    return load_config(str(ROOT / "mkdocs.yml")).theme.get_env()


def sheet(env, tmp_path: Path, pages: dict[str, str], lang: str = "en") -> str:
    (tmp_path / lang).mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (tmp_path / lang / name).write_text(text, encoding="utf-8")
    rendered = render_pages(tmp_path / lang, f"https://example.org/notes/{lang}/")
    return cheatsheet.render(
        env,
        [rendered[name] for name in sorted(pages)],
        lang=lang,
        strings=site().ui(lang),
        site_name="Notes",
        home_url="",
        build_date="2026-01-02",
        max_pages=MAX_PAGES,
    )


def test_cards_in_html_comments_are_not_on_the_sheet(env, tmp_path):
    out = sheet(env, tmp_path, {"a.md": PAGE.format(checked="2026-12-02", title="Page A")})
    assert "Divide writes by 1000" in out and "<strong>1 MB/s</strong>" in out
    assert '<span class="first">First sentence.</span>' in out
    for hidden in ("SECRET-QUESTION", "SECRET-ANSWER", "FIGURE-QUESTION", "FIGURE-EXPLANATION", "card sample"):
        assert hidden not in out
    assert '<h3><a href="https://docs.aws.amazon.com/streams/latest/dev/x.html">Limits</a></h3>' in out


def test_the_sheet_shows_the_oldest_checked_date(env, tmp_path):
    out = sheet(
        env,
        tmp_path,
        {
            "a.md": PAGE.format(checked="2026-12-02", title="Page A"),
            "b.md": PAGE.format(checked="2026-11-20", title="Page B"),
        },
    )
    label = site().ui("en")["cheatsheet_checked"].format(date="2026-11-20")
    assert f'<time datetime="2026-11-20" class="cs-checked">{label}</time>' in out
    assert "2026-12-02" not in out.split("</header>")[0]


def test_no_checked_date_no_label(env, tmp_path):
    out = sheet(env, tmp_path, {"a.md": PAGE.replace("checked: {checked}\n", "").format(title="Page A")})
    assert "cs-checked" not in out


def test_max_pages_and_levels_are_passed_to_the_print_page(env):
    out = cheatsheet.render(
        env, [], lang="en", strings=site().ui("en"), site_name="S", home_url="", build_date="2026-01-01", max_pages=4
    )
    assert 'data-max-pages="4"' in out and f'data-max-level="{cheatsheet.MAX_LEVEL}"' in out
