"""Offline rules: no request, only what the URL itself and the citing page's language tell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from .model import Finding, Source, UsageError
from .urls import DOCS_HOST, locale_prefix, normalize, split_fragment, with_locale

#: Locale prefix a docs.aws.amazon.com link must carry on a page in that language.
#: Languages not listed (English) must cite the plain path, without any locale prefix.
DOCS_LOCALE_BY_LANG = {"ja": "ja_jp"}

#: Query parameters that only track the reader (matched case-insensitively).
TRACKING_PARAMS = frozenset(
    {
        "trk",
        "trkcampaign",
        "gclid",
        "fbclid",
        "msclkid",
        "s_kwcid",
        "ef_id",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "nc1",
        "nc2",
        "icmpid",
    }
)
TRACKING_PREFIXES = ("utm_", "sc_", "trk_")

#: Known-dead or wrong URL shapes: (rule, regex on the whole URL, message, (find, replace) or None).
#: Kept conservative: legacy guides that still resolve (Amazon Machine Learning, Elastic
#: Inference …) are history worth citing and are not listed.
DEAD_PATTERNS = (
    (
        "china-site",
        r"^[a-z]+://(?:[^/?#]*\.)?amazonaws\.cn(?:[:/?#]|$)",
        "AWS China site: cite the global page on docs.aws.amazon.com",
        None,
    ),
    (
        "proxy-rewrite",
        r"^[a-z]+://[^/?#]*(?:rproxy|goskope)[^/?#]*(?:[/?#]|$)",
        "host rewritten by a corporate proxy: cite the original AWS host",
        None,
    ),
    (
        "markdown-variant",
        r"^[a-z]+://docs\.aws\.amazon\.com/[^?#]*\.md(?:[?#]|$)",
        "Markdown variant of a docs page: cite the .html page",
        (r"\.md(?=[?#]|$)", ".html"),
    ),
    (
        "console-link",
        r"^[a-z]+://(?:[^/?#]*\.)?(?:console|signin)\.aws\.amazon\.com(?:[:/?#]|$)",
        "console / sign-in link: needs an AWS account and cannot be verified; cite a docs page",
        None,
    ),
)

_AWS_LOOKALIKE = re.compile(r"(?:^|\.)aws\.amazon\.com\.|(?:^|\.)amazonaws\.cn$|rproxy|goskope")


def aws_lookalike_host(host: str) -> bool:
    """Hosts outside the allowlist that still stand for AWS pages (proxy rewrites, China site):
    collected in offline mode so the dead-pattern rules can flag them."""
    return bool(_AWS_LOOKALIKE.search(host.lower()))


#: Minimum share of the docs.aws.amazon.com pages cited on a language's pages that must use that
#: language's edition (``ja`` -> ``/ja_jp/``); ``--min-ja-share`` overrides it.
MIN_LOCALE_SHARE = 0.90


@dataclass(frozen=True)
class Unconfirmed:
    """English docs URLs allowed on Japanese pages: exact URLs and ``*`` patterns with a reason.

    ``url in unconfirmed`` tests a URL without fragment, normalised."""

    urls: frozenset[str] = frozenset()
    patterns: tuple[tuple[str, str], ...] = ()  # (pattern, reason)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and (url in self.urls or self.pattern_for(url) is not None)

    def pattern_for(self, url: str) -> str | None:
        return next((p for p, _ in self.patterns if _glob(p).fullmatch(url)), None)


def _glob(pattern: str) -> re.Pattern:
    """Only ``*`` is special (any characters, ``/`` included); ``?`` and ``[`` are URL characters."""
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")))


def load_unconfirmed(path: Path | None) -> Unconfirmed:
    """Read the list of English URLs allowed on Japanese pages (a missing file: an empty list).

    One entry per line, ``#`` starts a comment line. An entry is a URL (fragment ignored) or a
    pattern with ``*`` (``https://docs.aws.amazon.com/cli/*``), optionally followed by whitespace
    and the reason (required for a pattern: why that guide has no Japanese edition)."""
    if path is None or not path.exists():
        return Unconfirmed()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    urls = set()
    patterns = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        entry, *rest = line.split(None, 1)
        reason = rest[0] if rest else ""
        if "*" in entry:
            if not reason.strip():
                raise UsageError(f"{path}:{number}: pattern {entry!r} needs a reason after it (why no ja_jp edition)")
            if not entry.startswith("https://"):
                raise UsageError(f"{path}:{number}: pattern {entry!r} must start with https://")
            patterns.append((split_fragment(normalize(entry))[0], reason.strip()))
        else:
            urls.add(split_fragment(normalize(entry))[0])  # text after the URL is a note
    return Unconfirmed(frozenset(urls), tuple(patterns))


@dataclass(frozen=True)
class LocaleShare:
    """How many distinct docs.aws.amazon.com pages cited on one language's pages use its edition."""

    lang: str
    locale: str | None  # None: the plain (English) path
    matching: int
    total: int

    @property
    def share(self) -> float:
        return self.matching / self.total if self.total else 1.0

    def describe(self) -> str:
        edition = f"/{self.locale}/" if self.locale else "the plain path (no locale)"
        return (
            f"{self.lang} pages: {self.matching} of {self.total} docs.aws.amazon.com pages cited use "
            f"{edition} ({self.share:.1%})"
        )


def locale_shares(links: dict[str, tuple[Source, ...]]) -> list[LocaleShare]:
    """Per citing language: distinct docs pages (URL without fragment) and how many use its edition."""
    cited: dict[str, set[str]] = {}
    for url, sources in links.items():
        if (urlsplit(url).hostname or "").lower() != DOCS_HOST:
            continue
        for src in sources:
            if src.lang:
                cited.setdefault(src.lang, set()).add(split_fragment(normalize(url))[0])
    out = []
    for lang in sorted(cited):
        want = DOCS_LOCALE_BY_LANG.get(lang)
        matching = sum(1 for u in cited[lang] if locale_prefix(urlsplit(u).path) == want)
        out.append(LocaleShare(lang, want, matching, len(cited[lang])))
    return out


def _is_tracking(name: str) -> bool:
    n = name.lower()
    return n in TRACKING_PARAMS or n.startswith(TRACKING_PREFIXES)


def _query_keys(query: str) -> list[str]:
    return [unquote_plus(p.split("=", 1)[0]) for p in query.split("&") if p]


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters; other parameters keep their exact spelling."""
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and not _is_tracking(unquote_plus(p.split("=", 1)[0]))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))


def check_url(url: str, source: Source | None, unconfirmed: Unconfirmed | frozenset[str]) -> list[Finding]:
    """Offline findings for one URL at one citing place (``source`` None: language unknown).

    Every finding carries the same suggestion: the URL with all fixable problems fixed
    (None when a problem has no mechanical fix).
    """
    problems: list[tuple[str, str]] = []
    fixable = True
    fixed = url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()

    if parts.scheme.lower() != "https":
        problems.append(("https", "not https: AWS pages are served over https"))
        fixed = urlunsplit(("https",) + tuple(urlsplit(fixed))[1:])
    tracking = sorted({k for k in _query_keys(parts.query) if _is_tracking(k)})
    if tracking:
        problems.append(("tracking", f"tracking parameter(s) {', '.join(tracking)}: cite the clean URL"))
        fixed = strip_tracking(fixed)
    for rule, pattern, message, fix in DEAD_PATTERNS:
        if re.search(pattern, url, re.IGNORECASE):
            problems.append((rule, message))
            if fix:
                fixed = re.sub(fix[0], fix[1], fixed, count=1)
            else:
                fixable = False

    lang = source.lang if source is not None else None
    if host == DOCS_HOST and lang:
        have = locale_prefix(parts.path)
        want = DOCS_LOCALE_BY_LANG.get(lang)
        rule = f"language-{lang}"
        if want:
            bare = split_fragment(normalize(with_locale(url, None)))[0]
            if have and have != want:
                problems.append((rule, f"{lang} page cites the /{have}/ docs: use /{want}/"))
                fixed = with_locale(fixed, want)
            elif not have and bare not in unconfirmed:
                problems.append(
                    (
                        rule,
                        f"{lang} page cites the English docs: use the /{want}/ page, or list the "
                        f"URL in scripts/data/ja-unconfirmed.txt if no {want} copy exists",
                    )
                )
                fixed = with_locale(fixed, want)
        elif have:
            problems.append((rule, f"{lang} page cites the /{have}/ docs: drop the locale prefix"))
            fixed = with_locale(fixed, None)

    suggestion = fixed if fixable and fixed != url else None
    return [Finding(url, rule, message, suggestion, source) for rule, message in problems]
