"""Load and validate ``scripts/data/glossary.yml`` (schema: see the comment at the top of that file).

Pure apart from :func:`load_glossary` reading the file. Every problem is a :class:`GlossaryError`
whose ``str()`` is ``file:line: message``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mlnotes.markdown import PageError
from mlnotes.paths import DATA_DIR
from mlnotes.yamlload import SafeLoader
from mlnotes.yamlload import load as load_yaml

GLOSSARY_PATH = DATA_DIR / "glossary.yml"
LANGS = ("ja", "en")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEE_RE = re.compile(r"^(?P<page>[a-z0-9]+(?:-[a-z0-9]+)*)(?:#(?P<anchor>[a-z0-9]+(?:-[a-z0-9]+)*))?$")
HIRAGANA_RE = re.compile(r"^[\u3041-\u3096ー]+$")
LINE_KEY = "__line__"


class GlossaryError(PageError):
    """A problem in the glossary file; ``str()`` gives ``file:line: message``."""


@dataclass(frozen=True)
class Term:
    id: str
    ja: str
    reading: str
    en: str
    definition: dict[str, str]
    see: str
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    line: int = 0

    def term(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def other(self, lang: str) -> str:
        """The term in the other language."""
        return self.en if lang == "ja" else self.ja

    def forms(self, lang: str) -> tuple[str, ...]:
        """The term and its aliases in one language, without duplicates, term first."""
        seen: dict[str, None] = {self.term(lang): None}
        for alias in self.aliases.get(lang, ()):
            seen.setdefault(alias, None)
        return tuple(seen)

    def tooltip_forms(self, lang: str) -> tuple[str, ...]:
        """Forms that get a tooltip: not an alias that is a plain word inside the term (``scale`` of
        ``scale parameter``, ``形状`` of ``形状パラメータ``), too generic in running text. Names and
        abbreviations inside the term stay (``SageMaker AI`` of ``Amazon SageMaker AI``, ``KMS``)."""
        term = self.term(lang)

        def generic(form: str) -> bool:
            return form != term and form.casefold() in term.casefold() and not re.search(r"[A-Z]", form)

        return tuple(f for f in self.forms(lang) if not generic(f))

    @property
    def see_page(self) -> str:
        return self.see.partition("#")[0]

    @property
    def see_anchor(self) -> str | None:
        return self.see.partition("#")[2] or None

    def see_link(self) -> str:
        """Markdown link target of the explaining section, relative to a page of the same language."""
        anchor = self.see_anchor
        return f"{self.see_page}.md" + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    not_pairs: frozenset[str] = frozenset()
    path: Path = GLOSSARY_PATH

    def by_id(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)

    def ids(self) -> list[str]:
        return [t.id for t in self.terms]


class _LineLoader(SafeLoader):
    """SafeLoader that records the 1-based line of every mapping under ``__line__``."""


def _construct_mapping(loader, node, deep=False):
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def kana_key(reading: str) -> str:
    """Sort key of a hiragana reading: voiced and small kana sort with their plain kana (五十音順)."""
    plain = unicodedata.normalize("NFD", reading)
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn")
    small = str.maketrans("ぁぃぅぇぉっゃゅょゎ", "あいうえおつやゆよわ")
    return plain.translate(small)


def _text(item: dict, key: str, path, line: int, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GlossaryError(path, item.get(LINE_KEY, line), f"{where}: `{key}` must be a non-empty string")
    return value.strip()


def parse_glossary(text: str, path: Path | str = "<string>") -> Glossary:
    """Parse and validate the glossary file's text."""
    data = load_yaml(text, path, GlossaryError, _LineLoader)
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise GlossaryError(path, 1, "expected a mapping with a `terms:` list")
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(data["terms"], start=1):
        if not isinstance(item, dict):
            raise GlossaryError(path, 1, f"term {n}: expected a mapping")
        line = item[LINE_KEY]
        term_id = _text(item, "id", path, line, f"term {n}")
        where = f"term {term_id!r}"
        if not ID_RE.match(term_id):
            raise GlossaryError(path, line, f"{where}: id must be kebab-case (a-z, 0-9, -)")
        if term_id in seen:
            raise GlossaryError(path, line, f"{where}: duplicate id (first on line {seen[term_id]})")
        seen[term_id] = line
        ja, en = _text(item, "ja", path, line, where), _text(item, "en", path, line, where)
        reading = _text(item, "reading", path, line, where)
        if not HIRAGANA_RE.match(reading):
            raise GlossaryError(path, line, f"{where}: reading {reading!r} must be hiragana")
        definition = item.get("def")
        if not isinstance(definition, dict):
            raise GlossaryError(path, line, f"{where}: `def` must be a mapping with `ja` and `en`")
        defs = {lang: _text(definition, lang, path, line, f"{where} def") for lang in LANGS}
        see = _text(item, "see", path, line, where)
        if not SEE_RE.match(see):
            raise GlossaryError(path, line, f"{where}: `see` must be page or page#heading-id, got {see!r}")
        raw_aliases = item.get("aliases") or {}
        if not isinstance(raw_aliases, dict) or set(raw_aliases) - set(LANGS) - {LINE_KEY}:
            raise GlossaryError(path, line, f"{where}: `aliases` must be a mapping {{ja: [...], en: [...]}}")
        aliases: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            values = raw_aliases.get(lang) or []
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise GlossaryError(path, line, f"{where}: aliases.{lang} must be a list of strings")
            aliases[lang] = tuple(str(v).strip() for v in values)
        terms.append(Term(term_id, ja, reading, en, defs, see, aliases, line))
    not_pairs = frozenset(
        str(p["en"]).casefold() for p in data.get("not_pairs") or [] if isinstance(p, dict) and p.get("en")
    )
    return Glossary(tuple(terms), not_pairs, Path(path))


def load_glossary(path: Path = GLOSSARY_PATH) -> Glossary:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(path, 1, f"cannot read: {exc.strerror}") from None
    return parse_glossary(text, path)
