"""MkDocs hook: generate the print page of the PDF cheat sheet of each language from the pages.

At the end of the build of each language this hook writes ``<site>/pdf/cheatsheet-<lang>.html``, a
standalone A4 print page made from the service pages of that language (nav order): per page its
title, per ``##`` section its bullets, code blocks, tables, every ``!!! trap`` and every
``!!! changed`` admonition. Nothing is copied by hand, so editing a page changes the cheat sheet.
``python -m mlnotes.pdf`` renders these print pages to ``<site>/pdf/cheatsheet-<lang>.pdf`` with
headless Chromium, choosing the most detailed *level* that fits on ``MAX_PAGES`` pages:

====== ==================================================================================
level  what is left out (cumulative; CSS classes ``lv1`` … ``lv9`` on ``<html>``)
====== ==================================================================================
0      nothing
1      admonition bodies after their first sentence (``.rest``)
2      paragraphs (``.para``)
3      "plain" bullets (no figure, code span or bold text) after the third of their section
4      … after the second
5      … after the first
6      tables (``.tbl``)
7      all plain bullets (``li.p0``)
8      admonition first sentences (``.first``): titles only
9      the same at 7 pt instead of 7.4 pt
====== ==================================================================================

Bullets with a figure, a code span or bold text, code blocks (formulas, worked examples) and the
title of every trap and change note are on the sheet at every level. A section (or page) left with nothing visible is hidden (``.empty``).

The hook also registers ``pdf/cheatsheet-<lang>.pdf`` as an (excluded) file of the build, so pages
can link to it (``[PDF](pdf/cheatsheet-ja.pdf)`` from ``docs/ja/index.md``) and the link survives
``mkdocs build --strict``. The PDF itself is written after the build by ``make pdf``.
"""

from __future__ import annotations

import datetime as _dt
import html
import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.exceptions import PluginError

from mlnotes.markdown import (
    CHANGED,
    TRAP,
    Admonition,
    PageError,
    card_comment_lines,
    is_aws_doc,
    nav_order,
    parse_page,
    topic_pages,
)
from mlnotes.paths import ROOT

CSS_PATH = ROOT / "docs" / "stylesheets" / "cheatsheet.css"
SKIP_SECTIONS = {"see-also"}
MAX_LEVEL = 9
MAX_PAGES = 4

LABELS = {
    "ja": {
        "title": "試験前夜チートシート",
        "built": "{date} ビルド",
        "trap": "試験の罠",
        "changed": "試験当時からの変更・訂正",
        "count": "{pages} ページ・罠 {traps} 件・変更 {changes} 件",
        "web": "全文と出典は Web 版",
        "cont": "(続き)",
        "summary": "要約版: 長い説明は省略",
        "footer": "{site} — {title} ({date})",
    },
    "en": {
        "title": "Exam-eve cheat sheet",
        "built": "built {date}",
        "trap": "exam trap",
        "changed": "changed since the exam",
        "count": "{pages} pages · {traps} traps · {changes} change notes",
        "web": "full text and sources on the web",
        "cont": "(continued)",
        "summary": "summary: long explanations left out",
        "footer": "{site} — {title} ({date})",
    },
}

SOURCES_RE = re.compile(r"^\s*(?:出典|Sources?)\s*(?:\([^)]*\))?\s*[:：]")
LIST_ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+")
TABLE_RE = re.compile(r"^\s*\|")
FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")
HEADING_RE = re.compile(r"^(#{2,6})\s+(.*?)\s*(?:\{\s*#([A-Za-z0-9_\-]+)\s*\})?\s*$")
ADMONITION_START_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+[a-z]")
FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]]+\]")
ATTR_LIST_RE = re.compile(r"\s*\{:?\s*[.#][^}]*\}\s*$")
KEY_RE = re.compile(r"\d|`|\*\*|__")
HREF_RE = re.compile(r'href="([^"]+)"')
LINK_MD_RE = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SPACES_RE = re.compile(r"\s{2,}")
ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "cf.", "No.", "Inc.", "Ltd.")


