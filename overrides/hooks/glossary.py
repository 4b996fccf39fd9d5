"""MkDocs hook: glossary pages, glossary tooltips and cross-language search terms (logic in mlnotes.mkdocs.glossary)."""

from mlnotes.mkdocs.glossary import on_config, on_page_content, on_page_markdown, on_post_build

__all__ = ["on_config", "on_page_markdown", "on_page_content", "on_post_build"]
