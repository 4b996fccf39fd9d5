"""One command for the project's tools: ``python scripts/docs.py <command> [options]``.

Each command hands its options to the ``main(argv)`` of one module (``--help`` after a command
shows that module's options); ``check`` runs the content checks in a row. The Makefile calls
these commands; ``python scripts/check_links.py`` stays as the link checker's own entry point.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

#: command -> (module whose main(argv) runs it, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "translations": ("mlnotes.checks.translations", "ja/en pages in step: headings, admonitions, links"),
    "style": ("mlnotes.checks.style_ja", "Japanese style: fixed terms, line breaks, list items"),
    "coverage": ("mlnotes.checks.coverage", "every memo note has its section (and trap)"),
    "front-matter": ("mlnotes.checks.front_matter", "checked: date and mla: mapping of every page"),
    "cards": ("mlnotes.cards.check", "active-recall cards: syntax, unique ids, the same ids in ja and en"),
    "anki": ("mlnotes.cards.anki", "Anki decks into <site>/anki/ (the build writes them too)"),
    "glossary": ("mlnotes.checks.glossary", "glossary: first-mention pairs, see targets, both glossary pages"),
    "links": (
        "mlnotes.linkcheck.cli",
        "AWS documentation links of the built site (same flags as scripts/check_links.py)",
    ),
    "pdf": ("mlnotes.pdf", "PDF cheat sheets from the print pages of the build"),
    "bench-site": ("mlnotes.bench.site", "benchmark: build time, page weight, Lighthouse"),
    "bench-search": ("mlnotes.bench.search", "benchmark: search quality and latency"),
    "bench-links": ("mlnotes.bench.links", "benchmark: link checker against a local server"),
    "bench-pdf": ("mlnotes.bench.pdf", "benchmark: PDF rendering"),
}
#: commands that run several others in a row (all of them; the worst exit status wins)
GROUPS: dict[str, tuple[tuple[str, ...], str]] = {
    "check": (
        ("translations", "style", "coverage", "front-matter", "cards", "glossary"),
        "content checks: translations, Japanese style, memo coverage, front matter, cards, glossary",
    ),
    "bench": (("bench-site", "bench-search"), "the benchmarks whose figures are in the README"),
}


def usage() -> str:
    width = max(map(len, [*COMMANDS, *GROUPS]))
    lines = ["usage: python scripts/docs.py <command> [options]   (<command> --help: its options)", "", "commands:"]
    lines += [f"  {name:<{width}}  {text}" for name, (_, text) in GROUPS.items()]
    lines += [f"  {name:<{width}}  {text}" for name, (_, text) in COMMANDS.items()]
    return "\n".join(lines)


def command(name: str) -> Callable[[list[str]], int]:
    module, _ = COMMANDS[name]
    return importlib.import_module(module).main


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name in GROUPS:
        if rest:
            print(f"docs.py {name}: takes no options (run its commands one by one for that)", file=sys.stderr)
            return 2
        return max(command(step)([]) for step in GROUPS[name][0])
    if name not in COMMANDS:
        print(f"docs.py: unknown command '{name}'\n\n{usage()}", file=sys.stderr)
        return 2
    return command(name)(rest)
