"""The source model of a Markdown page of this site: headings, admonitions, links and blocks, with line numbers.

Block structure comes from markdown-it-py (CommonMark, with mdit-py-plugins for the MkDocs
syntaxes the site uses: admonitions ``!!!``/``???``, definition lists, footnotes; tables on), so
fences follow CommonMark: a fence closes only on the same character, at least as long, and a
``~~~`` block may hold ```` ``` ```` lines. ``tests/site/test_markdown_model_site.py`` checks that the
model agrees with what MkDocs renders (heading ids, admonitions) on every page of the site.

Pure functions over text: no I/O besides :func:`read_page`, no module state.
Used by the build hooks (traps index, cheat sheet) and by the checks (translations, style, coverage).
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

#: ``{ #id }`` at the end of a heading (attr_list), as MkDocs' pages write it.
HEADING_ID_RE = re.compile(r"\s*\{\s*#([A-Za-z0-9_\-]+)\s*\}\s*$")
#: The parameters of an admonition line after ``!!!``/``???``: its type and optional quoted title.
ADMONITION_PARAMS_RE = re.compile(r'^\s*(?P<type>[a-z][a-z0-9_-]*)(?:\s+"(?P<title>.*)")?\s*$')
LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
BARE_URL_RE = re.compile(r"<(https?://[^>\s]+)>")
FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)

#: Admonition types that carry meaning for the site (see docs/stylesheets/extra.css).
TRAP = "trap"
CHANGED = "changed"
#: Pages that are not topic pages: the home page and the generated pages (traps index, MLA-C01 map, self-test,
#: glossary).
NON_TOPIC_PAGES = frozenset({"index.md", "exam-traps.md", "mla-c01-map.md", "self-test.md", "glossary.md"})


class PageError(ValueError):
    """A page that cannot be parsed; ``str()`` gives ``file:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = Path(path), line, message


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str | None
    line: int


@dataclass(frozen=True)
class Admonition:
    type: str
    title: str | None
    line: int
    section: str | None  # id of the enclosing `##` heading, None before the first one
    body: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(s.strip() for s in self.body if s.strip())


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    section: str | None


@dataclass(frozen=True)
class Block:
    """One block of the page: ``kind`` is markdown-it's token type without ``_open``
    (``paragraph``, ``list_item``, ``fence``, ``code_block``, ``table``, ``html_block``,
    ``heading``, ``admonition``, ``blockquote`` …). ``line``/``end``: first and last line (1-based,
    inclusive); ``depth``: nesting level; ``marker``: the fence (```` ``` ````, ``~~~~``…) or list
    marker; ``info``: a fence's info string."""

    kind: str
    line: int
    end: int
    depth: int = 0
    marker: str = ""
    info: str = ""


