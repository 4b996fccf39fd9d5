"""The Markdown model (mlnotes.markdown) agrees with what MkDocs rendered, on every page of the site:
the same heading ids in the same order, the same admonitions (type and title) in the same order."""

from __future__ import annotations

import re

import pytest

from mlnotes.glossary.pages import MARKER as GLOSSARY_MARKER
from mlnotes.markdown import read_page
from mlnotes.mkdocs import mla_map, selftest, traps_index
from mlnotes.paths import DOCS_DIR
from mlnotes.testing import outline

PAGES = sorted((lang, p.stem) for lang in ("ja", "en") for p in (DOCS_DIR / lang).glob("*.md"))
#: markers that hooks replace at build time by headings the source does not have
GENERATED = (traps_index.MARKER, mla_map.MAP_MARKER, selftest.MARKER, GLOSSARY_MARKER)


def article(site, lang: str, stem: str) -> str:
    base = site if lang == "ja" else site / lang
    html = (base / "index.html" if stem == "index" else base / stem / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def plain(markdown_title: str) -> str:
    """The visible text of a Markdown title: code spans, bold and links reduced to their text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_title)
    return " ".join(text.replace("`", "").replace("**", "").split())


@pytest.mark.parametrize("lang, stem", PAGES, ids=[f"{lang}-{stem}" for lang, stem in PAGES])
def test_model_agrees_with_the_rendered_page(built_site, lang, stem):
    page = read_page(DOCS_DIR / lang / f"{stem}.md")
    rendered = outline(article(built_site.site, lang, stem))
    assert rendered.admonitions == [(a.type, plain(a.title or a.type.title())) for a in page.admonitions]
    ids = rendered.heading_ids[1:]  # [0]: the page title
    if any(marker in page.lines for marker in GENERATED):
        assert set(page.heading_ids()) <= set(ids)
    else:
        assert len(ids) == len(page.headings)
        assert [h.id for h in page.headings if h.id] == [i for i, h in zip(ids, page.headings) if h.id]
