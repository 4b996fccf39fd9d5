"""MkDocs hook: self-test card data, the self-test app and the Anki decks, from the cards in the pages (logic in mlnotes.mkdocs.selftest)."""

from mlnotes.mkdocs.selftest import on_files, on_post_page

__all__ = ["on_files", "on_post_page"]
