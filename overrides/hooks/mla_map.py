"""MkDocs hook: MLA-C01 badges, map page and home numbers; the `checked:` date of every page (logic in mlnotes.mkdocs.mla_map)."""

from mlnotes.mkdocs.mla_map import on_config, on_page_markdown

__all__ = ["on_config", "on_page_markdown"]
