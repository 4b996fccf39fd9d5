"""The strict build: both languages, every page, the generated traps index, and build failures."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mlnotes.checks.coverage import DEFAULT_MAP, load_map
from mlnotes.markdown import CHANGED, TRAP, read_page

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.stem for p in (ROOT / "docs" / "ja").glob("*.md"))


def out_path(site: Path, lang: str, stem: str) -> Path:
    base = site if lang == "ja" else site / "en"
    return base / "index.html" if stem == "index" else base / stem / "index.html"


class Anchors(HTMLParser):
    """Collects element ids, and the links inside the article."""

    def __init__(self, convert_charrefs=True):
        super().__init__(convert_charrefs=convert_charrefs)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.link_texts: list[tuple[str, str]] = []  # (href, visible text) of the links in the article
        self.depth = 0
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "article":
            self.depth += 1
        if tag == "a" and self.depth and a.get("href"):
            self.links.append(a["href"])
            self._text = []

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag == "a" and self._text is not None:
            self.link_texts.append((self.links[-1], " ".join("".join(self._text).split())))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def parse_html(path: Path) -> Anchors:
    p = Anchors(convert_charrefs=True)
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_is_built_in_both_languages(built_site, lang):
    for stem in PAGES:
        html = out_path(built_site.site, lang, stem)
        assert html.is_file(), f"{html} missing"
        assert f'<html lang="{lang}"' in html.read_text(encoding="utf-8")


# The only lines a clean build logs (the strict build already stops at a WARNING): anything else, such as
# MkDocs' INFO notes about links, pages left out of the nav or excluded files, makes the log unclean.
EXPECTED_LOG = re.compile(
    r"INFO    -  (?:"
    r"mkdocs_static_i18n: (?:Building|Adding|Overriding|Updating|Translated) .*"
    r"|Cleaning site directory"
    r"|Building documentation to directory: .*"
    r"|search index '\w+': \d+ entries -> .*"
    r"|Documentation built in [\d.]+ seconds)$"
)


def test_build_log_is_clean(built_site):
    lines = [line for line in built_site.build_log.splitlines() if re.match(r"[A-Z]+ +- ", line)]
    assert lines, "no log lines: the build log was not captured"
    unexpected = [line for line in lines if not EXPECTED_LOG.match(line)]
    assert unexpected == []
    for lang in ("ja", "en"):
        assert any(f"Building '{lang}' documentation" in line for line in lines), lang
        assert any(f"search index '{lang}'" in line for line in lines), lang


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_mapped_headings_exist_in_the_html(built_site, lang):
    cache: dict[Path, set[str]] = {}
    for note in load_map(DEFAULT_MAP):
        html = out_path(built_site.site, lang, note.page[:-3])
        ids = cache.setdefault(html, parse_html(html).ids)
        assert note.heading in ids, f"{note.id}: #{note.heading} not in {html}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_traps_index_lists_every_trap_and_change(built_site, lang):
    """The generated index has one working link per trap and per change note of the language."""
    index = out_path(built_site.site, lang, "exam-traps")
    parsed = parse_html(index)
    text = index.read_text(encoding="utf-8")
    traps = changes = 0
    for md in sorted((ROOT / "docs" / lang).glob("*.md")):
        if md.stem in ("index", "exam-traps"):
            continue
        page = read_page(md)
        for adm in page.of_type(TRAP) + page.of_type(CHANGED):
            href = f"../{md.stem}/#{adm.section}"
            assert href in parsed.links, f"{lang}: no link to {href} for '{adm.title}'"
            # the link to the section shows the admonition's title (Markdown reduced to its visible text)
            assert (href, visible(adm.title)) in parsed.link_texts, f"{lang}: no link '{adm.title}' to {href}"
            # the target anchor exists on the target page
            assert adm.section in parse_html(out_path(built_site.site, lang, md.stem)).ids
        traps += len(page.of_type(TRAP))
        changes += len(page.of_type(CHANGED))
    trap_sections = {(n.page, n.heading) for n in load_map(DEFAULT_MAP) if n.trap}
    assert traps >= len(trap_sections), f"{lang}: {traps} traps for {len(trap_sections)} trap sections"
    label = f"{traps} traps and {changes} change notes" if lang == "en" else f"罠 {traps} 件・変更 {changes} 件"
    assert label in text


def visible(title: str) -> str:
    """The text a reader sees of a Markdown title (`code` and **bold** marks dropped)."""
    return " ".join(re.sub(r"`([^`]*)`", r"\1", title).replace("**", "").split())


def test_traps_are_counted_the_same_in_both_languages(built_site):
    counts = {}
    for lang in ("ja", "en"):
        links = parse_html(out_path(built_site.site, lang, "exam-traps")).links
        counts[lang] = sorted(link for link in links if link.startswith("../") and "#" in link)
    assert counts["ja"] == counts["en"]


@pytest.mark.parametrize("lang, other", [("ja", "en"), ("en", "ja")])
def test_language_switcher_points_at_the_same_page(built_site, lang, other):
    from urllib.parse import urljoin

    def url(lg, stem):
        prefix = "" if lg == "ja" else "en/"
        return built_site.base_url + prefix + ("" if stem == "index" else f"{stem}/")

    for stem in PAGES:
        html = out_path(built_site.site, lang, stem).read_text(encoding="utf-8")
        hrefs = re.findall(rf'<a href="([^"]*)" hreflang="{other}" class="md-select__link"', html)
        assert hrefs, f"{lang}/{stem}: no language switcher link to {other}"
        assert urljoin(url(lang, stem), hrefs[0]) == url(other, stem)


def test_no_third_party_font_or_script_in_the_html(built_site):
    for html in built_site.site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, html
        for src in re.findall(r'<script[^>]+src="([^"]+)"', text):
            assert not src.startswith(("http://", "https://", "//")), f"{html}: external script {src}"


def test_hooks_and_python_are_not_published(built_site):
    assert not list(built_site.site.rglob("*.py"))


# --- a broken internal link or anchor fails the strict build, naming the file -------------------


def _copy_project(dest: Path) -> Path:
    for name in ("mkdocs.yml", "overrides", "scripts"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    shutil.copytree(ROOT / "docs", dest / "docs")
    return dest


def _build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(project)},
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "broken, message",
    [
        ("[x](kinesis.md#no-such-anchor)", "contains a link 'kinesis.md#no-such-anchor'"),
        ("[x](no-such-page.md)", "contains a link 'no-such-page.md'"),
    ],
)
def test_strict_build_fails_on_broken_link(tmp_path, broken, message):
    project = _copy_project(tmp_path)
    page = project / "docs" / "en" / "glue.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{broken}\n", encoding="utf-8")
    proc = _build(project)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "glue.md" in log and message in log, log[-2000:]


@pytest.mark.slow
def test_malformed_front_matter_fails_the_build_naming_file_and_line(tmp_path):
    project = _copy_project(tmp_path)
    page = project / "docs" / "ja" / "kinesis.md"
    text = page.read_text(encoding="utf-8").split("\n")
    assert text[0] == "---" and text[1].startswith("description:")
    text[1] = "description: a: b"
    page.write_text("\n".join(text), encoding="utf-8")
    proc = _build(project)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"{page}:2: front matter is not valid YAML" in log, log[-2000:]
    assert "Traceback" not in log
