"""URL helpers: normalisation, fragments, host allowlist, AWS locale prefixes. Pure."""

from __future__ import annotations

import fnmatch
import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

#: Hosts checked when ``--host`` is not given.
DEFAULT_HOSTS = ("docs.aws.amazon.com", "aws.amazon.com", "*.aws.amazon.com")
#: The AWS documentation host, where the language rules apply.
DOCS_HOST = "docs.aws.amazon.com"

_LOCALE_SEGMENT = re.compile(r"^[a-z]{2}_[a-z]{2}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left alone when a URL is made safe for the request line.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


def split_fragment(url: str) -> tuple[str, str]:
    """``(url without fragment, fragment)``; the fragment is returned as written."""
    base, sep, frag = url.partition("#")
    return base, frag if sep else ""


def normalize(url: str) -> str:
    """Canonical form used as a key: lower-case scheme and host, no default port, path ``/``
    when empty. Path, query and fragment keep their spelling (AWS paths are case-sensitive)."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if parts.username or parts.password:
        netloc = parts.netloc.rpartition("@")[0] + "@" + host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, parts.query, parts.fragment))


def page_url(url: str) -> str:
    """The page a URL points at: normalised, without fragment."""
    return split_fragment(normalize(url))[0]


def is_http_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def host_key(url: str) -> str:
    """``host[:port]``: the unit for per-host limits."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def host_matches(url: str, patterns: tuple[str, ...] | list[str]) -> bool:
    """True when the URL's host matches one allowlist pattern.

    ``*.aws.amazon.com`` matches sub-domains (not the apex); a pattern with a port
    (``127.0.0.1:8000``) must match ``host:port``; a pattern without a port matches any port.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return False
    try:
        port = parts.port
    except ValueError:
        return False
    with_port = f"{host}:{port}" if port else host
    for pat in patterns:
        pat = pat.strip().lower()
        if not pat:
            continue
        target = with_port if ":" in pat else host
        if fnmatch.fnmatchcase(target, pat):
            return True
    return False


def locale_prefix(path: str) -> str | None:
    """The AWS docs locale segment a path starts with (``ja_jp``, ``fr_fr`` …), else None."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if _LOCALE_SEGMENT.match(first) else None


def strip_locale(path: str) -> str:
    loc = locale_prefix(path)
    if not loc:
        return path
    rest = path.lstrip("/")[len(loc) :]
    return rest if rest.startswith("/") else "/" + rest


def with_locale(url: str, locale: str | None) -> str:
    """The same docs URL with ``/<locale>/`` as first path segment (None: no locale)."""
    parts = urlsplit(url)
    path = strip_locale(parts.path)
    if locale:
        path = f"/{locale}{path}"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def decode_fragment(fragment: str) -> str:
    return unquote(fragment, errors="replace") if "%" in fragment else fragment


def request_target(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path?query)`` ready for ``http.client``: non-ASCII characters
    and spaces percent-encoded, host IDNA-encoded."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        host = host.encode("idna").decode("ascii")
    port = parts.port or _DEFAULT_PORTS[scheme]
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        path += "?" + quote(parts.query, safe=_SAFE_QUERY)
    return scheme, host, port, path
