"""The site's bilingual glossary (``scripts/data/glossary.yml``): data model, glossary pages, tooltips.

- :mod:`mlnotes.glossary.model`: load and validate the data file (errors name file and line).
- :mod:`mlnotes.glossary.pages`: Markdown of the glossary page of each language.
- :mod:`mlnotes.glossary.tooltips`: a Python-Markdown extension that links the first use of each
  term on a page to its glossary entry, with a tooltip.
- :mod:`mlnotes.glossary.search`: cross-language query expansion table for the search indexes.
"""

from mlnotes.glossary.model import GLOSSARY_PATH, LANGS, Glossary, GlossaryError, Term, load_glossary

__all__ = ["GLOSSARY_PATH", "LANGS", "Glossary", "GlossaryError", "Term", "load_glossary"]
