"""MLA-C01 map and "last checked" date in the built site (issue 14, issue 9).

Two builds: the real site (session fixture ``built_site``; today's pages may not have `mla:` yet),
and a small fixture site (tests/data/mla_site/ plus the real map page, the real config and hooks)
whose pages are mapped, built with the front matter keys required
(MLNOTES_STRICT_FRONT_MATTER=1), plus broken copies that must fail the build with file:line.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mlnotes import checked, config, mla
from mlnotes.fixture_site import build, make_project
from mlnotes.markdown import NON_TOPIC_PAGES, nav_order, read_page
from mlnotes.mkdocs import mla_map
from mlnotes.paths import DOCS_DIR, ROOT

FIXTURE = ROOT / "tests" / "data" / "mla_site"
LANGS = ("ja", "en")
NAV = ["index.md", "mla-c01-map.md", "kinesis.md"]


def ui_of(lang: str) -> dict[str, str]:
    return config.site().ui(lang)


class Tree(HTMLParser):
    """Flat list of (tag, attrs, text) of the article, in document order (text: the element's own text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[list] = []
        self.stack: list[list] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.inside = True
        if not self.inside or tag in ("br", "img", "input", "meta", "link", "path"):
            return
        item = [tag, dict(attrs), ""]
        self.items.append(item)
        self.stack.append(item)

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside = False
        if self.inside and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        for item in self.stack:
            item[2] += data


def article(path: Path) -> list[list]:
    tree = Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    return tree.items


def page_file(site: Path, lang: str, stem: str) -> Path:
    root = site if lang == "ja" else site / lang
    return root / "index.html" if stem == "index" else root / stem / "index.html"


BLOCKS = ("h1", "h2", "h3", "p", "ul", "ol", "div", "pre", "table")


def next_block(items, i: int) -> list:
    return next(items[j] for j in range(i + 1, len(items)) if items[j][0] in BLOCKS)


def prev_block(items, i: int) -> list:
    return next(items[j] for j in range(i - 1, -1, -1) if items[j][0] in BLOCKS)


def text_of(items, cls: str) -> list[str]:
    return [" ".join(t.split()) for tag, a, t in items if cls in (a.get("class") or "").split()]


# ---------------------------------------------------------------- the real site


@pytest.fixture(scope="module")
def guide() -> mla.Guide:
    return mla.load_guide()


@pytest.mark.parametrize("lang", LANGS)
def test_map_page_lists_every_task_statement(built_site, guide, lang):
    items = article(page_file(built_site.site, lang, "mla-c01-map"))
    ids = {a.get("id") for tag, a, _ in items if tag in ("h2", "h3")}
    assert {f"domain-{d.id}" for d in guide.domains} <= ids
    assert {t.anchor for t in guide.tasks} <= ids
    assert {"not-covered", "mls-only"} <= ids
    headings = {a["id"]: " ".join(t.split()) for tag, a, t in items if tag in ("h2", "h3") and a.get("id")}
    for d in guide.domains:
        assert f"({d.weight} %)" in headings[d.anchor] and d.title[lang] in headings[d.anchor]
    for t in guide.tasks:
        assert headings[t.anchor].startswith(f"{t.id} {t.title[lang]}")
    hrefs = [a.get("href") for tag, a, _ in items if tag == "a"]
    for item in guide.not_covered:
        assert item.link[lang] in hrefs
    assert len(text_of(items, "mla-coverage")) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_home_numbers_match_the_data(built_site, guide, lang):
    order = nav_order(config.site().nav)
    cov = mla.collect(DOCS_DIR / lang, order, guide, required=False)
    expected = mla_map.home_markdown(cov, ui_of(lang)).split("\n")[0]
    shown = text_of(article(page_file(built_site.site, lang, "index")), "mla-home-coverage")
    assert shown == [expected]
    covered, total = cov.total
    assert f"{covered}" in shown[0] and f"{total}" in shown[0]


@pytest.mark.parametrize("lang", LANGS)
def test_checked_date_sits_under_the_title(built_site, lang):
    label = ui_of(lang)["checked_label"]
    for md in sorted((DOCS_DIR / lang).glob("*.md")):
        page = read_page(md)
        items = article(page_file(built_site.site, lang, md.stem))
        date = checked.checked_date(page)
        shown = [(i, t) for i, (tag, a, t) in enumerate(items) if "md-checked" in (a.get("class") or "").split()]
        if date is None:
            assert not shown, md
            continue
        assert len(shown) == 1, md
        index, text = shown[0]
        assert prev_block(items, index)[0] == "h1", md
        assert " ".join(text.split()) == f"{label} {date.isoformat()}"


@pytest.mark.parametrize("lang", LANGS)
def test_badge_rows_follow_the_front_matter(built_site, guide, lang):
    for md in sorted((DOCS_DIR / lang).glob("*.md")):
        if md.name in NON_TOPIC_PAGES:
            continue
        mappings, problems = mla.page_mapping(read_page(md), guide, required=True)
        assert not problems
        items = article(page_file(built_site.site, lang, md.stem))
        rows = [i for i, (tag, a, _) in enumerate(items) if a.get("class") == "mla-badges"]
        assert len(rows) == len(mappings), md
        for i in rows:
            before = prev_block(items, i)
            assert before[0] == "h2" and before[1]["id"] in mappings


@pytest.mark.parametrize("lang", LANGS)
def test_map_page_is_searchable(built_site, lang):
    index = built_site.site / ("" if lang == "ja" else "en") / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    locations = [d["location"] for d in docs]
    assert any(loc.startswith("mla-c01-map/") for loc in locations)
    assert any(loc.startswith("mla-c01-map/#task-2-1") for loc in locations)


# ---------------------------------------------------------------- the fixture site (mapped pages)


def build_fixture(workdir: Path, edit=None):
    pages = workdir / "pages"
    shutil.copytree(FIXTURE, pages)
    if edit:
        edit(pages)
    real_map = {f"{lang}/mla-c01-map.md": DOCS_DIR / lang / "mla-c01-map.md" for lang in LANGS}
    config = make_project(pages, workdir, NAV, real_map)
    site = workdir / "aws-ml-notes"
    proc = build(config, site, "http://127.0.0.1:9/aws-ml-notes/")
    return proc, site


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    proc, site = build_fixture(tmp_path_factory.mktemp("mla"))
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.mark.parametrize("lang", LANGS)
def test_badges_link_the_map_and_show_mls_only_reasons(fixture_site, lang):
    items = article(page_file(fixture_site, lang, "kinesis"))
    h2 = [i for i, (tag, _, _) in enumerate(items) if tag == "h2"]
    ids = [items[i][1]["id"] for i in h2]
    assert ids == ["shard-sizing", "data-firehose-parquet", "data-analytics-anomaly", "see-also"]
    row = next_block(items, h2[0])
    assert row[0] == "p" and row[1]["class"] == "mla-badges"
    links = [a for tag, a, _ in items[h2[0] + 2 : h2[1]] if tag == "a" and a.get("class") == "mla-badge"]
    assert [a["href"] for a in links][:2] == ["../mla-c01-map/#task-1-1", "../mla-c01-map/#task-1-2"]
    assert len(links) == 12 and all(re.match(r"MLA \d\.\d: \S", a["aria-label"]) for a in links)
    mls = next_block(items, h2[2])
    assert mls[1]["class"] == "mla-badges"
    assert "MLS-C01" in mls[2] and "2026-01-27" in mls[2]
    assert next_block(items, h2[3])[0] == "ul"  # see-also: no badge row
    map_ids = {a.get("id") for _, a, _ in article(page_file(fixture_site, lang, "mla-c01-map"))}
    assert {"task-1-1", "task-1-2"} <= map_ids


@pytest.mark.parametrize("lang", LANGS)
def test_fixture_map_and_home_show_the_mapped_sections(fixture_site, guide, lang):
    items = article(page_file(fixture_site, lang, "mla-c01-map"))
    html_text = page_file(fixture_site, lang, "mla-c01-map").read_text(encoding="utf-8")
    for tid in ("1-1", "2-3", "4-3"):
        block = html_text.split(f'id="task-{tid}"', 1)[1].split("<h3", 1)[0]
        assert 'href="../kinesis/#shard-sizing"' in block
    assert html_text.count('href="../kinesis/#data-firehose-parquet"') == 1
    mls = html_text.split('id="mls-only"', 1)[1]
    assert 'href="../kinesis/#data-analytics-anomaly"' in mls and "Apache Flink" in html.unescape(mls)
    coverage = text_of(items, "mla-coverage")
    assert len(coverage) == 4 and all(("3/3" in c) or ("3 of 3" in c) or ("3 タスク中 3 件" in c) for c in coverage)
    home = text_of(article(page_file(fixture_site, lang, "index")), "mla-home-coverage")[0]
    ui = ui_of(lang)
    assert ui["mla_home_domain"].format(id=1, covered=3, total=3) in home
    assert f"{len(guide.not_covered)}" in home


@pytest.mark.parametrize(
    "edit,message",
    [
        (
            lambda p: (p / "en" / "kinesis.md").write_text(
                (p / "en" / "kinesis.md").read_text(encoding="utf-8").replace('["1.1"]', '["9.9"]'), encoding="utf-8"
            ),
            "docs/en/kinesis.md:6: '#data-firehose-parquet': unknown MLA-C01 task id '9.9'",
        ),
        (
            lambda p: (p / "ja" / "kinesis.md").write_text(
                re.sub(r"  data-firehose-parquet: .*\n", "", (p / "ja" / "kinesis.md").read_text(encoding="utf-8")),
                encoding="utf-8",
            ),
            "docs/ja/kinesis.md:26: section '#data-firehose-parquet' has no `mla:` entry",
        ),
        (
            lambda p: (p / "ja" / "index.md").write_text(
                (p / "ja" / "index.md").read_text(encoding="utf-8").replace("checked: 2026-12-02\n", ""),
                encoding="utf-8",
            ),
            "docs/ja/index.md:1: front matter has no `checked: YYYY-MM-DD`",
        ),
        (
            lambda p: (p / "en" / "index.md").write_text(
                (p / "en" / "index.md").read_text(encoding="utf-8").replace("2026-12-02", "2026-12-32"),
                encoding="utf-8",
            ),
            "docs/en/index.md:3: front matter holds an impossible date",
        ),
    ],
    ids=["unknown-task", "missing-section", "missing-checked", "impossible-date"],
)
def test_strict_build_fails_naming_file_and_line(tmp_path, edit, message):
    proc, _ = build_fixture(tmp_path, edit)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
