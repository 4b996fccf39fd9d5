"""The PDF cheat sheet of one language, made from the HTML MkDocs rendered for each page.

The build hook (:mod:`mlnotes.mkdocs.cheatsheet`) keeps ``page.content`` of every page of the
language and, at the end of the build, writes ``<site>/pdf/cheatsheet-<lang>.html``: the template
``overrides/cheatsheet.html`` rendered through the theme's Jinja environment with the model below.
Per topic page (nav order): its title; per ``##`` section (``see-also`` left out) its bullets, code
blocks, tables, sub-headings, paragraphs and every ``!!! trap`` / ``!!! changed`` admonition, with the
section heading linking to the first AWS documentation link of its "Sources:" line. HTML comments
(the cards of the active-recall decks) never reach the sheet. ``python -m mlnotes.pdf`` prints it
to ``cheatsheet-<lang>.pdf`` with headless Chromium (``layout.js``, ``geometry.js`` here), choosing
the most detailed *level* that fits on ``mlnotes.config.MAX_PAGES`` pages:

====== ==================================================================================
level  what is left out (cumulative; CSS classes ``lv1`` … ``lv9`` on ``<html>``)
====== ==================================================================================
0      nothing
1      admonition bodies after their first sentence (``.rest``)
2      paragraphs (``.para``)
3      "plain" bullets (no figure, code span or bold text) after the third of their section
4      … after the second
5      … after the first
6      tables (``.tbl``)
7      all plain bullets (``li.p0``)
8      admonition first sentences (``.first``): titles only
9      the same at 7 pt instead of 7.4 pt
====== ==================================================================================

Bullets with a figure, a code span or bold text, code blocks (formulas, worked examples) and the
title of every trap and change note are on the sheet at every level. A section (or page) left with
nothing visible is hidden (``.empty``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from mlnotes.markdown import CHANGED, TRAP, is_aws_doc
from mlnotes.paths import ROOT

CHEATSHEET_DIR = Path(__file__).resolve().parent
CSS_PATH = ROOT / "docs" / "stylesheets" / "cheatsheet.css"
TEMPLATE = "cheatsheet.html"  # in overrides/ (the theme's custom_dir)
SKIP_SECTIONS = {"see-also"}
MAX_LEVEL = 9  # the last level of the table above (CSS classes lv1 … lv9)

SOURCES_RE = re.compile(r"^\s*(?:出典|Sources?)\s*(?:\([^)]*\))?\s*[:：]")
KEY_RE = re.compile(r"\d")
SPACES_RE = re.compile(r"\s{2,}")
ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "cf.", "No.", "Inc.", "Ltd.")
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


# --------------------------------------------------------------------------------------------
# A small DOM of rendered HTML (comments dropped)
# --------------------------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)  # str: text, not escaped

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def iter(self):
        yield self
        for child in self.elements():
            yield from child.iter()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def inner_html(self) -> str:
        return "".join(html.escape(c, quote=False) if isinstance(c, str) else c.outer_html() for c in self.children)

    def outer_html(self) -> str:
        attrs = "".join(f" {k}" if v is None else f' {k}="{html.escape(v, quote=True)}"' for k, v in self.attrs.items())
        if self.tag in VOID:
            return f"<{self.tag}{attrs}>"
        return f"<{self.tag}{attrs}>{self.inner_html()}</{self.tag}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def handle_comment(self, data):  # cards and other comments are not content
        pass


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# --------------------------------------------------------------------------------------------
# Model: what goes on the sheet
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedPage:
    """One page as MkDocs rendered it (``page.content``), with what the sheet needs around it."""

    name: str  # file name, e.g. "kinesis.md"
    title: str
    url: str  # absolute URL of the page (links on the sheet are made absolute against it)
    content: str
    meta: dict = field(default_factory=dict, compare=False)


@dataclass
class Block:
    kind: str  # "facts" | "code" | "table" | "para" | "heading" | "trap" | "changed"
    html: str = ""  # table: <table>…</table>; heading: its inline HTML
    title: str = ""  # admonition title (inline HTML)
    first: str = ""  # admonitions, paragraphs: first sentence (inline HTML)
    rest: str = ""  # the rest: inline HTML, or block HTML when ``rest_is_block``
    rest_is_block: bool = False
    items: list[tuple[str, str]] = field(default_factory=list)  # facts: (CSS class, <li> inner HTML)
    lines: list[tuple[bool, str]] = field(default_factory=list)  # code: (indented, text)


@dataclass
class Section:
    id: str | None
    title: str  # inline HTML
    href: str  # the section's AWS source, else the section on the site
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Service:
    name: str  # file name, e.g. "kinesis.md"
    title: str
    url: str
    checked: str | None  # the page's front matter `checked:` date (ISO), if any
    sections: list[Section] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.name.removesuffix(".md")

    @property
    def traps(self) -> int:
        return sum(b.kind == TRAP for s in self.sections for b in s.blocks)

    @property
    def changes(self) -> int:
        return sum(b.kind == CHANGED for s in self.sections for b in s.blocks)


def _absolute_links(element: Element, base: str) -> None:
    for node in element.iter():
        if node.tag == "a" and node.attrs.get("href"):
            node.attrs["href"] = urljoin(base, node.attrs["href"])


def _clean_heading(element: Element) -> str:
    """Inline HTML of a heading without its permalink anchor."""
    element.children = [c for c in element.children if not (isinstance(c, Element) and "headerlink" in c.classes)]
    return element.inner_html().strip()


def _is_key(item: Element) -> bool:
    """A bullet that stays at every level: a figure, a code span or bold text (in the text or a link)."""
    hrefs = " ".join(n.attrs.get("href") or "" for n in item.iter() if n.tag == "a")
    return bool(KEY_RE.search(item.text() + hrefs)) or any(n.tag in ("code", "strong", "b") for n in item.iter())


def _unwrap_paragraph(item: Element) -> str:
    """<li> inner HTML with a first <p> (loose lists) unwrapped, as in a tight list."""
    children = list(item.children)
    first = next((i for i, c in enumerate(children) if isinstance(c, Element) or c.strip()), None)
    if first is not None and isinstance(children[first], Element) and children[first].tag == "p":
        children[first : first + 1] = children[first].children
    return Element("li", children=children).inner_html().strip()


def _code_lines(element: Element) -> list[tuple[bool, str]]:
    """A code block for a narrow column: one line per line, an indent kept as a step, alignment
    runs of spaces collapsed, blank lines dropped."""
    code = next((n for n in element.iter() if n.tag == "code"), element)
    lines = []
    for line in code.text().splitlines():
        if line.strip():
            lines.append((line[:1] in (" ", "\t"), SPACES_RE.sub(" ", line.strip())))
    return lines


def split_first_sentence(inline_html: str) -> tuple[str, str]:
    """(first sentence, rest) of inline HTML; never splits inside an element (code, link, bold …)."""
    depth = 0
    i = 0
    text = inline_html
    while i < len(text):
        ch = text[i]
        if ch == "<":
            end = text.find(">", i)
            if end < 0:
                break
            tag = text[i + 1 : end]
            name = tag.lstrip("/").split()[0].rstrip("/").lower() if tag.strip("/ ") else ""
            if tag.startswith("/"):
                depth = max(0, depth - 1)
            elif name not in VOID and not tag.endswith("/"):
                depth += 1
            i = end + 1
            continue
        if depth == 0:
            if ch == "。":
                return text[: i + 1].strip(), text[i + 1 :].strip()
            if ch in ".!?" and (i + 1 == len(text) or text[i + 1] in " \n"):
                word = re.split(r"[\s>]", text[: i + 1])[-1]
                if word not in ABBREVIATIONS and not re.fullmatch(r"[A-Z]\.", word):
                    return text[: i + 1].strip(), text[i + 1 :].strip()
        i += 1
    return text.strip(), ""


def _join_inline(parts: list[str]) -> str:
    return " ".join(" ".join(p.split("\n")).strip() for p in parts if p.strip())


def _admonition(kind: str, element: Element) -> Block:
    title_el = next((c for c in element.elements() if "admonition-title" in c.classes or c.tag == "summary"), None)
    title = title_el.inner_html().strip() if title_el else ""
    body = [c for c in element.elements() if c is not title_el]
    if body and body[0].tag == "p":
        first, rest = split_first_sentence(body[0].inner_html().strip())
        others = body[1:]
    else:
        first, rest, others = "", "", body
    if any(c.tag != "p" for c in others):  # lists or tables after the first sentence: keep them as blocks
        rest_html = (f"<p>{rest}</p>" if rest else "") + "".join(c.outer_html() for c in others)
        return Block(kind, title=title, first=first, rest=rest_html, rest_is_block=True)
    return Block(kind, title=title, first=first, rest=_join_inline([rest, *(c.inner_html() for c in others)]))


def section_blocks(children: list[Element]) -> tuple[list[Block], str | None]:
    """The blocks of one ``##`` section (its elements after the heading) and its first AWS source."""
    blocks: list[Block] = []
    source: str | None = None
    plain = 0  # rank of a plain bullet within its section: p0, p1, p2, p3 (= third and later)
    for element in children:
        classes = element.classes
        if element.tag in ("ul", "ol"):
            if not blocks or blocks[-1].kind != "facts":
                blocks.append(Block("facts"))
            for item in (c for c in element.elements() if c.tag == "li"):
                if _is_key(item):
                    css = "key"
                else:
                    css = f"plain p{min(plain, 3)}"
                    plain += 1
                blocks[-1].items.append((css, _unwrap_paragraph(item)))
        elif element.tag == "pre" or "highlight" in classes:
            blocks.append(Block("code", lines=_code_lines(element)))
        elif element.tag == "table":
            blocks.append(Block("table", html=element.outer_html()))
        elif element.tag in ("h3", "h4", "h5", "h6"):
            blocks.append(Block("heading", html=_clean_heading(element)))
        elif element.tag == "p" and SOURCES_RE.match(element.text()):
            for link in (n for n in element.iter() if n.tag == "a"):
                if source is None and is_aws_doc(link.attrs.get("href") or ""):
                    source = link.attrs["href"]
        elif element.tag == "p":
            first, rest = split_first_sentence(_join_inline([element.inner_html()]))
            blocks.append(Block("para", first=first, rest=rest))
        elif ("admonition" in classes or element.tag == "details") and (TRAP in classes or CHANGED in classes):
            blocks.append(_admonition(TRAP if TRAP in classes else CHANGED, element))
        elif "admonition" in classes or element.tag == "details":  # note, tip …: its text as a paragraph
            body = [c for c in element.elements() if "admonition-title" not in c.classes and c.tag != "summary"]
            first, rest = split_first_sentence(_join_inline([c.inner_html() for c in body]))
            blocks.append(Block("para", first=first, rest=rest))
        # anything else (rules, footnotes, raw HTML) is not on the sheet
    while blocks and blocks[-1].kind == "heading":  # a trailing sub-heading with nothing under it
        blocks.pop()
    return blocks, source


