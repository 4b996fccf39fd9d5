"""Notices on cited pages: what AWS announces at the top of a page (availability changes, end of
support, renames), title drift between runs, and whether the site already says so.

Pure functions over text and parsed Markdown pages; the phrase lists are in :mod:`.phrases`, the
HTML is read once by :func:`.htmlscan.scan_page` (``PageInfo.notice_text``: the text of the page's
alert/note/warning boxes, then its first paragraphs). The only I/O is :func:`load_ignore_file`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..markdown import CHANGED, Page
from .model import Ignored, Notice, NoticeKind, UsageError
from .phrases import PHRASES
from .urls import page_url, strip_locale

#: Longest quoted sentence; longer ones are cut with an ellipsis.
MAX_TEXT = 400
#: A box's first line up to this long, without final punctuation, is its title.
TITLE_LIMIT = 80
_TERMINAL = (".", "!", "?", ":", "。", "！", "？", "：")
#: The ignore file in scripts/data/ (reviewed notices that do not affect the site).
IGNORE_FILE_NAME = "ignored-notices.yml"

_PATTERNS: tuple[tuple[NoticeKind, re.Pattern[str]], ...] = tuple(
    (NoticeKind(kind), re.compile(pattern, re.IGNORECASE))
    for kind in (NoticeKind.AVAILABILITY, NoticeKind.END_OF_SUPPORT, NoticeKind.RENAME)
    for lang in PHRASES.values()
    for pattern in lang.get(kind, ())
)

# A sentence ends at . ! ? followed by space and a capital/quote/bracket, or after 。！？
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“'(\[])|(?<=[。！？])\s*")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATES = (
    # April 30, 2026 / Apr. 30 2026 / April 30th, 2026
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    # 30 April 2026
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
    # 2026-04-30, 2026/4/30
    re.compile(r"\b(?P<year>\d{4})[-/](?P<mon>\d{1,2})[-/](?P<day>\d{1,2})\b"),
    # 2026 年 4 月 30 日
    re.compile(r"(?P<year>\d{4})\s*年\s*(?P<mon>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
)


def sentences(text: str) -> list[str]:
    """Sentences of a block of text. Lines are block boundaries; a box's title line is joined to
    the first sentence, so "End of support" + "On <date> …" is one notice, not two."""
    out: list[str] = []
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and len(lines[0]) <= TITLE_LIMIT and not lines[0].rstrip().endswith(_TERMINAL):
        lines[1] = f"{lines[0].rstrip()}: {lines[1]}"  # a box title ("Important", "End of support") leads in
        del lines[0]
    for line in lines:
        for part in _SENTENCE_END.split(line):
            part = " ".join(part.split())
            if part:
                out.append(part)
    return out


def find_date(text: str) -> str | None:
    """The first complete date in ``text``, English or Japanese form, as ``YYYY-MM-DD``."""
    norm = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, str]] = []
    for pattern in _DATES:
        for m in pattern.finditer(norm):
            mon = m.group("mon")
            month = int(mon) if mon.isdigit() else _MONTHS[mon.lower().rstrip(".")[:3]]
            try:
                d = date(int(m.group("year")), month, int(m.group("day")))
            except ValueError:
                continue
            found.append((m.start(), d.isoformat()))
    return min(found)[1] if found else None


def notice_kind(sentence: str) -> NoticeKind | None:
    """The kind of notice a sentence is, or None (see :mod:`.phrases` for what matches)."""
    norm = unicodedata.normalize("NFKC", sentence)
    for kind, pattern in _PATTERNS:
        if pattern.search(norm):
            return kind
    return None


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def find_notices(blocks: Iterable[str]) -> tuple[Notice, ...]:
    """Notices in the text of a page's notice boxes and first paragraphs, one per sentence."""
    out: list[Notice] = []
    seen: set[str] = set()
    for block in blocks:
        for sentence in sentences(block):
            kind = notice_kind(sentence)
            if kind is None or sentence in seen:
                continue
            seen.add(sentence)
            out.append(Notice(kind=kind, text=_clip(sentence), date=find_date(sentence)))
    return tuple(out)


