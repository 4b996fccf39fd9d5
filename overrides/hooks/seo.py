"""MkDocs hook: page metadata for search engines and link previews (logic in mlnotes.mkdocs.seo)."""

from mlnotes.mkdocs.seo import on_post_page

__all__ = ["on_post_page"]
