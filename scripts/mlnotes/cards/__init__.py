"""Active recall: cards authored as HTML comments in the pages, the self-test data and the Anki decks.

Card syntax (team spec, "Cards"): inside a ``!!! trap`` / ``!!! changed`` admonition as its last block,
or at column 0 of a ``##`` section (a *figure* card, ``E:`` required)::

    <!-- card kinesis-shard-write-limit
    Q: What are the write limits of one Kinesis Data Streams shard?
    A: 1 MB/s and 1,000 records/s
    E: Reads get 2 MB/s per shard, shared by all standard consumers.
    -->

Modules: :mod:`.model` (extraction and checks, pure), :mod:`.check` (``python -m mlnotes.cards.check``,
run by ``make check``), :mod:`.anki` (``python -m mlnotes.cards.anki``, ``make cards``), :mod:`.terms`
(the bilingual terms of the terms deck).
"""

#: `mkdocs build` and `make check` fail when a trap or change note has no card, when a topic page has
#: no card, or when a language has fewer cards than this.
MIN_CARDS_PER_LANGUAGE = 120