def title_drift(old_title: str | None, old_h1: str | None, title: str | None, h1: str | None) -> Notice | None:
    """A ``title_changed`` notice when the page's ``<h1>`` or ``<title>`` differs from the last run."""
    for label, before, after in (("heading", old_h1, h1), ("title", old_title, title)):
        before, after = " ".join((before or "").split()), " ".join((after or "").split())
        if before and after and before != after:
            return Notice(kind=NoticeKind.TITLE_CHANGED, text=_clip(f"page {label} changed: '{before}' → '{after}'"))
    return None


# --- the site: does the citing section say so already? -------------------------------------------


def same_page(url: str) -> str:
    """Identity of a cited page: normalised, no fragment, no locale prefix (``ja_jp`` = English)."""
    parts = urlsplit(page_url(url))
    return urlunsplit((parts.scheme, parts.netloc, strip_locale(parts.path), parts.query, ""))


def _changed_spans(page: Page) -> list[tuple[str | None, int, int]]:
    """(section, first line, last line) of every ``!!! changed`` admonition."""
    return [(a.section, a.line, a.line + len(a.body)) for a in page.of_type(CHANGED)]


def citing_sections(page: Page, url: str) -> list[str | None]:
    """Ids of the ``##`` sections of ``page`` that link ``url``'s page, in page order."""
    want = same_page(url)
    out: list[str | None] = []
    for link in page.links:
        if link.target.startswith(("http://", "https://")) and same_page(link.target) == want:
            if link.section not in out:
                out.append(link.section)
    return out


def acknowledged_in(page: Page, url: str) -> bool:
    """A section that cites ``url``'s page has a ``!!! changed`` note that cites the same page."""
    want = same_page(url)
    sections = set(citing_sections(page, url))
    for section, first, last in _changed_spans(page):
        if section not in sections:
            continue
        for link in page.links:
            if first < link.line <= last and link.target.startswith(("http://", "https://")):
                if same_page(link.target) == want:
                    return True
    return False


def acknowledge(notices: Sequence[Notice], url: str, pages: Sequence[Page]) -> tuple[Notice, ...]:
    """Mark the notices acknowledged when every citing Markdown page has a change note for them.

    A title change is acknowledged the same way. With no citing page (``--url``), nothing is."""
    ack = bool(pages) and all(acknowledged_in(p, url) for p in pages)
    return tuple(replace(n, acknowledged=ack) for n in notices)


# --- reviewed notices: --ignore-notice and scripts/data/ignored-notices.yml ----------------------


@dataclass(frozen=True)
class IgnoreRule:
    url: str  # the cited page (either language edition matches)
    ignored: Ignored
    kind: NoticeKind | None = None  # None: every kind


def rule_matches(rule: IgnoreRule, url: str) -> bool:
    """The rule's page is ``url``'s page; a rule URL ending in ``*`` matches every page under it."""
    if rule.url.endswith("*"):
        return same_page(url).startswith(same_page(rule.url[:-1]).rstrip("/") + "/")
    return same_page(rule.url) == same_page(url)


def apply_ignores(notices: Sequence[Notice], url: str, rules: Sequence[IgnoreRule]) -> tuple[Notice, ...]:
    out: list[Notice] = []
    for n in notices:
        rule = next((r for r in rules if r.kind in (None, n.kind) and rule_matches(r, url)), None)
        out.append(replace(n, ignored=rule.ignored) if rule is not None else n)
    return tuple(out)


