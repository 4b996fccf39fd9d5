"""Reports: ``text`` for people, ``json`` for tools, ``markdown`` for a GitHub job summary;
and the progress bar (only on a terminal)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import TextIO

from .model import OK, SEVERITY, STATUSES, Finding, Notice, NoticeKind, Result, Source, format_duration
from .offline import LocaleShare
from .urls import page_url


@dataclass(frozen=True)
class RunStats:
    links: int  # distinct URLs (with fragment)
    pages: int  # distinct pages (URLs without fragment)
    site_pages: int | None  # HTML files read from the site
    requests: int  # HTTP requests made
    from_cache: int  # pages answered from the cache
    elapsed: float  # seconds
    offline: bool = False
    locale_shares: tuple[LocaleShare, ...] = ()  # offline: per citing language, pages in its edition
    min_locale_share: float = 0.0  # required share for languages with a locale edition (ja)

    def locale_shares_below(self) -> list[LocaleShare]:
        return [s for s in self.locale_shares if s.locale and s.share < self.min_locale_share]

    def share_lines(self) -> list[str]:
        return [
            s.describe() + (f" — below {self.min_locale_share:.0%}" if s in self.locale_shares_below() else "")
            for s in self.locale_shares
        ]

    def to_json(self) -> dict:
        return {
            "locale_shares": [
                {
                    "lang": s.lang,
                    "locale": s.locale,
                    "matching": s.matching,
                    "total": s.total,
                    "share": round(s.share, 4),
                }
                for s in self.locale_shares
            ],
            "min_locale_share": self.min_locale_share,
            "mode": "offline" if self.offline else "online",
            "links": self.links,
            "pages": self.pages,
            "site_pages": self.site_pages,
            "requests": self.requests,
            "from_cache": self.from_cache,
            "elapsed_ms": int(self.elapsed * 1000),
        }


def summarize(results: Sequence[Result]) -> dict[str, int]:
    counts = {s: 0 for s in STATUSES}
    for r in results:
        counts[r.status] += 1
    return counts


@dataclass(frozen=True)
class NoticeEntry:
    """One notice of one cited page (a page cited with several fragments is listed once)."""

    url: str  # the cited page, without fragment
    notice: Notice
    sources: tuple[Source, ...]

    @property
    def state(self) -> str:
        if self.notice.acknowledged:
            return "acknowledged"
        return "ignored" if self.notice.ignored is not None else "unacknowledged"

    @property
    def site_page(self) -> str:
        """The site page that cites it (Markdown file name), for grouping."""
        for ref in self.notice.sections:
            return PurePosixPath(ref.split("#", 1)[0].replace("\\", "/")).name
        for src in self.sources:
            return PurePosixPath((src.markdown or src.page).replace("\\", "/")).name
        return "(--url: not cited by a site page)"


def notice_entries(results: Sequence[Result]) -> list[NoticeEntry]:
    found: dict[tuple[str, str, str], NoticeEntry] = {}
    for r in results:
        page = page_url(r.url)
        for n in r.notices:
            key = (page, str(n.kind), n.text)
            old = found.get(key)
            if old is None:
                found[key] = NoticeEntry(page, n, r.sources)
            else:
                sections = tuple(dict.fromkeys(old.notice.sections + n.sections))
                sources = tuple(dict.fromkeys(old.sources + r.sources))
                found[key] = NoticeEntry(page, replace(old.notice, sections=sections), sources)
    order = {"unacknowledged": 0, "ignored": 1, "acknowledged": 2}
    return sorted(found.values(), key=lambda e: (e.site_page, order[e.state], e.url, str(e.notice.kind)))


def notice_summary(results: Sequence[Result]) -> dict[str, int]:
    """Counts per kind, then ``unacknowledged`` (fails the run), ``acknowledged``, ``ignored``."""
    entries = notice_entries(results)
    counts = {str(k): 0 for k in NoticeKind}
    for e in entries:
        counts[str(e.notice.kind)] += 1
    for state in ("unacknowledged", "acknowledged", "ignored"):
        counts[state] = sum(1 for e in entries if e.state == state)
    return counts


def _notice_groups(results: Sequence[Result]) -> dict[str, list[NoticeEntry]]:
    groups: dict[str, list[NoticeEntry]] = {}
    for e in notice_entries(results):
        groups.setdefault(e.site_page, []).append(e)
    return groups


def _problems(results: Sequence[Result]) -> list[Result]:
    order = {s: i for i, s in enumerate(SEVERITY)}
    return sorted((r for r in results if r.status != OK), key=lambda r: (order[r.status], r.url))


def _cited(sources: Sequence[Source], limit: int = 5) -> list[str]:
    out = [f"{s.location()} ({s.lang})" if s.lang else s.location() for s in sources[:limit]]
    if len(sources) > limit:
        out.append(f"+{len(sources) - limit} more")
    return out


def summary_line(counts: dict[str, int], stats: RunStats, notices: dict[str, int] | None = None) -> str:
    parts = [f"{counts[OK]} ok"] + [f"{n} {s}" for s, n in counts.items() if s != OK and n]

    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    where = f" on {n(stats.site_pages, 'site page')}" if stats.site_pages is not None else ""
    line = f"{n(stats.links, 'AWS link')} ({n(stats.pages, 'page')}){where}: " + ", ".join(parts)
    if notices:
        line += f"; {n(notices['unacknowledged'] + notices['acknowledged'] + notices['ignored'], 'notice')}"
        line += f" ({notices['unacknowledged']} unacknowledged)"
    if stats.offline:
        return line + f" (offline, {format_duration(stats.elapsed)})"
    return line + (
        f" — {n(stats.requests, 'request')}, {stats.from_cache} from cache, {format_duration(stats.elapsed)}"
    )


def render_json(results: Sequence[Result], stats: RunStats, findings: Sequence[Finding] = ()) -> str:
    data: dict = {
        "summary": {**summarize(results), "notices": notice_summary(results)},
        "results": [r.to_json() for r in sorted(results, key=lambda r: r.url)],
        "stats": stats.to_json(),
    }
    if stats.offline:
        data["findings"] = [
            {
                "url": f.url,
                "rule": f.rule,
                "message": f.message,
                "suggestion": f.suggestion,
                "source": f.source.to_json() if f.source else None,
                "location": f.source.location() if f.source else None,
            }
            for f in findings
        ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_text(results: Sequence[Result], stats: RunStats, findings: Sequence[Finding] = ()) -> str:
    counts = summarize(results)
    lines: list[str] = []
    if stats.offline:
        groups: dict[tuple[str, str], list[Finding]] = {}
        for f in findings:
            where = f.source.location() if f.source else "(command line)"
            groups.setdefault((where, f.url), []).append(f)
        for (where, url), group in groups.items():
            lines.append(f"{where}: {url}")
            lines += [f"    [{f.rule}] {f.message}" for f in group]
            if group[0].suggestion:
                lines.append(f"    fix: {group[0].suggestion}")
            src = group[0].source
            if src is not None and src.markdown:
                lines.append(f"    built page: {src.page}" + (f":{src.line}" if src.line else ""))
    else:
        for r in _problems(results):
            http = f" (HTTP {r.http_status})" if r.http_status else ""
            lines.append(f"{r.status.upper():<17} {r.url}{http}")
            if r.detail:
                lines.append(f"{'':<18}{r.detail}")
            if r.suggestion:
                lines.append(f"{'':<18}fix: {r.suggestion}")
            if r.sources:
                lines.append(f"{'':<18}cited on: " + ", ".join(_cited(r.sources)))
    groups = _notice_groups(results)
    if groups:
        if lines:
            lines.append("")
        lines.append("NOTICES (what the cited pages announce), by site page")
        for site_page, entries in groups.items():
            lines.append(site_page)
            for e in entries:
                n = e.notice
                lines.append(f"  {e.state.upper():<16}{n.kind}{' ' + n.date if n.date else ''}  {e.url}")
                lines.append(f"{'':<18}“{n.text}”")
                if n.sections:
                    lines.append(f"{'':<18}cited in: " + ", ".join(n.sections))
                elif e.sources:
                    lines.append(f"{'':<18}cited on: " + ", ".join(_cited(e.sources)))
                if n.ignored is not None:
                    lines.append(f"{'':<18}ignored: {n.ignored.reason} ({n.ignored.date}, {n.ignored.origin})")
    if lines:
        lines.append("")
    lines += stats.share_lines()
    lines.append(summary_line(counts, stats, notice_summary(results) if groups else None))
    return "\n".join(lines) + "\n"


def _md(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def render_markdown(results: Sequence[Result], stats: RunStats, findings: Sequence[Finding] = ()) -> str:
    counts = summarize(results)
    problems = _problems(results)
    groups = _notice_groups(results)
    notes = notice_summary(results) if groups else None
    title = "AWS documentation links" + (" (offline check)" if stats.offline else "")
    out = [f"## {title}", ""]
    bad = len(findings) if stats.offline else len(problems)
    verdict = (
        "All links look fine."
        if not bad
        else f"**{bad} {'finding' if stats.offline else 'problem'}{'s' if bad != 1 else ''}.**"
    )
    if notes and notes["unacknowledged"]:
        plural = "s" if notes["unacknowledged"] != 1 else ""
        verdict += f" **{notes['unacknowledged']} unacknowledged notice{plural}.**"
    out += [verdict + " " + _md(summary_line(counts, stats, notes)), ""]
    out += [f"- {_md(line)}" for line in stats.share_lines()] + ([""] if stats.locale_shares else [])
    out += ["| Status | Count |", "|---|---:|"]
    out += [f"| `{s}` | {n} |" for s, n in counts.items()]
    out.append("")
    if stats.offline and findings:
        out += ["### Findings", "", "| Where | Rule | Link | Problem | Fix |", "|---|---|---|---|---|"]
        for f in findings:
            where = f.source.location() if f.source else ""
            out.append(f"| `{_md(where)}` | `{f.rule}` | {_md(f.url)} | {_md(f.message)} | {_md(f.suggestion or '')} |")
        out.append("")
    elif problems:
        out += [
            "### Links to fix or check",
            "",
            "| Status | Link | HTTP | Detail | Fix | Cited on |",
            "|---|---|---|---|---|---|",
        ]
        for r in problems:
            cited = "<br>".join(f"`{_md(c)}`" for c in _cited(r.sources))
            out.append(
                f"| `{r.status}` | {_md(r.url)} | {r.http_status or ''} | {_md(r.detail)} | "
                f"{_md(r.suggestion or '')} | {cited} |"
            )
        out.append("")
    if groups:
        out += [
            "### Notices",
            "",
            "What the cited AWS pages announce (availability, end of support, rename, title change). "
            "*Unacknowledged*: the citing section has no `!!! changed` note citing that page; add one "
            "(or list the page in `scripts/data/ignored-notices.yml` with a reason).",
            "",
            "| Notices | Count |",
            "|---|---:|",
        ]
        out += [f"| `{k}` | {v} |" for k, v in notes.items()]  # type: ignore[union-attr]
        out.append("")
        for site_page, entries in groups.items():
            out += [
                f"#### `{_md(site_page)}`",
                "",
                "| State | Kind | Date | Cited page | Notice | Cited in |",
                "|---|---|---|---|---|---|",
            ]
            for e in entries:
                n = e.notice
                state = f"**{e.state}**" if e.state == "unacknowledged" else e.state
                if n.ignored is not None:
                    state += f": {_md(n.ignored.reason)} ({n.ignored.date})"
                where = n.sections or tuple(_cited(e.sources))
                cited = "<br>".join(f"`{_md(c)}`" for c in where)
                out.append(f"| {state} | `{n.kind}` | {n.date or ''} | {_md(e.url)} | “{_md(n.text)}” | {cited} |")
            out.append("")
    return "\n".join(out)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


class Progress:
    """``[#####.....] 12/30 pages`` on stderr, only when it is a terminal."""

    def __init__(self, total: int, stream: TextIO, enabled: bool | None = None, width: int = 30) -> None:
        self.total = total
        self.stream = stream
        self.width = width
        if enabled is None:
            isatty = getattr(stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled and total > 0
        self.done = 0

    def advance(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} pages {label[-40:]:<40}")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()
