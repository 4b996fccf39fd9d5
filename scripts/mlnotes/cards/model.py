"""Extract the cards of the pages and check them (pure functions over parsed pages).

A card is an HTML comment (so it renders nothing on the page and in the PDF):

* the LAST block of a ``!!! trap`` or ``!!! changed`` admonition, indented like its body: kind
  ``trap`` / ``change``; the explanation is the admonition body (or its ``E:`` line);
* at column 0 in a ``##`` section: kind ``figure``; ``E:`` is required.

Problems are :class:`Finding` (``file:line: message``); nothing here raises on bad cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mlnotes.findings import Finding
from mlnotes.markdown import CHANGED, TRAP, Admonition, Page

from . import MIN_CARDS_PER_LANGUAGE

TRAP_KIND, CHANGE_KIND, FIGURE_KIND = "trap", "change", "figure"
KINDS = (TRAP_KIND, CHANGE_KIND, FIGURE_KIND)
ADMONITION_KINDS = {TRAP: TRAP_KIND, CHANGED: CHANGE_KIND}

CARD_START_RE = re.compile(r"^(?P<indent>\s*)<!--\s*card\b(?P<rest>.*)$")
CARD_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD_RE = re.compile(r"^(?P<key>[A-Z]):\s?(?P<value>.*)$")
FIELDS = {"Q": "question", "A": "answer", "E": "explanation"}
MD_LINK_RE = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)")
MD_BARE_URL_RE = re.compile(r"<(https?://[^>\s]+)>")
MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1")
LIST_MARK_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
MLA_TASK_RE = re.compile(r"^[1-4]\.[1-3]$")


@dataclass(frozen=True)
class Card:
    id: str
    kind: str  # trap | change | figure
    question: str
    answer: str
    explanation: str  # plain text; `code` spans kept as backticks
    lang: str
    page: str  # page slug (file name without .md): also the page's service/topic tag
    page_title: str
    section: str | None  # id of the enclosing `##` section (the key of the front matter `mla:` map)
    anchor: str | None  # id of the nearest heading above the card (the link target)
    heading: str  # text of that heading
    title: str = ""  # title of the trap/changed admonition
    mla: tuple[str, ...] = ()  # MLA-C01 task statements of the section ("1.1" ...)
    mls_only: bool = False  # the section is marked `mls-only` in the front matter
    path: str = ""
    line: int = 0

    @property
    def source(self) -> str:
        """``page#id`` of the section the card comes from."""
        return f"{self.page}#{self.anchor}" if self.anchor else self.page

    @property
    def domains(self) -> tuple[str, ...]:
        """MLA-C01 domains ("1" … "4") of the card's section."""
        return tuple(sorted({t.split(".")[0] for t in self.mla}))

    @property
    def tags(self) -> tuple[str, ...]:
        """Service/topic and exam tags (Anki style: no spaces, ``::`` for hierarchy)."""
        tags = [self.page, self.kind]
        tags += [f"MLA-C01::{t}" for t in self.mla]
        if self.mls_only:
            tags.append("MLS-C01-only")
        return tuple(tags)


@dataclass
class Extraction:
    cards: list[Card] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------
# One card comment


def parse_card(lines: list[str], first_line: int, path: str) -> tuple[dict | None, int, list[Finding]]:
    """Parse the card comment that starts at ``lines[0]`` (indentation already removed).

    Returns (fields or None, number of lines consumed, problems). ``fields`` has ``id``,
    ``question``, ``answer`` and, if given, ``explanation``.
    """
    problems: list[Finding] = []
    start = CARD_START_RE.match(lines[0])
    assert start is not None
    rest = start["rest"].strip()
    if rest.endswith("-->"):
        return (
            None,
            1,
            [
                Finding(
                    path,
                    first_line,
                    "card: write the Q:/A: lines below `<!-- card <id>` and `-->` on a line of its own",
                )
            ],
        )
    card_id = rest
    if not card_id:
        problems.append(
            Finding(path, first_line, "card: no id after `<!-- card` (kebab-case, e.g. `kinesis-shard-limit`)")
        )
    elif not CARD_ID_RE.match(card_id):
        problems.append(
            Finding(path, first_line, f"card: id '{card_id}' is not kebab-case (a-z, 0-9 and single hyphens)")
        )
    fields: dict[str, str] = {"id": card_id}
    end = None
    open_until = len(lines)  # lines consumed by a card that is not closed
    for offset, raw in enumerate(lines[1:], start=1):
        number = first_line + offset
        text = raw.strip()
        if text == "-->":
            end = offset
            break
        if not text or CARD_START_RE.match(raw):
            open_until = offset  # a blank line or the next card: this one is not closed
            break
        m = FIELD_RE.match(text)
        if not m or m["key"] not in FIELDS:
            problems.append(
                Finding(path, number, f"card '{card_id}': expected a `Q:`, `A:` or `E:` line, got '{text[:40]}'")
            )
            continue
        name = FIELDS[m["key"]]
        value = m["value"].strip()
        closes = value.endswith("-->")
        if closes:
            problems.append(Finding(path, number, f"card '{card_id}': put `-->` on a line of its own"))
            value = value[:-3].strip()
        if name in fields:
            problems.append(Finding(path, number, f"card '{card_id}': `{m['key']}:` given twice"))
        elif not value:
            problems.append(Finding(path, number, f"card '{card_id}': `{m['key']}:` is empty"))
        elif "--" in value:
            problems.append(Finding(path, number, f"card '{card_id}': `--` cannot appear inside an HTML comment"))
        fields.setdefault(name, value)
        if closes:
            end = offset
            break
    if end is None:
        problems.append(Finding(path, first_line, f"card '{card_id}': not closed: end it with a line `-->`"))
        consumed = open_until
    else:
        consumed = end + 1
    for key, name in (("Q", "question"), ("A", "answer")):
        if name not in fields:
            problems.append(Finding(path, first_line, f"card '{card_id}': no `{key}:` line"))
    return (None if problems else fields), consumed, problems


