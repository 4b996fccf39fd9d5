"""MkDocs hook: the MLA-C01 map (issue 14) and the ``checked:`` date of every page (issue 9).

* Under each ``##`` heading of a topic page, a badge row from the page's ``mla:`` front matter:
  one link per task id (``MLA 2.1`` -> ``mla-c01-map.md#task-2-1``), or an "MLS-C01 only" badge
  followed by the reason. The row is Markdown (links with ``attr_list`` classes) inserted after the
  heading line found by :func:`mlnotes.markdown.parse_page`, so MkDocs resolves and validates the
  links like any other.
* ``mla-c01-map.md`` of each language holds ``<!-- mla-map -->``: replaced by the domains with their
  weights, each task statement with the sections that serve it, a coverage line per domain, the
  "not covered here" list and the MLS-C01-only sections, all from ``scripts/data/mla-c01.yml``
  and the pages of that language.
* ``index.md`` holds ``<!-- mla-coverage -->``: replaced by the coverage numbers.
* Every page: ``checked:`` must be a date (the template ``partials/content.html`` shows it under
  the title). Both keys are required.

Interface strings come from ``extra.ui`` (``mla_*`` and ``checked_label``) of the language built.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from mlnotes import checked as checked_mod
from mlnotes.config import build_language
from mlnotes.config import ui as site_ui
from mlnotes.markdown import NON_TOPIC_PAGES, PageError, nav_order, parse_page, read_page
from mlnotes.mla import MAP_PAGE, Coverage, Guide, GuideError, collect, load_guide, page_mapping, task_anchor

MAP_MARKER = "<!-- mla-map -->"
HOME_MARKER = "<!-- mla-coverage -->"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|{}])")


def _esc(text: str) -> str:
    """Plain text safe inside a Markdown paragraph or link text."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _attr(text: str) -> str:
    return text.replace('"', "'")


# ---------------------------------------------------------------- pure Markdown builders


def badge_row(mapping, guide: Guide, lang: str, ui: dict[str, str], map_link: str = MAP_PAGE) -> str:
    """Markdown of the badge row of one section."""
    if mapping.mls_only is not None:
        return (
            f'<span class="mla-badge mla-badge--mls">{ui["mla_badge_mls"]}</span> '
            f'<span class="mla-reason">{_esc(mapping.mls_only)}</span>\n{{: .mla-badges }}'
        )
    links = []
    for tid in mapping.tasks:
        task = guide.task(tid)
        label = _attr(ui["mla_badge_label"].format(id=tid, title=task.title[lang] if task else ""))
        text = ui["mla_badge"].format(id=tid)
        links.append(f'[{text}]({map_link}#{task_anchor(tid)}){{ .mla-badge aria-label="{label}" }}')
    return " ".join(links) + "\n{: .mla-badges }"


def add_badges(markdown: str, mappings: dict, guide: Guide, lang: str, ui: dict[str, str]) -> str:
    """Insert the badge row after each mapped `##` heading of a page's Markdown (no front matter)."""
    page = parse_page(markdown)
    lines = markdown.split("\n")
    for h in sorted(page.headings, key=lambda h: h.line, reverse=True):
        if h.level != 2 or h.id not in mappings:
            continue
        lines[h.line : h.line] = ["", badge_row(mappings[h.id], guide, lang, ui), ""]
    return "\n".join(lines)


