"""MkDocs hook: the print page of the PDF cheat sheet of each language, from the rendered pages (logic in mlnotes.mkdocs.cheatsheet)."""

from mlnotes.mkdocs.cheatsheet import on_config, on_files, on_page_content, on_post_build, on_shutdown

__all__ = ["on_config", "on_files", "on_page_content", "on_post_build", "on_shutdown"]
