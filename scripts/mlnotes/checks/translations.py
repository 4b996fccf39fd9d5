"""Check that every page exists in both languages and that each pair says the same thing.

For each pair ``docs/ja/<name>.md`` / ``docs/en/<name>.md`` it compares:

* heading ids: every ``##``–``######`` heading has an explicit ``{ #id }``, and both pages have the
  same ids in the same order;
* admonitions: the same number of ``trap`` and ``changed`` admonitions in each section; each has a
  title, and each ``changed`` note gives a date (YYYY-MM-DD) and a link;
* AWS documentation pages cited (``ja_jp/`` ignored) and internal links (page and anchor);
* the page basics: an H1 and a ``description`` in the front matter;
* the front matter both languages share: the same ``checked:`` date and the same MLA-C01 task ids
  per section in ``mla:`` (rules of each key: ``python -m mlnotes.checks.front_matter``).

Any drift prints ``file:line: message`` and exits 1. Bad arguments exit 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from mlnotes import checked, mla
from mlnotes.config import load as load_site
from mlnotes.findings import Finding
from mlnotes.markdown import CHANGED, TRAP, Page, PageError, is_aws_doc, read_page, strip_locale

DATE_RE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")
CHECKED_TYPES = (TRAP, CHANGED)


def check_page(page: Page) -> list[Finding]:
    """Checks that concern one page alone."""
    out: list[Finding] = []
    p = str(page.path)
    if page.title is None:
        out.append(Finding(p, 1, "no H1 title (`# Title`)"))
    if not str(page.meta.get("description", "")).strip():
        out.append(Finding(p, 1, "front matter has no `description:`"))
    for h in page.headings:
        if not h.id:
            out.append(Finding(p, h.line, f"heading '{h.text}' has no explicit id: add {{ #some-id }}"))
    seen: Counter[str] = Counter(page.heading_ids())
    for hid, n in seen.items():
        if n > 1:
            out.append(Finding(p, page.heading(hid).line, f"heading id '#{hid}' is used {n} times"))
    for adm in page.admonitions:
        if adm.type not in CHECKED_TYPES:
            continue
        if not adm.title:
            out.append(Finding(p, adm.line, f"`!!! {adm.type}` needs an explicit title in quotes"))
        if not adm.body:
            out.append(Finding(p, adm.line, f"`!!! {adm.type}` has no body (indent it by 4 spaces)"))
        if adm.type == CHANGED:
            body = "\n".join(adm.body)
            if not DATE_RE.search(f"{adm.title} {body}"):
                out.append(Finding(p, adm.line, "`!!! changed` must give a date as YYYY-MM-DD"))
            if "](" not in body and "<http" not in body:
                out.append(Finding(p, adm.line, "`!!! changed` must link its source"))
    return out


def _first_line(page: Page, predicate) -> int:
    return next((link.line for link in page.links if predicate(link.target)), 1)


def compare_pair(ja: Page, en: Page) -> list[Finding]:
    """Checks that compare a Japanese page with its English twin."""
    out: list[Finding] = []
    ja_heads = [h for h in ja.headings if h.id]
    en_heads = [h for h in en.headings if h.id]
    ja_ids, en_ids = [h.id for h in ja_heads], [h.id for h in en_heads]
    if len(ja_heads) == len(en_heads):
        # Same shape: compare position by position, so a renamed id is reported once, where it is.
        for a, b in zip(ja_heads, en_heads):
            if a.id != b.id:
                out.append(
                    Finding(
                        str(en.path), b.line, f"heading id '#{b.id}' does not match '#{a.id}' at {ja.path}:{a.line}"
                    )
                )
    else:
        for h in ja_heads:
            if h.id not in en_ids:
                out.append(
                    Finding(
                        str(en.path),
                        en.title_line or 1,
                        f"heading id '#{h.id}' missing (present in {ja.path}:{h.line})",
                    )
                )
        for h in en_heads:
            if h.id not in ja_ids:
                out.append(
                    Finding(
                        str(ja.path),
                        ja.title_line or 1,
                        f"heading id '#{h.id}' missing (present in {en.path}:{h.line})",
                    )
                )
        common_ja = [h for h in ja_ids if h in en_ids]
        common_en = [h for h in en_ids if h in ja_ids]
        if common_ja != common_en:
            first = next(i for i, (a, b) in enumerate(zip(common_ja, common_en)) if a != b)
            out.append(
                Finding(
                    str(en.path),
                    en.heading(common_en[first]).line,
                    f"headings in a different order: '#{common_en[first]}' here, '#{common_ja[first]}' in {ja.path}",
                )
            )

    for kind in CHECKED_TYPES:
        ja_count = Counter(a.section for a in ja.of_type(kind))
        en_count = Counter(a.section for a in en.of_type(kind))
        for section in sorted(set(ja_count) | set(en_count), key=str):
            if section is not None and (section not in ja_ids or section not in en_ids):
                continue  # already reported as a heading id mismatch
            if ja_count[section] != en_count[section]:
                where = f"section '#{section}'" if section else "the page intro"
                line = next((a.line for a in en.of_type(kind) if a.section == section), None)
                target = en if line else ja
                line = line or next(a.line for a in ja.of_type(kind) if a.section == section)
                out.append(
                    Finding(
                        str(target.path),
                        line,
                        f"{where}: {ja_count[section]} `{kind}` admonition(s) in ja, {en_count[section]} in en",
                    )
                )

    out += [Finding(str(e.path), e.line, e.message) for e in checked.compare_pair(ja, en) + mla.compare_pair(ja, en)]

    ja_aws = {strip_locale(link.target) for link in ja.links if is_aws_doc(link.target)}
    en_aws = {link.target for link in en.links if is_aws_doc(link.target)}
    for url in sorted(ja_aws - en_aws):
        out.append(
            Finding(
                str(ja.path),
                _first_line(ja, lambda t, u=url: strip_locale(t) == u),
                f"AWS page cited only in ja: {url}",
            )
        )
    for url in sorted(en_aws - ja_aws):
        out.append(Finding(str(en.path), _first_line(en, lambda t, u=url: t == u), f"AWS page cited only in en: {url}"))

    def internal(page: Page) -> set[str]:
        # Per-language files (pdf/cheatsheet-ja.pdf vs pdf/cheatsheet-en.pdf) count as the same link.
        return {
            re.sub(r"-(ja|en)(\.[a-z]+)$", r"-<lang>\2", link.target)
            for link in page.links
            if not re.match(r"[a-z]+:", link.target)
        }

    ja_int, en_int = internal(ja), internal(en)
    for target in sorted(ja_int - en_int):
        out.append(
            Finding(
                str(en.path),
                en.title_line or 1,
                f"internal link '{target}' missing (present in {ja.path}:{_first_line(ja, lambda t, x=target: t == x)})",
            )
        )
    for target in sorted(en_int - ja_int):
        out.append(
            Finding(
                str(ja.path),
                ja.title_line or 1,
                f"internal link '{target}' missing (present in {en.path}:{_first_line(en, lambda t, x=target: t == x)})",
            )
        )
    return out


def check_tree(docs: Path, langs: tuple[str, str]) -> list[Finding]:
    """Every check over ``docs/<lang>/*.md`` (recursively); ``langs``: the two language folders."""
    a, b = (docs / lang for lang in langs)
    for d in (a, b):
        if not d.is_dir():
            raise FileNotFoundError(f"{d}: language folder not found")
    names_a = {p.relative_to(a) for p in a.rglob("*.md")}
    names_b = {p.relative_to(b) for p in b.rglob("*.md")}
    out: list[Finding] = []
    for name in sorted(names_a - names_b):
        out.append(Finding(str(a / name), 1, f"no {langs[1]} translation: {b / name} is missing"))
    for name in sorted(names_b - names_a):
        out.append(Finding(str(b / name), 1, f"no {langs[0]} translation: {a / name} is missing"))
    for name in sorted(names_a & names_b):
        try:
            pa, pb = read_page(a / name), read_page(b / name)
        except PageError as exc:
            out.append(Finding(str(exc.path), exc.line, f"cannot parse the page: {exc.message}"))
            continue
        except UnicodeDecodeError as exc:
            out.append(Finding(str(a / name), 1, f"not UTF-8: {exc}"))
            continue
        out += check_page(pa) + check_page(pb) + compare_pair(pa, pb)
    return sorted(set(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--docs", type=Path, default=Path("docs"), help="docs folder holding one folder per language (default: docs)"
    )
    parser.add_argument(
        "--langs", nargs=2, metavar=("A", "B"), help="the two language folders (default: the languages of mkdocs.yml)"
    )
    args = parser.parse_args(argv)
    langs = tuple(args.langs or load_site().locales)
    if len(langs) != 2:
        print(f"check_translations: compares two languages, mkdocs.yml has {', '.join(langs)}", file=sys.stderr)
        return 2
    try:
        findings = check_tree(args.docs, langs)
    except FileNotFoundError as exc:
        print(f"check_translations: {exc}", file=sys.stderr)
        return 2
    for f in findings:
        print(f)
    if findings:
        print(f"check_translations: {len(findings)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
