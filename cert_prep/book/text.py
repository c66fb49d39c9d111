"""The book as plain lines: a code's entry and a short list of search results.

Shared by `cert-prep book` and the plain mode's `book` command; no terminal styling, so
the caller decides how the lines are printed (and makes control characters visible).
"""

from __future__ import annotations

from typing import Any

PLAIN_SEARCH_LIMIT = 10


def entry_lines(entry: Any) -> list[str]:
    """A code's entry as text, in the tabular list's order."""
    lines = [f"{entry.code}  {entry.title}", f"  ({entry.state})"]
    if entry.chapter:
        lines.append(f"Chapter {entry.chapter.id}: {entry.chapter.title}")
    if entry.block and entry.block.id != entry.code:
        lines.append(f"Block {entry.block.id}: {entry.block.title}")
    chain = [
        p
        for p in entry.parents
        if p.code
        not in {entry.chapter.id if entry.chapter else "", entry.block.id if entry.block else ""}
    ]
    if chain:
        lines.append("Under: " + " > ".join(f"{p.code} {p.title}" for p in chain))
    for name, items in entry.sections():
        if items:
            lines.append(f"{name}:")
            lines.extend(f"  {item}" for item in items)
    if entry.seventh_characters:
        lines.append("7th characters:")
        lines.extend(f"  {k}  {v}" for k, v in entry.seventh_characters.items())
    if entry.children:
        lines.append("Codes under it:")
        lines.extend(f"  {c.code:<9}{' ' if c.billable else '-'} {c.title}" for c in entry.children)
    return lines


def search_lines(book: Any, query: str, limit: int = PLAIN_SEARCH_LIMIT) -> list[str]:
    """A code's entry when `query` is a code; otherwise the best matches as "CODE  title"
    (a hint when nothing matches, or that a CPT, HCPCS or PCS code is not in the book).
    Raises BookError for a query the book refuses."""
    row = book.row(query) if len(query) <= 10 else None
    if row is not None:
        return entry_lines(book.entry(query))
    if book.other_code_set(query) is not None:
        return [book.unknown_message(query) + "."]
    results = book.search(query, limit)
    if not results:
        return [
            f'No entry of the tabular list holds every word of "{query}". Try fewer or '
            "shorter words, or a synonym."
        ]
    return [f"{r.code}  {r.title}" for r in results]