# --------------------------------------------------------------------------------------------
# Model: what goes on the sheet
# --------------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "list" | "table" | "code" | "para" | "heading" | "trap" | "changed"
    text: str  # Markdown source (for admonitions: the body)
    title: str = ""  # admonition title / heading text


@dataclass
class Section:
    id: str | None
    title: str
    source: str | None  # first AWS documentation link of the section's sources line
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Service:
    name: str  # file name, e.g. "kinesis.md"
    title: str
    sections: list[Section] = field(default_factory=list)

    @property
    def traps(self) -> int:
        return sum(b.kind == TRAP for s in self.sections for b in s.blocks)

    @property
    def changes(self) -> int:
        return sum(b.kind == CHANGED for s in self.sections for b in s.blocks)


def _split_blocks(lines: list[str], admonitions: dict[int, Admonition]) -> tuple[list[Block], str | None]:
    """Blocks of one ``##`` section body (lines are (number, text) pairs already unpacked)."""
    blocks: list[Block] = []
    source: str | None = None
    i = 0
    n = len(lines)
    numbers = [num for num, _ in lines]
    texts = [t for _, t in lines]
    while i < n:
        num, raw = numbers[i], texts[i]
        if not raw.strip():
            i += 1
            continue
        if num in admonitions:
            adm = admonitions[num]
            blocks.append(Block(adm.type, "\n".join(adm.body), adm.title or ""))
            i += 1
            while i < n and (not texts[i].strip() or texts[i].startswith("    ")):
                i += 1
            continue
        if ADMONITION_START_RE.match(raw):  # another admonition type (note, tip, details…)
            i += 1
            body = []
            while i < n and (not texts[i].strip() or texts[i].startswith("    ")):
                body.append(texts[i][4:])
                i += 1
            blocks.append(Block("para", "\n".join(body).strip()))
            continue
        fence = FENCE_RE.match(raw)
        if fence:
            marker = fence.group("fence")
            body = []
            i += 1
            while i < n and not texts[i].strip().startswith(marker):
                body.append(texts[i])
                i += 1
            i += 1
            blocks.append(Block("code", "\n".join(body)))
            continue
        heading = HEADING_RE.match(raw)
        if heading:
            blocks.append(Block("heading", "", heading.group(2)))
            i += 1
            continue
        if TABLE_RE.match(raw):
            rows = []
            while i < n and TABLE_RE.match(texts[i]):
                rows.append(texts[i])
                i += 1
            blocks.append(Block("table", "\n".join(rows)))
            continue
        if SOURCES_RE.match(raw):
            for m in LINK_MD_RE.finditer(raw):
                if is_aws_doc(m.group(1)):
                    source = source or m.group(1)
            i += 1
            continue
        item = LIST_ITEM_RE.match(raw)
        if item and not item.group("indent"):
            # one top-level item with its continuation lines and nested items
            body = [raw]
            i += 1
            while (
                i < n
                and texts[i].strip()
                and (
                    texts[i].startswith((" ", "\t"))
                    or not (
                        LIST_ITEM_RE.match(texts[i])
                        or FENCE_RE.match(texts[i])
                        or TABLE_RE.match(texts[i])
                        or numbers[i] in admonitions
                        or SOURCES_RE.match(texts[i])
                    )
                )
            ):
                body.append(texts[i])
                i += 1
            # a blank line followed by an indented line still belongs to the item
            while (
                i + 1 < n
                and not texts[i].strip()
                and texts[i + 1].startswith("    ")
                and numbers[i + 1] not in admonitions
            ):
                body.append("")
                i += 1
                while i < n and (
                    texts[i].startswith("    ") or (texts[i].strip() and not LIST_ITEM_RE.match(texts[i]))
                ):
                    body.append(texts[i])
                    i += 1
            blocks.append(Block("list", "\n".join(body)))
            continue
        # paragraph
        body = [raw]
        i += 1
        while (
            i < n
            and texts[i].strip()
            and not (
                LIST_ITEM_RE.match(texts[i])
                or FENCE_RE.match(texts[i])
                or TABLE_RE.match(texts[i])
                or HEADING_RE.match(texts[i])
                or numbers[i] in admonitions
                or SOURCES_RE.match(texts[i])
            )
        ):
            body.append(texts[i])
            i += 1
        blocks.append(Block("para", "\n".join(body)))
    return blocks, source


