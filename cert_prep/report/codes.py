"""Code-level feedback in the attempt report: one line per entered and per expected code
of a code item, labelled as the drill feedback and the results review label it
(`correct`, `wrong 7th character`, `wrong specificity`, ...), with what the entered code
means from the book.

ICD-10-CM labels need the book; `book()` opens it on first use (never on the way to a
report without such items) and returns None when it cannot, and the item then keeps its
right/wrong/missing marks. ICD-10-PCS, CPT and HCPCS need no book.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cert_prep.bank.models import CodeQuestion
from cert_prep.book.code_feedback import CodeLookup, CodeVerdict, code_verdicts, norm

BookGetter = Callable[[], CodeLookup | None]


@dataclass(frozen=True)
class CodeVerdictView:
    code: str
    label: str  # exactly as the labels are printed: "wrong 7th character", ...
    title: str | None  # the code's title from the book (ICD-10-CM only)
    detail: str  # both 7th-character meanings, the expected code's title, a PCS axis...

    @property
    def status(self) -> str:
        """The CSS class shared with the right/wrong/missing marks."""
        if self.label == "correct":
            return "right"
        return "missing" if self.label == "missing" else "wrong"

    @property
    def mark(self) -> str:
        # A symbol and the words, so nothing is told by colour alone.
        symbol = {"right": "✓", "missing": "○"}.get(self.status, "✗")
        return f"{symbol} {self.label}"


@dataclass(frozen=True)
class KeyCodeView:
    code: str
    title: str | None = None  # from the book (ICD-10-CM only), for an item left unanswered


def _view(verdict: CodeVerdict) -> CodeVerdictView:
    return CodeVerdictView(verdict.code, verdict.label, verdict.title, verdict.detail)


def verdict_views(
    question: CodeQuestion, entered: list[str], book: BookGetter
) -> list[CodeVerdictView]:
    """The labelled codes of an answered code item, or [] to keep right/wrong/missing
    (nothing entered, or an ICD-10-CM item and the book cannot be opened)."""
    if not entered:
        return []
    lookup = book() if question.code_system == "icd-10-cm" else None
    verdicts = code_verdicts(question, entered, lookup)
    return [_view(v) for v in verdicts] if verdicts else []


def titled_key(question: CodeQuestion, book: BookGetter) -> list[KeyCodeView]:
    """The key's codes with their titles, for an item with no code entered: with nothing to
    label, the key is where the titles go (none without the book, or for other systems)."""
    lookup = book() if question.code_system == "icd-10-cm" else None
    return [KeyCodeView(c, lookup.title(norm(c)) if lookup else None) for c in question.answer]
