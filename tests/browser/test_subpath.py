"""The site works under a sub-path, as on GitHub Pages (https://<owner>.github.io/<repo>/).

The strict build (``site_url`` = the loopback server under /aws-ml-notes/) is served by
``site_server`` with nothing outside /aws-ml-notes/. A plain HTTP crawl starts at the two home
pages and follows everything a browser would load or a reader could click on this host:

* ``href``/``src``/``srcset`` in every page (links, stylesheets, scripts, icons, images, PDFs,
  hreflang alternates, canonical URLs), ``content`` of ``og:url``;
* what Material's JavaScript fetches, read from each page's ``__config``: the search worker, the
  search index of the page's language (``<base>search/search_index.json``), the lunr language
  scripts the worker imports (and ``<base>sitemap.xml`` if instant navigation is on);
* ``url(...)`` in the stylesheets;
* every ``<loc>`` and ``xhtml:link`` of ``sitemap.xml`` (and ``sitemap.xml.gz``), every result
  location of the search indexes;
* the 404 pages as GitHub Pages serves them, at a URL several folders deep.

Every one of these must answer 200 without a redirect, and none may leave /aws-ml-notes/. Every
built page must be reachable by links from the home pages.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import pytest

URL_ATTRS = {"href", "src", "data", "poster", "data-cards"}  # data-cards: the self-test's card data
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
CSS_IMPORT = re.compile(r"@import\s+(['\"])([^'\"]+)\1")
MATERIAL_WORKER = re.compile(r"/workers/search\.[0-9a-f]+\.min\.js$")
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


class PageRefs(HTMLParser):
    """URLs a page references, and Material's ``__config`` JSON."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.config: dict | None = None
        self._in_config = False
        self._config_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v for k, v in attrs if v is not None}
        for name in URL_ATTRS & a.keys():
            self.urls.append(a[name])
        if "srcset" in a:
            self.urls += [part.strip().split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "meta" and a.get("property") == "og:url":
            self.urls.append(a.get("content", ""))
        if tag == "script" and a.get("id") == "__config":
            self._in_config = True

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._in_config:
            self._config_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_config:
            self._in_config = False
            self.config = json.loads("".join(self._config_text))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx surfaces as an HTTPError


OPENER = urllib.request.build_opener(NoRedirect)


@dataclass
class Crawl:
    base_url: str
    host: str = ""
    prefix: str = ""  # /aws-ml-notes/
    seen: dict[str, str] = field(default_factory=dict)  # url -> first referrer
    queue: deque = field(default_factory=deque)
    problems: list[str] = field(default_factory=list)
    unbuilt_pdfs: list[str] = field(default_factory=list)
    pages: set[str] = field(default_factory=set)
    fetched: int = 0

    def __post_init__(self):
        self.host = urlsplit(self.base_url).netloc
        self.prefix = urlsplit(self.base_url).path

    def add(self, ref: str, against: str, referrer: str) -> None:
        ref = (ref or "").strip()
        if not ref or ref.startswith("#") or ref.lower().startswith(SKIP_SCHEMES):
            return
        url = urldefrag(urljoin(against, ref))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            return  # another host: not this test's business (the AWS link checker's)
        if not parts.path.startswith(self.prefix):
            self.problems.append(f"escapes {self.prefix}: {ref!r} -> {parts.path} (in {referrer})")
            return
        url = url.split("?")[0]
        if url not in self.seen:
            self.seen[url] = referrer
            self.queue.append(url)

    def fetch(self, url: str) -> tuple[bytes, str] | None:
        self.fetched += 1
        try:
            with OPENER.open(url, timeout=10) as resp:
                return resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            if err.code == 404 and url.endswith(".pdf"):
                self.unbuilt_pdfs.append(url)  # judged by test_pdf_links_have_a_pdf_or_its_print_page
                return None
            kind = "redirect" if 300 <= err.code < 400 else "error"
            self.problems.append(f"{err.code} {kind}: {url} (from {self.seen.get(url)})")
        except OSError as err:  # pragma: no cover - the server died
            self.problems.append(f"unreachable: {url}: {err}")
        return None

    def run(self) -> None:
        while self.queue:
            url = self.queue.popleft()
            got = self.fetch(url)
            if got is None:
                continue
            body, ctype = got
            path = urlsplit(url).path
            if "text/html" in ctype:
                self.pages.add(url)
                self.html(body.decode("utf-8"), url, url)
            elif path.endswith(".css"):
                self.css(body.decode("utf-8"), url)
            elif path.endswith("sitemap.xml"):
                self.sitemap(body, url)
            elif path.endswith("sitemap.xml.gz"):
                self.sitemap(gzip.decompress(body), url)
            elif path.endswith("search_index.json"):
                self.search_index(body, url)

    def html(self, text: str, url: str, referrer: str) -> None:
        refs = PageRefs()
        refs.feed(text)
        for ref in refs.urls:
            self.add(ref, url, referrer)
        config = refs.config
        if config:
            base = urljoin(url, config["base"].rstrip("/") + "/")
            self.add("search/search_index.json", base, f"__config.base of {referrer}")
            if "navigation.instant" in (config.get("features") or []):
                self.add("sitemap.xml", base, f"__config.base of {referrer} (instant navigation)")
            if config.get("search"):
                search = urljoin(url, config["search"])
                self.add(search, url, f"__config.search of {referrer}")
                # a worker wrapper names the worker it loads in its query (?worker=search.<hash>.min.js)
                for value in parse_qs(urlsplit(search).query).values():
                    for script in value:
                        if script.endswith(".js"):
                            self.add(script, search, f"worker loaded by {search}")

    def css(self, text: str, url: str) -> None:
        for match in list(CSS_URL.finditer(text)) + list(CSS_IMPORT.finditer(text)):
            self.add(match[2], url, url)

    def sitemap(self, body: bytes, url: str) -> None:
        root = ET.fromstring(body)
        for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS):
            self.absolute(loc.text or "", url)
        for alt in root.iterfind("sm:url/xhtml:link", SITEMAP_NS):
            self.absolute(alt.get("href", ""), url)

    def absolute(self, ref: str, referrer: str) -> None:
        if not ref.startswith(self.base_url):
            self.problems.append(f"not an absolute URL under site_url: {ref!r} (in {referrer})")
        self.add(ref, referrer, referrer)

    def search_index(self, body: bytes, url: str) -> None:
        index = json.loads(body)
        base = urljoin(url, "../")  # <base>search/search_index.json
        for doc in index.get("docs", []):
            self.add(doc["location"], base, url)
        # the lunr scripts the search worker imports for the index's languages
        langs = index.get("config", {}).get("lang", [])
        worker = next((u for u in self.seen if MATERIAL_WORKER.search(u)), None)
        if worker and langs:
            lunr = urljoin(worker, "../lunr/")
            scripts = ["min/lunr.stemmer.support.min.js"]
            scripts += ["tinyseg.js" for lang in langs if lang == "ja"]
            scripts += [f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"]
            scripts += ["min/lunr.multi.min.js"] if len(langs) > 1 else []
            for script in scripts:
                self.add(script, lunr, f"search worker for {url}")


@pytest.fixture(scope="module")
def crawl(site_server) -> Crawl:
    crawl = Crawl(site_server.base_url)
    crawl.add("./", site_server.base_url, "start")
    crawl.add("en/", site_server.base_url, "start")
    crawl.add("sitemap.xml", site_server.base_url, "start")
    crawl.add("sitemap.xml.gz", site_server.base_url, "start")
    crawl.run()  # the worker is known once a page was read: index languages need a second pass
    for url in [u for u in crawl.seen if u.endswith("search_index.json")]:
        got = crawl.fetch(url)
        if got:
            crawl.search_index(got[0], url)
    crawl.run()
    # 404 pages: GitHub Pages serves <site>/404.html for any missing URL, at any depth
    for page_404, missing in (("404.html", "no/such/page/"), ("en/404.html", "en/no/such/page/")):
        path = site_server.site / page_404
        if path.exists():
            crawl.html(path.read_text(encoding="utf-8"), site_server.base_url + missing, page_404)
    crawl.run()
    return crawl


def built_pages(site: Path, base_url: str) -> set[str]:
    pages = set()
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        pages.add(base_url if rel == "." else f"{base_url}{rel}/")
    return pages


def test_nothing_is_missing_and_nothing_escapes_the_subpath(crawl):
    assert crawl.problems == []


def test_every_page_is_reachable_from_the_home_pages(crawl, site_server):
    assert built_pages(site_server.site, site_server.base_url) - crawl.pages == set()


def test_the_crawl_covered_what_a_browser_loads(crawl, site_server):
    base = site_server.base_url
    seen = set(crawl.seen)
    for lang_base in (base, base + "en/"):
        assert lang_base + "search/search_index.json" in seen, lang_base
    assert base + "sitemap.xml" in seen
    assert any(u.endswith(".css") and "/assets/stylesheets/main." in u for u in seen)
    assert any(u.endswith(".js") and "/assets/javascripts/bundle." in u for u in seen)
    assert any("/lunr/tinyseg.js" in u for u in seen), "the Japanese index loads TinySegmenter"
    assert base + "stylesheets/extra.css" in seen


def test_pdf_links_have_a_pdf_or_its_print_page(crawl, site_server):
    """PDF cheat sheets. Links to them are crawled like any other (so they stay under the
    sub-path). The plain test build has no PDFs (``make pdf`` renders them after ``mkdocs build``
    from ``pdf/<name>.html``): a PDF link that is not built yet must have that print page."""
    for url in crawl.unbuilt_pdfs:
        print_page = site_server.site / url[len(site_server.base_url) :]
        assert print_page.with_suffix(".html").is_file(), f"{url}: neither the PDF nor its print page"


def test_the_crawl_covered_the_self_test_data_and_the_decks(crawl, site_server):
    """The Anki decks linked from the home and self-test pages, and the card data of each self-test page."""
    base = site_server.base_url
    for lang_base, lang in ((base, "ja"), (base + "en/", "en")):
        assert lang_base + "self-test/" in crawl.pages
        assert f"{base}selftest/cards-{lang}.json" in crawl.seen
        for deck in (f"aws-ml-notes-{lang}.apkg", "aws-ml-notes-terms.apkg"):
            assert f"{base}anki/{deck}" in crawl.seen
