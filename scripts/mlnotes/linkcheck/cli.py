"""Command line: argument parsing and orchestration. ``main(argv) -> exit status``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from ..markdown import Page, PageError, read_page
from ..paths import DATA_DIR
from . import cache
from . import notices as notice_rules
from .classify import resolve
from .model import (
    BROKEN,
    FAILING,
    OK,
    PROJECT_URL,
    Finding,
    PageOutcome,
    Result,
    Source,
    UsageError,
    parse_duration,
    user_agent,
)
from .offline import MIN_LOCALE_SHARE, Unconfirmed, aws_lookalike_host, check_url, load_unconfirmed, locale_shares
from .report import RENDERERS, Progress, RunStats, notice_summary, summarize, summary_line
from .site import collect_site
from .urls import DEFAULT_HOSTS, host_matches, host_of, is_http_url, normalize, page_url

PROG = "check_links.py"
DEFAULT_UNCONFIRMED = DATA_DIR / "ja-unconfirmed.txt"
DEFAULT_IGNORE_FILE = DATA_DIR / notice_rules.IGNORE_FILE_NAME

DESCRIPTION = """\
Check the AWS documentation links of the built site (both languages).

Statuses: ok, redirected (moved for good: use the suggestion), broken (4xx, soft 404:
redirect to a guide landing page or the docs home, "not found" page, refresh to a landing
page), missing_fragment, blocked (401/403), rate_limited (429), timeout, error.

Notices: what a cited page announces in its alert/note boxes or first paragraphs (availability,
end_of_support, rename, in English and Japanese) and title_changed (its title differs from the
cached one). A notice is acknowledged when the citing section has a `!!! changed` note citing the
same page; an unacknowledged notice fails the run unless it is ignored after review.

Exit status: 0 when nothing is broken or missing_fragment and every notice is acknowledged or
ignored (--strict: and every link is ok), 1 otherwise, 2 on bad arguments, an unreadable site,
a broken cache or ignore file."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _positive_float(text: str) -> float:
    try:
        value = parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
    return value