def service(page: RenderedPage) -> Service:
    """What the sheet shows of one page."""
    root = parse_html(page.content)
    _absolute_links(root, page.url)
    checked = page.meta.get("checked")
    svc = Service(page.name, page.title, page.url, str(checked) if checked else None)
    current: tuple[Element, list[Element]] | None = None
    sections: list[tuple[Element, list[Element]]] = []
    for element in root.elements():
        if element.tag == "h2":
            current = (element, [])
            sections.append(current)
        elif current is not None:
            current[1].append(element)
    for heading, children in sections:
        hid = heading.attrs.get("id")
        if hid in SKIP_SECTIONS:
            continue
        blocks, source = section_blocks(children)
        if blocks:
            title = _clean_heading(heading)
            svc.sections.append(Section(hid, title, source or f"{page.url}#{hid}", blocks))
    return svc


def oldest_checked(services: list[Service]) -> str | None:
    """The oldest ``checked:`` date of the sheet's pages (when pages have one)."""
    dates = [s.checked for s in services if s.checked]
    return min(dates) if dates else None


def render(
    env,
    pages: list[RenderedPage],
    *,
    lang: str,
    strings: dict,
    site_name: str,
    home_url: str,
    build_date: str,
    max_pages: int,
    css: str | None = None,
) -> str:
    """The print page of one language: ``overrides/cheatsheet.html`` through the theme's Jinja ``env``."""
    services = [s for s in (service(p) for p in pages) if s.sections]
    labels = {k.removeprefix("cheatsheet_"): v for k, v in strings.items() if k.startswith("cheatsheet_")}
    template = env.get_template(TEMPLATE)
    return (
        template.render(
            lang=lang,
            ui=labels,
            site_name=site_name,
            home_url=home_url,
            build_date=build_date,
            checked=oldest_checked(services),
            services=services,
            traps=sum(s.traps for s in services),
            changes=sum(s.changes for s in services),
            max_level=MAX_LEVEL,
            max_pages=max_pages,
            css=CSS_PATH.read_text(encoding="utf-8") if css is None else css,
        )
        + "\n"
    )
