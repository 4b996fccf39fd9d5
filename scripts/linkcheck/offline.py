"""Offline rules: no request, only what the URL itself and the citing page's language tell."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .model import Finding, Source, UsageError
from .urls import DOCS_HOST, locale_prefix, normalize, split_fragment, with_locale

#: Locale prefix a docs.aws.amazon.com link must carry on a page in that language.
#: Languages not listed (English) must cite the plain path, without any locale prefix.
DOCS_LOCALE_BY_LANG = {"ja": "ja_jp"}

#: Query parameters that only track the reader (matched case-insensitively).
TRACKING_PARAMS = frozenset(
    {"trk", "trkcampaign", "gclid", "fbclid", "msclkid", "s_kwcid", "ef_id", "mc_cid", "mc_eid",
     "_ga", "_gl", "nc1", "nc2", "icmpid"}
)
TRACKING_PREFIXES = ("utm_", "sc_", "trk_")

#: Known-dead or wrong URL shapes: (rule, regex on the whole URL, message, (find, replace) or None).
#: Kept conservative: legacy guides that still resolve (Amazon Machine Learning, Elastic
#: Inference …) are history worth citing and are not listed.
DEAD_PATTERNS = (
    ("china-site", r"^[a-z]+://(?:[^/?#]*\.)?amazonaws\.cn(?:[:/?#]|$)",
     "AWS China site: cite the global page on docs.aws.amazon.com", None),
    ("proxy-rewrite", r"^[a-z]+://[^/?#]*(?:rproxy|goskope)[^/?#]*(?:[/?#]|$)",
     "host rewritten by a corporate proxy: cite the original AWS host", None),
    ("markdown-variant", r"^[a-z]+://docs\.aws\.amazon\.com/[^?#]*\.md(?:[?#]|$)",
     "Markdown variant of a docs page: cite the .html page", (r"\.md(?=[?#]|$)", ".html")),
    ("console-link", r"^[a-z]+://(?:[^/?#]*\.)?(?:console|signin)\.aws\.amazon\.com(?:[:/?#]|$)",
     "console / sign-in link: needs an AWS account and cannot be verified; cite a docs page", None),
)

_AWS_LOOKALIKE = re.compile(r"(?:^|\.)aws\.amazon\.com\.|(?:^|\.)amazonaws\.cn$|rproxy|goskope")


def aws_lookalike_host(host: str) -> bool:
    """Hosts outside the allowlist that still stand for AWS pages (proxy rewrites, China site):
    collected in offline mode so the dead-pattern rules can flag them."""
    return bool(_AWS_LOOKALIKE.search(host.lower()))


def load_unconfirmed(path: Path | None) -> frozenset[str]:
    """URLs (without fragment, normalised) whose ``ja_jp`` copy could not be confirmed.
    One URL per line; ``#`` starts a comment. A missing file means an empty list."""
    if path is None or not path.exists():
        return frozenset()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    urls = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.add(split_fragment(normalize(line.split()[0]))[0])  # text after the URL is a note
    return frozenset(urls)


def _is_tracking(name: str) -> bool:
    n = name.lower()
    return n in TRACKING_PARAMS or n.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))


def check_url(url: str, source: Source | None, unconfirmed: frozenset[str]) -> list[Finding]:
    """Offline findings for one URL at one citing place (``source`` None: language unknown)."""
    findings: list[Finding] = []
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()

    def add(rule: str, message: str, suggestion: str | None) -> None:
        findings.append(Finding(url, rule, message, suggestion, source))

    if scheme != "https":
        add("https", "not https: AWS pages are served over https", urlunsplit(("https",) + tuple(parts)[1:]))
    tracking = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if _is_tracking(k)})
    if tracking:
        add("tracking", f"tracking parameter(s) {', '.join(tracking)}: cite the clean URL", strip_tracking(url))
    for rule, pattern, message, fix in DEAD_PATTERNS:
        if re.search(pattern, url, re.IGNORECASE):
            add(rule, message, re.sub(fix[0], fix[1], url, count=1) if fix else None)

    lang = source.lang if source is not None else None
    if host == DOCS_HOST and lang:
        have = locale_prefix(parts.path)
        want = DOCS_LOCALE_BY_LANG.get(lang)
        if want:
            bare = split_fragment(normalize(with_locale(url, None)))[0]
            if have == want:
                pass
            elif have:
                add(f"language-{lang}", f"{lang} page cites the /{have}/ docs: use /{want}/", with_locale(url, want))
            elif bare not in unconfirmed:
                add(
                    f"language-{lang}",
                    f"{lang} page cites the English docs: use the /{want}/ page, or list the URL in "
                    f"scripts/data/ja-unconfirmed.txt if no {want} copy exists",
                    with_locale(url, want),
                )
        elif have:
            add(f"language-{lang}", f"{lang} page cites the /{have}/ docs: drop the locale prefix",
                with_locale(url, None))
    return findings
