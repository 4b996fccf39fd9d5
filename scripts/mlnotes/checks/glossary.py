"""Glossary check: scripts/data/glossary.yml against the pages in docs/ja and docs/en.

1. Every first-mention pair on a Japanese page, ``日本語 (English)``, names a glossary term: the
   English is the term's English (or an English alias) and the Japanese before it ends with the
   term's Japanese (or a Japanese alias). A pair whose term is missing is reported with file and line.
2. Every ``see`` target exists: the page in both languages and its heading id.
3. The section a term points at mentions the term (any form) in each language.
4. Both glossary pages list the same ids (the generated Markdown of each language).

Prints ``file:line: message`` per problem and exits 1; a malformed glossary file or page exits 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from mlnotes.findings import Finding
from mlnotes.glossary.model import GLOSSARY_PATH, LANGS, Glossary, GlossaryError, load_glossary
from mlnotes.glossary.pages import GLOSSARY_PAGE, entry_ids, render_page
from mlnotes.markdown import FRONT_MATTER_RE, PageError, parse_page
from mlnotes.paths import DOCS_DIR

# `日本語 (English…)`: a Japanese character, one space, then parentheses
PAIR_RE = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff]) \((?P<inner>[^()]*)\)")
SEGMENT_SPLIT_RE = re.compile(r"[、,:：]")
ENGLISH_RE = re.compile(r"^[A-Za-z][A-Za-z' -]*[A-Za-z]$")
# product names, CamelCase, abbreviations, Capitalised Names (Ground Truth, SageMaker AI, MTurk, Pearson)
NAME_RE = re.compile(r"^(?:Amazon|AWS)\b|^\S*[a-z][A-Z]\S*$|^[A-Z0-9-]+$|^[A-Z]\S*(?: [A-Z]\S*)*$")
MASK_RES = (
    re.compile(r"`[^`]*`"),  # code spans
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<!--.*?-->"),  # comments (cards)
)


def _mask(line: str) -> str:
    for pattern in MASK_RES:
        line = pattern.sub(lambda m: " " * len(m.group(0)), line)
    return line


def prose_lines(text: str, path: str = "<string>"):
    """(line number, masked line) of a page's text outside front matter, code blocks and headings."""
    page = parse_page(text, path)
    m = FRONT_MATTER_RE.match(text)
    skip = m.group(0).count("\n") if m else 0
    code = page.code_lines()
    headings = {h.line for h in page.headings} | ({page.title_line} if page.title_line else set())
    for number, raw in enumerate(page.lines, start=1):
        if number <= skip or number in code or number in headings:
            continue
        yield number, _mask(raw)


def english_of(inner: str) -> str | None:
    """The English term of a parenthesis, or None when it is not a term (a name, an abbreviation, a note)."""
    segment = SEGMENT_SPLIT_RE.split(inner, maxsplit=1)[0].strip()
    if not ENGLISH_RE.match(segment) or NAME_RE.search(segment):
        return None
    return segment


def check_pairs(text: str, glossary: Glossary, path: str) -> list[Finding]:
    """Rule 1 on the text of one Japanese page."""
    by_english: dict[str, list] = {}
    for term in glossary.terms:
        for form in term.forms("en"):
            by_english.setdefault(form.casefold(), []).append(term)
    problems: list[Finding] = []
    for number, line in prose_lines(text, path):
        for m in PAIR_RE.finditer(line):
            english = english_of(m.group("inner"))
            if english is None or english.casefold() in glossary.not_pairs:
                continue
            before = line[: m.start()]
            shown = re.search(r"[^\s、。:：(（]*$", before).group(0)
            terms = by_english.get(english.casefold())
            if not terms:
                problems.append(
                    Finding(path, number, f"'{shown} ({english})': no glossary term has the English '{english}'")
                )
            elif not any(before.endswith(form) for t in terms for form in t.forms("ja")):
                names = ", ".join(f"{t.id} ({t.ja})" for t in terms)
                problems.append(
                    Finding(
                        path,
                        number,
                        f"'{shown} ({english})': the glossary term for '{english}' is {names}; "
                        "the Japanese before it is none of its forms",
                    )
                )
    return problems


def _section_text(page, anchor: str | None) -> str:
    if anchor is None:  # the page's intro: up to the first `##`
        first = next((h.line for h in page.headings), len(page.lines) + 1)
        return "\n".join(page.lines[: first - 1])
    heading = page.heading(anchor)
    return "\n".join([page.lines[heading.line - 1], *(text for _, text in page.section_lines(anchor))])


def check_targets(glossary: Glossary, docs: Path) -> list[Finding]:
    """Rules 2 and 3."""
    problems: list[Finding] = []
    pages: dict[Path, object] = {}
    where = str(glossary.path)
    for term in glossary.terms:
        for lang in LANGS:
            path = docs / lang / f"{term.see_page}.md"
            if not path.is_file():
                problems.append(Finding(where, term.line, f"term {term.id!r}: see {term.see!r}: no page {path}"))
                continue
            if path not in pages:
                pages[path] = parse_page(path.read_text(encoding="utf-8"), path)
            page = pages[path]
            anchor = term.see_anchor
            if anchor and anchor not in page.heading_ids():
                problems.append(
                    Finding(where, term.line, f"term {term.id!r}: see {term.see!r}: no heading id '{anchor}' in {path}")
                )
                continue
            body = _section_text(page, anchor).casefold()
            if not any(form.casefold() in body for form in term.forms(lang)):
                problems.append(
                    Finding(
                        where,
                        term.line,
                        f"term {term.id!r}: see {term.see!r}: the {lang} section never mentions "
                        f"{' / '.join(term.forms(lang))}",
                    )
                )
    return problems


def check_pages(glossary: Glossary) -> list[Finding]:
    """Rule 4: the glossary pages of both languages list the same ids."""
    ids = {lang: entry_ids(render_page(glossary, lang)) for lang in LANGS}
    problems = []
    for lang in LANGS:
        other = LANGS[1 - LANGS.index(lang)]
        for missing in sorted(set(ids[other]) - set(ids[lang])):
            problems.append(Finding(f"docs/{lang}/{GLOSSARY_PAGE}", 1, f"glossary entry '{missing}' missing"))
    return problems


def run(glossary: Glossary, docs: Path) -> list[Finding]:
    problems = check_targets(glossary, docs) + check_pages(glossary)
    for path in sorted((docs / "ja").glob("*.md")):
        if path.name == GLOSSARY_PAGE:
            continue
        problems += check_pairs(path.read_text(encoding="utf-8"), glossary, str(path))
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=GLOSSARY_PATH, help="glossary file (default: %(default)s)")
    parser.add_argument("--docs", type=Path, default=DOCS_DIR, help="folder with ja/ and en/ (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        glossary = load_glossary(args.glossary)
        problems = run(glossary, args.docs)
    except (GlossaryError, PageError) as exc:
        print(f"check_glossary: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_glossary: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_glossary: {len(glossary.terms)} terms, all first mentions and targets OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
