"""HTTP on urllib3: one GET per page, polite per-host limits, keep-alive connection pools,
manual redirects, retries with exponential backoff and jitter, Retry-After per host, a
response-size cap and an overall deadline per attempt.

urllib3 does the connections (pool per host, keep-alive, TLS), the timeouts and the decoding of
gzip bodies. The retry loop stays here: a Retry-After pauses the whole host for every worker
(urllib3's ``Retry`` sleeps only in the thread that got the 429, and its retries would bypass the
per-host pacing), a Retry-After above ``--max-retry-after`` gives up at once, and every attempt
is counted in the report.
"""

from __future__ import annotations

import http.client
import random
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import urllib3
from urllib3.exceptions import ConnectTimeoutError, DecodeError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import SSLError as Urllib3SSLError

from .classify import classify_trace, refresh_target, soft_404_redirect
from .htmlscan import scan_page
from .model import Hop, PageOutcome, Trace, user_agent
from .urls import host_key, is_http_url, normalize, request_target, split_fragment


@dataclass(frozen=True)
class NetConfig:
    timeout: float = 20.0  # seconds per attempt, from connect to the end of the body
    retries: int = 3  # extra attempts for 5xx, 429, timeouts and resets
    concurrency: int = 8  # requests in flight overall
    per_host: int = 4  # requests in flight per host
    interval: float = 0.25  # minimum seconds between two request starts on one host
    backoff: float = 1.0  # first retry delay; doubles each retry, with jitter
    backoff_cap: float = 30.0
    max_retry_after: float = 60.0  # longest Retry-After honoured; longer means give up now
    max_redirects: int = 10
    max_bytes: int = 10 * 1024 * 1024  # response body cap (after decompression)
    user_agent: str = user_agent()
    seed: int | None = None  # jitter seed, for reproducible tests


class Cancelled(Exception):
    """The run was interrupted."""


class TooLarge(Exception):
    pass


# Bodies of redirects and errors are read (to keep the connection) only when this small.
_SMALL_BODY = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def describe_error(exc: BaseException, timeout: float) -> tuple[str, str, bool]:
    """``(kind, message, retryable)`` for a failed attempt; kind is ``timeout`` or ``error``."""
    if isinstance(exc, Urllib3Error):
        inner = exc.__cause__ or exc.__context__ or next((a for a in exc.args if isinstance(a, BaseException)), None)
        if inner is not None and not isinstance(inner, Urllib3Error):
            return describe_error(inner, timeout)  # the socket, TLS or zlib error underneath
        if isinstance(exc, (ReadTimeoutError, ConnectTimeoutError)):
            return "timeout", f"no complete response within {timeout:g}s", True
        if isinstance(exc, ProtocolError):
            return "error", "connection reset by the server", True
        if isinstance(exc, Urllib3SSLError):
            return "error", f"TLS error: {exc}", False
        if isinstance(exc, DecodeError):
            return "error", "corrupt compressed body", False
    if isinstance(exc, TooLarge):
        return "error", str(exc), False
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timeout", f"no complete response within {timeout:g}s", True
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "error", f"TLS certificate rejected: {getattr(exc, 'verify_message', None) or exc}", False
    if isinstance(exc, ssl.SSLError):
        return "error", f"TLS error: {getattr(exc, 'reason', None) or exc}", False
    if isinstance(exc, socket.gaierror):
        return "error", f"DNS lookup failed: {exc.strerror or exc}", False
    if isinstance(exc, ConnectionRefusedError):
        return "error", "connection refused", True
    if isinstance(exc, (ConnectionError, http.client.IncompleteRead)):
        return "error", "connection reset by the server", True
    if isinstance(exc, http.client.HTTPException):
        return "error", f"malformed HTTP response ({type(exc).__name__})", False
    if isinstance(exc, UnicodeError):
        return "error", "invalid host name", False
    if isinstance(exc, zlib.error):
        return "error", "corrupt compressed body", False
    if isinstance(exc, OSError):
        return "error", f"network error: {exc.strerror or exc}", False
    return "error", f"{type(exc).__name__}: {exc}", False


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def interleave_by_host(urls: Iterable[str]) -> list[str]:
    """Round-robin over hosts, so that one slow host does not hold every worker."""
    by_host: dict[str, list[str]] = {}
    for u in urls:
        by_host.setdefault(host_key(u), []).append(u)
    queues = [list(reversed(v)) for _, v in sorted(by_host.items())]
    out: list[str] = []
    while queues:
        for q in queues:
            out.append(q.pop())
        queues = [q for q in queues if q]
    return out


