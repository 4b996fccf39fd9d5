"""Check the `checked:` and `mla:` front matter of every page against scripts/data/mla-c01.yml.

For each page of each language folder:

* ``checked: YYYY-MM-DD`` is a valid date (issue 9);
* on topic pages, every ``##`` section except ``see-also`` has an ``mla:`` entry: a list of
  MLA-C01 task ids that exist in the data file, or ``mls-only: <one-line reason>`` (issue 14);
* the two languages agree (same date, same task ids per section) — the translation check runs
  the same comparison.

Both keys are required. Problems print ``file:line: message`` and exit 1; a bad data file or bad
arguments exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mlnotes import checked, mla
from mlnotes.markdown import NON_TOPIC_PAGES, PageError, read_page


def check_tree(docs: Path, guide: mla.Guide, langs: tuple[str, str] = ("ja", "en")) -> list[PageError]:
    """Every problem under ``docs/<lang>/*.md``, sorted by file and line."""
    for lang in langs:
        if not (docs / lang).is_dir():
            raise FileNotFoundError(f"{docs / lang}: language folder not found")
    out: list[PageError] = []
    pages: dict[str, dict] = {lang: {} for lang in langs}
    for lang in langs:
        for path in sorted((docs / lang).glob("*.md")):
            try:
                page = read_page(path)
            except PageError as exc:
                out.append(exc)
                continue
            pages[lang][path.name] = page
            out += checked.check_page(page, required=True)
            if path.name not in NON_TOPIC_PAGES:
                out += mla.page_mapping(page, guide, required=True)[1]
    a, b = langs
    for name in sorted(set(pages[a]) & set(pages[b])):
        ja, en = pages[a][name], pages[b][name]
        out += checked.compare_pair(ja, en)
        if name not in NON_TOPIC_PAGES:
            out += mla.compare_pair(ja, en, guide)
    return sorted(out, key=lambda e: (str(e.path), e.line, e.message))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder with ja/ and en/ (default: docs)")
    parser.add_argument(
        "--data", type=Path, default=mla.DATA_FILE, help="exam guide data (default: scripts/data/mla-c01.yml)"
    )
    args = parser.parse_args(argv)
    try:
        guide = mla.load_guide(args.data)
        problems = check_tree(args.docs, guide)
    except (FileNotFoundError, PageError) as exc:
        print(f"check_front_matter: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    if problems:
        print(f"check_front_matter: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