# ------------------------------------------------------------------------------------------------
# One page


def plain_text(markdown_lines: Iterable[str]) -> str:
    """Markdown of an admonition body as one plain-text paragraph; `code` spans kept."""
    parts = []
    for line in markdown_lines:
        line = LIST_MARK_RE.sub("", line).strip()
        if not line:
            continue
        line = MD_LINK_RE.sub(r"\1", line)
        line = MD_BARE_URL_RE.sub(r"\1", line)
        line = MD_EMPHASIS_RE.sub(r"\2", line)
        parts.append(line)
    return " ".join(parts)


def _mla_of(page: Page) -> dict[str, tuple[tuple[str, ...], bool]]:
    """section id -> (task ids, mls-only) from the front matter ``mla:`` map (absent/odd entries ignored)."""
    out: dict[str, tuple[tuple[str, ...], bool]] = {}
    mla = page.meta.get("mla")
    if not isinstance(mla, dict):
        return out
    for section, value in mla.items():
        if isinstance(value, list):
            out[str(section)] = (tuple(str(v) for v in value if MLA_TASK_RE.match(str(v))), False)
        elif isinstance(value, dict) and "mls-only" in value:
            out[str(section)] = ((), True)
    return out


def _heading_at(page: Page, line: int):
    """(nearest heading with an id above ``line``, its ``##`` section heading)."""
    nearest = section = None
    for h in page.headings:
        if h.line > line:
            break
        if h.id:
            nearest = h
        if h.level == 2:
            section = h
    return nearest, section