def _duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _int_at_least(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value

    return parse


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    t = text.strip().lower().removesuffix("b").removesuffix("i")
    mult = units.get(t[-1:], 1)
    try:
        value = int(float(t[:-1] if t[-1:] in units else t) * mult)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 500000, 512K, 10M)") from None
    if value < 1024:
        raise argparse.ArgumentTypeError(f"must be at least 1K: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_argument_group("input")
    src.add_argument("--site", metavar="DIR", help="built MkDocs site to read links from (default: site)")
    src.add_argument(
        "--docs", metavar="DIR", help="Markdown sources, for file:line locations (default: <site>/../docs)"
    )
    src.add_argument("--url", metavar="URL", action="append", default=[], help="check this URL (repeatable)")
    src.add_argument(
        "--url-file",
        metavar="FILE",
        action="append",
        default=[],
        help="check the URLs in FILE, one per line, '#' comments ('-': stdin)",
    )
    src.add_argument(
        "--host",
        metavar="PATTERN",
        action="append",
        default=None,
        help="host allowlist (repeatable, * wildcards); replaces the default: " + ", ".join(DEFAULT_HOSTS),
    )
    out = p.add_argument_group("output")
    out.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="report format (default: text)"
    )
    out.add_argument("--output", metavar="FILE", help="write the report to FILE instead of stdout")
    out.add_argument("--strict", action="store_true", help="fail on every status other than ok")
    c = p.add_argument_group("cache")
    c.add_argument(
        "--cache", metavar="FILE", default=cache.DEFAULT_CACHE, help=f"result cache (default: {cache.DEFAULT_CACHE})"
    )
    c.add_argument(
        "--max-age",
        metavar="DURATION",
        type=_duration,
        default=parse_duration("1d"),
        help="recheck cached results older than this, e.g. 30m, 12h, 7d (default: 1d)",
    )
    c.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    n = p.add_argument_group("network")
    n.add_argument(
        "--timeout",
        metavar="S",
        type=_positive_float,
        default=20.0,
        help="seconds per attempt, connect to last byte (default: 20)",
    )
    n.add_argument(
        "--retries",
        metavar="N",
        type=_int_at_least(0),
        default=3,
        help="retries for 5xx, 429, timeouts and resets (default: 3)",
    )
    n.add_argument(
        "--concurrency", metavar="N", type=_int_at_least(1), default=8, help="requests in flight overall (default: 8)"
    )
    n.add_argument(
        "--per-host", metavar="N", type=_int_at_least(1), default=4, help="requests in flight per host (default: 4)"
    )
    n.add_argument(
        "--interval",
        metavar="DURATION",
        type=_duration,
        default=0.25,
        help="minimum time between two requests to one host (default: 250ms)",
    )
    n.add_argument(
        "--backoff",
        metavar="DURATION",
        type=_duration,
        default=1.0,
        help="first retry delay, doubled each retry, with jitter (default: 1s)",
    )
    n.add_argument(
        "--max-retry-after",
        metavar="DURATION",
        type=_duration,
        default=60.0,
        help="longest Retry-After to honour; longer gives up at once (default: 60s)",
    )
    n.add_argument(
        "--max-bytes", metavar="SIZE", type=_size, default=10 * 1024**2, help="response size cap (default: 10M)"
    )
    nt = p.add_argument_group("notices")
    nt.add_argument(
        "--ignore-notice",
        metavar="URL",
        action="append",
        default=[],
        help="notices on this cited page were reviewed and do not affect the site (repeatable; reported as ignored)",
    )
    nt.add_argument(
        "--ignore-file",
        metavar="FILE",
        default=None,
        help="reviewed notices, a YAML list of url, reason, date (default: scripts/data/ignored-notices.yml)",
    )
    o = p.add_argument_group("offline")
    o.add_argument(
        "--offline",
        action="store_true",
        help="no request: check https, tracking parameters, language of docs links, dead patterns",
    )
    o.add_argument(
        "--ja-unconfirmed",
        metavar="FILE",
        default=None,
        help="English URLs allowed on Japanese pages (default: scripts/data/ja-unconfirmed.txt)",
    )
    o.add_argument(
        "--min-ja-share",
        metavar="PERCENT",
        type=_percent,
        default=MIN_LOCALE_SHARE * 100,
        help="fail when fewer of the docs pages cited on Japanese pages use /ja_jp/ "
        f"(default: {MIN_LOCALE_SHARE * 100:.0f}%%; 0 turns the check off)",
    )
    return p


def _percent(text: str) -> float:
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0 and 100: {text!r}")
    return value


def _read_url_file(name: str, stdin: TextIO) -> list[str]:
    try:
        text = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read URL file {name!r}: {getattr(exc, 'strerror', None) or exc}") from None
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line.split()[0])
    return urls


def _gather(
    args: argparse.Namespace, hosts: tuple[str, ...], stdin: TextIO
) -> tuple[dict[str, tuple[Source, ...]], int | None]:
    explicit: list[str] = list(args.url)
    for name in args.url_file:
        explicit += _read_url_file(name, stdin)
    for u in explicit:
        if not is_http_url(u):
            raise UsageError(f"not an http(s) URL: {u!r}")
    links: dict[str, tuple[Source, ...]] = {normalize(u): () for u in explicit}
    site_pages = None
    if args.site is not None or not explicit:
        site_arg = args.site if args.site is not None else "site"
        site_dir = Path(site_arg)
        docs_dir = Path(args.docs) if args.docs else site_dir.resolve().parent / "docs"

        def accept(url: str) -> bool:
            return host_matches(url, hosts) or (args.offline and aws_lookalike_host(host_of(url)))

        found = collect_site(site_dir, accept, display_root=site_arg, docs_dir=docs_dir)
        site_pages = found.pages
        for url, sources in found.links.items():
            links[url] = links.get(url, ()) + sources
    return links, site_pages


