"""MkDocs hook: generate the print page of the PDF cheat sheet of each language from the pages (logic in mlnotes.mkdocs.cheatsheet)."""

from mlnotes.mkdocs.cheatsheet import on_files, on_post_build

__all__ = ["on_files", "on_post_build"]
