"""HTML parsing with the standard library: links in a MkDocs Material page's content area,
and the facts a fetched page gives (ids, names, title, h1, meta refresh, script redirect). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .model import PageInfo

#: Class that marks the content area of a MkDocs Material page.
CONTENT_CLASS = "md-content__inner"
#: Page chrome, ignored when a page has no Material content area.
CHROME_TAGS = frozenset({"header", "nav", "footer", "aside"})
#: A page with less visible text than this may be a redirect stub (for script redirects).
STUB_TEXT_LIMIT = 1500

_REFRESH = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)(?P<url>[^'"]*)\1\s*$""", re.I)
_JS_REDIRECT = re.compile(
    r"""(?:\b(?:window|document|top|self)\s*\.\s*)?\blocation(?:\s*\.\s*href)?\s*=\s*(['"])(?P<a>[^'"]+)\1"""
    r"""|\blocation\s*\.\s*(?:replace|assign)\s*\(\s*(['"])(?P<b>[^'"]+)\3\s*\)"""
)


@dataclass(frozen=True)
class Link:
    href: str
    line: int
    in_content: bool  # inside <article class="md-content__inner">
    in_chrome: bool  # inside header / nav / footer / aside


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.has_content_area = False
        self.links: list[Link] = []
        self._content_depth = 0
        self._chrome_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html" and self.lang is None and a.get("lang"):
            self.lang = a["lang"]
        elif tag == "article":
            if self._content_depth:
                self._content_depth += 1
            elif CONTENT_CLASS in a.get("class", "").split():
                self._content_depth = 1
                self.has_content_area = True
        elif tag in CHROME_TAGS:
            self._chrome_depth += 1
        elif tag in ("a", "area") and a.get("href"):
            self.links.append(
                Link(a["href"].strip(), self.getpos()[0], self._content_depth > 0, self._chrome_depth > 0)
            )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._content_depth:
            self._content_depth -= 1
        elif tag in CHROME_TAGS and self._chrome_depth:
            self._chrome_depth -= 1


@dataclass(frozen=True)
class ExtractedPage:
    lang: str | None
    has_content_area: bool
    links: tuple[Link, ...]  # only the links of the content area (see extract_links)


def extract_links(html: str) -> ExtractedPage:
    """Links of a page's content area: inside ``<article class="md-content__inner">`` when the
    page has one (MkDocs Material), else everywhere except header, nav, footer and aside."""
    p = _LinkParser()
    p.feed(html)
    p.close()
    if p.has_content_area:
        links = tuple(link for link in p.links if link.in_content)
    else:
        links = tuple(link for link in p.links if not link.in_chrome)
    return ExtractedPage(p.lang, p.has_content_area, links)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.title: list[str] = []
        self.h1: list[str] = []
        self.refresh: str | None = None
        self.scripts: list[str] = []
        self.text_length = 0
        self._in_title = False
        self._title_done = False
        self._h1_state = 0  # 0 before, 1 inside, 2 done
        self._skip = 0  # inside script/style
        self._script_inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k == "id" and v:
                self.anchors.add(v)
            elif k == "name" and v and tag == "a":
                self.anchors.add(v)
        if tag == "title" and not self._title_done:
            self._in_title = True
        elif tag == "h1" and self._h1_state == 0:
            self._h1_state = 1
        elif tag in ("script", "style"):
            self._skip += 1
            self._script_inline = tag == "script" and not any(k == "src" for k, _ in attrs)
        elif tag == "meta" and self.refresh is None:
            a = {k: (v or "") for k, v in attrs}
            if a.get("http-equiv", "").lower() == "refresh":
                m = _REFRESH.match(a.get("content", ""))
                if m and m.group("url").strip():
                    self.refresh = m.group("url").strip()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):  # <script/> has no content
            for k, v in attrs:
                if k == "id" and v:
                    self.anchors.add(v)
            return
        self.handle_starttag(tag, attrs)
        if tag == "h1" and self._h1_state == 1:
            self._h1_state = 2

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self._title_done = True
        elif tag == "h1" and self._h1_state == 1:
            self._h1_state = 2
        elif tag in ("script", "style") and self._skip:
            self._skip -= 1
            self._script_inline = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            if self._script_inline and len(self.scripts) < 20:
                self.scripts.append(data[:20000])
            return
        if self._in_title:
            self.title.append(data)
            return
        if self._h1_state == 1:
            self.h1.append(data)
        self.text_length += len(data.strip())


def _squash(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def scan_page(html: str) -> PageInfo:
    """Parse a fetched page once: every ``id`` (any element) and ``name`` (``<a>``), the title,
    the first ``<h1>``, a meta refresh target and, for stub pages, a script redirect target."""
    p = _PageParser()
    p.feed(html)
    p.close()
    js = None
    if p.text_length < STUB_TEXT_LIMIT:
        for script in p.scripts:
            m = _JS_REDIRECT.search(script)
            if m:
                js = (m.group("a") or m.group("b")).strip()
                break
    return PageInfo(
        title=_squash(p.title),
        h1=_squash(p.h1),
        anchors=frozenset(p.anchors),
        refresh=p.refresh,
        js_redirect=js,
        text_length=p.text_length,
    )
