"""Parse the Markdown pages of this site into headings, admonitions and links.

Pure functions over text: no I/O besides :func:`read_page`, no module state.
Used by the build hooks (traps index, cheat sheet) and by the checks in ``scripts/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{\s*#([A-Za-z0-9_\-]+)\s*\})?\s*$")
ADMONITION_RE = re.compile(
    r'^(?P<indent>\s*)(?P<marker>!!!|\?\?\?\+?)\s+(?P<type>[a-z][a-z0-9_-]*)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
BARE_URL_RE = re.compile(r"<(https?://[^>\s]+)>")
FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)

#: Admonition types that carry meaning for the site (see docs/stylesheets/extra.css).
TRAP = "trap"
CHANGED = "changed"
#: Pages that are not topic pages: the home page, the generated traps index and the self-test.
NON_TOPIC_PAGES = frozenset({"index.md", "exam-traps.md", "self-test.md"})


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

    def heading_ids(self) -> list[str]:
        return [h.id for h in self.headings if h.id]

    def heading(self, hid: str) -> Heading | None:
        return next((h for h in self.headings if h.id == hid), None)

    def of_type(self, kind: str) -> list[Admonition]:
        return [a for a in self.admonitions if a.type == kind]

    def section_lines(self, hid: str) -> list[tuple[int, str]]:
        """(line number, text) of the body of the `##` section with this id, code blocks included."""
        start = self.heading(hid)
        if start is None:
            return []
        out: list[tuple[int, str]] = []
        in_fence = False
        for number, text in enumerate(self.lines[start.line :], start=start.line + 1):
            if FENCE_RE.match(text):
                in_fence = not in_fence
            if not in_fence:
                m = HEADING_RE.match(text)
                if m and len(m.group(1)) <= start.level:
                    break
            out.append((number, text))
        return out


def _parse_meta(text: str, path: Path | str) -> tuple[dict, int]:
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, 0
    import yaml  # local: keeps import cost out of callers that never see front matter

    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening `---`, +1 for 1-based lines
        problem = getattr(exc, "problem", None) or str(exc)
        raise PageError(
            path, line, f"front matter is not valid YAML: {problem} (quote a value that holds ': ')"
        ) from None
    if not isinstance(meta, dict):
        raise PageError(path, 2, "front matter is not a mapping of `key: value` lines")
    return meta, m.group(0).count("\n")


def parse_page(text: str, path: Path | str = "<string>") -> Page:
    """Parse one Markdown page of this site."""
    page = Page(path=Path(path))
    page.meta, skip = _parse_meta(text, path)
    page.lines = text.splitlines()
    section: str | None = None
    in_fence = False
    current: dict | None = None  # admonition being collected
    for number, raw in enumerate(page.lines, start=1):
        if number <= skip:
            continue
        if current is not None:
            if raw.startswith(current["indent"] + "    ") or not raw.strip():
                current["body"].append(raw[len(current["indent"]) + 4 :] if raw.strip() else "")
            else:
                page.admonitions.append(_close(current))
                current = None
        if FENCE_RE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = HEADING_RE.match(raw)
        if heading and current is None:
            level, htext, hid = len(heading.group(1)), heading.group(2), heading.group(3)
            if level == 1 and page.title is None:
                page.title, page.title_line = htext, number
            else:
                page.headings.append(Heading(level, htext, hid, number))
                if level == 2:
                    section = hid
            continue
        adm = ADMONITION_RE.match(raw)
        if adm:
            if current is not None:
                page.admonitions.append(_close(current))
            current = {
                "type": adm.group("type"),
                "title": adm.group("title"),
                "line": number,
                "section": section,
                "indent": adm.group("indent"),
                "body": [],
            }
            continue
        for m in LINK_RE.finditer(raw):
            page.links.append(Link(m.group(1), number, section))
        for m in BARE_URL_RE.finditer(raw):
            page.links.append(Link(m.group(1), number, section))
    if current is not None:
        page.admonitions.append(_close(current))
    return page


def _close(current: dict) -> Admonition:
    body = list(current["body"])
    while body and not body[-1]:
        body.pop()
    return Admonition(current["type"], current["title"], current["line"], current["section"], tuple(body))


CARD_COMMENT_RE = re.compile(r"^\s*<!--\s*card\b")


def card_comment_lines(lines: list[str]) -> set[int]:
    """1-based numbers of the lines of the ``<!-- card … -->`` comments (active-recall cards, see
    mlnotes.cards), outside code blocks: what a printed or summarised page leaves out."""
    out: set[int] = set()
    in_fence = in_card = False
    for number, text in enumerate(lines, start=1):
        if not in_card and FENCE_RE.match(text):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not in_card and CARD_COMMENT_RE.match(text):
            in_card = True
        if in_card:
            out.add(number)
            if text.rstrip().endswith("-->") or not text.strip():
                in_card = False
    return out


def read_page(path: Path) -> Page:
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
