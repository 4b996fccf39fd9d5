"""MkDocs hook: the glossary pages, the glossary tooltips and cross-language search terms.

Source: ``scripts/data/glossary.yml`` (see :mod:`mlnotes.glossary`).

- ``on_config``: loads the glossary (a malformed file stops the build with file:line) and adds the
  tooltip extension (:mod:`mlnotes.glossary.tooltips`) to the site's Markdown extensions. Runs once
  per language build (static-i18n rebuilds each language), so an earlier instance is replaced.
- ``on_page_markdown``: on ``glossary.md`` replaces the marker ``<!-- glossary -->`` with the entries
  of the page's language (and gives that page no tooltips); on every other page switches the
  tooltips on for the page's language. ``on_page_content`` switches them off again, so renderers
  that reuse the Markdown extensions later (the PDF cheat sheet) get none.
- ``on_post_build`` (after hooks/search_index.py has split the index per language): adds to the
  ``config`` of each language's ``search_index.json`` (the part Material passes on to its worker) a
  ``glossary`` table, other-language form -> term in the index's
  language, that ``search-i18n.js`` uses for query expansion (``overfitting`` -> ``過学習`` on the
  Japanese index, ``シャード`` -> ``shard`` on the English one). The English index also gets lunr's
  English stemmer in its pipeline, so that the index and the query step stem words the same way.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from mlnotes.config import build_language, ui
from mlnotes.glossary.model import GLOSSARY_PATH, Glossary, GlossaryError, load_glossary
from mlnotes.glossary.pages import GLOSSARY_PAGE, MARKER, labels_from_ui, render_page
from mlnotes.glossary.search import INDEX_KEY, expansion_table, with_stemmer
from mlnotes.glossary.tooltips import GlossaryTooltips
from mlnotes.markdown import PageError, read_page

log = logging.getLogger("mkdocs.hooks.glossary")
INDEX = Path("search") / "search_index.json"


def _extension(config) -> GlossaryTooltips | None:
    return next((e for e in config.markdown_extensions if isinstance(e, GlossaryTooltips)), None)


def _lang(config) -> str:
    return build_language(config)


def on_config(config):
    try:
        glossary = load_glossary(GLOSSARY_PATH)
    except GlossaryError as exc:
        raise PluginError(f"glossary: {exc}") from None
    config.markdown_extensions[:] = [e for e in config.markdown_extensions if not isinstance(e, GlossaryTooltips)]
    config.markdown_extensions.append(GlossaryTooltips(glossary, page_uri=GLOSSARY_PAGE))
    return config


def section_titles(glossary: Glossary, lang_dir: Path) -> dict[str, str]:
    """``see`` -> "Page title › Section heading" in the language of ``lang_dir``."""
    titles: dict[str, str] = {}
    pages: dict[str, object] = {}
    for term in glossary.terms:
        name = term.see_page
        if name not in pages:
            pages[name] = read_page(lang_dir / f"{name}.md")
        page = pages[name]
        heading = page.heading(term.see_anchor) if term.see_anchor else None
        title = page.title or name
        titles[term.see] = f"{title} › {heading.text}" if heading else title
    return titles


def on_page_markdown(markdown, page, config, files):
    ext = _extension(config)
    if ext is None:
        return markdown
    src = Path(page.file.abs_src_path)
    if src.name == GLOSSARY_PAGE:
        ext.start_page(None)
        if MARKER in markdown:
            lang = _lang(config)
            try:
                titles = section_titles(ext.glossary, src.parent)
            except (OSError, PageError) as exc:
                raise PluginError(f"glossary: {exc}") from None
            labels = labels_from_ui(ui(config), lang)
            markdown = markdown.replace(MARKER, render_page(ext.glossary, lang, titles, labels))
        return markdown
    # tooltips link glossary.md of the same language folder: none in a build without it (test fixtures)
    glossary_uri = (PurePosixPath(page.file.src_uri).parent / GLOSSARY_PAGE).as_posix()
    ext.start_page(_lang(config) if files.get_file_from_path(glossary_uri) is not None else None)
    return markdown


def on_page_content(html, page, config, files):
    ext = _extension(config)
    if ext is not None:
        ext.end_page()
    return html


@event_priority(-300)  # after hooks/search_index.py (-200) has written one index per language
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:  # nested build of another language: wait for the outer one
        return
    ext = _extension(config)
    if ext is None:
        return
    site = Path(config.site_dir)
    for path in [site / INDEX, *sorted(site.glob(f"*/{INDEX.as_posix()}"))]:
        if not path.is_file():
            continue
        index = json.loads(path.read_text(encoding="utf-8"))
        lang = (index.get("config", {}).get("lang") or ["en"])[0]
        config_ = with_stemmer(index.get("config", {}), lang)
        pages_text = " ".join(
            f"{d.get('title', '')} {d.get('text', '')}"
            for d in index.get("docs", [])
            if not d.get("location", "").startswith(GLOSSARY_PAGE[:-3] + "/")
        )
        config_[INDEX_KEY] = expansion_table(ext.glossary, lang, pages_text)
        index["config"] = config_
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        log.debug(f"search index '{lang}': {len(config_[INDEX_KEY])} glossary expansions -> {path.relative_to(site)}")
