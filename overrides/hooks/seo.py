"""MkDocs hook: Jinja filters for the head-tag templates in overrides/partials/ (logic in mlnotes.mkdocs.seo)."""

from mlnotes.mkdocs.seo import on_env

__all__ = ["on_env"]
