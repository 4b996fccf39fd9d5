"""MkDocs hook: one search index per language, and a 404 page per language (logic in mlnotes.mkdocs.search_index)."""

from mlnotes.mkdocs.search_index import on_post_build, on_post_template, on_template_context

__all__ = ["on_template_context", "on_post_template", "on_post_build"]
