"""Page metadata in the built site: description, canonical URL, Open Graph tags, hreflang alternates.

Read from the HTML files of the strict build (``built_site``: ``site_url`` is the loopback URL
under /aws-ml-notes/); no server and no browser. The Open Graph tags, the absolute alternates and
the search dialog's name come from ``overrides/hooks/seo.py``, which is also unit-tested here.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from mlnotes.markdown import read_page
from mlnotes.mkdocs import seo

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("ja", "en")
OG_REQUIRED = ("og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name")
OG_LOCALE = {"ja": "ja_JP", "en": "en_US"}


def language_settings() -> dict[str, dict]:
    """site_name and site_description per language (static-i18n overrides on top of the defaults),
    from mkdocs.yml read by MkDocs' own config loader."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    out = {}
    for lang in config.plugins["i18n"].config.languages:
        out[lang.locale] = {
            "site_name": lang.site_name or config.site_name,
            "site_description": lang.site_description or config.site_description,
            "default": bool(lang.default),
        }
    return out


class Head(HTMLParser):
    """The <html lang>, <meta> and <link> elements of a page, and the search dialog's attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.meta: list[dict] = []
        self.links: list[dict] = []
        self.search_dialog: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta":
            self.meta.append(a)
        elif tag == "link":
            self.links.append(a)
        elif tag == "div" and "md-search" in a.get("class", "").split() and a.get("role") == "dialog":
            self.search_dialog = a

    handle_startendtag = handle_starttag

    def metas(self, key: str) -> list[str]:
        return [m.get("content", "") for m in self.meta if m.get("property") == key or m.get("name") == key]

    def one(self, key: str) -> str:
        values = self.metas(key)
        assert len(values) == 1, f"{key}: {len(values)} tags"
        return values[0]

    def rel(self, rel: str) -> list[dict]:
        return [link for link in self.links if rel in link.get("rel", "").split()]


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def source_pages() -> list[tuple[str, str]]:
    return [(lang, p.stem) for lang in LANGS for p in sorted((ROOT / "docs" / lang).glob("*.md"))]


def rel_url(lang: str, stem: str) -> str:
    prefix = "" if lang == "ja" else f"{lang}/"
    return prefix if stem == "index" else f"{prefix}{stem}/"


@pytest.fixture(scope="module")
def settings():
    return language_settings()


@pytest.mark.parametrize(("lang", "stem"), source_pages(), ids=lambda v: v)
def test_page_metadata(built_site, settings, lang, stem):
    url = built_site.base_url + rel_url(lang, stem)
    path = built_site.site / rel_url(lang, stem) / "index.html"
    head = parse(path)
    lang_settings = settings[lang]

    assert head.lang == lang

    # description: the page's front matter, else the language's site description
    front = read_page(ROOT / "docs" / lang / f"{stem}.md").meta
    expected_description = " ".join(str(front.get("description") or lang_settings["site_description"]).split())
    description = head.one("description")
    assert " ".join(description.split()) == expected_description
    assert len(description) >= 20

    # canonical URL: absolute, under site_url, this very page
    canonical = head.rel("canonical")
    assert [c["href"] for c in canonical] == [url]

    # Open Graph
    for key in OG_REQUIRED:
        assert head.one(key).strip(), f"{key} is empty"
    assert head.one("og:url") == url
    assert " ".join(head.one("og:description").split()) == expected_description
    assert head.one("og:locale") == OG_LOCALE[lang]
    assert head.metas("og:locale:alternate") == [OG_LOCALE[o] for o in LANGS if o != lang]
    assert head.one("og:site_name") == lang_settings["site_name"]
    assert head.one("og:type") == ("website" if stem == "index" else "article")
    if stem == "index":
        assert head.one("og:title") == lang_settings["site_name"]

    # hreflang alternates: absolute, one per language plus x-default, reciprocal
    alternates = {link["hreflang"]: link["href"] for link in head.rel("alternate") if link.get("hreflang")}
    assert set(alternates) == {*LANGS, "x-default"}
    for other in LANGS:
        assert alternates[other] == built_site.base_url + rel_url(other, stem)
    default = next(code for code, s in settings.items() if s["default"])
    assert alternates["x-default"] == alternates[default]

    # the search dialog has an accessible name
    assert head.search_dialog is not None and head.search_dialog.get("aria-label", "").strip()


def test_every_built_page_is_covered(built_site):
    """No HTML page escapes the metadata test (404 pages aside)."""
    expected = {built_site.site / rel_url(lang, stem) / "index.html" for lang, stem in source_pages()}
    built = {p for p in built_site.site.rglob("index.html") if "assets" not in p.parts}
    assert built == expected


def test_canonical_urls_are_unique(built_site):
    urls = [
        parse(built_site.site / rel_url(lang, stem) / "index.html").rel("canonical")[0]["href"]
        for lang, stem in source_pages()
    ]
    assert len(urls) == len(set(urls))


def test_only_the_site_sitemap_is_fetched(built_site):
    """Material fetches sitemap.xml next to each hreflang alternate (404s in the console); the
    hook's guard lets only the site's own sitemap through, and that one exists."""
    keep = urlsplit(built_site.base_url).path + "sitemap.xml"
    assert (built_site.site / "sitemap.xml").is_file()
    for lang, stem in source_pages():
        text = (built_site.site / rel_url(lang, stem) / "index.html").read_text(encoding="utf-8")
        head = text[: text.index("</head>")]
        assert head.count("seo hook: no sitemap.xml") == 1, f"{lang}/{stem}"
        assert f"keep={json.dumps(keep)}" in head
        assert head.index("seo hook: no sitemap.xml") < text.index("assets/javascripts/bundle.")


def test_every_page_has_a_front_matter_description():
    """Search results and link previews show it; the site description is only a fallback."""
    missing = [
        f"{lang}/{stem}.md"
        for lang, stem in source_pages()
        if not str(read_page(ROOT / "docs" / lang / f"{stem}.md").meta.get("description") or "").strip()
    ]
    assert missing == []


# ---------------------------------------------------------------------------------------------
# The head-tag templates on their own (overrides/partials/, rendered through the theme's Jinja
# environment with the filters of mlnotes.mkdocs.seo; no build)
# ---------------------------------------------------------------------------------------------

HEAD_TEMPLATE = """{% import "partials/language.html" as lang with context %}<!doctype html>
<html lang="{{ lang.t('language') }}"><head>{% include "partials/site-meta.html" %}<title>Kinesis - Notes</title>
{% include "partials/open-graph.html" %}</head>
<body>{% include "partials/search.html" %}</body></html>
"""


@pytest.fixture(scope="module")
def theme_env():
    from mkdocs.config import load_config

    env = load_config(str(ROOT / "mkdocs.yml")).theme.get_env()
    return seo.on_env(env, None, None)


def fake_page(**meta):
    return SimpleNamespace(
        meta=meta,
        title="Amazon <em>Kinesis</em>",
        is_homepage=False,
        url="en/kinesis/",
        canonical_url="https://example.org/notes/en/kinesis/",
        previous_page=None,
        next_page=None,
    )


def fake_config():
    return {
        "plugins": {},
        "theme": {"language": "en", "favicon": "assets/images/favicon.png", "icon": {}},
        "site_url": "https://example.org/notes/",
        "site_name": "Notes",
        "site_description": "Site-wide description",
        "site_author": None,
        "extra": {
            "og_locale": {"ja": "ja_JP", "en": "en_US"},
            # as static-i18n sets them for a page: site-relative URLs of the page in each language
            "alternate": [{"lang": "ja", "link": "kinesis/"}, {"lang": "en", "link": "en/kinesis/"}],
        },
    }


def render_head(env, page) -> str:
    context = {"page": page, "config": fake_config(), "base_url": "../..", "mkdocs_version": "1.6.1", "features": []}
    return env.from_string(HEAD_TEMPLATE).render(context)


def hook_head(output: str) -> Head:
    head = Head()
    head.feed(output)
    return head


def test_templates_write_open_graph_and_absolute_alternates(theme_env):
    description = 'Shards, "2 MB/s" & 1 < 2'
    out = render_head(theme_env, fake_page(description=description))
    head = hook_head(out)
    assert head.one("og:title") == "Amazon Kinesis"
    assert head.one("og:description") == description
    assert head.one("description") == description, "the description is escaped"
    assert head.one("og:url") == "https://example.org/notes/en/kinesis/"
    assert head.one("og:locale") == "en_US" and head.metas("og:locale:alternate") == ["ja_JP"]
    alternates = {link["hreflang"]: link["href"] for link in head.rel("alternate")}
    assert alternates == {
        "ja": "https://example.org/notes/kinesis/",
        "en": "https://example.org/notes/en/kinesis/",
        "x-default": "https://example.org/notes/kinesis/",  # first listed when no i18n plugin
    }
    assert head.search_dialog["aria-label"] == "Search"
    assert out.index('property="og:title"') < out.index("</head>")
    assert 'keep="/notes/sitemap.xml"' in out, "the sitemap guard keeps the site's own sitemap"


def test_templates_fold_a_description_spread_over_lines(theme_env):
    description = 'Two "quoted"\nlines'
    head = hook_head(render_head(theme_env, fake_page(description=description)))
    assert head.one("description") == 'Two "quoted" lines'
    assert head.one("og:description") == 'Two "quoted" lines'


def test_templates_fall_back_to_the_site_description(theme_env):
    head = hook_head(render_head(theme_env, fake_page()))
    assert head.one("og:description") == "Site-wide description"


def test_templates_write_each_tag_once_and_label_the_dialog_once(theme_env):
    out = render_head(theme_env, fake_page())
    head = hook_head(out)
    assert out.count('property="og:title"') == 1 and out.count("seo hook: no sitemap.xml") == 1
    assert len(head.rel("canonical")) == 1 and len(head.metas("description")) == 1
    dialog = out[out.index('<div class="md-search"') :]
    dialog = dialog[: dialog.index(">")]
    assert dialog.count("aria-label") == 1 and head.search_dialog["aria-label"] == "Search"
