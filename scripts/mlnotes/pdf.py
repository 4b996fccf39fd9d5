#!/usr/bin/env python3
"""Render the PDF cheat sheets: ``<site>/pdf/cheatsheet-<lang>.html`` → ``<site>/pdf/cheatsheet-<lang>.pdf``.

The print pages are written by the build hook ``overrides/hooks/cheatsheet.py`` from the pages
themselves, so by default this script first runs ``mkdocs build --strict`` into ``--site``
(``--no-build`` renders an existing build, e.g. right after ``make build`` in the deploy job).

Each print page is rendered with headless Chromium through Playwright ``page.pdf()``: A4 portrait
(size from the page's ``@page`` rule), page numbers and the build date in the footer, a PDF
outline from the headings. If a language does not fit on ``--max-pages`` pages, the next detail
level is tried (see the hook's docstring: long explanations are cut to their first sentence,
then tables are left out, …) instead of shrinking the font.

Chromium: ``$CHROMIUM`` or the first of chromium / chromium-browser / google-chrome on PATH
(Debian: ``apt-get install chromium fonts-noto-cjk``). ``playwright install`` is not needed.

    python -m mlnotes.pdf --site site            # build the site, then both PDFs
    python -m mlnotes.pdf --site site --no-build # PDFs of an existing build
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from html import unescape
from pathlib import Path

from mlnotes.cheatsheet import CHEATSHEET_DIR
from mlnotes.chromium import CHROMIUM_FLAGS as BASE_FLAGS
from mlnotes.chromium import HOW_TO_GET, find_chromium
from mlnotes.config import MAX_PAGES
from mlnotes.paths import ROOT

CHROMIUM_FLAGS = [*BASE_FLAGS, "--font-render-hinting=none"]
FOOTER_FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"


@dataclass
class Result:
    lang: str
    pdf: str
    pages: int
    level: int
    attempts: list[tuple[int, int]] = field(default_factory=list)  # (level, pages) tried
    seconds: float = 0.0


def build_site(site: Path) -> float:
    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"mkdocs build failed ({proc.returncode})")
    return time.perf_counter() - start


def page_count(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a dev dependency; Chromium writes plain page objects
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def footer_template(text: str) -> str:
    # Chromium renders header/footer templates at 1:1 CSS px in the page margin, with no page CSS
    style = (
        f"font-family:{FOOTER_FONT};font-size:6.5pt;color:#333;width:100%;margin:0 7mm;"
        "display:flex;justify-content:space-between;-webkit-print-color-adjust:exact"
    )
    return (
        f'<div style="{style}"><span>{text}</span>'
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )


# The JavaScript run in the print page (one arrow function per file, see their header comments).
GEOMETRY_JS = (CHEATSHEET_DIR / "geometry.js").read_text(encoding="utf-8")
LAYOUT_JS = (CHEATSHEET_DIR / "layout.js").read_text(encoding="utf-8")


async def render(page, html_path: Path, max_pages: int) -> tuple[bytes, int, int, list[tuple[int, int]]]:
    """PDF bytes, page count and level of one print page: the most detailed level that fits.

    The page count of a level is measured by laying the sheet out in the browser (exact and
    cheap, see ``LAYOUT_JS``); levels are bisected and only the chosen one is printed.
    """
    await page.emulate_media(media="print")
    await page.goto(html_path.resolve().as_uri(), wait_until="load")
    await page.evaluate("document.fonts.ready.then(() => true)")
    info = await page.evaluate("""() => ({
        footer: document.querySelector('meta[name=cheatsheet-footer]')?.content || document.title,
        maxLevel: +document.documentElement.dataset.maxLevel || 0,
    })""")
    geometry = await page.evaluate(GEOMETRY_JS)
    await page.set_viewport_size({"width": round(geometry["width"]), "height": round(geometry["height"])})
    attempts: list[tuple[int, int]] = []
    counts: dict[int, int] = {}

    async def layout(level: int) -> int:
        laid = await page.evaluate(
            LAYOUT_JS, {"level": level, "maxLevel": info["maxLevel"], "height": geometry["height"]}
        )
        attempts.append((level, laid["pages"]))
        counts[level] = laid["pages"]
        return laid["pages"]

    # smallest level that fits (fewer pages at each level: hiding content never adds any)
    lo, hi = 0, info["maxLevel"]
    while lo < hi:
        mid = (lo + hi) // 2
        if await layout(mid) <= max_pages:
            hi = mid
        else:
            lo = mid + 1
    level = lo
    if attempts[-1][0] != level:
        await layout(level)
    pdf = await page.pdf(
        prefer_css_page_size=True,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=footer_template(_escape(info["footer"])),
        outline=True,
        tagged=True,
    )
    pages = page_count(pdf)
    if pages != counts[level]:
        print(f"warning: {html_path.name}: laid out {counts[level]} pages, printed {pages}", file=sys.stderr)
    return pdf, pages, level, attempts


def _escape(text: str) -> str:
    return unescape(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def _build_pdfs(sources: list[Path], exe: str, max_pages: int) -> list[Result]:
    from playwright.async_api import async_playwright

    async def one(browser, src: Path) -> Result:
        start = time.perf_counter()
        context = await browser.new_context()
        try:
            page = await context.new_page()
            pdf, pages, level, attempts = await render(page, src, max_pages)
        finally:
            await context.close()
        target = src.with_suffix(".pdf")
        target.write_bytes(pdf)
        return Result(
            src.stem.removeprefix("cheatsheet-"),
            str(target),
            pages,
            level,
            attempts,
            round(time.perf_counter() - start, 2),
        )

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS, headless=True)
        try:  # languages in parallel: one tab each
            return list(await asyncio.gather(*(one(browser, src) for src in sources)))
        finally:
            await browser.close()


def build_pdfs(
    site: Path, *, langs: list[str] | None = None, max_pages: int = MAX_PAGES, chromium: str | None = None
) -> list[Result]:
    """Render every ``<site>/pdf/cheatsheet-<lang>.html`` (or only ``langs``) to PDF."""
    out_dir = site / "pdf"
    sources = sorted(out_dir.glob("cheatsheet-*.html"))
    if langs:
        sources = [p for p in sources if p.stem.removeprefix("cheatsheet-") in langs]
    if not sources:
        raise SystemExit(f"no print pages in {out_dir} (is overrides/hooks/cheatsheet.py in mkdocs.yml hooks?)")
    exe = find_chromium(chromium)
    if not exe:
        raise SystemExit(f"Chromium not found. {HOW_TO_GET}")
    return asyncio.run(_build_pdfs(sources, exe, max_pages))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site", help="site directory (default: site)")
    ap.add_argument("--no-build", action="store_true", help="render an existing build; do not run mkdocs")
    ap.add_argument("--lang", action="append", help="only this language (repeatable)")
    ap.add_argument("--max-pages", type=int, default=MAX_PAGES)
    ap.add_argument("--chromium", help="Chromium executable (default: $CHROMIUM or PATH)")
    ap.add_argument("--json", type=Path, help="write timings and page counts here")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    build_seconds = 0.0 if args.no_build else build_site(args.site)
    results = build_pdfs(args.site, langs=args.lang, max_pages=args.max_pages, chromium=args.chromium)
    total = time.perf_counter() - t0
    ok = True
    for r in results:
        size = Path(r.pdf).stat().st_size // 1024
        tried = ", ".join(f"level {lv}: {n} p." for lv, n in r.attempts)
        print(f"{r.pdf}: {r.pages} page(s), detail level {r.level}, {size} KiB, {r.seconds:.1f} s ({tried})")
        if r.pages > args.max_pages:
            ok = False
            print(
                f"error: {r.lang} cheat sheet has {r.pages} pages (> {args.max_pages}) even at the last level",
                file=sys.stderr,
            )
    print(f"total {total:.1f} s (mkdocs build {build_seconds:.1f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "total_seconds": round(total, 2),
                    "build_seconds": round(build_seconds, 2),
                    "results": [asdict(r) for r in results],
                },
                indent=2,
            )
            + "\n"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
