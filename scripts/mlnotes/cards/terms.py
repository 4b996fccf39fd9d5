"""Bilingual terms for the Anki terms deck.

From ``scripts/data/glossary.yml`` when it exists (the glossary of issue 12: ``terms:`` with ``id``,
``ja``, ``reading``, ``en``, ``def: {ja, en}``, ``see: page#id``), otherwise from the first-mention pairs
``日本語 (English)`` of the Japanese topic pages (the style rule gives the English term in parentheses
at first mention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mlnotes.markdown import PageError, read_page, topic_pages
from mlnotes.paths import DATA_DIR
from mlnotes.yamlload import safe_load

GLOSSARY = DATA_DIR / "glossary.yml"
# a katakana/kanji run, a space, then an English term in half-width parentheses
PAIR_RE = re.compile(r"([\u30a0-\u30ff\u3400-\u9fff々ー・]{2,}) \(([A-Za-z][A-Za-z0-9 .'/-]{1,48}[A-Za-z0-9])\)")
CODE_SPAN_RE = re.compile(r"`[^`]*`")
MAX_WORDS = 4
SERVICE_PREFIXES = ("Amazon ", "AWS ")


@dataclass(frozen=True)
class Term:
    id: str
    ja: str
    en: str
    reading: str = ""
    definition_ja: str = ""
    definition_en: str = ""
    source: str = ""  # page#heading-id that explains it

    @property
    def page(self) -> str:
        return self.source.partition("#")[0]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def terms_from_glossary(data: dict, path: Path | str = GLOSSARY) -> list[Term]:
    """Terms of the glossary data (``terms:`` list); a malformed entry raises ValueError naming it."""
    out = []
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path}: no `terms:` list")
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("ja") or not entry.get("en"):
            raise ValueError(f"{path}: term #{i} needs `ja:` and `en:`")
        definition = entry.get("def") if isinstance(entry.get("def"), dict) else {}
        out.append(
            Term(
                id=str(entry.get("id") or slug(str(entry["en"]))),
                ja=str(entry["ja"]),
                en=str(entry["en"]),
                reading=str(entry.get("reading") or ""),
                definition_ja=str(definition.get("ja") or ""),
                definition_en=str(definition.get("en") or ""),
                source=str(entry.get("see") or f"glossary#{entry.get('id') or slug(str(entry['en']))}"),
            )
        )
    return out


def terms_from_pages(ja_dir: Path, order: list[str]) -> list[Term]:
    """First-mention pairs ``日本語 (English)`` of the Japanese topic pages, first occurrence wins."""
    seen: dict[str, Term] = {}
    for name in topic_pages(ja_dir, order):
        try:
            page = read_page(ja_dir / name)
        except PageError:
            continue  # the build and the checks report it
        in_comment = False
        section = None
        headings = {h.line: h for h in page.headings}
        code = page.code_lines()
        for number, line in enumerate(page.lines, start=1):
            if number in headings and headings[number].level == 2:
                section = headings[number].id
            if number in code:
                continue
            if line.strip().startswith("<!--"):
                in_comment = True
            if in_comment:  # cards and other comments
                in_comment = "-->" not in line
                continue
            for ja, en in PAIR_RE.findall(CODE_SPAN_RE.sub("", line)):
                key = slug(en)
                if len(en.split()) > MAX_WORDS or en.startswith(SERVICE_PREFIXES):
                    continue  # a phrase or a service name, not a term
                if key and key not in seen:
                    seen[key] = Term(key, ja.strip("・"), en, source=f"{name[:-3]}#{section}" if section else name[:-3])
    return list(seen.values())


def load_terms(ja_dir: Path, order: list[str], glossary: Path = GLOSSARY) -> list[Term]:
    if glossary.is_file():
        return terms_from_glossary(safe_load(glossary.read_text(encoding="utf-8")) or {}, glossary)
    return terms_from_pages(ja_dir, order)