def _without_cards(adm: Admonition, cards: set[int]) -> Admonition:
    body = [t for i, t in enumerate(adm.body) if adm.line + 1 + i not in cards]
    while body and not body[-1].strip():
        body.pop()
    return replace(adm, body=tuple(body))


def collect(lang_dir: Path, order: list[str]) -> list[Service]:
    """Everything the cheat sheet of one language shows, read from the pages in ``lang_dir``."""
    services: list[Service] = []
    for name in topic_pages(lang_dir, order):
        page = parse_page((lang_dir / name).read_text(encoding="utf-8"), lang_dir / name)
        service = Service(name, page.title or name[:-3])
        cards = card_comment_lines(page.lines)  # active-recall cards are not printed
        admonitions = {a.line: _without_cards(a, cards) for a in page.admonitions}
        for heading in page.headings:
            if heading.level != 2 or heading.id in SKIP_SECTIONS:
                continue
            body = [(n, t) for n, t in page.section_lines(heading.id) if n not in cards] if heading.id else []
            blocks, source = _split_blocks(body, admonitions)
            # drop a trailing sub-heading with nothing under it, and sections that are empty
            if any(b.kind != "heading" for b in blocks):
                service.sections.append(Section(heading.id, heading.text, source, blocks))
        if service.sections:
            services.append(service)
    return services


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def split_first_sentence(text: str) -> tuple[str, str]:
    """(first sentence, rest) of a Markdown paragraph; never splits inside code or link syntax."""
    if not re.search(r"^\s*(?:[-*+]|\d+\.)\s", text, re.M):  # plain lines: one paragraph
        text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    depth = 0
    code = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "`":
            code = not code
        elif not code and ch in "[(":
            depth += 1
        elif not code and ch in "])" and depth:
            depth -= 1
        elif not code and depth == 0:
            if ch == "。":
                return text[: i + 1], text[i + 1 :].strip()
            if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
                word = text[: i + 1].rsplit(" ", 1)[-1]
                if word not in ABBREVIATIONS and not re.fullmatch(r"[A-Z]\.", word):
                    return text[: i + 1], text[i + 1 :].strip()
        i += 1
    return text, ""


class Renderer:
    """Markdown → HTML with the site's own Markdown extensions; links made absolute."""

    def __init__(self, markdown_extensions=None, mdx_configs=None, site_url: str = "", lang_prefix: str = ""):
        import markdown

        exts = [e for e in (markdown_extensions or ["tables", "attr_list"]) if e != "toc"]
        self.md = markdown.Markdown(extensions=exts, extension_configs=dict(mdx_configs or {}))
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.lang_prefix = lang_prefix

    def page_url(self, name: str, anchor: str | None = None) -> str:
        stem = name[:-3] if name.endswith(".md") else name
        path = "" if stem == "index" else stem + "/"
        url = f"{self.site_url}{self.lang_prefix}{path}"
        return url + (f"#{anchor}" if anchor else "")

    def _fix_href(self, m: re.Match) -> str:
        href = html.unescape(m.group(1))
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("#"):
            return m.group(0)
        path, _, anchor = href.partition("#")
        if path.endswith(".md"):
            href = self.page_url(posix_name(path), anchor or None)
        return f'href="{html.escape(href, quote=True)}"'

    def block(self, text: str) -> str:
        text = FOOTNOTE_REF_RE.sub("", text)
        self.md.reset()
        out = self.md.convert(text)
        return HREF_RE.sub(self._fix_href, out)

    def inline(self, text: str) -> str:
        out = self.block(text.strip()).strip()
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return out


def posix_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _li(html_list: str, css_class: str) -> str:
    """Turn ``<ul><li>…</li></ul>`` of one item into ``<li class=…>…</li>``."""
    inner = re.sub(r"^\s*<(ul|ol)[^>]*>\s*", "", html_list)
    inner = re.sub(r"\s*</(ul|ol)>\s*$", "", inner)
    return re.sub(r"^<li>", f'<li class="{css_class}">', inner, count=1)


