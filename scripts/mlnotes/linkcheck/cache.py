"""The result cache: one JSON file of definitive page verdicts with their check time.

Only ``ok``, ``redirected`` and ``broken`` page verdicts are stored (``missing_fragment`` is
derived from the stored anchors, so it is cached too); ``blocked``, ``rate_limited``,
``timeout`` and ``error`` never are. An entry younger than ``--max-age`` is reused without a
request. Entries also keep the page's title and ``<h1>`` (compared on the next fetch: title drift)
and the notices found on it (reported from the cache, and by ``--offline``, at any age).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from .model import BROKEN, OK, REDIRECTED, Notice, NoticeKind, PageOutcome, Status, UsageError

CACHE_VERSION = 1
DEFAULT_CACHE = ".cache/aws-links.json"
CACHEABLE = frozenset({OK, REDIRECTED, BROKEN})
_FIELDS = {
    "status": str,
    "http_status": (int, type(None)),
    "final_url": (str, type(None)),
    "suggestion": (str, type(None)),
    "detail": str,
    "checked_at": str,
}


class CacheError(UsageError):
    """The cache file exists but cannot be used."""


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def load(path: Path) -> dict[str, dict]:
    """Entries by page URL; empty when the file does not exist. Raises CacheError when it is
    unreadable or malformed (delete it, or run with ``--no-cache``)."""
    hint = "delete it or run with --no-cache"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise CacheError(f"cannot read cache file {path}: {exc}; {hint}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CacheError(f"cache file {path} is not valid JSON ({exc.msg} at line {exc.lineno}); {hint}") from None
    if not isinstance(data, dict) or not isinstance(data.get("pages"), dict):
        raise CacheError(f"cache file {path} has no 'pages' object; {hint}")
    if data.get("version") != CACHE_VERSION:
        return {}  # written by another version of the checker: start afresh
    entries = data["pages"]
    for url, entry in entries.items():
        if not isinstance(entry, dict):
            raise CacheError(f"cache file {path}: entry for {url} is not an object; {hint}")
        for name, kind in _FIELDS.items():
            if not isinstance(entry.get(name), kind):
                raise CacheError(f"cache file {path}: entry for {url} has a bad {name!r}; {hint}")
        if entry["status"] not in CACHEABLE:
            raise CacheError(f"cache file {path}: entry for {url} has status {entry['status']!r}; {hint}")
        anchors = entry.get("anchors")
        if anchors is not None and not (isinstance(anchors, list) and all(isinstance(a, str) for a in anchors)):
            raise CacheError(f"cache file {path}: entry for {url} has bad anchors; {hint}")
        for name in ("title", "h1"):
            if not isinstance(entry.get(name), (str, type(None))):
                raise CacheError(f"cache file {path}: entry for {url} has a bad {name!r}; {hint}")
        if not _valid_notices(entry.get("notices")):
            raise CacheError(f"cache file {path}: entry for {url} has bad notices; {hint}")
        try:
            _parse_iso(entry["checked_at"])
        except ValueError:
            raise CacheError(f"cache file {path}: entry for {url} has a bad checked_at; {hint}") from None
    return entries


def _valid_notices(value: object) -> bool:
    if value is None:
        return True
    kinds = {str(k) for k in NoticeKind}
    return isinstance(value, list) and all(
        isinstance(n, dict)
        and n.get("kind") in kinds
        and isinstance(n.get("text"), str)
        and isinstance(n.get("date"), (str, type(None)))
        for n in value
    )


def notices(entries: dict[str, dict], url: str) -> tuple[Notice, ...]:
    """The notices stored for a page, at any age (``--offline`` reports these)."""
    entry = entries.get(url) or {}
    return tuple(
        Notice(kind=NoticeKind(n["kind"]), text=n["text"], date=n.get("date")) for n in entry.get("notices") or ()
    )


def titles(entries: dict[str, dict], url: str) -> tuple[str | None, str | None]:
    """``(title, h1)`` stored for a page at any age: the baseline for title drift."""
    entry = entries.get(url) or {}
    return entry.get("title"), entry.get("h1")


def lookup(entries: dict[str, dict], url: str, now: float, max_age: float) -> PageOutcome | None:
    """The cached verdict on a page when it is younger than ``max_age`` seconds."""
    entry = entries.get(url)
    if entry is None:
        return None
    checked = _parse_iso(entry["checked_at"])
    if now - checked >= max_age or checked > now + 300:
        return None
    anchors = entry.get("anchors")
    return PageOutcome(
        url=url,
        status=Status(entry["status"]),
        http_status=entry["http_status"],
        final_url=entry["final_url"],
        suggestion=entry["suggestion"],
        detail=entry["detail"],
        attempts=0,
        elapsed_ms=0,
        anchors=frozenset(anchors) if anchors is not None else None,
        requests=0,
        checked_at=checked,
        from_cache=True,
        title=entry.get("title"),
        h1=entry.get("h1"),
        notices=notices(entries, url),
    )


def entry(outcome: PageOutcome) -> dict | None:
    """The cache entry for a fresh verdict, or None when it must not be cached."""
    if outcome.status not in CACHEABLE or outcome.from_cache:
        return None
    return {
        "status": str(outcome.status),
        "http_status": outcome.http_status,
        "final_url": outcome.final_url,
        "suggestion": outcome.suggestion,
        "detail": outcome.detail,
        "anchors": sorted(outcome.anchors) if outcome.anchors is not None else None,
        "checked_at": _iso(outcome.checked_at),
        "title": outcome.title,
        "h1": outcome.h1,
        "notices": [{"kind": str(n.kind), "text": n.text, "date": n.date} for n in outcome.notices],
    }


def save(path: Path, entries: dict[str, dict], user_agent: str) -> None:
    """Write atomically. A new ``.cache``-style directory gets a ``.gitignore`` of ``*``."""
    import tempfile  # only needed to write

    created = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    if created:
        (path.parent / ".gitignore").write_text("# created by scripts/check_links.py\n*\n", encoding="utf-8")
    data = {"version": CACHE_VERSION, "checker": user_agent, "pages": {k: entries[k] for k in sorted(entries)}}
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
