"""MkDocs hook: generate the exam-traps index of each language from the pages themselves.

The page ``exam-traps.md`` of each language holds the marker ``<!-- traps-index -->``. At build
time the marker is replaced by a list of every ``!!! trap`` admonition (and, after it, every
``!!! changed`` admonition) found in the other pages of the same language, each linking to the
section that holds it. The index can therefore never drift from the pages.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from mlnotes.config import ui
from mlnotes.markdown import CHANGED, TRAP, PageError, nav_order, read_page, topic_pages

MARKER = "<!-- traps-index -->"


def build_index(lang_dir: Path, strings: dict, order: list[str]) -> str:
    """Markdown for the traps index of the pages in ``lang_dir`` (pure apart from reading them);
    ``strings``: the language's interface strings (``traps_count``, ``traps_changes``)."""
    names = topic_pages(lang_dir, order)
    blocks: list[str] = []
    changes: list[str] = []
    n_traps = n_changes = 0
    for name in names:
        page = read_page(lang_dir / name)
        stem = name[:-3]
        traps = page.of_type(TRAP)
        if traps:
            blocks.append(f"## [{page.title}]({name}) {{ #{stem} }}\n")
            for adm in traps:
                target = f"{name}#{adm.section}" if adm.section else name
                blocks.append(f"- [{adm.title or page.title}]({target})")
            blocks.append("")
        for adm in page.of_type(CHANGED):
            target = f"{name}#{adm.section}" if adm.section else name
            changes.append(f"- [{adm.title or page.title}]({target}) — {page.title}")
        n_traps += len(traps)
        n_changes += len(page.of_type(CHANGED))
    pages = sum(1 for b in blocks if b.startswith("## "))
    head = strings["traps_count"].format(traps=n_traps, changes=n_changes, pages=pages)
    out = [f"*{head}*\n", *blocks]
    if changes:
        out += [f"## {strings['traps_changes']} {{ #changes }}\n", *changes, ""]
    return "\n".join(out)


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    src = Path(page.file.abs_src_path)
    try:
        index = build_index(src.parent, ui(config), nav_order(config.get("nav")))
    except PageError as exc:  # a malformed page: name it, stop the build without a traceback
        raise PluginError(f"traps index: {exc}") from None
    return markdown.replace(MARKER, index)
