"""Check the cards of both languages: syntax, unique ids, the same ids in ja and en, and coverage.

Coverage: a card in every trap/changed note, a card on every topic page and at least
MIN_CARDS_PER_LANGUAGE cards per language (``--min-cards``). Prints ``file:line: message`` per
problem and exits 1; prints the card counts to stderr either way. Bad arguments exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import MIN_CARDS_PER_LANGUAGE
from .site import load_site, site_langs, site_nav_order


def format_counts(counts: dict[str, dict[str, int]]) -> str:
    return "; ".join(
        f"{lang}: {row['total']} cards (trap {row['trap']}, change {row['change']}, figure {row['figure']})"
        for lang, row in counts.items()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder with one folder per language")
    parser.add_argument(
        "--min-cards",
        type=int,
        default=MIN_CARDS_PER_LANGUAGE,
        help="cards required per language (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    langs = site_langs()
    for lang in langs:
        if not (args.docs / lang).is_dir():
            print(f"check_cards: {args.docs / lang}: language folder not found", file=sys.stderr)
            return 2
    site = load_site(args.docs, site_nav_order(), langs=langs, min_cards=args.min_cards)
    for problem in site.problems:
        print(problem)
    print(f"check_cards: {format_counts(site.counts())}", file=sys.stderr)
    if site.problems:
        print(f"check_cards: {len(site.problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
