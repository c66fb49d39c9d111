"""A closed attempt as the results, review and summary screens show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cert_prep.bank.loader import ExamBank
from cert_prep.bank.models import Blueprint
from cert_prep.clock import from_iso
from cert_prep.engine.entry import Entry, entries_from_rows
from cert_prep.engine.scoring import AttemptScore, score_attempt
from cert_prep.errors import UserError
from cert_prep.store import AttemptRow, Store


@dataclass
class AttemptResult:
    """A closed attempt as the results, review and summary screens show it."""

    attempt: AttemptRow
    blueprint: Blueprint
    entries: list[Entry]
    score: AttemptScore
    time_used_s: float
    missing: list[str] = field(default_factory=list)
    # Positions (0-based) of unscored pretest items: shown as such only after submission.
    pretest: list[int] = field(default_factory=list)

    @property
    def mode(self) -> str:
        return self.attempt.mode

    @property
    def passed(self) -> bool | None:
        return None if self.mode == "drill" else self.score.passed

    @property
    def timed_out(self) -> bool:
        return self.attempt.submitted_reason == "time"

    @property
    def skipped(self) -> int:
        return sum(1 for e in self.entries if not e.answered)

    def pretest_note(self) -> str | None:
        """One line naming the unscored pretest items, for after submission."""
        if not self.pretest:
            return None
        numbers = ", ".join(str(i + 1) for i in self.pretest)
        many = len(self.pretest) != 1
        return (
            f"{len(self.pretest)} unscored pretest item{'s were' if many else ' was'} "
            f"mixed in, as on the real exam, and not counted: "
            f"question{'s' if many else ''} {numbers}."
        )

    def length_note(self) -> str | None:
        """Why the exam had fewer questions than its blueprint, if it had (`exam_length_note`)."""
        presented = len(self.entries) + len(self.missing)
        return exam_length_note(self.attempt, presented, self.blueprint.total_questions)

    def incorrect(self) -> list[int]:
        return [i for i, e in enumerate(self.entries) if e.correct is False]

    def flagged(self) -> list[int]:
        return [i for i, e in enumerate(self.entries) if e.flagged]


def load_result(store: Store, bank: ExamBank, attempt_id: int) -> AttemptResult:
    """Rebuild a submitted attempt from the store (scores as stored at submission)."""
    row = store.attempt(attempt_id)
    if row is None:
        raise UserError(f"there is no attempt {attempt_id}")
    rows = store.attempt_items(attempt_id)
    entries, missing = entries_from_rows(bank, rows)
    # Scored questions are those with a stored verdict: every question of a submitted
    # exam, the answered ones of a drill.
    unscored = pretest_ids(row)
    graded = [
        (r.domain, bool(r.correct))
        for r in rows
        if r.correct is not None and r.item_id not in unscored
    ]
    score = score_attempt(bank.blueprint, graded)
    pretest = [i for i, e in enumerate(entries) if e.item.id in unscored]
    started = from_iso(row.started_at)
    if row.pausable:
        used = row.elapsed_s
    else:
        end = from_iso(row.submitted_at) if row.submitted_at else started
        used = max(0.0, (end - started).total_seconds())
        if row.time_limit_s:
            used = min(used, row.time_limit_s)
    return AttemptResult(row, bank.blueprint, entries, score, used, missing, pretest)


def exam_length_note(attempt: AttemptRow, presented: int, blueprint_total: int) -> str | None:
    """One line for an exam of fewer questions than its blueprint, said alike by the results
    and the report; None for a full-length exam or a drill."""
    return length_note(attempt.kind, presented, blueprint_total, asked_for(attempt))


def asked_for(attempt: AttemptRow) -> int | None:
    """How many questions the exam was assembled to have (None for attempts before it was kept)."""
    wanted = attempt.settings.get("wanted") if isinstance(attempt.settings, dict) else None
    return wanted if isinstance(wanted, int) and not isinstance(wanted, bool) else None


def length_note(
    kind: str, presented: int, blueprint_total: int, wanted: int | None = None
) -> str | None:
    """`exam_length_note` of an attempt of `kind` (`AttemptRow.kind`) that presented
    `presented` questions of the `wanted` it was assembled for.

    A practice exam was asked to be shorter (and may also have met short banks); a mock exam
    stays one when the banks hold too few questions to fill a domain.
    """
    if kind == "drill" or presented >= blueprint_total:
        return None
    if kind == "practice":
        if wanted is not None and presented < wanted:
            return (
                f"A shorter practice exam: {presented} of the {wanted} questions asked for "
                f"(the blueprint has {blueprint_total}), because the banks hold too few "
                "questions for some domains."
            )
        return (
            f"A shorter practice exam: {presented} of the blueprint's {blueprint_total} "
            "questions, in the same domain proportions."
        )
    return (
        f"Mock exam, shorter than the blueprint: {presented} of its {blueprint_total} "
        "questions, because the banks hold too few questions for some domains."
    )


def pretest_ids(attempt: AttemptRow) -> frozenset[str]:
    """Ids of the attempt's unscored pretest items (none for attempts made before them)."""
    ids = attempt.settings.get("pretest") if isinstance(attempt.settings, dict) else None
    return frozenset(i for i in ids or () if isinstance(i, str))


def answered_incorrect(result: AttemptResult) -> list[int]:
    """ "Incorrect" review: wrong answers only; unanswered questions have their own list."""
    return [i for i in result.incorrect() if result.entries[i].answered]


def missed_line(result: AttemptResult) -> str | None:
    """The ids of the questions answered differently from the key, for a drill's summary:
    a key reviewer answering a bank blind posts exactly these (CONTRIBUTING.md)."""
    ids = [result.entries[i].item.id for i in answered_incorrect(result)]
    if not ids:
        return None
    return f"Answered differently from the key ({len(ids)}): {', '.join(ids)}."


def unanswered(result: AttemptResult) -> list[int]:
    return [i for i, e in enumerate(result.entries) if not e.answered]