def _offline(links: dict[str, tuple[Source, ...]], unconfirmed: Unconfirmed) -> tuple[list[Result], list[Finding]]:
    results: list[Result] = []
    findings: list[Finding] = []
    for url in sorted(links):
        sources = links[url]
        mine: list[Finding] = []
        for src in sources or (None,):
            mine += check_url(url, src, unconfirmed)
        findings += mine
        messages = list(dict.fromkeys(f.message for f in mine))
        suggestion = next((f.suggestion for f in mine if f.suggestion), None)
        results.append(
            Result(
                url=url,
                status=BROKEN if mine else OK,
                suggestion=suggestion,
                sources=sources,
                detail="; ".join(messages),
            )
        )
    findings.sort(key=lambda f: (f.source.location() if f.source else "", f.url, f.rule))
    return results, findings


def _ignore_rules(args: argparse.Namespace, today: str) -> list[notice_rules.IgnoreRule]:
    if args.ignore_file is not None:
        path = Path(args.ignore_file)
        if not path.is_file():
            raise UsageError(f"cannot read {args.ignore_file!r}: no such file")
        display = args.ignore_file
    else:
        path = DEFAULT_IGNORE_FILE
        display = f"scripts/data/{DEFAULT_IGNORE_FILE.name}"
    for u in args.ignore_notice:
        if not is_http_url(u):
            raise UsageError(f"--ignore-notice needs an http(s) URL: {u!r}")
    return notice_rules.load_ignore_file(path, display) + notice_rules.command_line_rules(args.ignore_notice, today)


