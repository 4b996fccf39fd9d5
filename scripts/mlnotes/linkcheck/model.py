"""Statuses, result records and small value parsers. Pure data, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """The verdict on a link. A ``str`` whose value is what the JSON report and the cache hold."""

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    MISSING_FRAGMENT = "missing_fragment"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    ERROR = "error"


OK = Status.OK
REDIRECTED = Status.REDIRECTED
BROKEN = Status.BROKEN
MISSING_FRAGMENT = Status.MISSING_FRAGMENT
BLOCKED = Status.BLOCKED
RATE_LIMITED = Status.RATE_LIMITED
TIMEOUT = Status.TIMEOUT
ERROR = Status.ERROR

#: Every status, in report order (most actionable first after ``ok``).
STATUSES = tuple(Status)
#: Results that say something true about the page and may be cached.
DEFINITIVE = frozenset({OK, REDIRECTED, BROKEN, MISSING_FRAGMENT})
#: Results that fail a normal (non-strict) run.
FAILING = frozenset({BROKEN, MISSING_FRAGMENT})
#: Order used when listing problems: what needs a fix first.
SEVERITY = (BROKEN, MISSING_FRAGMENT, REDIRECTED, ERROR, TIMEOUT, RATE_LIMITED, BLOCKED, OK)


PROJECT_URL = "https://github.com/example/aws-ml-notes"


class NoticeKind(StrEnum):
    """What a notice on a cited page announces (JSON values are the enum values)."""

    AVAILABILITY = "availability"  # no longer available / open to new customers
    END_OF_SUPPORT = "end_of_support"  # end of support or life, discontinued, deprecated, retired
    RENAME = "rename"  # previously known as, formerly, renamed
    TITLE_CHANGED = "title_changed"  # the page's <title>/<h1> differs from the previous run


@dataclass(frozen=True)
class Ignored:
    """A reviewed notice that does not affect the site (``--ignore-notice`` or the ignore file)."""

    reason: str
    date: str | None  # YYYY-MM-DD of the review
    origin: str  # "scripts/data/ignored-notices.yml:12" or "--ignore-notice"


@dataclass(frozen=True)
class Notice:
    """A sentence on a cited page that announces a change, or a title change between runs."""

    kind: NoticeKind
    text: str
    date: str | None = None  # YYYY-MM-DD, from the sentence
    acknowledged: bool = False  # the citing section has a `!!! changed` note citing the same page
    ignored: Ignored | None = None
    sections: tuple[str, ...] = ()  # citing sections, both languages: "docs/ja/kinesis.md#data-analytics-anomaly"

    @property
    def open(self) -> bool:
        """Fails the run: neither acknowledged by the site nor ignored after review."""
        return not self.acknowledged and self.ignored is None

    def to_json(self) -> dict:
        ignored = None
        if self.ignored is not None:
            ignored = {"reason": self.ignored.reason, "date": self.ignored.date, "origin": self.ignored.origin}
        return {
            "kind": str(self.kind),
            "text": self.text,
            "date": self.date,
            "acknowledged": self.acknowledged,
            "ignored": ignored,
            "sections": list(self.sections),
        }


def user_agent(project_url: str = PROJECT_URL) -> str:
    """An honest User-Agent that names the project and where to find it."""
    return f"aws-ml-notes-linkcheck/1.0 (+{project_url})"


class UsageError(Exception):
    """Bad arguments or configuration: reported in one line, exit status 2."""


@dataclass(frozen=True)
class Source:
    """One place that cites a URL."""

    page: str  # path of the built page as given on the command line, e.g. site/en/glue/index.html
    lang: str | None = None  # from <html lang>, e.g. "ja" or "en"
    line: int | None = None  # line of the <a> tag in the built page
    markdown: str | None = None  # Markdown source of the page, e.g. docs/en/glue.md
    markdown_line: int | None = None  # line of the URL in that file, if found

    def location(self) -> str:
        """``file:line`` for people: the Markdown source when known, else the built page."""
        if self.markdown:
            return f"{self.markdown}:{self.markdown_line}" if self.markdown_line else self.markdown
        return f"{self.page}:{self.line}" if self.line else self.page

    def to_json(self) -> dict:
        src = None
        if self.markdown:
            src = f"{self.markdown}:{self.markdown_line}" if self.markdown_line else self.markdown
        return {"page": self.page, "line": self.line, "lang": self.lang, "source": src}


@dataclass(frozen=True)
class Hop:
    """One redirect: ``url`` answered ``status`` and pointed at ``target``.

    ``kind`` is ``http`` (a 3xx), ``meta`` (meta refresh) or ``js`` (script redirect).
    """

    url: str
    status: int
    target: str
    kind: str = "http"


@dataclass(frozen=True)
class PageInfo:
    """What the checker needs from a fetched HTML page (parsed once, reused per fragment)."""

    title: str = ""
    h1: str = ""
    anchors: frozenset[str] = frozenset()
    refresh: str | None = None  # meta refresh target, as written
    js_redirect: str | None = None  # location.href = "..." target in a stub page
    text_length: int = 0  # visible text characters, to tell stub pages from real ones
    notice_text: tuple[str, ...] = ()  # text of alert/note/warning boxes, then the first paragraphs


@dataclass
class Trace:
    """Everything the network layer observed for one page; classified by :mod:`classify`."""

    url: str
    hops: list[Hop] = field(default_factory=list)
    final_url: str | None = None
    http_status: int | None = None
    content_type: str = ""
    page: PageInfo | None = None
    error_kind: str | None = None  # "timeout", "error" or "rate_limited"
    error: str = ""
    attempts: int = 0
    requests: int = 0
    elapsed_ms: int = 0


@dataclass(frozen=True)
class PageOutcome:
    """The verdict on one page (URL without fragment)."""

    url: str
    status: Status
    http_status: int | None = None
    final_url: str | None = None
    suggestion: str | None = None
    detail: str = ""
    attempts: int = 0
    elapsed_ms: int = 0
    anchors: frozenset[str] | None = None  # None: not an HTML page, fragments cannot be checked
    requests: int = 0
    checked_at: float = 0.0  # Unix time of the check
    from_cache: bool = False
    title: str | None = None  # the page's <title>, for title drift between runs
    h1: str | None = None
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Result:
    """The verdict on one cited URL (with its fragment)."""

    url: str
    status: Status
    http_status: int | None = None
    final_url: str | None = None
    suggestion: str | None = None
    sources: tuple[Source, ...] = ()
    detail: str = ""
    attempts: int = 0
    elapsed_ms: int = 0
    notices: tuple[Notice, ...] = ()

    def to_json(self) -> dict:
        return {
            "url": self.url,
            "status": str(self.status),
            "http_status": self.http_status,
            "final_url": self.final_url,
            "suggestion": self.suggestion,
            "sources": [s.to_json() for s in self.sources],
            "detail": self.detail,
            "attempts": self.attempts,
            "elapsed_ms": self.elapsed_ms,
            "notices": [n.to_json() for n in self.notices],
        }


@dataclass(frozen=True)
class Finding:
    """An offline rule violation at one citing place."""

    url: str
    rule: str
    message: str
    suggestion: str | None
    source: Source | None


_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_DURATION_FULL = re.compile(r"(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+|\d+(?:\.\d+)?")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?")


def parse_duration(text: str) -> float:
    """Seconds in ``text``: ``90``, ``250ms``, ``1.5s``, ``30m``, ``12h``, ``7d``, ``2w``, ``1h30m``.

    A bare number means seconds. Raises ValueError for anything else.
    """
    s = text.strip().lower().replace(" ", "")
    if not _DURATION_FULL.fullmatch(s):
        raise ValueError(f"invalid duration {text!r} (use e.g. 90, 250ms, 30m, 12h, 7d)")
    return sum(float(n) * _DURATION_UNITS[u or "s"] for n, u in _DURATION_PART.findall(s))


def format_duration(seconds: float) -> str:
    """Short human form: ``850ms``, ``12.3s``, ``4m``, ``3h``, ``2d``."""
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    if seconds < 60:
        return f"{seconds:.1f}s"
    if seconds < 3600:
        return f"{seconds / 60:.0f}m"
    if seconds < 86400:
        return f"{seconds / 3600:.0f}h"
    return f"{seconds / 86400:.0f}d"
