"""`cert-prep book`: the ICD-10-CM tabular list, one code's entry or a search.

Reads the compact index in the cache (built once on first use, with a progress line);
never imports simple-icd-10-cm once the index exists, so a search starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cert_prep.book.text import entry_lines
from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line

__all__ = ["entry_lines", "register", "run_book"]  # entry_lines: kept importable here

DEFAULT_LIMIT = 20


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    book = sub.add_parser(
        "book",
        parents=[common],
        help="look up an ICD-10-CM code or search the tabular list",
        description="The ICD-10-CM tabular list (April 2026) with its instructional notes: "
        "a code's entry (`book E11.22`), or a search over titles, inclusion terms and notes "
        "(`book --search fracture femur neck`). It is not the Alphabetic Index, the Table of "
        "Drugs or the Neoplasm Table, and holds no CPT or HCPCS codes.",
    )
    book.add_argument(
        "code",
        metavar="CODE",
        nargs="?",
        help="an ICD-10-CM code, block or chapter (dots optional, any case)",
    )
    book.add_argument(
        "--search",
        metavar="WORDS",
        nargs="+",
        help="words that must all match (prefixes and word forms count)",
    )
    book.add_argument(
        "--limit",
        metavar="N",
        type=_limit,
        default=DEFAULT_LIMIT,
        help=f"most results for --search (default {DEFAULT_LIMIT})",
    )
    book.add_argument("--json", action="store_true", help="machine-readable output")
    book.set_defaults(func=run_book)


def _limit(text: str) -> int:
    from cert_prep.book.book import MAX_LIMIT
    from cert_prep.cli.numbers import shown_value

    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{shown_value(text)}` is not a whole number") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return value


def run_book(args: argparse.Namespace, context: Any) -> int:
    from cert_prep.book.book import open_book

    if bool(args.code) == bool(args.search):
        raise UserError(
            "give a code (`book E11.22`) or `--search WORDS`, not both or neither", exit_code=2
        )
    book = open_book(context.locations.cache_dir)
    try:
        if args.search:
            return _search(book, " ".join(args.search), args.limit, args.json)
        return _entry(book, args.code, args.json)
    finally:
        book.close()


def _search(book: Any, query: str, limit: int, as_json: bool) -> int:
    results = book.search(query, limit)
    if as_json:
        print(
            json.dumps(
                {"query": " ".join(query.split()), "results": [vars(r) for r in results]},
                indent=2,
                ensure_ascii=True,
            )
        )
        return 0
    if not results:
        print(
            f'No entry of the tabular list holds every word of "{visible_line(query)}". '
            "Try fewer or "
            'shorter words ("fract femur"), or a synonym; the book searches titles, '
            "inclusion terms and notes, not the Alphabetic Index."
        )
        return 0
    width = max(len(r.code) for r in results)
    for r in results:
        mark = " " if r.billable else "-"
        line = f"{r.code:<{width}} {mark} {r.title}"
        if r.matched != r.title:
            line += f"  [matched: {r.matched}]"
        print(line)
    print("(- : a header that needs more characters)")
    return 0


def _entry(book: Any, code: str, as_json: bool) -> int:
    entry = book.entry(code)
    if as_json:
        print(json.dumps(entry.as_json(), indent=2, ensure_ascii=True))
    else:
        sys.stdout.write("\n".join(entry_lines(entry)) + "\n")
    return 0
