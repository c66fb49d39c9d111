"""Where the student loses points on code items: the code-error counts over the exam's
history, the one to work on first with what to practise for it, and the lookup drills'
stats. The progress screen, the progress report and `weak --json` all show these numbers,
so they are worked out here once.

The book is opened only when the history holds an answered ICD-10-CM code item; when it
cannot be opened, the counts are zeros (as `weak --json` documents) and `counted` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from cert_prep.bank.code_shapes import SYSTEM_NAMES
from cert_prep.bank.loader import ExamBank
from cert_prep.book.code_feedback import ERROR_LABELS, CodeLookup
from cert_prep.errors import UserError
from cert_prep.store import Store
from cert_prep.study.lookup import (
    OTHER_ERROR_LABELS,
    code_error_counts,
    lookup_stats,
    needs_book,
    other_code_tallies,
)

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


class SystemTally(NamedTuple):
    """What one other code system's answered code items came to."""

    system: str  # "ICD-10-PCS"
    answered: int
    right: int
    errors: str  # "2 wrong codes, 1 missing"; empty without errors

    def text(self) -> str:
        """`4 answered, 2 right; 2 wrong codes, 1 missing`."""
        text = f"{self.answered} answered, {self.right} right"
        return f"{text}; {self.errors}" if self.errors else text


def _tally_errors(tally: Mapping[str, int]) -> str:
    errors = []
    for label in OTHER_ERROR_LABELS:
        n = tally.get(label, 0)
        if n:
            words = ("wrong code" if n == 1 else "wrong codes") if label == "wrong" else label
            errors.append(f"{n} {words}")
    return ", ".join(errors)


@dataclass(frozen=True)
class CodeProgress:
    lookup: dict[str, Any]  # {"answered", "accuracy", "median_seconds"}
    code_errors: dict[str, int]  # every error label, in the labels' order
    focus: CodeFocus | None
    counted: bool  # False: ICD-10-CM answers exist but the book could not be opened
    icd10cm_answered: bool = False  # ICD-10-CM code items or lookups in the history
    # ICD-10-PCS, CPT, HCPCS: answered, right, and wrong / missing / out of sequence
    # (the error labels above need the ICD-10-CM book and are for ICD-10-CM only)
    other_codes: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def other_systems(self) -> list[SystemTally]:
        """Each other code system answered, in the order first answered."""
        return [
            SystemTally(
                SYSTEM_NAMES.get(system, system), t["answered"], t["right"], _tally_errors(t)
            )
            for system, t in self.other_codes.items()
        ]

    @property
    def error_total(self) -> int:
        return sum(self.code_errors.values())

    @property
    def ranked_errors(self) -> list[tuple[str, int]]:
        """Every error label, most frequent first (ties in the labels' order)."""
        return sorted(self.code_errors.items(), key=lambda pair: -pair[1])

    @property
    def lookup_percent(self) -> float:
        return round(100 * float(self.lookup["accuracy"] or 0.0), 1)

    @property
    def empty(self) -> bool:
        """Nothing to show: no lookups, no code errors, no other code system answered."""
        return (
            not self.lookup["answered"]
            and not self.error_total
            and self.counted
            and not self.other_codes
        )


def code_progress(
    store: Store, bank: ExamBank, book: Callable[[], CodeLookup | None]
) -> CodeProgress:
    """The code-error counts, their focus and the lookup stats of `bank`'s history.
    `book()` is called only when the history holds ICD-10-CM code answers."""
    reviews = store.code_reviews(bank.id)  # the rest cannot hold code errors or lookups
    counted = True
    errors = dict.fromkeys(ERROR_LABELS, 0)
    icd10cm_answered = needs_book(reviews, bank)
    if icd10cm_answered:
        lookup = book()
        counted = lookup is not None
        errors = code_error_counts(reviews, bank, lookup)
    return CodeProgress(
        lookup_stats(reviews),
        errors,
        code_focus(errors),
        counted,
        icd10cm_answered,
        other_code_tallies(reviews, bank),
    )


def no_book() -> None:
    """For callers without a book: counts stay zeros and `counted` says so."""
    return None


class BookOnDemand:
    """The book for code-level feedback, opened on the first call and only then (opening
    may build the index: seconds), at most once. A book that cannot be opened is None:
    the feedback falls back to right/wrong/missing. `close()` closes a book it opened
    itself; `owned=False` is for a book a longer-lived owner keeps open (the UI app)."""

    def __init__(self, open_book: Callable[[], Any], owned: bool = True):
        self._open = open_book
        self._owned = owned
        self._tried = False
        self._book: Any = None

    @classmethod
    def cached(cls, cache_dir: Path | None) -> BookOnDemand:
        """The book from the index in `cache_dir` (built there the first time)."""

        def opening() -> Any:
            from cert_prep.book.book import open_book

            return open_book(cache_dir)

        return cls(opening)

    def __call__(self) -> CodeLookup | None:
        if not self._tried:
            self._tried = True
            try:
                self._book = self._open()
            except (UserError, ImportError):  # no cache folder, or the package is gone
                self._book = None
        if self._book is None:
            return None
        from cert_prep.book.book import BookLookup

        return BookLookup(self._book)

    def close(self) -> None:
        if self._owned and self._book is not None:
            self._book.close()
        self._book = None

    def __enter__(self) -> BookOnDemand:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