class HostLimiter:
    """At most ``per_host`` requests in flight per host, request starts at least ``interval``
    apart, and a host-wide pause after Retry-After. One condition per host (sharing one lock),
    so a release wakes one waiter of that host instead of every worker."""

    def __init__(self, per_host: int, interval: float, stop: threading.Event) -> None:
        self._per_host = per_host
        self._interval = interval
        self._stop = stop
        self._lock = threading.Lock()
        self._conds: dict[str, threading.Condition] = {}
        self._active: dict[str, int] = {}
        self._next: dict[str, float] = {}

    def _cond(self, host: str) -> threading.Condition:
        cond = self._conds.get(host)
        if cond is None:
            cond = self._conds[host] = threading.Condition(self._lock)
        return cond

    def acquire(self, host: str) -> None:
        with self._lock:
            cond = self._cond(host)
            while True:
                if self._stop.is_set():
                    raise Cancelled()
                now = time.monotonic()
                wait = self._next.get(host, 0.0) - now
                if self._active.get(host, 0) < self._per_host and wait <= 0:
                    self._active[host] = self._active.get(host, 0) + 1
                    self._next[host] = now + self._interval
                    if self._active[host] < self._per_host:
                        cond.notify()  # a free slot remains: let the next waiter time its start
                    return
                cond.wait(timeout=min(wait, 0.5) if wait > 0 else 0.5)

    def release(self, host: str) -> None:
        with self._lock:
            self._active[host] -= 1
            self._cond(host).notify()

    def defer(self, host: str, until: float) -> None:
        """No new request to ``host`` before ``until`` (monotonic time)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), until)

    def wake(self) -> None:
        with self._lock:
            for cond in self._conds.values():
                cond.notify_all()


@dataclass
class _Response:
    status: int
    location: str | None
    retry_after: str | None
    content_type: str
    body: bytes | None


class Fetcher:
    """Fetches pages and classifies them. Use as a context manager (closes connections)."""

    def __init__(self, config: NetConfig) -> None:
        self.config = config
        self._stop = threading.Event()
        self._limiter = HostLimiter(config.per_host, config.interval, self._stop)
        # Connections per (scheme, host, port), at most ``per_host`` kept alive; more are never
        # in flight (the limiter). No retries, no redirects: both are decided here.
        self._http = urllib3.PoolManager(num_pools=32, maxsize=config.per_host, block=False, retries=False)
        self._rng = random.Random(config.seed)
        self._rng_lock = threading.Lock()
        self._headers = {
            "User-Agent": config.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip",
        }

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.clear()

    def cancel(self) -> None:
        self._stop.set()
        self._limiter.wake()

    # -- one page ---------------------------------------------------------------------------

    def check_pages(
        self, urls: Iterable[str], on_done: Callable[[PageOutcome], None] | None = None
    ) -> dict[str, PageOutcome]:
        """Fetch every page once (at most ``concurrency`` at a time) and classify it."""
        ordered = interleave_by_host(urls)
        results: dict[str, PageOutcome] = {}
        if not ordered:
            return results
        workers = max(1, min(self.config.concurrency, len(ordered)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="linkcheck") as pool:
            futures = [pool.submit(self.check_page, u) for u in ordered]
            try:
                for fut in as_completed(futures):
                    outcome = fut.result()
                    results[outcome.url] = outcome
                    if on_done is not None:
                        on_done(outcome)
            except BaseException:
                self.cancel()
                for fut in futures:
                    fut.cancel()
                raise
        return results

    def check_page(self, url: str) -> PageOutcome:
        return classify_trace(self.fetch(url), time.time())

    def fetch(self, url: str) -> Trace:
        """GET ``url`` (without fragment), following redirects, meta refreshes and script
        redirects, retrying transient failures; stop early at a soft-404 redirect."""
        cfg = self.config
        start = time.monotonic()
        trace = Trace(url=url, attempts=1)
        current = url
        visited = {normalize(url)}
        try:
            while True:
                resp = self._get(current, trace)
                if resp is None:
                    break
                trace.http_status = resp.status
                trace.final_url = current
                trace.content_type = resp.content_type
                target = kind = None
                if 300 <= resp.status < 400 and resp.location:
                    target, kind = split_fragment(urljoin(current, resp.location.strip()))[0], "http"
                elif 200 <= resp.status < 300 and resp.body is not None:
                    try:
                        trace.page = scan_page(_decode(resp.body, resp.content_type))
                    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; be safe anyway
                        trace.error_kind, trace.error = "error", f"cannot parse the page: {exc}"
                        break
                    found = refresh_target(trace.page, current)
                    if found:
                        target, kind = split_fragment(found[0])[0], found[1]
                if target is None:
                    break
                trace.hops.append(Hop(current, resp.status, target, kind))
                trace.final_url = target
                if not is_http_url(target):
                    trace.error_kind, trace.error = "error", f"redirect to a non-HTTP URL: {target}"
                    break
                if soft_404_redirect(url, target):
                    break  # the original page is gone; no need to fetch the landing page
                if normalize(target) in visited:
                    trace.error_kind = "error"
                    trace.error = "redirect loop: " + " -> ".join([h.url for h in trace.hops] + [target])
                    break
                if len(trace.hops) > cfg.max_redirects:
                    trace.error_kind, trace.error = "error", f"more than {cfg.max_redirects} redirects"
                    break
                visited.add(normalize(target))
                trace.page = None
                current = target
        finally:
            trace.elapsed_ms = int((time.monotonic() - start) * 1000)
        return trace

    def _get(self, url: str, trace: Trace) -> _Response | None:
        """One GET with retries. None (and ``trace.error*`` set) when it failed for good."""
        cfg = self.config
        host = host_key(url)
        retry = 0
        while True:
            if self._stop.is_set():
                raise Cancelled()
            trace.requests += 1
            resp: _Response | None = None
            try:
                resp = self._attempt(url, host)
            except Cancelled:
                raise
            except Exception as exc:  # noqa: BLE001 - every failure becomes a status
                kind, message, retryable = describe_error(exc, cfg.timeout)
            else:
                if resp.status != 429 and resp.status < 500:
                    return resp
                retryable = True
                kind = "rate_limited" if resp.status == 429 else "error"
                message = f"HTTP {resp.status}"
            wait = parse_retry_after(resp.retry_after) if resp is not None else None
            give_up = not retryable or retry >= cfg.retries
            if wait is not None and wait > cfg.max_retry_after:
                give_up = True
                message += f" (Retry-After {wait:g}s exceeds the {cfg.max_retry_after:g}s cap)"
            if give_up:
                if resp is not None:
                    trace.http_status = resp.status
                    trace.final_url = url
                attempts = trace.attempts
                if retry:
                    message += f" after {attempts} attempts"
                trace.error_kind, trace.error = kind, message
                return None
            retry += 1
            trace.attempts += 1
            if wait is not None:
                self._limiter.defer(host, time.monotonic() + wait)  # pause the whole host
            else:
                delay = min(cfg.backoff_cap, cfg.backoff * 2 ** (retry - 1))
                with self._rng_lock:
                    delay = delay / 2 + self._rng.uniform(0, delay / 2)
                if self._stop.wait(delay):
                    raise Cancelled()

    def _attempt(self, url: str, host: str) -> _Response:
        scheme, hostname, port, target = request_target(url)
        self._limiter.acquire(host)
        try:
            return self._exchange((scheme, hostname, port), target)
        finally:
            self._limiter.release(host)

    def _exchange(self, key: tuple[str, str, int], target: str) -> _Response:
        scheme, host, port = key
        deadline = time.monotonic() + self.config.timeout
        pool = self._http.connection_from_host(host, port=port, scheme=scheme)
        resp = pool.urlopen(
            "GET",
            target,
            headers=self._headers,
            retries=False,
            redirect=False,
            assert_same_host=False,
            timeout=urllib3.Timeout(total=self.config.timeout),
            preload_content=False,
            decode_content=True,
            release_conn=False,
        )
        try:
            return self._read(resp, deadline)
        except BaseException:
            _discard(resp)
            raise

    def _read(self, resp: urllib3.BaseHTTPResponse, deadline: float) -> _Response:
        """The response; its connection goes back to the pool when the body was read in full."""
        status = resp.status
        headers = resp.headers
        ctype = headers.get("Content-Type", "") or ""
        clen_header = headers.get("Content-Length")
        clen = int(clen_header) if clen_header and clen_header.strip().isdigit() else None
        result = _Response(status, headers.get("Location"), headers.get("Retry-After"), ctype, None)
        wants_body = 200 <= status < 300 and (not ctype or "html" in ctype.lower())
        if not wants_body:
            if clen is not None and clen <= _SMALL_BODY:
                self._read_body(resp, deadline, _SMALL_BODY)  # small: read it and keep the connection
            else:
                _discard(resp)
            return result
        if clen is not None and clen > self.config.max_bytes:
            raise TooLarge(f"response too large: {clen} bytes (cap {self.config.max_bytes})")
        result.body = self._read_body(resp, deadline, self.config.max_bytes)
        return result

    def _read_body(self, resp: urllib3.BaseHTTPResponse, deadline: float, cap: int) -> bytes:
        """The decoded body, at most ``cap`` bytes, complete before ``deadline``."""
        chunks: list[bytes] = []
        total = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("body not complete before the deadline")
            sock = getattr(getattr(resp, "connection", None), "sock", None)
            if sock is not None:
                sock.settimeout(remaining)
            chunk = resp.read1(65536)  # decoded; urllib3 bounds what one compressed chunk inflates to
            if not chunk:
                break
            total += len(chunk)
            if total > cap:
                raise TooLarge(f"response too large: more than {cap} bytes")
            chunks.append(chunk)
        resp.release_conn()  # fully read: the connection serves the next request (keep-alive)
        return b"".join(chunks)


def _discard(resp: urllib3.BaseHTTPResponse) -> None:
    """Drop a response whose body is not read: its connection is closed, not reused."""
    resp.close()
    resp.release_conn()


def _decode(body: bytes, content_type: str) -> str:
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    charset = m.group(1) if m else None
    if charset is None:
        sniff = _META_CHARSET.search(body[:4096])
        charset = sniff.group(1).decode("ascii") if sniff else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