def extract_page(page: Page, lang: str, *, strict: bool = True) -> Extraction:
    """Cards of one topic page; with ``strict``, a trap/changed admonition without a card is a problem."""
    out = Extraction()
    path = str(page.path)
    slug = page.path.stem
    mla = _mla_of(page)
    lines = page.lines

    # where the body of each trap/changed admonition lies
    body_of: dict[int, tuple[Admonition, int]] = {}  # line number -> (admonition, index in body)
    for adm in page.admonitions:
        for i in range(len(adm.body)):
            body_of[adm.line + 1 + i] = (adm, i)

    def make(fields: dict, kind: str, line: int, adm: Admonition | None) -> Card:
        nearest, section = _heading_at(page, line)
        tasks, mls_only = mla.get(section.id if section and section.id else "", ((), False))
        explanation = fields.get("explanation", "")
        if adm is not None and not explanation:
            card_at = line - adm.line - 1
            explanation = plain_text(adm.body[:card_at])
        return Card(
            id=fields["id"],
            kind=kind,
            question=fields["question"],
            answer=fields["answer"],
            explanation=explanation,
            lang=lang,
            page=slug,
            page_title=page.title or slug,
            section=section.id if section else None,
            anchor=nearest.id if nearest else None,
            heading=nearest.text if nearest else (page.title or slug),
            title=(adm.title or "") if adm is not None else "",
            mla=tasks,
            mls_only=mls_only,
            path=path,
            line=line,
        )

    carded: set[int] = set()  # admonition lines that have a card
    skip = _front_matter_lines(lines)
    code = page.code_lines()  # a card shown in a code block is an example, not a card
    number = skip
    while number < len(lines):
        raw = lines[number]
        number += 1  # 1-based line number of `raw`
        if number in body_of:
            adm, index = body_of[number]
            if number in code or not CARD_START_RE.match(raw):
                continue
            kind = ADMONITION_KINDS.get(adm.type)
            body = list(adm.body)
            fields, used, problems = parse_card(body[index:], number, path)
            out.problems += problems
            if kind is None:
                out.problems.append(
                    Finding(
                        path,
                        number,
                        f"card inside a `!!! {adm.type}` admonition: only trap and changed notes carry cards",
                    )
                )
            elif adm.line in carded:
                out.problems.append(
                    Finding(
                        path, number, f"a second card in the `!!! {adm.type}` at line {adm.line}: one card per note"
                    )
                )
            elif body[index].startswith((" ", "\t")):
                out.problems.append(
                    Finding(path, number, "card inside an admonition: indent it like the admonition body")
                )
            elif any(t.strip() for t in body[index + used :]):
                out.problems.append(
                    Finding(path, number, f"card must be the last block of the `!!! {adm.type}` at line {adm.line}")
                )
            elif fields is not None:
                out.cards.append(make(fields, kind, number, adm))
            if kind is not None:
                carded.add(adm.line)
            number += used - 1
            continue
        if number in code or not CARD_START_RE.match(raw):
            continue
        if CARD_START_RE.match(raw)["indent"]:
            out.problems.append(
                Finding(
                    path, number, "card: put it at column 0 of a section, or as the last block of a trap/changed note"
                )
            )
            continue
        fields, used, problems = parse_card(lines[number - 1 :], number, path)
        out.problems += problems
        _, section = _heading_at(page, number)
        if section is None:
            out.problems.append(Finding(path, number, "figure card outside a `##` section"))
        elif fields is not None and not fields.get("explanation"):
            out.problems.append(Finding(path, number, f"card '{fields['id']}': a figure card needs an `E:` line"))
        elif fields is not None:
            out.cards.append(make(fields, FIGURE_KIND, number, None))
        number += used - 1

    if strict:
        for adm in page.admonitions:
            if adm.type in ADMONITION_KINDS and adm.line not in carded:
                out.problems.append(
                    Finding(
                        path,
                        adm.line,
                        f'`!!! {adm.type}` "{adm.title or ""}" has no card: end it with `<!-- card <id>` / `Q:` / `A:` / `-->`',
                    )
                )
    return out


def _front_matter_lines(lines: list[str]) -> int:
    if lines and lines[0] == "---":
        for i, text in enumerate(lines[1:], start=1):
            if text == "---":
                return i + 1
    return 0


# ------------------------------------------------------------------------------------------------
# A language, and both languages


def extract_language(
    pages: list[Page], lang: str, *, strict: bool = True, min_cards: int = MIN_CARDS_PER_LANGUAGE
) -> Extraction:
    """Cards of the topic pages of one language (in the given order), with site-wide checks:
    unique ids; with ``strict``, every note carded, every page represented, at least ``min_cards``."""
    out = Extraction()
    first: dict[str, Card] = {}
    for page in pages:
        got = extract_page(page, lang, strict=strict)
        out.problems += got.problems
        for card in got.cards:
            if card.id in first:
                other = first[card.id]
                out.problems.append(
                    Finding(card.path, card.line, f"card id '{card.id}' is already used at {other.path}:{other.line}")
                )
                continue
            first[card.id] = card
            out.cards.append(card)
        if strict and not got.cards and not got.problems:
            out.problems.append(Finding(str(page.path), page.title_line or 1, "topic page without any card"))
    if strict and pages and len(out.cards) < min_cards:
        folder = str(pages[0].path.parent)
        out.problems.append(
            Finding(folder, 1, f"{len(out.cards)} cards in '{lang}', at least {min_cards} are required")
        )
    return out


def compare_languages(a: list[Card], b: list[Card], langs: tuple[str, str] = ("ja", "en")) -> list[Finding]:
    """Same card ids in both languages, each of the same kind and from the same page."""
    out: list[Finding] = []
    by_a = {c.id: c for c in a}
    by_b = {c.id: c for c in b}
    for this, other, other_lang in ((by_a, by_b, langs[1]), (by_b, by_a, langs[0])):
        for cid, card in this.items():
            if cid not in other:
                out.append(
                    Finding(
                        card.path,
                        card.line,
                        f"card '{cid}' has no twin in '{other_lang}' (same id in both languages)",
                    )
                )
    for cid, card in by_a.items():
        twin = by_b.get(cid)
        if twin is None:
            continue
        if twin.kind != card.kind:
            out.append(
                Finding(
                    twin.path,
                    twin.line,
                    f"card '{cid}' is a {twin.kind} card here but a {card.kind} card at {card.path}:{card.line}",
                )
            )
        if twin.page != card.page:
            out.append(
                Finding(
                    twin.path,
                    twin.line,
                    f"card '{cid}' is on page '{twin.page}' here but on '{card.page}' at {card.path}:{card.line}",
                )
            )
    return out
