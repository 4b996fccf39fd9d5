"""Decisions: soft-404 rules, page classification and fragment resolution. Pure functions."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

from .model import (
    BLOCKED,
    BROKEN,
    ERROR,
    MISSING_FRAGMENT,
    OK,
    RATE_LIMITED,
    REDIRECTED,
    TIMEOUT,
    PageInfo,
    PageOutcome,
    Result,
    Source,
    Trace,
)
from .notices import find_notices
from .urls import decode_fragment, is_http_url, split_fragment, strip_locale

#: File names of a guide's landing page (compared case-insensitively; "" is a directory URL).
LANDING_NAMES = frozenset({"", "index.html", "index.htm", "welcome.html", "default.html"})
#: Redirect statuses that mean "this URL moved for good".
PERMANENT_REDIRECTS = frozenset({301, 308})

# A title segment or h1 that is, as a whole, a "not found" message.
_NOT_FOUND = re.compile(
    r"""(?:http\s*)?(?:error\s*)?404(?:\s*error)?(?:\s*[-:–—]?\s*(?:page\s+|file\s+)?not\s+found)?
    |(?:sorry,?\s*)?(?:the\s+)?(?:requested\s+)?(?:(?:page|document|file|resource|topic)\s+)?not\s+found
    |(?:sorry,?\s*)?(?:the\s+)?(?:requested\s+)?(?:page|document|topic)\s+(?:you\s+requested\s+)?
        (?:could\s+not|cannot|can't|couldn't)\s+be\s+found
    |(?:the\s+)?(?:page|document|topic)\s+(?:does\s+not|doesn't)\s+exist
    |(?:お探しの|指定された|指定の)?(?:ページ|ドキュメント)(?:は|が)?(?:見つかりません(?:でした)?|存在しません)
    |404\s*(?:エラー|error)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]\s+|\s*[|｜:：]\s*")
_TRAILING_PUNCT = " .!。！?？"


def _segments(path: str) -> list[str]:
    return [s for s in strip_locale(path).split("/") if s]


def is_landing_path(path: str) -> bool:
    """Docs home (``/``, ``/ja_jp/``), a directory URL, or a guide's ``index.html``/``Welcome.html``."""
    segs = _segments(path)
    if not segs or path.endswith("/"):
        return True
    return segs[-1].lower() in LANDING_NAMES


def _location(path: str) -> list[str]:
    """The directory a page stands for: a landing page stands for its directory."""
    segs = _segments(path)
    if segs and not path.endswith("/") and segs[-1].lower() in LANDING_NAMES:
        segs = segs[:-1]
    return [s.lower() for s in segs]


def soft_404_redirect(original: str, target: str) -> str | None:
    """Why a redirect from ``original`` to ``target`` is a soft 404, or None.

    AWS reports most removed pages by redirecting to the guide's landing page (its root,
    ``Welcome.html``/``index.html``) or to the docs home. That is a soft 404 when the
    original pointed deeper (at a page that is not that landing page).
    """
    o, t = urlsplit(original), urlsplit(target)
    if not is_landing_path(t.path):
        return None
    o_loc, t_loc = _location(o.path), _location(t.path)
    if o_loc == t_loc:
        return None  # /guide -> /guide/, /guide/ -> /guide/index.html, http -> https: same place
    if is_landing_path(o.path) and len(o_loc) <= len(t_loc):
        return None  # a landing page sent to a deeper landing page
    what = "the docs home" if not t_loc else "a guide landing page"
    return f"soft 404: redirected to {what} ({target})"


def not_found_heading(title: str, h1: str) -> str | None:
    """Why a 200 page is a "not found" page (its title or first heading says so), or None."""
    for label, text in (("title", title), ("heading", h1)):
        if not text:
            continue
        candidates = [text] + _TITLE_SEPARATORS.split(text)
        for cand in candidates:
            cand = cand.strip(_TRAILING_PUNCT)
            if cand and _NOT_FOUND.fullmatch(cand):
                return f"soft 404: page {label} says {text!r}"
    return None


def refresh_target(page: PageInfo, base_url: str) -> tuple[str, str] | None:
    """``(absolute target, kind)`` of a meta refresh or script redirect to another page."""
    for raw, kind in ((page.refresh, "meta"), (page.js_redirect, "js")):
        if not raw:
            continue
        target = urljoin(base_url, raw)
        if is_http_url(target) and split_fragment(target)[0] != split_fragment(base_url)[0]:
            return target, kind
    return None