def parse_ignore_file(text: str, path: str) -> list[IgnoreRule]:
    """Entries of the ignore file (a YAML list of ``url``, ``reason``, ``date``, optional ``kind``).

    Raises UsageError naming ``file:line`` for anything malformed."""
    import yaml  # only runs that read an ignore file need it

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise UsageError(f"{path}:{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise UsageError(f"{path}:{root.start_mark.line + 1}: expected a list of entries (- url: …)")
    kinds = {str(k) for k in NoticeKind}
    rules: list[IgnoreRule] = []
    for node in root.value:
        line = node.start_mark.line + 1
        where = f"{path}:{line}"
        if not isinstance(node, yaml.MappingNode):
            raise UsageError(f"{where}: an entry must be a mapping with url, reason and date")
        entry = {k.value: v for k, v in node.value}
        unknown = sorted(set(entry) - {"url", "reason", "date", "kind"})
        if unknown:
            raise UsageError(f"{where}: unknown key {unknown[0]!r} (allowed: url, reason, date, kind)")
        values = {k: v.value if isinstance(v, yaml.ScalarNode) else None for k, v in entry.items()}
        url, reason, when, kind = (values.get(k) for k in ("url", "reason", "date", "kind"))
        if not url or not str(url).startswith(("http://", "https://")):
            raise UsageError(f"{where}: `url` must be the http(s) URL of the cited page")
        if not reason or not str(reason).strip():
            raise UsageError(f"{where}: `reason` is required: why the notice does not affect the site")
        if not when or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(when)):
            raise UsageError(f"{where}: `date` is required, as YYYY-MM-DD (when the notice was reviewed)")
        try:
            date.fromisoformat(str(when))
        except ValueError:
            raise UsageError(f"{where}: `date` {when!r} is not a calendar date") from None
        if kind is not None and kind not in kinds:
            raise UsageError(f"{where}: `kind` must be one of {', '.join(sorted(kinds))}")
        rules.append(
            IgnoreRule(
                url=str(url).strip(),
                ignored=Ignored(reason=" ".join(str(reason).split()), date=str(when), origin=where),
                kind=NoticeKind(kind) if kind else None,
            )
        )
    return rules


def load_ignore_file(path: Path, display: str) -> list[IgnoreRule]:
    """Rules from the ignore file; none when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {display}: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_ignore_file(text, display)


def command_line_rules(urls: Iterable[str], today: str) -> list[IgnoreRule]:
    return [
        IgnoreRule(url=u, ignored=Ignored(reason="reviewed (--ignore-notice)", date=today, origin="--ignore-notice"))
        for u in urls
    ]


# --- putting it together for one cited URL ----------------------------------------------------


def twin_pages(markdown: Path) -> list[Path]:
    """The same page in the other languages: ``docs/ja/x.md`` -> ``docs/en/x.md`` (if it exists)."""
    lang_dir = markdown.parent
    try:
        siblings = sorted(d for d in lang_dir.parent.iterdir() if d.is_dir() and d != lang_dir)
    except OSError:
        return []
    return [d / markdown.name for d in siblings if (d / markdown.name).is_file()]


def section_refs(markdown: str, page: Page, url: str, twins: Sequence[str]) -> list[str]:
    """``file#id`` of each section of ``page`` citing ``url``, then the same ids in the twins."""
    ids = citing_sections(page, url)
    refs = [f"{markdown}#{s}" if s else markdown for s in ids]
    for twin in twins:
        refs += [f"{twin}#{s}" if s else twin for s in ids]
    return list(dict.fromkeys(refs))


def annotate(
    notices: Sequence[Notice],
    url: str,
    pages: Sequence[tuple[str, Page, Sequence[str]]],
    rules: Sequence[IgnoreRule],
) -> tuple[Notice, ...]:
    """Notices of the page behind ``url`` with where the site cites it, whether the site
    acknowledges them and whether they were reviewed and ignored.

    ``pages``: ``(markdown display path, parsed page, twin display paths)`` of each citing page."""
    if not notices:
        return ()
    refs: list[str] = []
    for markdown, page, twins in pages:
        refs += section_refs(markdown, page, url, twins)
    marked = acknowledge(notices, url, [p for _, p, _ in pages])
    marked = apply_ignores(marked, url, rules)
    return tuple(replace(n, sections=tuple(dict.fromkeys(refs))) for n in marked)
