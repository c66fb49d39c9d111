"""Lookup questions as bank items, so drills, resumes, summaries and the study history
treat them like any other code item.

A lookup item's id is `lookup-<code>` (one FSRS card per code). Generated items are not in
any bank file, so a bank asked for such an id rebuilds it from the book: the phrase is
regenerated from the code's lookup candidates (the first one in book order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep.book.lookup import LOOKUP_DOMAIN, Candidate, LookupQuestion

if TYPE_CHECKING:
    from cert_prep.bank.loader import Item
    from cert_prep.book.book import Book

LOOKUP_PREFIX = "lookup-"
# The tabular list the book reads is the FY2026 (April 2026) ICD-10-CM.
CODE_YEAR = 2026


def is_lookup_id(item_id: str) -> bool:
    return item_id.startswith(LOOKUP_PREFIX)


def code_of(item_id: str) -> str:
    return item_id[len(LOOKUP_PREFIX) :]


def rationale(question: LookupQuestion, title: str) -> str:
    where = f"block {question.block}" if question.block else "the tabular list"
    chapter = f", chapter {question.chapter}" if question.chapter else ""
    return (
        f'{question.code} is {title}. The tabular list lists "{question.phrase}" '
        f"under {question.code} as an inclusion term ({where}{chapter})."
    )


def lookup_item(question: LookupQuestion, exam: str, title: str) -> Item:
    """A code item whose key is the question's code; the stem is its prompt."""
    # Imported here: every start installs LookupItems, and pydantic must not load before the
    # first screen paints.
    from cert_prep.bank.loader import Item
    from cert_prep.bank.models import CodeQuestion

    model = CodeQuestion(
        type="code",
        id=question.item_id,
        stem=question.prompt,
        rationale=rationale(question, title),
        code_system="icd-10-cm",
        answer=[question.code],
        codes=[question.code],
    )
    return Item(model, exam, LOOKUP_DOMAIN, CODE_YEAR, None, "", 0)


def question_for(code: str, pool: Sequence[Candidate]) -> LookupQuestion | None:
    """The question a code's card brings back (its first phrase in book order)."""
    wanted = code.replace(".", "").upper()
    for cand in pool:
        if cand.code.replace(".", "").upper() == wanted:
            return LookupQuestion(
                f"{LOOKUP_PREFIX}{cand.code}", cand.code, cand.phrase, cand.chapter, cand.block
            )
    return None


class LookupItems:
    """Rebuilds lookup items by id from the book; opens the book only when first asked.

    Installed on every bank (`ExamBank.resolver`) so an attempt or a review of a lookup
    item never meets a missing item. When the book cannot be opened, ids stay unknown
    and the callers' existing "no longer in the banks" handling applies."""

    def __init__(self, opener: Callable[[], Book]):
        self._opener = opener
        self._book: Book | None = None
        self._pool: list[Candidate] | None = None
        self._failed = False
        self._made: dict[tuple[str, str], Item | None] = {}

    @classmethod
    def for_cache(cls, cache_dir: Path | None) -> LookupItems:
        def opener() -> Book:
            from cert_prep.book.book import Book

            if cache_dir is None:
                raise OSError("no cache folder")
            return Book.open(cache_dir)

        return cls(opener)

    def book(self) -> Book | None:
        if self._book is None and not self._failed:
            try:
                self._book = self._opener()
            except Exception:  # a missing package or unwritable cache: ids stay unknown
                self._failed = True
        return self._book

    def pool(self) -> list[Candidate]:
        if self._pool is None:
            book = self.book()
            self._pool = book.lookup_candidates() if book is not None else []
        return self._pool

    def __call__(self, item_id: str, exam: str) -> Item | None:
        if not is_lookup_id(item_id):
            return None
        key = (item_id, exam)
        if key not in self._made:
            question = question_for(code_of(item_id), self.pool())
            book = self.book()
            title = book.title(question.code) if question and book else None
            self._made[key] = lookup_item(question, exam, title) if question and title else None
        return self._made[key]

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None