def classify_trace(trace: Trace, checked_at: float) -> PageOutcome:
    """The verdict on a page from what the network layer saw."""
    base = dict(
        url=trace.url,
        http_status=trace.http_status,
        final_url=trace.final_url,
        attempts=trace.attempts,
        elapsed_ms=trace.elapsed_ms,
        requests=trace.requests,
        checked_at=checked_at,
    )
    if trace.error_kind:
        status = {"timeout": TIMEOUT, "rate_limited": RATE_LIMITED}.get(trace.error_kind, ERROR)
        return PageOutcome(status=status, detail=trace.error, **base)

    for hop in trace.hops:
        why = soft_404_redirect(trace.url, hop.target)
        if why:
            if hop.kind != "http":
                why = why.replace("redirected", f"{'meta refresh' if hop.kind == 'meta' else 'script'} redirect")
            return PageOutcome(status=BROKEN, detail=why, **base)

    code = trace.http_status or 0
    if code in (401, 403):
        return PageOutcome(status=BLOCKED, detail=f"HTTP {code}: access denied to this checker; check by hand", **base)
    if code == 429:
        return PageOutcome(status=RATE_LIMITED, detail="HTTP 429: rate limited", **base)
    if code >= 500:
        return PageOutcome(status=ERROR, detail=f"HTTP {code}: server error", **base)
    if 300 <= code < 400:
        return PageOutcome(status=ERROR, detail=f"HTTP {code} without a usable Location header", **base)
    if code >= 400 or code < 200:
        return PageOutcome(status=BROKEN, detail=f"HTTP {code}", **base)

    page = trace.page
    if page is not None:
        why = not_found_heading(page.title, page.h1)
        if why:
            return PageOutcome(status=BROKEN, detail=why, **base)
    anchors = page.anchors if page is not None else None
    if page is not None:  # what a real page says about itself (notices) and its title, for drift
        base.update(title=page.title, h1=page.h1, notices=find_notices(page.notice_text))

    if trace.hops:
        permanent = [h for h in trace.hops if h.status in PERMANENT_REDIRECTS or h.kind != "http"]
        chain = " -> ".join(f"{h.status if h.kind == 'http' else h.kind}" for h in trace.hops)
        if permanent:
            return PageOutcome(
                status=REDIRECTED,
                suggestion=trace.final_url,
                detail=f"moved ({chain}) to {trace.final_url}",
                anchors=anchors,
                **base,
            )
        return PageOutcome(
            status=OK, detail=f"temporary redirect ({chain}) to {trace.final_url}", anchors=anchors, **base
        )
    detail = "" if page is not None else f"not HTML ({trace.content_type or 'no content type'}): fragments not checked"
    return PageOutcome(status=OK, detail=detail, anchors=anchors, **base)


def _fragment_present(fragment: str, anchors: frozenset[str]) -> bool | None:
    """True/False, or None when the fragment is not an element reference (text fragment, top)."""
    frag = fragment.split(":~:", 1)[0]
    if not frag:
        return None
    decoded = decode_fragment(frag)
    if frag in anchors or decoded in anchors:
        return True
    if decoded.lower() == "top":  # HTML: "#top" scrolls to the top when no element has that id
        return None
    return False


def _with_fragment(url: str | None, fragment: str) -> str | None:
    if not url:
        return None
    return f"{split_fragment(url)[0]}#{fragment}" if fragment else split_fragment(url)[0]


def resolve(url: str, sources: tuple[Source, ...], outcome: PageOutcome) -> Result:
    """The verdict on one cited URL, from its page's verdict (fetched once for all fragments)."""
    _, fragment = split_fragment(url)
    status = outcome.status
    suggestion = outcome.suggestion
    detail = outcome.detail
    if status == REDIRECTED:
        suggestion = _with_fragment(suggestion, fragment)
    if status in (OK, REDIRECTED) and fragment:
        if outcome.anchors is None:
            detail = detail or "not an HTML page: fragment not checked"
        else:
            present = _fragment_present(fragment, outcome.anchors)
            if present is False:
                wanted = decode_fragment(fragment)
                status = MISSING_FRAGMENT
                import difflib  # only needed for a missing fragment

                close = difflib.get_close_matches(wanted, sorted(outcome.anchors), n=1, cutoff=0.6)
                where = outcome.final_url or split_fragment(url)[0]
                suggestion = _with_fragment(where, quote(close[0], safe="-._~:@!$&'()*+,;=/?")) if close else None
                moved = f"; page moved to {outcome.final_url}" if outcome.status == REDIRECTED else ""
                detail = f"no element with id or name {wanted!r} on the page{moved}"
    if outcome.from_cache:
        detail = f"{detail} (cached)" if detail else "cached"
    return Result(
        url=url,
        status=status,
        http_status=outcome.http_status,
        final_url=outcome.final_url,
        suggestion=suggestion,
        sources=sources,
        detail=detail,
        attempts=outcome.attempts,
        elapsed_ms=outcome.elapsed_ms,
        notices=outcome.notices,
    )