def render_code(text: str) -> str:
    """A code block for a narrow column: one line per line with a hanging indent, indentation
    kept as a step, alignment runs of spaces collapsed, blank lines dropped."""
    lines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = " ind" if line[:1] in (" ", "\t") else ""
        code = html.escape(SPACES_RE.sub(" ", line.strip()))
        lines.append(f'<span class="ln{indent}">{code}</span>')
    return f'<pre class="code">{"".join(lines)}</pre>'


def render_blocks(blocks: list[Block], r: Renderer) -> list[str]:
    out: list[str] = []
    items: list[str] = []

    def flush():
        if items:
            out.append('<ul class="facts">' + "".join(items) + "</ul>")
            items.clear()

    plain = 0  # rank of a plain bullet within its section: p0, p1, p2, p3 (= third and later)
    for b in blocks:
        if b.kind == "list":
            text = LIST_ITEM_RE.sub("- ", b.text, count=1)
            if KEY_RE.search(b.text):
                css = "key"
            else:
                css = f"plain p{min(plain, 3)}"
                plain += 1
            items.append(_li(r.block(text), css))
            continue
        flush()
        if b.kind in (TRAP, CHANGED):
            first, rest = split_first_sentence(b.text)
            icon = "⚠" if b.kind == TRAP else "Δ"
            parts = [f'<div class="adm {b.kind}"><p><b class="t">{r.inline(b.title)}</b>']
            if first:
                parts.append(f' <span class="first">{r.inline(first)}</span>')
            if rest:
                if re.search(r"^\s*(?:[-*+]|\d+\.)\s|^\s*\|", rest, re.M):
                    parts.append(f'</p><div class="rest">{r.block(rest)}</div></div>')
                else:
                    parts.append(f' <span class="rest">{r.inline(rest)}</span></p></div>')
            else:
                parts.append("</p></div>")
            out.append("".join(parts).replace('<b class="t">', f'<b class="t"><i aria-hidden="true">{icon}</i> ', 1))
        elif b.kind == "para":
            first, rest = split_first_sentence(b.text)
            rest_html = f' <span class="rest">{r.inline(rest)}</span>' if rest else ""
            out.append(f'<p class="para"><span class="first">{r.inline(first)}</span>{rest_html}</p>')
        elif b.kind == "code":
            out.append(render_code(b.text))
        elif b.kind == "table":
            out.append(f'<div class="tbl">{r.block(b.text)}</div>')
        elif b.kind == "heading":
            out.append(f"<h4>{r.inline(b.title)}</h4>")
    flush()
    return out


def render_html(
    services: list[Service], *, lang: str, site_name: str, site_url: str, build_date: str, css: str, renderer: Renderer
) -> str:
    labels = LABELS.get(lang, LABELS["en"])
    traps = sum(s.traps for s in services)
    changes = sum(s.changes for s in services)
    title = f"{site_name} — {labels['title']}"
    body: list[str] = []
    for svc in services:
        cont = html.escape(f"{svc.title} {labels['cont']}", quote=True)
        body.append(f'<section class="svc" id="{html.escape(svc.name[:-3])}" data-cont="{cont}">')
        body.append(
            f'<h2><a href="{html.escape(renderer.page_url(svc.name))}">{r_inline(renderer, svc.title)}</a></h2>'
        )
        for sec in svc.sections:
            href = sec.source or renderer.page_url(svc.name, sec.id)
            body.append('<div class="sec">')
            body.append(f'<h3><a href="{html.escape(href)}">{r_inline(renderer, sec.title)}</a></h3>')
            body.extend(render_blocks(sec.blocks, renderer))
            body.append("</div>")
        body.append("</section>")
    count = labels["count"].format(pages=len(services), traps=traps, changes=changes)
    web = renderer.page_url("index.md") if renderer.site_url else ""
    web_html = f' · <a href="{html.escape(web)}">{labels["web"]}</a>' if web else ""
    footer = labels["footer"].format(site=site_name, title=labels["title"], date=build_date)
    return f"""<!doctype html>
<html lang="{lang}" data-level="0" data-max-level="{MAX_LEVEL}" data-max-pages="{MAX_PAGES}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="cheatsheet-footer" content="{html.escape(footer, quote=True)}">
<title>{html.escape(title)}</title>
<style>
{css}
</style>
</head>
<body>
<header class="cs-head">
<h1>{html.escape(site_name)} <span>{labels["title"]}</span></h1>
<p class="cs-meta"><time datetime="{build_date}">{labels["built"].format(date=build_date)}</time> · {count}{web_html}<span class="cs-summary"> · {labels["summary"]}</span></p>
<p class="cs-legend"><span class="adm trap"><b class="t"><i aria-hidden="true">⚠</i> {labels["trap"]}</b></span> <span class="adm changed"><b class="t"><i aria-hidden="true">Δ</i> {labels["changed"]}</b></span></p>
</header>
<main class="cs-cols">
{chr(10).join(body)}
</main>
</body>
</html>
"""


