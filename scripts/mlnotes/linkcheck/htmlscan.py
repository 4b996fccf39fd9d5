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
#: Where a fetched page announces changes: AWS alert/note/warning boxes (``awsui-alert``,
#: ``awsdocs-page-banner``, ``div.awsdocs-note``/``-important``/``-warning``) and Material-like
#: admonitions (``div.admonition``, ``details.warning``), or any element with ``role="alert"``.
NOTICE_BOX_TAGS = frozenset({"awsui-alert", "awsdocs-page-banner", "awsdocs-alert"})
NOTICE_BOX_CLASSES = frozenset(
    {
        "awsdocs-note",
        "awsdocs-important",
        "awsdocs-warning",
        "awsdocs-page-banner",
        "awsui-alert",
        "admonition",
        "alert",
        "callout",
        "notice",
        "note",
        "important",
        "warning",
        "caution",
        "danger",
    }
)
#: ... and the first paragraphs of the page body (after its ``<h1>``).
LEAD_PARAGRAPHS = 3
#: Tags that end a sentence inside a notice box (a box title is not part of the first sentence).
_BREAK_TAGS = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "summary", "dt", "dd"})
#: Tags that end an unclosed ``<p>``.
_P_ENDERS = frozenset({"p", "div", "ul", "ol", "table", "section", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})

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
        self.boxes: list[str] = []  # text of notice boxes
        self.lead: list[str] = []  # first paragraphs after the h1
        self.lead_any: list[str] = []  # first paragraphs anywhere (a page without h1)
        self._box: list[str] | None = None
        self._box_tag = ""
        self._box_depth = 0
        self._para: list[str] | None = None
        self._chrome = 0

    def _notice_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._box is not None:
            if tag == self._box_tag:
                self._box_depth += 1
            if tag in _BREAK_TAGS:
                self._box.append("\n")
            return
        if tag in CHROME_TAGS:
            self._chrome += 1
            self._end_para()
            return
        if self._chrome:  # header, nav, footer, aside: not what the page says
            return
        if tag in _P_ENDERS:
            self._end_para()
        a = {k: (v or "") for k, v in attrs}
        classes = set(a.get("class", "").lower().split())
        if tag in NOTICE_BOX_TAGS or classes & NOTICE_BOX_CLASSES or a.get("role", "").lower() == "alert":
            self._end_para()
            self._box, self._box_tag, self._box_depth = [], tag, 1
        elif tag == "p" and (
            len(self.lead_any) < LEAD_PARAGRAPHS or (self._h1_state == 2 and len(self.lead) < LEAD_PARAGRAPHS)
        ):
            self._para = []

    def _notice_end(self, tag: str) -> None:
        if self._box is not None:
            if tag in _BREAK_TAGS:
                self._box.append("\n")
            if tag == self._box_tag:
                self._box_depth -= 1
                if self._box_depth == 0:
                    text = _squash_lines(self._box)
                    if text:
                        self.boxes.append(text)
                    self._box = None
            return
        if tag in CHROME_TAGS and self._chrome:
            self._chrome -= 1
        elif tag in ("p", "div"):
            self._end_para()

    def _end_para(self) -> None:
        if self._para is None:
            return
        text = " ".join("".join(self._para).split())
        self._para = None
        if not text:
            return
        if len(self.lead_any) < LEAD_PARAGRAPHS:
            self.lead_any.append(text)
        if self._h1_state == 2 and len(self.lead) < LEAD_PARAGRAPHS:
            self.lead.append(text)

    def notice_text(self) -> tuple[str, ...]:
        self._end_para()
        return tuple(self.boxes) + tuple(self.lead if self._h1_state == 2 else self.lead_any)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("script", "style"):
            self._notice_start(tag, attrs)
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
        if tag != "br":
            self._notice_end(tag)  # <div/>: nothing inside
        if tag == "h1" and self._h1_state == 1:
            self._h1_state = 2

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("script", "style"):
            self._notice_end(tag)
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
        elif self._box is not None:
            self._box.append(data)
        elif self._para is not None:
            self._para.append(data)
        self.text_length += len(data.strip())


def _squash(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def _squash_lines(parts: list[str]) -> str:
    """Whitespace squashed within lines; block boundaries inside a box kept as newlines."""
    lines = ("".join(parts)).split("\n")
    return "\n".join(t for t in (" ".join(line.split()) for line in lines) if t)


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
        notice_text=p.notice_text(),
    )
