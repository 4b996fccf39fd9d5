"""PDF cheat sheets (issue 5): generated from the pages, complete, ≤ 4 A4 pages, fonts embedded.

The PDFs are rendered once per session from the shared strict build (``built_site``) by
``python -m mlnotes.pdf --no-build``, the command the deploy job runs after ``mkdocs build``. What
must be in them is read from the pages with ``mlnotes.markdown`` (never a copy in this file),
plus a short hard-coded list of the figures the issue names. Page 1 of each language is rendered
to ``test-artifacts/cheatsheet-<lang>-p1.png`` to look at.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from mlnotes.config import MAX_PAGES
from mlnotes.markdown import CHANGED, NON_TOPIC_PAGES, TRAP, parse_page, read_page

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGS = ("ja", "en")
SKIP_PAGES = NON_TOPIC_PAGES
A4_PT = (595.3, 841.9)

# The figures issue 5 names; each must be in the sheet of its language (regular expressions on
# the text without whitespace: "1 minute" is written "1-minute" on the English page).
MUST_HAVE = {
    "ja": ["2〜15", "15か月", "2週間", "1分", "90日", "/1000", "/2000", "label_size=0"],
    "en": ["2–15", "15months?", "2weeks", "1-?minute", "90days?", "/1000", "/2000", "label_size=0"],
}

# ----------------------------------------------------------------------------------------------
# What the pages say (from the Markdown, with mlnotes.markdown)
# ----------------------------------------------------------------------------------------------

LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")


def plain(markdown: str) -> str:
    """Text a reader sees for inline Markdown: links → their text, no emphasis or code marks."""
    text = re.sub(r"\[\^[^\]]+\]", "", markdown)  # footnote references
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url), images
    text = re.sub(r"<https?://[^>]+>", lambda m: m.group(0)[1:-1], text)
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = text.replace("**", "").replace("__", "").replace("`", "")
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)  # backslash escapes
    return text


def squash(text: str) -> str:
    """Compare text without caring about line breaks, spacing or ligatures (pdftotext -raw)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def service_pages(lang: str) -> list[Path]:
    return sorted(p for p in (DOCS / lang).glob("*.md") if p.name not in SKIP_PAGES)


def bullets(path: Path) -> list[str]:
    """Every list item (nested ones too) of every `##` section except "see also"."""
    page = read_page(path)
    # lines of admonitions (any type): their lists belong to the note, not to the section
    in_admonition = {a.line + k for a in page.admonitions for k in range(len(a.body) + 1)}
    out: list[str] = []
    for heading in page.headings:
        if heading.level != 2 or not heading.id or heading.id == "see-also":
            continue
        in_fence = False
        item: list[str] | None = None
        for number, line in page.section_lines(heading.id):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            if in_fence or number in in_admonition:
                item = None
                continue
            m = LIST_ITEM.match(line)
            if m:
                item = [m.group(2)]
                out.append(item)  # type: ignore[arg-type]
            elif item is not None and line.strip() and line.startswith(" ") and not line.lstrip().startswith("|"):
                item.append(line.strip())
            else:
                item = None
    return [plain(" ".join(i)) for i in out]  # type: ignore[arg-type]


def figures(text: str) -> list[str]:
    """Each whitespace-separated token with a digit, together with the word after it (its unit)."""
    tokens = text.split()
    return [" ".join(tokens[i : i + 2]) for i, tok in enumerate(tokens) if re.search(r"\d", tok)]


def expected(lang: str) -> dict[str, list[tuple[str, str]]]:
    """(what, where) pairs the sheet of this language must contain."""
    traps, changes, figs = [], [], []
    for path in service_pages(lang):
        page = read_page(path)
        for adm in page.of_type(TRAP):
            traps.append((plain(adm.title or ""), f"{path.name}#{adm.section}"))
        for adm in page.of_type(CHANGED):
            changes.append((plain(adm.title or ""), f"{path.name}#{adm.section}"))
        for item in bullets(path):
            figs += [(f, f"{path.name}: {item[:60]}") for f in figures(item)]
    return {"traps": traps, "changes": changes, "figures": figs}


