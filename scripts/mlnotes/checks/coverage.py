"""Check that every memo note (N01–N72) is on the page and under the heading the map says.

The map is ``scripts/data/memo-notes.yml``. For each note and each language, the page must exist
and hold a heading with the mapped id; a note marked ``trap: true`` needs a ``!!! trap``
admonition in that section. Problems print ``file:line: message`` and exit 1; a bad map exits 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from mlnotes.config import load as load_site
from mlnotes.markdown import TRAP, Page, read_page
from mlnotes.paths import DATA_DIR

DEFAULT_MAP = DATA_DIR / "memo-notes.yml"
NOTE_ID_RE = re.compile(r"^N\d\d$")


@dataclass(frozen=True)
class Note:
    id: str
    page: str
    heading: str
    trap: bool


def load_map(path: Path) -> list[Note]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("notes"), dict):
        raise ValueError(f"{path}: expected a mapping with a `notes:` mapping")
    notes = []
    for key, entry in data["notes"].items():
        if not NOTE_ID_RE.match(str(key)) or not isinstance(entry, dict) or not {"page", "id"} <= set(entry):
            raise ValueError(f"{path}: entry {key!r} needs the form `Nxx: {{page: …, id: …, trap: …}}`")
        notes.append(Note(str(key), str(entry["page"]), str(entry["id"]), bool(entry.get("trap", False))))
    return notes


def check_notes(notes: list[Note], docs: Path, langs: tuple[str, ...] | None = None) -> list[str]:
    """Problems of every language folder (default: the languages of mkdocs.yml)."""
    if langs is None:
        langs = load_site().locales
    problems: list[str] = []
    cache: dict[Path, Page | Exception | None] = {}
    for lang in langs:
        for note in notes:
            path = docs / lang / note.page
            if path not in cache:
                try:
                    cache[path] = read_page(path) if path.is_file() else None
                except (ValueError, UnicodeDecodeError) as exc:
                    cache[path] = exc
            page = cache[path]
            if page is None:
                problems.append(f"{path}:1: {note.id}: page missing")
                continue
            if isinstance(page, Exception):
                line = getattr(page, "line", 1)
                problems.append(f"{path}:{line}: {note.id}: cannot parse the page: {getattr(page, 'message', page)}")
                continue
            heading = page.heading(note.heading)
            if heading is None:
                problems.append(f"{path}:1: {note.id}: no heading with id '#{note.heading}'")
                continue
            if note.trap and not any(a.type == TRAP and a.section == note.heading for a in page.admonitions):
                problems.append(
                    f"{path}:{heading.line}: {note.id}: section '#{note.heading}' has no `!!! trap` admonition"
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, default=DEFAULT_MAP, help="note map (default: %(default)s)")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder (default: docs)")
    args = parser.parse_args(argv)
    try:
        notes = load_map(args.map)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"check_coverage: {exc}", file=sys.stderr)
        return 2
    problems = check_notes(notes, args.docs)
    for p in problems:
        print(p)
    if problems:
        print(f"check_coverage: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