def map_markdown(cov: Coverage, lang: str, ui: dict[str, str]) -> str:
    g = cov.guide
    covered, total = cov.total
    out = [
        "*"
        + ui["mla_map_source"].format(
            checked=g.checked.isoformat(), exam=g.exam, source=g.source[lang], in_scope=g.in_scope[lang]
        )
        + "*",
        "",
        ui["mla_map_total"].format(covered=covered, total=total, mapped=len(cov.mapped), mls=len(cov.mls_only)),
        "",
    ]
    study = {t.id: [n for n in g.not_covered if t.id in n.tasks] for t in g.tasks}
    for domain, dcov, dtotal in cov.domain_counts():
        title = ui["mla_map_domain"].format(id=domain.id, title=domain.title[lang], weight=domain.weight)
        out += [f"## {title} {{ #{domain.anchor} }}", ""]
        out += [
            ui["mla_map_coverage"].format(covered=dcov, total=dtotal, id=domain.id, source=domain.source[lang])
            + "\n{: .mla-coverage }",
            "",
        ]
        for task in domain.tasks:
            out += [f"### {task.id} {_esc(task.title[lang])} {{ #{task.anchor} }}", ""]
            refs = cov.by_task.get(task.id, [])
            if refs:
                out += [f"- [{_esc(r.page_title)} › {r.heading}]({r.target})" for r in refs]
            else:
                out.append(f"- *{ui['mla_map_none']}*")
            for item in study[task.id]:
                out.append(f"- {ui['mla_map_study']}: [{_esc(item.title[lang])}]({item.link[lang]})")
            out.append("")
    out += [f"## {ui['mla_map_not_covered']} {{ #not-covered }}", ""]
    out += [ui["mla_map_not_covered_intro"].format(exam=g.exam, n=len(g.not_covered)), ""]
    for item in g.not_covered:
        ids = ", ".join(f"[{t}](#{task_anchor(t)})" for t in item.tasks)
        out.append(f"- [{_esc(item.title[lang])}]({item.link[lang]}) — {ui['mla_map_tasks'].format(ids=ids)}")
    out += ["", f"## {ui['mla_map_mls_only']} {{ #mls-only }}", ""]
    out += [ui["mla_map_mls_only_intro"].format(exam=g.exam, n=len(cov.mls_only)), ""]
    out += [f"- [{_esc(r.page_title)} › {r.heading}]({r.target}) — {_esc(r.reason or '')}" for r in cov.mls_only]
    out.append("")
    return "\n".join(out)


def home_markdown(cov: Coverage, ui: dict[str, str]) -> str:
    covered, total = cov.total
    domains = ui["mla_home_sep"].join(
        ui["mla_home_domain"].format(id=d.id, covered=c, total=t) for d, c, t in cov.domain_counts()
    )
    text = ui["mla_home"].format(
        exam=cov.guide.exam,
        covered=covered,
        total=total,
        domains=domains,
        nc=len(cov.guide.not_covered),
        mls=len(cov.mls_only),
    )
    return text + "\n{: .mla-home-coverage }"


# ---------------------------------------------------------------- MkDocs events


def _shown(path: Path) -> str:
    return str(path)  # absolute, like the other hooks' messages


def _fail(problems: list[PageError]) -> None:
    if problems:
        lines = [f"{_shown(p.path)}:{p.line}: {p.message}" for p in problems]
        raise PluginError("front matter:\n" + "\n".join(lines))


def on_config(config):
    try:
        load_guide()
    except GuideError as exc:
        raise PluginError(f"MLA-C01 map: {_shown(exc.path)}:{exc.line}: {exc.message}") from None
    return config


def _problems(source, guide: Guide, topic: bool) -> tuple[dict, list[PageError]]:
    problems = checked_mod.check_page(source, required=True)
    mappings = {}
    if topic:
        mappings, more = page_mapping(source, guide, required=True)
        problems += more
    return mappings, problems


def on_page_markdown(markdown, page, config, files):
    src = Path(page.file.abs_src_path)
    lang = build_language(config)
    ui = site_ui(config)
    topic = src.name not in NON_TOPIC_PAGES and src.name != MAP_PAGE
    try:
        guide = load_guide()
        # Fast path: MkDocs has parsed the front matter already. Only a page with a problem is read
        # again from its source, for the line numbers of the messages.
        quick = dataclasses.replace(parse_page(markdown, src), meta=dict(page.meta or {}))
        mappings, problems = _problems(quick, guide, topic)
        if problems:
            _fail(_problems(read_page(src), guide, topic)[1] or problems)
    except PageError as exc:
        raise PluginError(f"{_shown(exc.path)}:{exc.line}: {exc.message}") from None
    if topic:
        markdown = add_badges(markdown, mappings, guide, lang, ui)
    if MAP_MARKER in markdown or HOME_MARKER in markdown:
        try:
            cov = collect(src.parent, nav_order(config.get("nav")), guide, required=False)
        except PageError as exc:
            raise PluginError(f"MLA-C01 map: {_shown(exc.path)}:{exc.line}: {exc.message}") from None
        markdown = markdown.replace(MAP_MARKER, map_markdown(cov, lang, ui))
        markdown = markdown.replace(HOME_MARKER, home_markdown(cov, ui))
    return markdown
