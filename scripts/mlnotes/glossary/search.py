"""Cross-language search through the glossary (pure functions).

Each language's search index gets a table under ``config.<INDEX_KEY>``: every form of a term in the
*other* language (normalised like a query: NFKC, case-folded) -> the term in the index's language.
``overrides/assets/javascripts/workers/search-i18n.js`` replaces a matching part of the query with
it, so a Japanese reader typing ``overfitting`` searches ``過学習`` in the Japanese index, and an
English reader typing ``シャード`` searches ``shard`` in the English index. Results stay in the
reader's language, because the other language's index is never searched.
"""

from __future__ import annotations

import re
import unicodedata

from mlnotes.glossary.model import Glossary

INDEX_KEY = "glossary"


def normalise(text: str) -> str:
    """What search-i18n.js does to a query before looking it up: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text.replace("\uff5e", "\u301c")).casefold().split())


def expansion_table(glossary: Glossary, lang: str, index_text: str = "") -> dict[str, str]:
    """Other-language form -> this language's term.

    Left out (first-load weight): forms that are the same in both languages, and forms that the
    index already holds as they are (``index_text``: the text of this language's pages, e.g. the
    English term in parentheses after its Japanese first mention), since searching them already
    finds the page.
    """
    other = "en" if lang == "ja" else "ja"
    table: dict[str, str] = {}
    own_forms = {normalise(f) for t in glossary.terms for f in t.forms(lang)}
    present = normalise(index_text)
    for term in glossary.terms:
        for form in term.forms(other):
            key = normalise(form)
            if key and key not in own_forms and not _contains_word(present, key):
                table.setdefault(key, term.term(lang))
    return dict(sorted(table.items()))


def _contains_word(text: str, key: str) -> bool:
    if not text:
        return False
    if re.search(r"[a-z0-9]", key):
        return re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", text) is not None
    return key in text


def with_stemmer(config: dict, lang: str) -> dict:
    """The index config with lunr's English stemmer in the pipeline of an English index."""
    pipeline = list(config.get("pipeline") or [])
    if lang == "en" and "stemmer" not in pipeline:
        pipeline.append("stemmer")
    return {**config, "pipeline": pipeline}