def _annotate_notices(results: list[Result], rules: Sequence[notice_rules.IgnoreRule]) -> list[Result]:
    """Where each notice is cited, whether the site acknowledges it, whether it is ignored."""
    parsed: dict[str, tuple[Page, list[str]] | None] = {}

    def citing(sources: Sequence[Source]) -> list[tuple[str, Page, list[str]]]:
        out = []
        for name in dict.fromkeys(s.markdown for s in sources if s.markdown):
            if name not in parsed:
                try:
                    page = read_page(Path(name))
                except PageError as exc:
                    raise UsageError(str(exc)) from None
                except OSError:
                    parsed[name] = None
                    continue
                twins = [str(t) for t in notice_rules.twin_pages(Path(name))]
                parsed[name] = (page, twins)
            found = parsed[name]
            if found is not None:
                out.append((name, found[0], found[1]))
        return out

    return [
        replace(r, notices=notice_rules.annotate(r.notices, r.url, citing(r.sources), rules)) if r.notices else r
        for r in results
    ]


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO, stdin: TextIO) -> int:
    started = time.monotonic()
    hosts = tuple(h.strip() for h in args.host) if args.host else DEFAULT_HOSTS
    if not all(hosts):
        raise UsageError("--host needs a non-empty pattern")
    rules = _ignore_rules(args, datetime.now(UTC).date().isoformat())
    links, site_pages = _gather(args, hosts, stdin)
    pages = sorted({page_url(u) for u in links})
    findings: list[Finding] = []
    requests = from_cache = 0
    shares = ()

    if args.offline:
        path = Path(args.ja_unconfirmed) if args.ja_unconfirmed else DEFAULT_UNCONFIRMED
        if args.ja_unconfirmed and not path.is_file():
            raise UsageError(f"cannot read {args.ja_unconfirmed!r}: no such file")
        results, findings = _offline(links, load_unconfirmed(path))
        if not args.no_cache:  # notices found by the last online run (no request)
            stored = cache.load(Path(args.cache))
            results = [replace(r, notices=cache.notices(stored, page_url(r.url))) for r in results]
        shares = tuple(locale_shares(links))
    else:
        from .net import Fetcher, NetConfig  # only online runs need the HTTP stack

        cache_path = None if args.no_cache else Path(args.cache)
        entries = cache.load(cache_path) if cache_path else {}
        now = time.time()
        outcomes: dict[str, PageOutcome] = {}
        to_fetch: list[str] = []
        for p in pages:
            hit = cache.lookup(entries, p, now, args.max_age) if cache_path else None
            if hit is not None:
                outcomes[p] = hit
            else:
                to_fetch.append(p)
        from_cache = len(outcomes)
        config = NetConfig(
            timeout=args.timeout,
            retries=args.retries,
            concurrency=args.concurrency,
            per_host=args.per_host,
            interval=args.interval,
            backoff=args.backoff,
            max_retry_after=args.max_retry_after,
            max_bytes=args.max_bytes,
            user_agent=user_agent(os.environ.get("REPO_URL") or PROJECT_URL),
        )
        progress = Progress(len(to_fetch), stderr)
        switch = sys.getswitchinterval()
        # Workers parse pages while others wait for their turn on a host: a short GIL switch
        # interval lets a waiting worker send its request on time.
        sys.setswitchinterval(min(switch, 0.0005))
        try:
            with Fetcher(config) as fetcher:
                fetched = fetcher.check_pages(to_fetch, on_done=lambda o: progress.advance(o.url))
        finally:
            sys.setswitchinterval(switch)
            progress.finish()
        for p, outcome in list(fetched.items()):  # title drift against the last stored title, at any age
            drift = notice_rules.title_drift(*cache.titles(entries, p), outcome.title, outcome.h1)
            if drift is not None:
                fetched[p] = replace(outcome, notices=(*outcome.notices, drift))
        outcomes.update(fetched)
        requests = sum(o.requests for o in fetched.values())
        results = [resolve(u, links[u], outcomes[page_url(u)]) for u in sorted(links)]
        if cache_path is not None and fetched:
            for p, outcome in fetched.items():
                new = cache.entry(outcome)
                if new is not None:
                    entries[p] = new
                else:
                    entries.pop(p, None)
            try:
                cache.save(cache_path, entries, config.user_agent)
            except OSError as exc:
                print(f"{PROG}: warning: cannot write cache {cache_path}: {exc.strerror or exc}", file=stderr)

    results = _annotate_notices(results, rules)
    stats = RunStats(
        links=len(links),
        pages=len(pages),
        site_pages=site_pages,
        requests=requests,
        from_cache=from_cache,
        elapsed=time.monotonic() - started,
        offline=args.offline,
        locale_shares=shares,
        min_locale_share=args.min_ja_share / 100,
    )
    report = RENDERERS[args.format](results, stats, findings)
    if args.output:
        try:
            out_path = Path(args.output)
            out_path.parent.mkdir(parents=True, exist_ok=True)
            out_path.write_text(report, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None
        notes = notice_summary(results) if any(r.notices for r in results) else None
        print(summary_line(summarize(results), stats, notes), file=stderr)
    else:
        stdout.write(report)
        stdout.flush()

    too_low = stats.locale_shares_below()
    for share in too_low:
        print(f"{PROG}: {share.describe()}: below {stats.min_locale_share:.0%} (--min-ja-share)", file=stderr)
    if any(n.open for r in results for n in r.notices):
        return 1  # the site may teach something AWS has withdrawn
    if args.strict:
        return 1 if too_low or any(r.status != OK for r in results) else 0
    return 1 if too_low or any(r.status in FAILING for r in results) else 0


def main(argv: list[str] | None = None) -> int:
    """Run the checker; returns the exit status (0 fine, 1 problems found, 2 usage error)."""
    stdout, stderr, stdin = sys.stdout, sys.stderr, sys.stdin
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"{PROG}: error: {exc} (see --help)", file=stderr)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    try:
        return run(args, stdout, stderr, stdin)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=stderr)
        return 130
