"""Reading the built MkDocs site: which AWS URLs each page's content cites, in which language,
and where that is in the Markdown source."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mlnotes import config

from .htmlscan import extract_links
from .model import Source, UsageError
from .urls import is_http_url, normalize

#: Language of pages at the site root (mkdocs-static-i18n ``default: true``).
_LANG_FOLDER = re.compile(r"^[a-z]{2,3}(?:[-_][a-zA-Z]{2,4})?$")


@dataclass(frozen=True)
class SiteLinks:
    links: dict[str, tuple[Source, ...]]  # normalised URL -> the places citing it
    pages: int  # HTML pages read


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, else absolute (for messages)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def page_language(html_lang: str | None, rel_parts: tuple[str, ...], default: str | None = None) -> str:
    """``ja``/``en``/…: from ``<html lang>`` (primary subtag), else from the site folder, else the
    site's default language (mkdocs.yml)."""
    default = default or config.site().default_language
    if html_lang:
        return html_lang.strip().replace("_", "-").split("-")[0].lower() or default
    if len(rel_parts) > 1 and _LANG_FOLDER.match(rel_parts[0]):
        return rel_parts[0].split("-")[0].split("_")[0].lower()
    return default


def markdown_source(rel_parts: tuple[str, ...], lang: str, docs_dir: Path | None) -> Path | None:
    """The Markdown file a built page comes from, for the i18n folder layout:
    ``site/en/foo/index.html`` -> ``docs/en/foo.md``; ``site/foo/index.html`` -> ``docs/ja/foo.md``."""
    if docs_dir is None or not docs_dir.is_dir():
        return None
    parts = list(rel_parts)
    if len(parts) > 1 and _LANG_FOLDER.match(parts[0]) and (docs_dir / parts[0]).is_dir():
        root = docs_dir / parts[0]
        parts = parts[1:]
    elif (docs_dir / lang).is_dir():
        root = docs_dir / lang
    elif (docs_dir / config.site().default_language).is_dir():
        root = docs_dir / config.site().default_language
    else:
        root = docs_dir
    name = parts[-1]
    stem_parts = parts[:-1]
    candidates: list[Path] = []
    if name in ("index.html", "index.htm"):
        if stem_parts:
            candidates.append(root.joinpath(*stem_parts[:-1], stem_parts[-1] + ".md"))
        candidates += [root.joinpath(*stem_parts, "index.md"), root.joinpath(*stem_parts, "README.md")]
    else:
        candidates.append(root.joinpath(*stem_parts, name.rsplit(".", 1)[0] + ".md"))
    for cand in candidates:
        if cand.is_file():
            return cand
    return None


def _find_line(lines: list[str], href: str) -> int | None:
    base = href.split("#", 1)[0]
    for needle in (href, base):
        for i, line in enumerate(lines, 1):
            if needle in line:
                return i
    return None


def collect_site(
    site_dir: Path,
    accept: Callable[[str], bool],
    *,
    display_root: str | None = None,
    docs_dir: Path | None = None,
) -> SiteLinks:
    """Every accepted absolute http(s) link in the content area of every page of the site.

    ``accept`` gets the normalised URL. Raises UsageError when the site cannot be read.
    """
    if not site_dir.exists():
        raise UsageError(f"site directory {str(site_dir)!r} does not exist (build it first: mkdocs build)")
    if not site_dir.is_dir():
        raise UsageError(f"site {str(site_dir)!r} is not a directory")
    try:
        pages = sorted(p for p in site_dir.rglob("*.html") if p.is_file())
    except OSError as exc:
        raise UsageError(f"cannot read site directory {str(site_dir)!r}: {exc.strerror or exc}") from None
    if not pages:
        raise UsageError(f"no HTML pages under {str(site_dir)!r} (build the site first: mkdocs build)")
    root = (display_root if display_root is not None else str(site_dir)).rstrip("/\\") or "."
    found: dict[str, list[Source]] = {}
    md_lines: dict[Path, list[str]] = {}
    for path in pages:
        try:
            html = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"cannot read {display_path(path)}: {exc.strerror or exc}") from None
        rel_parts = path.relative_to(site_dir).parts
        extracted = extract_links(html)
        lang = page_language(extracted.lang, rel_parts)
        page_display = "/".join((root, *rel_parts)) if root != "." else "/".join(rel_parts)
        md_path: Path | None = None
        md_checked = False
        seen_on_page: set[str] = set()
        for link in extracted.links:
            if not is_http_url(link.href if not link.href.startswith("//") else "https:" + link.href):
                continue
            url = normalize(link.href)
            if not accept(url) or url in seen_on_page:
                continue
            seen_on_page.add(url)
            if not md_checked:
                md_path = markdown_source(rel_parts, lang, docs_dir)
                md_checked = True
            md_line = None
            if md_path is not None:
                if md_path not in md_lines:
                    try:
                        md_lines[md_path] = md_path.read_text(encoding="utf-8", errors="replace").splitlines()
                    except OSError:
                        md_lines[md_path] = []
                md_line = _find_line(md_lines[md_path], link.href)
            found.setdefault(url, []).append(
                Source(
                    page=page_display,
                    lang=lang,
                    line=link.line,
                    markdown=display_path(md_path) if md_path is not None else None,
                    markdown_line=md_line,
                )
            )
    return SiteLinks({u: tuple(s) for u, s in found.items()}, len(pages))