@dataclass
class Page:
    path: Path
    meta: dict = field(default_factory=dict)
    title: str | None = None
    title_line: int | None = None
    headings: list[Heading] = field(default_factory=list)
    admonitions: list[Admonition] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def heading_ids(self) -> list[str]:
        return [h.id for h in self.headings if h.id]

    def heading(self, hid: str) -> Heading | None:
        return next((h for h in self.headings if h.id == hid), None)

    def of_type(self, kind: str) -> list[Admonition]:
        return [a for a in self.admonitions if a.type == kind]

    def of_kind(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    def code_lines(self) -> set[int]:
        """Line numbers inside code blocks (fenced, fence lines included, or indented)."""
        return {n for b in self.blocks if b.kind in ("fence", "code_block") for n in range(b.line, b.end + 1)}

    def section_lines(self, hid: str) -> list[tuple[int, str]]:
        """(line number, text) of the body of the section with this id, code blocks included:
        from the line after its heading to the next heading of the same or a higher level."""
        start = self.heading(hid)
        if start is None:
            return []
        end = next(
            (h.line - 1 for h in self.headings if h.line > start.line and h.level <= start.level), len(self.lines)
        )
        return [(n, self.lines[n - 1]) for n in range(start.line + 1, end + 1)]


def _parse_meta(text: str, path: Path | str) -> tuple[dict, int]:
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, 0
    import yaml  # local: keeps import cost out of callers that never see front matter

    from mlnotes.yamlload import safe_load

    try:
        meta = safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening `---`, +1 for 1-based lines
        problem = getattr(exc, "problem", None) or str(exc)
        raise PageError(
            path, line, f"front matter is not valid YAML: {problem} (quote a value that holds ': ')"
        ) from None
    except ValueError as exc:  # a YAML date that does not exist, e.g. 2026-13-40
        line = next((n + 2 for n, s in enumerate(m.group(1).splitlines()) if _bad_date(s)), 2)
        raise PageError(path, line, f"front matter holds an impossible date: {exc}") from None
    if not isinstance(meta, dict):
        raise PageError(path, 2, "front matter is not a mapping of `key: value` lines")
    return meta, m.group(0).count("\n")


def _bad_date(line: str) -> bool:
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", line):
        try:
            datetime.date(*map(int, m.groups()))
        except ValueError:
            return True
    return False


def parser() -> MarkdownIt:
    """The block parser: CommonMark plus the block syntaxes of the site's ``markdown_extensions``."""
    return MarkdownIt("commonmark").enable("table").use(admon_plugin).use(deflist_plugin).use(footnote_plugin)


def parse_page(text: str, path: Path | str = "<string>") -> Page:
    """Parse one Markdown page of this site."""
    page = Page(path=Path(path))
    page.meta, skip = _parse_meta(text, path)
    page.lines = text.splitlines()
    # front matter lines become blank lines, so token line numbers are page line numbers
    source = "\n" * skip + "\n".join(page.lines[skip:]) + "\n"
    opened: list[tuple[str, int]] = []  # (kind, index in page.blocks or -1) of open containers
    raw_admonitions: list[tuple[Block, str]] = []
    for token in parser().parse(source):
        if token.nesting == -1:
            opened.pop()
            continue
        kind = token.type.removesuffix("_open")
        if token.map is None:  # table cells, footnote parts: no line range of their own
            if token.nesting == 1:
                opened.append((kind, -1))
            continue
        if kind == "inline":
            if opened and opened[-1][0] == "heading":
                _add_heading(page, token.content, token.map[0] + 1, page.blocks[opened[-1][1]].marker)
            continue
        start, stop = token.map
        end = max(start + 1, stop)
        while end - 1 > start and not page.lines[end - 1].strip():  # containers end at a blank line
            end -= 1
        marker = token.markup if kind in ("fence", "list_item", "admonition") else ""
        if kind == "heading":
            marker = token.tag  # h1 … h6
        block = Block(kind, start + 1, end, len(opened), marker, token.info if kind == "fence" else "")
        page.blocks.append(block)
        if kind == "admonition":
            raw_admonitions.append((block, token.info))
        if token.nesting == 1:
            opened.append((kind, len(page.blocks) - 1))
    sections = [(h.line, h.id) for h in page.headings if h.level == 2]
    for block, params in raw_admonitions:
        m = ADMONITION_PARAMS_RE.match(params)
        if not m:  # `!!! note inline title` without quotes: Python-Markdown makes no admonition of it
            continue
        opener = page.lines[block.line - 1]
        indent = len(opener) - len(opener.lstrip())
        body = [line[indent + 4 :] if line.strip() else "" for line in page.lines[block.line : block.end]]
        section = _section_at(sections, block.line)
        page.admonitions.append(Admonition(m["type"], m["title"], block.line, section, tuple(body)))
    _collect_links(page, skip, sections)
    return page


def _add_heading(page: Page, content: str, line: int, tag: str) -> None:
    m = HEADING_ID_RE.search(content)
    hid = m.group(1) if m else None
    text = content[: m.start()] if m else content.strip()
    level = int(tag[1])
    if level == 1 and page.title is None:
        page.title, page.title_line = text, line
    else:
        page.headings.append(Heading(level, text, hid, line))


def _section_at(sections: list[tuple[int, str | None]], line: int) -> str | None:
    section = None
    for start, hid in sections:
        if start > line:
            break
        section = hid
    return section


def _collect_links(page: Page, skip: int, sections: list[tuple[int, str | None]]) -> None:
    """Links and bare URLs on every line outside front matter, code, headings and admonition openers."""
    ignored = page.code_lines() | {b.line for b in page.blocks if b.kind in ("heading", "admonition")}
    for number, raw in enumerate(page.lines, start=1):
        if number <= skip or number in ignored:
            continue
        section = _section_at(sections, number)
        for m in LINK_RE.finditer(raw):
            page.links.append(Link(m.group(1), number, section))
        for m in BARE_URL_RE.finditer(raw):
            page.links.append(Link(m.group(1), number, section))


def read_page(path: Path) -> Page:
    """The page model of a file. A build reads every page in several hooks (traps index, MLA-C01 map,
    cards, glossary, cheat sheet), so a file is parsed once per version (path, size, modification
    time) and the same Page is handed out again: treat it as read-only."""
    path = Path(path)
    stat = path.stat()
    return _read_page(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _read_page(path: Path, mtime_ns: int, size: int) -> Page:
    return parse_page(path.read_text(encoding="utf-8"), path)


def is_aws_doc(url: str) -> bool:
    return bool(re.match(r"https?://([a-z0-9-]+\.)*aws\.amazon\.com/", url, re.I))


def strip_locale(url: str) -> str:
    """Drop the `ja_jp/` locale segment of an AWS docs URL so ja and en citations compare equal."""
    return re.sub(r"^(https://docs\.aws\.amazon\.com/)ja_jp/", r"\1", url)


def nav_order(nav) -> list[str]:
    """File names in the order of an MkDocs ``nav`` list, depth first."""
    order: list[str] = []

    def walk(items):
        for item in items or []:
            if isinstance(item, str):
                order.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(nav)
    return order


def topic_pages(lang_dir: Path, order: list[str]) -> list[str]:
    """Topic pages of one language folder: nav order first, then any page not (yet) in the nav."""
    names = [n for n in order if n not in NON_TOPIC_PAGES and (lang_dir / n).is_file()]
    names += sorted(p.name for p in lang_dir.glob("*.md") if p.name not in NON_TOPIC_PAGES and p.name not in names)
    return names
