"""MkDocs hook: page metadata for search engines and link previews.

Material already writes ``<meta name="description">`` (the page's front matter ``description:``,
else the language's ``site_description``) and ``<link rel="canonical">`` (from ``site_url``).
This hook adds what it does not, after static-i18n has built each language:

* Open Graph tags: ``og:title``, ``og:description``, ``og:url`` (the canonical URL), ``og:type``,
  ``og:locale`` (``ja_JP`` / ``en_US``) with ``og:locale:alternate``, ``og:site_name``;
* absolute ``hreflang`` alternate links (static-i18n writes them relative to the page; search
  engines and Lighthouse want absolute URLs) plus an ``x-default`` alternate pointing at the
  default language;
* a correctly escaped ``<meta name="description">``: Material writes the description unescaped,
  so a double quote in it cut the tag short;
* an accessible name on Material's search dialog (``div.md-search[role=dialog]``), taken from the
  search field's own label, when nothing else has given it one;
* a guard against 404s in the browser console: Material's JavaScript fetches ``sitemap.xml`` next
  to every hreflang alternate (it expects alternates to be language roots, each with a sitemap,
  to remap the language links). static-i18n's alternates are the page itself in each language,
  whose links already lead to the translated page, so those fetches only produce 404s (Lighthouse
  "errors-in-console"). A small inline script makes them fail quietly without a request; the
  site's real ``sitemap.xml`` is still fetched normally.

Every change is idempotent: a tag or attribute already present is left alone.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin, urlsplit

OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
MARKER = "<!-- seo hook -->"

_HEAD_END = re.compile(r"</head>", re.I)
_HTML_LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"", re.I)
_ALTERNATE = re.compile(r"<link rel=\"alternate\" href=\"([^\"]*)\" hreflang=\"([^\"]+)\">")
_SEARCH_DIALOG = re.compile(r"<div class=\"md-search\"([^>]*)\brole=\"dialog\"([^>]*)>")
_SEARCH_LABEL = re.compile(r"<input[^>]*class=\"md-search__input\"[^>]*\baria-label=\"([^\"]+)\"")
_TAG = re.compile(r"<[^>]+>")
# Material's tag, whose content may hold unescaped quotes and line breaks: it ends at the first
# `">` that is followed by the next tag on a new line.
_DESCRIPTION = re.compile(r"^([ \t]*)<meta name=\"description\" content=\".*?\">(?=[ \t]*\n\s*<)", re.M | re.S)


def _default_language(config) -> str | None:
    plugin = config["plugins"].get("i18n")
    return getattr(plugin, "default_language", None) if plugin else None


def _text(value) -> str:
    """Plain text of a title or description (tags stripped, entities resolved), whitespace folded."""
    return " ".join(html.unescape(_TAG.sub("", str(value or ""))).split())


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def absolute_alternates(head: str, page_url: str, default_lang: str | None) -> tuple[str, dict[str, str]]:
    """Make the hreflang alternates of ``head`` absolute; add ``x-default``. Returns (head, {lang: url})."""
    found: dict[str, str] = {}

    def repl(match: re.Match) -> str:
        href = urljoin(page_url, html.unescape(match[1]))
        found[match[2]] = href
        return f'<link rel="alternate" href="{_attr(href)}" hreflang="{_attr(match[2])}">'

    head = _ALTERNATE.sub(repl, head)
    if found and "x-default" not in found:
        default_href = found.get(default_lang or "") or next(iter(found.values()))
        last = list(_ALTERNATE.finditer(head))[-1]
        tag = f'\n          <link rel="alternate" href="{_attr(default_href)}" hreflang="x-default">'
        head = head[: last.end()] + tag + head[last.end() :]
        found["x-default"] = default_href
    return head, found


def is_language_home(page, lang: str) -> bool:
    """The home page of a language: the site root, or the language folder (``en/``)."""
    return page.is_homepage or page.url.strip("/") in ("", "index.html", lang)


def description_of(page, config) -> str:
    """The front matter ``description:``, else the site description, whitespace folded."""
    return " ".join(str((page.meta or {}).get("description") or config.get("site_description") or "").split())


def escape_description(head: str, description: str) -> str:
    """Rewrite Material's description tag (one line, content not escaped) with an escaped value."""
    if not description:
        return head
    return _DESCRIPTION.sub(lambda m: f'{m[1]}<meta name="description" content="{_attr(description)}">', head, count=1)


