"""MkDocs hook: the print page of the PDF cheat sheet of each language (model and template: mlnotes.cheatsheet).

* ``on_files`` registers ``pdf/cheatsheet-<lang>.pdf`` as an (excluded) file of the build, so pages
  can link to it (``[PDF](pdf/cheatsheet-ja.pdf)``) and the link survives ``mkdocs build --strict``;
  the PDF itself is written after the build by ``make pdf``.
* ``on_page_content`` keeps the HTML MkDocs rendered for each page of the language being built, on
  the build's config (static-i18n builds the other languages inside the first build, with the same
  config: one entry per language, removed when its sheet is written).
* ``on_post_build`` writes ``<site>/pdf/cheatsheet-<lang>.html`` from those pages (topic pages in
  nav order), with the template ``overrides/cheatsheet.html`` and the theme's Jinja environment.
* MkDocs notes (INFO) every link to the excluded PDF; a log filter added for the build
  (``on_config``) and removed at its end (``on_shutdown``) drops that note.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import UndefinedError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_build_date

from mlnotes.cheatsheet import RenderedPage, render
from mlnotes.config import MAX_PAGES, build_language, languages_of, ui
from mlnotes.markdown import nav_order, topic_pages

STATE = "_mlnotes_cheatsheet_pages"  # attribute of the build's config: {lang: {file name: RenderedPage}}
PAGES_LOG = "mkdocs.structure.pages"


class PdfLinkNote(logging.Filter):
    """Drop MkDocs' note that a link to ``pdf/cheatsheet-*.pdf`` targets an excluded file: it is
    excluded on purpose (written after the build), so the note would only worry readers."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        return not ("cheatsheet-" in msg and ".pdf' which is excluded from the built site" in msg)


def on_config(config):
    log = logging.getLogger(PAGES_LOG)
    if not any(isinstance(f, PdfLinkNote) for f in log.filters):
        log.addFilter(PdfLinkNote())
    return config


def on_shutdown():
    log = logging.getLogger(PAGES_LOG)
    for f in [f for f in log.filters if isinstance(f, PdfLinkNote)]:
        log.removeFilter(f)


@event_priority(-150)  # after static-i18n (-100) has rebuilt the file list of the language
def on_files(files, config):
    """Register ``pdf/cheatsheet-<lang>.pdf`` so that Markdown links to it validate under --strict."""
    from mkdocs.structure.files import File, InclusionLevel

    uri = f"pdf/cheatsheet-{build_language(config)}.pdf"
    if files.get_file_from_path(uri) is None:
        # excluded: nothing is written by MkDocs; the URL is the site root for every language
        files.append(File.generated(config, uri, content=b"", inclusion=InclusionLevel.EXCLUDED))
    return files


def on_page_content(html, page, config, files):
    src = Path(page.file.abs_src_path)
    url = page.canonical_url or urljoin(config.site_url or "/", page.url)
    pages = vars(config).setdefault(STATE, {}).setdefault(build_language(config), {})
    pages[src.name] = RenderedPage(src.name, page.title or src.stem, url, html, dict(page.meta or {}))
    return html


def on_post_build(config):
    lang = build_language(config)
    rendered = vars(config).get(STATE, {}).pop(lang, {})
    names = topic_pages(Path(config.docs_dir) / lang, nav_order(config.get("nav")))
    language = next((x for x in languages_of(config) if x.locale == lang), None)
    home = urljoin(config.site_url, language.prefix if language else "") if config.site_url else ""
    try:
        text = render(
            config.theme.get_env(),
            [rendered[n] for n in names if n in rendered],
            lang=lang,
            strings=ui(config),
            site_name=config.site_name,
            home_url=home,
            build_date=get_build_date(),
            max_pages=MAX_PAGES,
        )
    except (KeyError, UndefinedError) as exc:  # an interface string missing from mkdocs.yml
        raise PluginError(f"cheat sheet ({lang}): mkdocs.yml extra.ui: {exc}") from None
    out = Path(config.site_dir) / "pdf" / f"cheatsheet-{lang}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
