"""Where the student loses points on code items: the code-error counts over the exam's
history, the one to work on first with what to practise for it, and the lookup drills'
stats. The progress screen, the progress report and `weak --json` all show these numbers,
so they are worked out here once.

The book is opened only when the history holds an answered ICD-10-CM code item; when it
cannot be opened, the counts are zeros (as `weak --json` documents) and `counted` says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cert_prep.bank.loader import ExamBank
from cert_prep.book.code_feedback import ERROR_LABELS, CodeLookup
from cert_prep.store import Store
from cert_prep.study.lookup import code_error_counts, lookup_stats, needs_book

# What to practise for each error label, one line each.
TIPS = {
    "out of sequence": (
        "Read the sequencing notes (Code first, Use additional code) and the guidelines: "
        "the principal or first-listed diagnosis goes first."
    ),
    "wrong 7th character": (
        "Read the 7th-character table of the category and match the encounter "
        "(A initial, D subsequent, S sequela)."
    ),
    "wrong specificity": (
        "Read down the category to the most specific subcode the record supports "
        "(site, laterality, type, complication)."
    ),
    "incomplete code": (
        "Keep going past the header: a code that needs more characters is not billable."
    ),
    "not a code": ("Look every code up in the book before you enter it; check each character."),
    "extra": (
        "Code only what the record supports: check Excludes1 notes and leave out symptoms "
        "that belong to a confirmed diagnosis."
    ),
    "missing": (
        "Read the whole record and the Use additional code and Code also notes, so every "
        "condition that counts gets its code."
    ),
}


@dataclass(frozen=True)
class CodeFocus:
    """The error label to work on first: the most frequent one."""

    label: str
    count: int
    tip: str

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "count": self.count, "tip": self.tip}


def code_focus(counts: Mapping[str, int]) -> CodeFocus | None:
    """The most frequent error label (ties go to the earlier label in the labels' order,
    sequencing first), or None when there are no code errors."""
    ranked = sorted(
        (label for label in ERROR_LABELS if counts.get(label, 0) > 0),
        key=lambda label: -counts[label],
    )
    if not ranked:
        return None
    label = ranked[0]
    return CodeFocus(label, counts[label], TIPS[label])


@dataclass(frozen=True)
class CodeProgress:
    lookup: dict[str, Any]  # {"answered", "accuracy", "median_seconds"}
    code_errors: dict[str, int]  # every error label, in the labels' order
    focus: CodeFocus | None
    counted: bool  # False: ICD-10-CM answers exist but the book could not be opened

    @property
    def error_total(self) -> int:
        return sum(self.code_errors.values())

    @property
    def ranked_errors(self) -> list[tuple[str, int]]:
        """The labels that occurred, most frequent first."""
        found = [(label, n) for label, n in self.code_errors.items() if n]
        return sorted(found, key=lambda pair: -pair[1])

    @property
    def empty(self) -> bool:
        """Nothing to show: no lookups and no code errors."""
        return not self.lookup["answered"] and not self.error_total and self.counted


BookOpener = Callable[[], contextlib.AbstractContextManager[CodeLookup | None]]


def code_progress(store: Store, bank: ExamBank, open_book: BookOpener) -> CodeProgress:
    """The code-error counts, their focus and the lookup stats of `bank`'s history.
    `open_book` is entered only when the history holds ICD-10-CM code answers."""
    reviews = store.reviews(bank.id)
    counted = True
    if needs_book(reviews, bank):
        with open_book() as book:
            counted = book is not None
            errors = code_error_counts(reviews, bank, book)
    else:
        errors = dict.fromkeys(ERROR_LABELS, 0)
    return CodeProgress(lookup_stats(reviews), errors, code_focus(errors), counted)


@contextlib.contextmanager
def cached_book(cache_dir: Path | None) -> Iterator[CodeLookup | None]:
    """The book from the index in `cache_dir` (built there the first time), closed
    afterwards; None when it cannot be opened."""
    from cert_prep.book.book import BookLookup, open_book
    from cert_prep.errors import UserError

    try:
        book = open_book(cache_dir)
    except UserError:
        yield None
        return
    try:
        yield BookLookup(book)
    finally:
        book.close()


@contextlib.contextmanager
def shared_book(opener: Callable[[], Any]) -> Iterator[CodeLookup | None]:
    """The book of a long-lived owner (the UI app keeps one open): `opener` returns the
    Book or raises a UserError; it is not closed here."""
    from cert_prep.book.book import BookLookup
    from cert_prep.errors import UserError

    try:
        book = opener()
    except UserError:
        yield None
        return
    yield BookLookup(book)
