"""Read one submitted attempt from the Store and its questions from the Library.

Returns an `AttemptReport` of plain values. The attempt's stored `correct` flags are the
grading of record (set at submission); the questions, keys and rationales are the bank's
current ones, and a question whose key or choices changed since is marked as changed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, TypedDict

from cert_prep import __version__
from cert_prep.bank.loader import ExamBank, Item
from cert_prep.bank.models import (
    CodeQuestion,
    MultiQuestion,
    SingleQuestion,
    answer_keys,
    key_hash,
)
from cert_prep.clock import local_text
from cert_prep.engine.attempt_result import exam_length_note, pretest_ids
from cert_prep.engine.domain_names import domain_name
from cert_prep.engine.scoring import code_marks, scaled_estimate, score_attempt
from cert_prep.report.charts import NARROW, ChartPair, domain_bar_chart, pacing_chart
from cert_prep.report.codes import BookGetter, KeyCodeView, titled_key, verdict_views
from cert_prep.report.study_section import date_text, study_view, time_used
from cert_prep.report.views import (
    AttemptHeader,
    AttemptReport,
    ChoiceRow,
    CodeMarkView,
    DomainRow,
    MissedGroup,
    PacingView,
    QuestionRow,
)
from cert_prep.store import AttemptItemRow, AttemptRow, Store

KIND_LABELS = {
    "single": "single best answer",
    "multi": "multiple response (all that apply)",
    "code": "code entry",
}
CODE_SYSTEMS = {
    "icd-10-cm": "ICD-10-CM",
    "icd-10-pcs": "ICD-10-PCS",
    "cpt": "CPT",
    "hcpcs": "HCPCS Level II",
}
REASONS = {
    "time": "time ran out",
    "timeout": "time ran out",
    "time-out": "time ran out",
    "student": "submitted",
    "submitted": "submitted",
    "user": "submitted",
}
LETTERS = "ABCDEF"


def _status(row: AttemptItemRow) -> str:
    if not row.response:
        return "unanswered"
    return "correct" if row.correct else "incorrect"


def _choices(
    question: SingleQuestion | MultiQuestion, row: AttemptItemRow
) -> tuple[list[ChoiceRow], bool]:
    bank_order = list(question.choices)
    order = [k for k in (row.choice_order or []) if k in question.choices] or bank_order
    order += [k for k in bank_order if k not in order]  # a choice added since the attempt
    keys = set(answer_keys(question))
    response = row.response
    chosen = set(response) if isinstance(response, list) else ({response} if response else set())
    feedback = getattr(question, "feedback", None) or {}
    views = [
        ChoiceRow(
            LETTERS[i],
            key,
            question.choices[key],
            key in keys,
            key in chosen,
            feedback.get(key, ""),
        )
        for i, key in enumerate(order)
    ]
    return views, order != bank_order


def _no_book() -> None:
    return None


def _sequence_note(
    question: CodeQuestion, entered: list[str], sequence_ok: bool | None
) -> str | None:
    if question.sequence != "principal-first":
        return None
    note = f"Sequencing counts: {question.answer[0]} must be entered first."
    if sequence_ok is False:
        return f"✗ {note} You entered {entered[0]} first."
    return f"✓ {note} You did." if sequence_ok else note


def _code_part(question: CodeQuestion, row: AttemptItemRow, book: BookGetter) -> dict[str, Any]:
    entered = [str(c) for c in row.response] if isinstance(row.response, list) else []
    if not entered:
        # Nothing to mark: "none entered", then the key with its titles (not the key's
        # codes marked "missing", as if they were the student's).
        return {
            "code_system": CODE_SYSTEMS.get(question.code_system, question.code_system),
            "key_codes": titled_key(question, book),
            "sequence_note": _sequence_note(question, entered, None),
        }
    marks = code_marks(question, entered)
    # code_marks puts each entered code, in order, into `right` or `wrong` (a repeat of a
    # right code is wrong), so walking both in step gives each entry's mark.
    views, next_right = [], 0
    for code in entered:
        if next_right < len(marks.right) and marks.right[next_right] == code:
            views.append(CodeMarkView(code, "right"))
            next_right += 1
        else:
            views.append(CodeMarkView(code, "wrong"))
    views += [CodeMarkView(code, "missing") for code in marks.missing]
    return {
        "code_system": CODE_SYSTEMS.get(question.code_system, question.code_system),
        "code_marks": views,
        "key_codes": [KeyCodeView(c) for c in question.answer],
        "sequence_note": _sequence_note(question, entered, marks.sequence_ok),
        "code_verdicts": verdict_views(question, entered, book),
    }


class _RowCommon(TypedDict):
    """What every question row has, whether its item is still in the bank or not."""

    number: int
    item_id: str
    domain_id: str
    domain_name: str
    status: str
    seconds: float
    flagged: bool


def question_row(
    number: int,
    item: Item | None,
    row: AttemptItemRow,
    domain_name: str,
    book: BookGetter = _no_book,
) -> QuestionRow:
    common: _RowCommon = {
        "number": number,
        "item_id": row.item_id,
        "domain_id": row.domain,
        "domain_name": domain_name,
        "status": _status(row),
        "seconds": row.seconds,
        "flagged": row.flagged,
    }
    if item is None:
        shown = (
            row.response
            if not isinstance(row.response, list)
            else ", ".join(map(str, row.response))
        )
        return QuestionRow(
            **common,
            kind="missing",
            kind_label="no longer in the bank",
            stem="This question is no longer in the question bank, so its text cannot be shown.",
            rationale="",
            missing_from_bank=True,
            response_text=str(shown) if shown else None,
        )
    question = item.question
    extra: dict[str, Any] = {}
    if isinstance(question, CodeQuestion):
        extra.update(_code_part(question, row, book))
    else:
        extra["choices"], extra["shuffled"] = _choices(question, row)
    if item.case is not None:
        extra.update(case_title=item.case.title, case_record=item.case.record)
    kind_label = KIND_LABELS[question.type]
    if isinstance(question, MultiQuestion):
        kind_label = f"multiple response: {len(question.answer)} keys"
    return QuestionRow(
        **common,
        kind=question.type,
        kind_label=kind_label,
        stem=question.stem,
        rationale=question.rationale,
        changed=key_hash(question) != row.key_hash,
        **extra,
    )


def _pacing(
    rows: list[AttemptItemRow], limit_s: float | None, used_s: float | None = None
) -> PacingView:
    seconds = [r.seconds for r in rows]
    behind = []  # questions after which the cumulative time was past the even pace
    if limit_s and rows:
        per_question, spent = limit_s / len(rows), 0.0
        for i, s in enumerate(seconds, start=1):
            spent += s
            if spent > per_question * i + 1e-6:
                behind.append(i)
    chart = ChartPair(pacing_chart(seconds, limit_s), pacing_chart(seconds, limit_s, NARROW))
    total = sum(seconds)
    if used_s is not None:
        total = min(total, used_s)  # per-question times round; never more than the exam's
    unopened = sum(1 for r in rows if r.seconds < 1 and not r.response)
    return PacingView(
        chart, total, limit_s, len(rows), behind[0] if behind else None, len(behind), unopened
    )


def build_attempt_report(
    store: Store,
    bank: ExamBank,
    attempt: AttemptRow,
    now: datetime,
    book: BookGetter | None = None,
) -> AttemptReport:
    """`book()` gives the ICD-10-CM book for code-level labels (called only when a code
    item needs it; no book, or None from it, keeps right/wrong/missing)."""
    book = book or _no_book
    blueprint = bank.blueprint
    rows = store.attempt_items(attempt.id)
    unscored = pretest_ids(attempt)
    questions = [
        replace(
            question_row(i, bank.item(r.item_id), r, domain_name(blueprint, r.domain), book),
            pretest=r.item_id in unscored,
        )
        for i, r in enumerate(rows, start=1)
    ]
    # Scored: the rows with a stored verdict (every question of an exam, the answered ones
    # of a drill), pretest aside: the same questions as the header's score and the summary.
    scored = [r for r in rows if r.correct is not None and r.item_id not in unscored]
    score = score_attempt(blueprint, [(r.domain, bool(r.correct)) for r in scored])
    scored_ids = {r.item_id for r in scored}
    domains = [
        DomainRow(
            d.id,
            d.name,
            d.correct,
            d.total,
            round(d.percent, 1),
            d.percent >= blueprint.pass_percent,
        )
        for d in score.domains
    ]
    bars = [
        (d.name, d.percent, d.at_cut, f"{d.percent:g}% {'✓' if d.at_cut else '✗'}") for d in domains
    ]
    chart = ChartPair(
        domain_bar_chart(bars, blueprint.pass_percent),
        domain_bar_chart(bars, blueprint.pass_percent, NARROW),
    )
    missed = [
        MissedGroup(
            d.name,
            [
                q
                for q in questions
                if q.domain_id == d.id and q.status != "correct" and q.item_id in scored_ids
            ],
        )
        for d in domains
    ]
    is_exam = attempt.mode == "exam"
    # The engine stores the score at submission; fall back to the items' grading.
    correct = attempt.correct if attempt.correct is not None else score.correct
    total = attempt.total if attempt.total is not None else score.total
    percent = attempt.percent if attempt.percent is not None else score.percent
    passed = (attempt.passed if attempt.passed is not None else score.passed) if is_exam else None
    header = AttemptHeader(
        attempt_id=attempt.id,
        exam_id=bank.id,
        exam_name=blueprint.name,
        certification=blueprint.certification,
        provider=blueprint.provider,
        mode=attempt.mode,
        started_text=date_text(attempt.started_at),
        submitted_text=date_text(attempt.submitted_at),
        submitted_reason=REASONS.get(
            attempt.submitted_reason or "", attempt.submitted_reason or "submitted"
        ),
        time_used_s=time_used(attempt),
        time_limit_s=attempt.time_limit_s,
        correct=correct,
        total=total,
        percent=percent,
        pass_percent=blueprint.pass_percent,
        passed=passed,
        scaled_estimate=scaled_estimate(percent, blueprint.pass_percent)
        if blueprint.scaled and is_exam
        else None,
        answered=sum(1 for r in rows if r.response),
        flagged=sum(1 for r in rows if r.flagged),
        shuffled=any(q.shuffled for q in questions),
        notes=blueprint.notes,
        pretest_numbers=tuple(i for i, r in enumerate(rows, start=1) if r.item_id in unscored),
        practice=attempt.practice,
        length_note=exam_length_note(attempt, len(rows), blueprint.total_questions),
    )
    return AttemptReport(
        header=header,
        domains=domains,
        domain_chart=chart,
        pacing=_pacing(rows, attempt.time_limit_s, header.time_used_s),
        questions=questions,
        missed=[g for g in missed if g.questions],
        study=study_view(store, bank, now, current=attempt, book=book),
        generated_text=local_text(now),
        version=__version__,
    )
