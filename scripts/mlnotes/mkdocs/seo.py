"""MkDocs hook: the two Jinja filters the head-tag templates need (page metadata for search engines).

The tags themselves are written by templates: ``overrides/partials/site-meta.html`` (Material's
``site_meta`` block with an escaped ``<meta name="description">`` and absolute ``hreflang``
alternates plus ``x-default``) and ``overrides/partials/open-graph.html`` (Open Graph tags, and a
guard that keeps Material from fetching a ``sitemap.xml`` next to every alternate). The search
dialog's accessible name is in ``overrides/partials/search.html``.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def absolute_url(href: str, base: str) -> str:
    """``href`` (as Material's ``url`` filter wrote it, relative to the page) resolved against ``base``."""
    return urljoin(base, str(href))


def url_path(url: str) -> str:
    """The path of a URL: ``https://example.org/notes/`` -> ``/notes/`` (``/`` when empty)."""
    return urlsplit(str(url)).path or "/"


def on_env(env, config, files):
    env.filters["absolute_url"] = absolute_url
    env.filters["url_path"] = url_path
    return env