# ----------------------------------------------------------------------------------------------
# The PDFs
# ----------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    lang: str
    pdf: Path
    pages: int
    level: int
    text: str  # pdftotext -raw, in drawing (= reading) order
    page_texts: list[str]
    footer: str


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="session")
def poppler():
    missing = [t for t in ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo") if not shutil.which(t)]
    if missing:
        pytest.fail(f"poppler-utils missing ({', '.join(missing)}): sudo apt-get install poppler-utils", pytrace=False)


@pytest.fixture(scope="session")
def pdf_run(built_site, chromium_path, poppler):
    """``python -m mlnotes.pdf --no-build`` on the test build, as the deploy job runs it."""
    report = built_site.root / "build-pdf.json"
    env = {**os.environ, "CHROMIUM": chromium_path}
    proc = subprocess.run(
        [sys.executable, "-m", "mlnotes.pdf", "--site", str(built_site.site), "--no-build", "--json", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"build_pdf.py failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert "warning" not in proc.stderr, proc.stderr
    return json.loads(report.read_text())


@pytest.fixture(scope="session")
def sheets(pdf_run, built_site) -> dict[str, Sheet]:
    out = {}
    for r in pdf_run["results"]:
        pdf = Path(r["pdf"])
        page = pdf.with_suffix(".html").read_text(encoding="utf-8")
        footer = re.search(r'<meta name="cheatsheet-footer" content="([^"]*)"', page).group(1)
        page_texts = [pdftotext(pdf, "-raw", "-f", str(i), "-l", str(i)) for i in range(1, r["pages"] + 1)]
        out[r["lang"]] = Sheet(
            r["lang"],
            pdf,
            r["pages"],
            r["level"],
            "".join(page_texts),
            page_texts,
            unicodedata.normalize("NFKC", html.unescape(footer)),
        )
    return out


def body_text(sheet: Sheet) -> str:
    """The squashed text of the sheet without the footer of each page (title, date, "n / N")."""
    text = squash(sheet.text)
    return re.sub(re.escape(squash(sheet.footer)) + r"\d+/\d+", "", text)


@pytest.mark.pdf
def test_make_pdf_writes_both_languages(pdf_run, built_site):
    assert sorted(r["lang"] for r in pdf_run["results"]) == sorted(LANGS)
    for lang in LANGS:
        pdf = built_site.site / "pdf" / f"cheatsheet-{lang}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), pdf
        assert (built_site.site / "pdf" / f"cheatsheet-{lang}.html").is_file()


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_a4_portrait_at_most_four_pages(sheets, lang):
    from pypdf import PdfReader

    reader = PdfReader(sheets[lang].pdf)
    assert 1 <= len(reader.pages) <= MAX_PAGES, f"{lang}: {len(reader.pages)} pages"
    for number, page in enumerate(reader.pages, 1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - A4_PT[0]) < 2 and abs(h - A4_PT[1]) < 2, f"{lang} p.{number}: {w}×{h} pt is not A4 portrait"


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_no_blank_page(sheets, lang):
    """Every page has content besides its footer (in particular no blank trailing page)."""
    sheet = sheets[lang]
    for number, text in enumerate(sheet.page_texts, 1):
        content = squash(text).replace(squash(sheet.footer), "")
        content = re.sub(r"\d+/\d+$", "", content)
        assert len(content) > 200, f"{lang}: page {number} of {sheet.pages} is (nearly) blank: {text[:200]!r}"


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_title_build_date_and_page_numbers(sheets, built_site, lang):
    sheet = sheets[lang]
    doc = (built_site.site / "pdf" / f"cheatsheet-{lang}.html").read_text(encoding="utf-8")
    date = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})"', doc).group(1)
    first = squash(sheet.page_texts[0])
    site_name = "AWS ML 試験ノート" if lang == "ja" else "AWS ML Exam Notes"
    assert squash(site_name) in first[:200] and date in first[:300], first[:300]
    for number, text in enumerate(sheet.page_texts, 1):
        assert squash(text).endswith(f"{number}/{sheet.pages}"), f"{lang}: page {number} has no page number"


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_every_trap_and_change_note_is_in_the_sheet(sheets, lang):
    want = expected(lang)
    assert len(want["traps"]) >= 10 and len(want["changes"]) >= 5, "too few admonitions found in the pages"
    text = body_text(sheets[lang])
    missing = [
        f"{kind}: {title!r} ({where})"
        for kind in ("traps", "changes")
        for title, where in want[kind]
        if squash(title) not in text
    ]
    assert missing == [], f"{lang}: {len(missing)} missing:\n" + "\n".join(missing)


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_of_the_pages_is_in_the_sheet(sheets, lang):
    """Each number of each bullet, with the word after it, is in the sheet (bullets with a figure
    are never left out; only bullets without one go when a language needs summarising)."""
    want = expected(lang)["figures"]
    assert len(want) >= 50, "too few figures found in the pages"
    text = body_text(sheets[lang])
    missing = sorted({f"{fig!r} ({where})" for fig, where in want if squash(fig) not in text})
    assert missing == [], f"{lang}: {len(missing)} figures missing:\n" + "\n".join(missing)


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_the_figures_the_issue_names(sheets, lang):
    text = body_text(sheets[lang])
    missing = [fig for fig in MUST_HAVE[lang] if not re.search(fig, text)]
    assert missing == [], f"{lang}: {missing}"


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_each_sheet_is_in_its_own_language(sheets, lang):
    kana = len(re.findall(r"[\u3040-\u30ff]", sheets[lang].text))
    if lang == "ja":
        assert kana > 3000
    else:
        assert kana < 20, f"{kana} kana in the English sheet"


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded(sheets, lang):
    out = subprocess.run(["pdffonts", str(sheets[lang].pdf)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "no fonts"
    # columns from the right: object ID (2), uni, sub, emb
    not_embedded = [r for r in rows if r[-5] != "yes"]
    no_unicode = [r for r in rows if r[-3] != "yes"]
    assert not_embedded == [] and no_unicode == [], out


def _charset(family: str) -> set[int]:
    out = subprocess.run(
        ["fc-list", f"{family}:style=Regular", "--format", "%{charset}\n"], capture_output=True, text=True
    ).stdout
    chars: set[int] = set()
    for line in out.splitlines()[:1]:
        for part in line.split():
            lo, _, hi = part.partition("-")
            chars.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return chars


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_no_missing_glyphs(sheets, lang):
    """Every character printed is drawn from Noto Sans CJK JP (or its monospaced cut): nothing
    fell back to another font or to an empty box."""
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig's fc-list is not installed")
    covered = _charset("Noto Sans CJK JP") | _charset("Noto Sans Mono CJK JP")
    assert covered, "Noto Sans CJK JP is not installed (sudo apt-get install fonts-noto-cjk)"
    text = unicodedata.normalize("NFC", sheets[lang].text)
    outside = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
    assert "\ufffd" not in text and outside == [], [f"U+{ord(c):04X} {c}" for c in outside]


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_links_are_clickable(sheets, lang):
    from pypdf import PdfReader

    uris = []
    for page in PdfReader(sheets[lang].pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    aws = [u for u in uris if re.match(r"https://docs\.aws\.amazon\.com/", u)]
    assert len(aws) >= 20, f"{lang}: {len(aws)} AWS documentation links"
    if lang == "ja":
        assert any("/ja_jp/" in u for u in aws)


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_first_page_rendered_for_review(sheets, artifacts_dir, lang):
    """Page 1 as PNG in test-artifacts/ (look at it); it has ink in all three columns."""
    prefix = artifacts_dir / f"cheatsheet-{lang}-p1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(sheets[lang].pdf), str(prefix)],
        check=True,
    )
    png = prefix.with_suffix(".png")
    assert png.is_file() and png.stat().st_size > 50_000
    shutil.copy(sheets[lang].pdf, artifacts_dir / sheets[lang].pdf.name)
    # three columns: text found in the left, middle and right thirds of page 1
    width = A4_PT[0]
    for third in range(3):
        x = int(width * third / 3) + 10
        crop = pdftotext(
            sheets[lang].pdf,
            "-f",
            "1",
            "-l",
            "1",
            "-x",
            str(x),
            "-y",
            "80",
            "-W",
            str(int(width / 3) - 20),
            "-H",
            "600",
        )
        assert len(squash(crop)) > 100, f"{lang}: column {third + 1} of page 1 is empty"


# ----------------------------------------------------------------------------------------------
# The generator itself (no browser): content comes from the pages, edits show up
# ----------------------------------------------------------------------------------------------

SAMPLE = """---
description: test
---

# Amazon Sample Service

Intro text that the sheet leaves out.

## Limits { #limits }

- A shard takes **1 MB/s** of writes
- Plain words without any figure
    - nested detail 42 units
- See [Kinesis](kinesis.md#shard-sizing) for more

```text
shards = max(write / 1000, read / 2000)
```

!!! trap "Divide writes by 1000, reads by 2000"
    First sentence of the trap. Second sentence that a summary leaves out.

!!! changed "Since 2025-01-01: a new limit"
    The docs changed. Source: [Doc](https://docs.aws.amazon.com/streams/latest/dev/x.html)

Sources: [Resharding](https://docs.aws.amazon.com/streams/latest/dev/resharding.html)

## See also { #see-also }

- [Other](other.md) — never on the sheet
"""


def _hook():
    import mlnotes.cheatsheet

    return mlnotes.cheatsheet


KINESIS_STUB = "# Amazon Kinesis\n\n## Shard sizing { #shard-sizing }\n\ntext\n"


def _generate(docs: Path, lang: str = "en") -> str:
    """The print page of ``docs/<lang>/sample.md``, rendered by MkDocs with the site's configuration."""
    from mkdocs.config import load_config

    from mlnotes.config import MAX_PAGES, site
    from mlnotes.testing import render_pages

    if not (docs / lang / "kinesis.md").exists():
        (docs / lang / "kinesis.md").write_text(KINESIS_STUB, encoding="utf-8")
    prefix = "" if lang == site().default_language else f"{lang}/"
    pages = render_pages(docs / lang, f"https://example.org/notes/{prefix}")
    return _hook().render(
        load_config(str(ROOT / "mkdocs.yml")).theme.get_env(),
        [pages["sample.md"]],
        lang=lang,
        strings=site().ui(lang),
        site_name="Notes",
        home_url=f"https://example.org/notes/{prefix}",
        build_date="2026-01-02",
        max_pages=MAX_PAGES,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_generator_takes_everything_from_the_page(tmp_path, lang):
    (tmp_path / lang).mkdir()
    (tmp_path / lang / "sample.md").write_text(SAMPLE, encoding="utf-8")
    out = _generate(tmp_path, lang)
    assert "Amazon Sample Service" in out and "2026-01-02" in out
    assert "<strong>1 MB/s</strong>" in out and "nested detail 42 units" in out
    assert 'class="plain p0"' in out and 'class="key"' in out
    assert "shards = max(write / 1000, read / 2000)" in out
    assert 'class="adm trap"' in out and "Divide writes by 1000, reads by 2000" in out
    assert '<span class="first">First sentence of the trap.</span>' in out
    assert '<span class="rest">Second sentence that a summary leaves out.</span>' in out
    assert 'class="adm changed"' in out and "Since 2025-01-01: a new limit" in out
    # links: page links absolute on the site (English under /en/), the section heading → AWS source
    prefix = "en/" if lang == "en" else ""  # the default language (ja) lives at the site root
    assert f'href="https://example.org/notes/{prefix}kinesis/#shard-sizing"' in out
    assert '<h3><a href="https://docs.aws.amazon.com/streams/latest/dev/resharding.html">Limits</a></h3>' in out
    assert 'href="https://docs.aws.amazon.com/streams/latest/dev/x.html"' in out
    # left out: intro, sources line, see-also section
    assert "Intro text" not in out and "never on the sheet" not in out and "Resharding" not in out


def test_editing_a_page_changes_the_sheet(tmp_path):
    (tmp_path / "en").mkdir()
    page = tmp_path / "en" / "sample.md"
    page.write_text(SAMPLE, encoding="utf-8")
    before = _generate(tmp_path)
    page.write_text(SAMPLE.replace("Divide writes by 1000", "Divide writes by 1024"), encoding="utf-8")
    after = _generate(tmp_path)
    assert "Divide writes by 1024" in after and "Divide writes by 1024" not in before


@pytest.mark.parametrize(
    "text, first, rest",
    [
        ("One. Two.", "One.", "Two."),
        ("試験は A を正解とした。B は誤り。", "試験は A を正解とした。", "B は誤り。"),
        # the sheet splits the HTML MkDocs rendered: never inside code, a link or other markup
        ("Use e.g. <code>a.b</code> here. Then more.", "Use e.g. <code>a.b</code> here.", "Then more."),
        ('See <a href="u.html">x. y</a>. Next.', 'See <a href="u.html">x. y</a>.', "Next."),
        ("A <strong>bold. claim</strong> here. Rest.", "A <strong>bold. claim</strong> here.", "Rest."),
        ("No full stop", "No full stop", ""),
    ],
)
def test_first_sentence(text, first, rest):
    assert _hook().split_first_sentence(text) == (first, rest)


def test_figures_of_the_test_come_from_the_pages():
    """The expectations above are read from the real pages (guards against a vacuous pass)."""
    for lang in LANGS:
        want = expected(lang)
        assert want["traps"] and want["figures"]
        # the issue's figures are on the pages themselves, so the sheet can only lose them
        all_text = squash(" ".join(plain(p.read_text(encoding="utf-8")) for p in service_pages(lang)))
        assert [f for f in MUST_HAVE[lang] if not re.search(f, all_text)] == []
    assert parse_page(SAMPLE).of_type(TRAP)[0].title == "Divide writes by 1000, reads by 2000"