def r_inline(renderer: Renderer, text: str) -> str:
    return renderer.inline(ATTR_LIST_RE.sub("", text))


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return _dt.date.today().isoformat()


def generate(
    docs_dir: Path,
    lang: str,
    *,
    default_lang: str,
    order: list[str],
    site_name: str,
    site_url: str,
    markdown_extensions=None,
    mdx_configs=None,
    date: str | None = None,
) -> str:
    """The print page of one language as an HTML string."""
    renderer = Renderer(markdown_extensions, mdx_configs, site_url, "" if lang == default_lang else f"{lang}/")
    services = collect(docs_dir / lang, order)
    css = CSS_PATH.read_text(encoding="utf-8")
    return render_html(
        services,
        lang=lang,
        site_name=site_name,
        site_url=site_url,
        build_date=date or build_date(),
        css=css,
        renderer=renderer,
    )


# --------------------------------------------------------------------------------------------
# MkDocs events
# --------------------------------------------------------------------------------------------


def _lang(config) -> str:
    return config.theme.get("language", "en") if hasattr(config, "theme") else "en"


def _default_lang(config) -> str:
    i18n = config.plugins.get("i18n") if hasattr(config, "plugins") else None
    if i18n is not None and getattr(i18n, "default_language", None):
        return i18n.default_language
    return "ja"


try:
    from mkdocs.plugins import event_priority
except ImportError:  # pragma: no cover

    def event_priority(priority):
        return lambda f: f


class _PdfLinkNote(logging.Filter):
    """Drop MkDocs' note that a link to ``pdf/cheatsheet-*.pdf`` targets an excluded file: it is
    excluded on purpose (written after the build), so the note would only worry readers."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        return not ("cheatsheet-" in msg and ".pdf' which is excluded from the built site" in msg)


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
if not any(isinstance(f, _PdfLinkNote) for f in _PAGES_LOG.filters):
    _PAGES_LOG.addFilter(_PdfLinkNote())


@event_priority(-150)  # after static-i18n (-100) has rebuilt the file list of the language
def on_files(files, config):
    """Register ``pdf/cheatsheet-<lang>.pdf`` so that Markdown links to it validate under --strict."""
    from mkdocs.structure.files import File, InclusionLevel

    lang = _lang(config)
    uri = f"pdf/cheatsheet-{lang}.pdf"
    if files.get_file_from_path(uri) is None:
        # excluded: nothing is written by MkDocs; the URL is the site root for every language
        files.append(File.generated(config, uri, content=b"", inclusion=InclusionLevel.EXCLUDED))
    return files


def on_post_build(config):
    lang = _lang(config)
    out = Path(config.site_dir) / "pdf" / f"cheatsheet-{lang}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        text = generate(
            Path(config.docs_dir),
            lang,
            default_lang=_default_lang(config),
            order=nav_order(config.get("nav")),
            site_name=config.site_name,
            site_url=config.site_url or "",
            markdown_extensions=config.markdown_extensions,
            mdx_configs=config.mdx_configs,
        )
    except PageError as exc:  # a malformed page: name it, stop the build without a traceback
        raise PluginError(f"cheat sheet: {exc}") from None
    out.write_text(text, encoding="utf-8")
