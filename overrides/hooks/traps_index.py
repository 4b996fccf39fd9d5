"""MkDocs hook: generate the exam-traps index of each language from the pages themselves (logic in mlnotes.mkdocs.traps_index)."""

from mlnotes.mkdocs.traps_index import on_page_markdown

__all__ = ["on_page_markdown"]