def open_graph(page, config, lang: str, alternates: dict[str, str]) -> str:
    meta = page.meta or {}
    site_name = _text(config.get("site_name"))
    home = is_language_home(page, lang)
    title = _text(meta.get("title") or page.title)
    if home or not title:
        title = site_name
    description = description_of(page, config)
    url = page.canonical_url or ""
    tags = [
        ("og:type", "website" if home else "article"),
        ("og:site_name", site_name),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", OG_LOCALES.get(lang, lang)),
    ]
    for other in alternates:
        if other not in (lang, "x-default") and other in OG_LOCALES:
            tags.append(("og:locale:alternate", OG_LOCALES[other]))
    tags.append(("twitter:card", "summary"))
    lines = [MARKER]
    for prop, content in tags:
        if not content:
            continue
        key = "name" if prop.startswith("twitter:") else "property"
        lines.append(f'<meta {key}="{prop}" content="{_attr(content)}">')
    return "\n    ".join(lines) + "\n  "


# Material requests sitemaps with XMLHttpRequest; a skipped request ends in an "error" event,
# which Material already handles (no remapping), without any request or console message.
SITEMAP_GUARD = (
    "<script>/* seo hook: no sitemap.xml next to hreflang alternates (see overrides/hooks/seo.py) */"
    "(()=>{{const X=XMLHttpRequest.prototype,open=X.open,send=X.send,keep={keep};"
    "X.open=function(m,u){{const p=new URL(String(u),location.href).pathname;"
    'this.__skip=p.endsWith("/sitemap.xml")&&p!==keep;return open.apply(this,arguments)}};'
    'X.send=function(){{if(this.__skip){{setTimeout(()=>this.dispatchEvent(new ProgressEvent("error")));return}}'
    "return send.apply(this,arguments)}}}})()</script>\n  "
)


def sitemap_guard(site_url: str) -> str:
    """The inline script that keeps only ``<site_url path>sitemap.xml`` fetchable by Material."""
    root = urlsplit(site_url).path or "/"
    keep = json.dumps(root.rstrip("/") + "/sitemap.xml")
    return SITEMAP_GUARD.format(keep=keep)


def label_search_dialog(output: str) -> str:
    match = _SEARCH_DIALOG.search(output)
    if not match or "aria-label" in match[0] or "aria-labelledby" in match[0]:
        return output
    label = _SEARCH_LABEL.search(output)
    name = html.unescape(label[1]) if label else "Search"
    new = match[0][:-1] + f' aria-label="{_attr(name)}">'
    return output[: match.start()] + new + output[match.end() :]


def on_post_page(output: str, page, config, **kwargs) -> str:
    if MARKER in output:
        return output
    head_end = _HEAD_END.search(output)
    if not head_end:
        return output
    lang_match = _HTML_LANG.search(output)
    lang = (lang_match[1] if lang_match else config["theme"]["language"]).split("-")[0]
    page_url = page.canonical_url or urljoin(config.get("site_url") or "", page.url)

    head, body = output[: head_end.start()], output[head_end.start() :]
    alternates: dict[str, str] = {}
    if page_url:
        head, alternates = absolute_alternates(head, page_url, _default_language(config))
    head = escape_description(head, description_of(page, config))
    if 'property="og:title"' not in head:
        head += open_graph(page, config, lang, alternates)
    if alternates and config.get("site_url") and "seo hook: no sitemap.xml" not in head:
        head += sitemap_guard(config["site_url"])
    return label_search_dialog(head + body)
