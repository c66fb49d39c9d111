"""Exam and drill sessions: the authoritative state of one attempt, kept in the Store.

Every answer, flag and move is written to the store before the session's own copy
changes, so a failed write (another cert-prep holding the lock) leaves both in step and
a crash loses nothing. Time comes from an injected Clock:

- a normal exam's deadline is `started_at + time limit` (wall clock): the exam clock runs
  on while cert-prep is closed, as in the real test;
- a `--pausable` exam banks the time used (`elapsed_s`) with every write and counts only
  the current sitting on top, so closed time is not charged.

One window at a time: a session claims its attempt (a holder token in the store) when it
opens it, and every write checks that it still holds it. A second window that opens the
same attempt takes it over (after the front end has asked, see `held_elsewhere`); the
first then gets AttemptMoved on its next write and stops, so no answer is overwritten
silently. Submission scores what the store holds, inside the submitting transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from cert_prep.bank.code_shapes import check_codes, rules_for
from cert_prep.bank.loader import ExamBank
from cert_prep.bank.models import Blueprint, CodeQuestion, MultiQuestion, SingleQuestion, key_hash
from cert_prep.clock import Clock, format_hms, from_iso, to_iso
from cert_prep.engine.assembly import DrillPlan, ExamPlan
from cert_prep.engine.attempt_errors import AlreadyAnswered, AttemptClosed, AttemptMoved
from cert_prep.engine.attempt_result import AttemptResult, load_result, pretest_ids
from cert_prep.engine.entry import (
    Choice,
    Entry,
    Feedback,
    NotAChoice,
    entries_from_rows,
    feedback_for,
)
from cert_prep.engine.scoring import is_correct, score_attempt
from cert_prep.engine.windows import HeldElsewhere, held_elsewhere, new_holder
from cert_prep.errors import UserError
from cert_prep.store import AttemptItemRow, AttemptRow, Review, Store
from cert_prep.store.errors import StoreError

# Re-exported: the UI and tests import these from here.
__all__ = [
    "AlreadyAnswered",
    "AttemptClosed",
    "AttemptMoved",
    "AttemptResult",
    "Choice",
    "DrillSession",
    "Entry",
    "ExamSession",
    "Feedback",
    "HeldElsewhere",
    "NotAChoice",
    "Session",
    "feedback_for",
    "format_hms",
    "held_elsewhere",
    "load_result",
]

WARNINGS_AT_S = (30 * 60, 5 * 60)


# ---- the shared part -------------------------------------------------------------------


class Session:
    mode = ""

    def __init__(
        self,
        store: Store,
        bank: ExamBank,
        clock: Clock,
        attempt: AttemptRow,
        entries: list[Entry],
        missing: list[str],
        holder: str | None = None,
    ):
        if not entries:
            raise UserError(
                f"none of the questions of attempt {attempt.id} are in the banks any more; "
                "it cannot be continued"
            )
        self.store = store
        self.bank = bank
        self.clock = clock
        self.attempt = attempt
        self.entries = entries
        self.missing = missing  # item ids no longer in the banks: left out
        self.index = next((i for i, e in enumerate(entries) if e.seq == attempt.position), 0)
        self._shown_at = clock.monotonic()
        self.closed = attempt.status != "open"
        self.holder = holder or new_holder()  # this window's token, never another's
        self.moved = False  # another window took the attempt over

    def discard(self) -> None:
        self.store.discard(self.id)
        self.closed = True

    def _answer_time(self) -> str:
        """Now, but never before the attempt began: a computer clock set back while it
        runs must not date an answer before its exam."""
        return to_iso(max(self.clock.now(), from_iso(self.attempt.started_at)))

    def bank_changes(self) -> list[str]:
        """What changed in the banks since the attempt began, as lines for its screen:
        questions left out, answers given against a key or choices edited since."""
        lines = []
        if self.missing:
            lines.append(
                f"{len(self.missing)} question(s) are no longer in the banks and are left out: "
                f"the score counts the other {len(self.entries)}."
            )
        changed = [i + 1 for i, e in enumerate(self.entries) if e.changed]
        if changed:
            shown = ", ".join(map(str, changed[:8])) + (" ..." if len(changed) > 8 else "")
            lines.append(
                f"Changed in the bank since you answered (its choices or key were edited, so a "
                f"letter may now name another choice): question(s) {shown}. Check those answers."
            )
        return lines

    # ---- reading ----

    @property
    def closed_book(self) -> bool:
        """Whether the code book is off for this attempt (`exam --closed-book`)."""
        return bool((self.attempt.settings or {}).get("closed_book"))

    @property
    def id(self) -> int:
        return self.attempt.id

    @property
    def blueprint(self) -> Blueprint:
        return self.bank.blueprint

    @property
    def current(self) -> Entry:
        return self.entries[self.index]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def answered_count(self) -> int:
        return sum(1 for e in self.entries if e.answered)

    @property
    def flagged_count(self) -> int:
        return sum(1 for e in self.entries if e.flagged)

    def unanswered(self) -> list[int]:
        return [i for i, e in enumerate(self.entries) if not e.answered]

    def flagged(self) -> list[int]:
        return [i for i, e in enumerate(self.entries) if e.flagged]

    # ---- writing ----

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction that first checks the attempt is still open."""
        if self.closed:
            raise self._closed_error()
        with self.store.transaction():
            self._check_open_in_transaction()
            yield
            self._checkpoint_in_transaction()

    def _check_open_in_transaction(self) -> None:
        """AttemptClosed if submitted or discarded meanwhile; AttemptMoved if another
        window took the attempt over."""
        row = self.store.attempt(self.id)
        if row is None or row.status != "open":
            self.closed = True
            raise AttemptClosed(self._closed_message())
        if row.holder != self.holder:
            self.closed = self.moved = True
            raise self._closed_error()

    def _closed_error(self) -> AttemptClosed:
        if self.moved:
            return AttemptMoved(
                f"this {self.mode} moved to another cert-prep window; answers are no longer "
                "accepted here (nothing was changed)"
            )
        return AttemptClosed(self._closed_message())

    def _closed_message(self) -> str:
        return f"this {self.mode} was already closed, perhaps in another cert-prep window"

    def ensure_held(self) -> None:
        """Raise AttemptMoved (or AttemptClosed) if another window has taken over; the
        screens call it now and then so a moved exam shows it before the next key."""
        if self.closed:
            raise self._closed_error()
        self._check_open_in_transaction()

    def _claim(self) -> None:
        # A new attempt is created already held by its window: no second write at start.
        if not self.closed and self.attempt.holder != self.holder:
            try:
                self.store.claim_attempt(self.id, self.holder, to_iso(self.clock.now()))
            except StoreError as exc:
                if exc.kind != "full":
                    raise
                # Nothing can be saved on a full disk, so this window cannot take the
                # attempt over; it opens as the holder the store names, and each answer
                # then says that the disk is full instead of refusing to open.
                # The store may name no holder (None); the window then holds nothing.
                self.holder = self.attempt.holder  # type: ignore[assignment]
                return

    def release(self) -> None:
        """Leave the attempt free for any window (when closing it for later)."""
        if not self.closed:
            self.store.release_attempt(self.id, self.holder)

    def _checkpoint_in_transaction(self) -> None:
        """Pausable exams bank their time with every write (see ExamSession)."""

    def go_to(self, index: int) -> None:
        if not 0 <= index < self.count:
            raise IndexError(index)
        if index == self.index:
            return
        now = self.clock.monotonic()
        spent = max(0.0, now - self._shown_at)
        left = self.current
        with self._writing():
            self.store.move(self.id, self.entries[index].seq, left.seq, spent)
        left.seconds += spent
        self.index = index
        self._shown_at = now

    def next(self) -> bool:
        if self.index + 1 >= self.count:
            return False
        self.go_to(self.index + 1)
        return True

    def back(self) -> bool:
        if self.index == 0:
            return False
        self.go_to(self.index - 1)
        return True

    def toggle_flag(self) -> bool:
        entry = self.current
        with self._writing():
            self.store.set_flag(self.id, entry.seq, not entry.flagged)
        entry.flagged = not entry.flagged
        return entry.flagged

    def _account_current(self) -> float:
        """Time on the question on screen, written to the store (inside a transaction)."""
        now = self.clock.monotonic()
        spent = max(0.0, now - self._shown_at)
        self.store.move(self.id, self.current.seq, self.current.seq, spent)
        self._shown_at = now
        return spent

    @classmethod
    def _entries(cls, bank: ExamBank, rows: list[AttemptItemRow]) -> tuple[list[Entry], list[str]]:
        return entries_from_rows(bank, rows)


def _load_rows(store: Store, attempt_id: int, mode: str) -> tuple[AttemptRow, list[AttemptItemRow]]:
    row = store.attempt(attempt_id)
    if row is None or row.mode != mode:
        raise UserError(f"there is no {mode} attempt {attempt_id}")
    return row, store.attempt_items(attempt_id)


# ---- exams -----------------------------------------------------------------------------


class ExamSession(Session):
    """A timed mock exam. No key, rationale or correctness is exposed before submission."""

    mode = "exam"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.started_at = from_iso(self.attempt.started_at)
        self.time_limit_s = float(self.attempt.time_limit_s or 0)
        self.pausable = self.attempt.pausable
        self._banked = self.attempt.elapsed_s
        self._sitting_from: datetime | None = None
        self.result: AttemptResult | None = None

    @classmethod
    def start(cls, store: Store, bank: ExamBank, plan: ExamPlan, clock: Clock) -> ExamSession:
        """Create the attempt (raises OpenExamExists if a full mock exam of this exam is
        unfinished; practice exams never block) and start the clock."""
        holder = new_holder()
        attempt_id = store.create_attempt(
            plan.exam,
            "exam",
            to_iso(clock.now()),
            plan.new_items(),
            time_limit_s=plan.time_limit_s,
            pausable=plan.options.pausable,
            settings=plan.settings(),
            practice=plan.practice,
            holder=holder,
        )
        return cls.open(store, bank, attempt_id, clock, holder=holder)

    @classmethod
    def open(
        cls, store: Store, bank: ExamBank, attempt_id: int, clock: Clock, holder: str | None = None
    ) -> ExamSession:
        """Load an attempt and hold it in this window (another window holding it loses it:
        ask first with `held_elsewhere`); for an open pausable exam, a new sitting starts."""
        row, rows = _load_rows(store, attempt_id, "exam")
        entries, missing = cls._entries(bank, rows)
        session = cls(store, bank, clock, row, entries, missing, holder=holder or new_holder())
        session._claim()
        if session.pausable and not session.closed:
            # Time after the last checkpoint of an earlier sitting is not charged.
            now = clock.now()
            store.bank_elapsed(session.id, session._banked, to_iso(now))
            session._sitting_from = now
        return session

    # ---- time ----

    @property
    def deadline(self) -> datetime | None:
        """The fixed end of a normal exam (None for pausable exams)."""
        return None if self.pausable else self.started_at + timedelta(seconds=self.time_limit_s)

    def elapsed(self) -> float:
        if not self.pausable:
            return max(0.0, (self.clock.now() - self.started_at).total_seconds())
        running = 0.0
        if self._sitting_from is not None:
            running = max(0.0, (self.clock.now() - self._sitting_from).total_seconds())
        return self._banked + running

    def remaining(self) -> float:
        return max(0.0, self.time_limit_s - self.elapsed())

    def expired(self) -> bool:
        return self.remaining() <= 0

    def _checkpoint_in_transaction(self) -> None:
        if self.pausable and self._sitting_from is not None:
            now = self.clock.now()
            self._banked = self.elapsed()
            self._sitting_from = now
            self.store.bank_elapsed(self.id, self._banked, to_iso(now))

    def checkpoint(self) -> None:
        """Pausable exams: bank the time used so far (called from the UI's timer too)."""
        if self.pausable and not self.closed:
            with self.store.transaction():
                self._check_open_in_transaction()
                self._checkpoint_in_transaction()

    def close(self) -> None:
        """Leave the exam open for later: keep the time on this question; pause if pausable."""
        if self.closed:
            return
        with self.store.transaction():
            self._check_open_in_transaction()
            self._account_current()
            if self.pausable and self._sitting_from is not None:
                self._banked = self.elapsed()
                self._sitting_from = None
                self.store.bank_elapsed(self.id, self._banked, None)
            self.release()

    # ---- answering ----

    def choose(self, letter: str) -> Any:
        """Choose (single) or toggle (multi) the choice shown as `letter`; returns the response."""
        entry = self.current
        if isinstance(entry.question, CodeQuestion):
            raise NotAChoice("this question takes codes: type them in the box")
        choice = entry.choice(letter)
        if isinstance(entry.question, SingleQuestion):
            response: Any = choice.key
        else:
            keys = set(entry.response or [])
            keys ^= {choice.key}
            response = sorted(keys) or None
        self._save(entry, response)
        return response

    def set_choices(self, letters: list[str]) -> Any:
        """Set the whole answer at once (line mode): one letter, or every letter of a multi."""
        entry = self.current
        if isinstance(entry.question, CodeQuestion):
            raise NotAChoice("this question takes codes")
        keys = sorted({entry.choice(letter).key for letter in letters})
        if isinstance(entry.question, SingleQuestion):
            if len(keys) > 1:
                raise NotAChoice("choose one answer only")
            response: Any = keys[0] if keys else None
        else:
            response = keys or None
        self._save(entry, response)
        return response

    def set_codes(self, text: str) -> list[str] | None:
        entry = self.current
        if not isinstance(entry.question, CodeQuestion):
            raise NotAChoice("this question is answered with a choice, not codes")
        codes = check_codes(text, rules_for(entry.question)) or None
        self._save(entry, codes)
        return codes

    def _save(self, entry: Entry, response: Any) -> None:
        answered_at = self._answer_time() if response else None
        current = key_hash(entry.question) if entry.changed else None
        with self._writing():
            self.store.save_response(self.id, entry.seq, response, answered_at, key_hash=current)
        entry.response = response
        entry.answered_at = answered_at
        entry.changed = False  # answered (or cleared) against the bank as it is now

    # ---- submission ----

    def submit_if_expired(self) -> bool:
        if self.closed or not self.expired():
            return False
        self.submit("time")
        return True

    def submit(self, reason: str = "submitted") -> AttemptResult:
        """Score the answers the store holds, write the scores and the reviews, close the
        attempt: all in one transaction, so an answer saved by another window counts."""
        if self.closed:
            raise self._closed_error()
        now = self.clock.now()
        deadline = self.deadline
        if deadline is not None and now > deadline:
            now = deadline  # the exam ended at its deadline, even if we notice later
        unscored = pretest_ids(self.attempt)
        with self.store.transaction():
            self._check_open_in_transaction()
            self._reload_answers_in_transaction()
            graded = {e.seq: is_correct(e.question, e.response) for e in self.entries}
            score = score_attempt(
                self.blueprint,
                [(e.domain, graded[e.seq]) for e in self.entries if e.item.id not in unscored],
            )
            spent = self._account_current()
            if self.pausable:
                self._banked = min(self.elapsed(), self.time_limit_s)
                self._sitting_from = None
                self.store.bank_elapsed(self.id, self._banked, None)
            reviews = [
                Review(
                    e.item.id,
                    self.bank.id,
                    e.domain,
                    e.answered_at or to_iso(now),
                    e.response,
                    graded[e.seq],
                    e.seconds + (spent if e is self.current else 0.0),
                    "exam",
                    self.id,
                    key_hash(e.question),
                )
                for e in self.entries
                if e.answered
            ]
            self.store.submit(
                self.id,
                to_iso(now),
                reason,
                graded,
                score.correct,
                score.total,
                score.percent,
                score.passed,
                reviews,
            )
        self.current.seconds += spent
        for entry in self.entries:
            entry.correct = graded[entry.seq]
        self.closed = True
        self.result = load_result(self.store, self.bank, self.id)
        return self.result

    def _reload_answers_in_transaction(self) -> None:
        """The store's answers, flags and times replace this window's copy."""
        rows = {r.seq: r for r in self.store.attempt_items(self.id)}
        for entry in self.entries:
            row = rows.get(entry.seq)
            if row is not None:
                entry.response, entry.answered_at = row.response, row.answered_at
                entry.flagged, entry.seconds = row.flagged, row.seconds

    def seconds_to_next_notice(self, already: set[int]) -> float:
        """Seconds until the next time warning not yet shown, or the deadline: what a
        line-by-line front end waits before saying it unprompted."""
        left = self.remaining()
        ahead = [left - t for t in WARNINGS_AT_S if t not in already and self.time_limit_s > t]
        return max(0.0, min([w for w in ahead if w > 0] + [left]))

    def warnings_due(self, already: set[int]) -> list[int]:
        """Warning thresholds (seconds left) crossed and not yet shown."""
        left = self.remaining()
        return [
            t for t in WARNINGS_AT_S if left <= t and t not in already and self.time_limit_s > t
        ]


# ---- drills ----------------------------------------------------------------------------


# The saved setting (on/off) that turns confidence ratings on for every drill.
CONFIDENCE_SETTING = "confidence_ratings"


class DrillSession(Session):
    """An untimed drill: each answer is final, shown with feedback, and a review at once.

    With confidence ratings on, an answer is still saved at once, but its review waits
    for how sure the student was (`rate`: 1 guess, 2 unsure, 3 sure, None a skip), and
    the front end shows the feedback only then. Moving on or finishing skips a rating
    still due. A drill left while a rating is due asks for it again when resumed: the
    feedback was not shown, so the rating is still honest."""

    mode = "drill"

    def __init__(
        self,
        *args: Any,
        intro: list[str] | None = None,
        ask_confidence: bool = False,
        brief: list[str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.intro = list(intro or [])
        self.brief = list(brief or [])  # the intro in fewer lines (DrillPlan.brief)
        self.pending: set[str] = set()  # multi items: keys toggled but not yet submitted
        self.ask_confidence = ask_confidence

    @classmethod
    def start(cls, store: Store, plan: DrillPlan, clock: Clock) -> DrillSession:
        from cert_prep.store import NewItem

        items = [NewItem(it.id, it.domain, key_hash(it.question)) for it in plan.items]
        settings = dict(plan.settings, intro=plan.intro)
        if plan.brief:
            settings["brief"] = plan.brief
        if plan.settings.get("confidence") or store.get_setting(CONFIDENCE_SETTING) == "on":
            settings["confidence"] = True
        else:
            settings.pop("confidence", None)
        holder = new_holder()
        attempt_id = store.create_attempt(
            plan.bank.id, "drill", to_iso(clock.now()), items, settings=settings, holder=holder
        )
        return cls.open(store, plan.bank, attempt_id, clock, holder=holder)

    @classmethod
    def open(
        cls, store: Store, bank: ExamBank, attempt_id: int, clock: Clock, holder: str | None = None
    ) -> DrillSession:
        """Load a drill and hold it in this window (see ExamSession.open)."""
        row, rows = _load_rows(store, attempt_id, "drill")
        entries, missing = cls._entries(bank, rows)
        session = cls(
            store,
            bank,
            clock,
            row,
            entries,
            missing,
            intro=row.settings.get("intro") or [],
            ask_confidence=bool(row.settings.get("confidence")),
            brief=row.settings.get("brief") or [],
            holder=holder or new_holder(),
        )
        session._claim()
        if session.ask_confidence:
            for entry in session._unreviewed(session.entries):
                entry.rating_due = True
        return session

    def _unreviewed(self, entries: list[Entry]) -> list[Entry]:
        """The answered ones among `entries` whose review is not yet written."""
        answered = [e for e in entries if e.answered]
        if not answered:
            return []
        reviewed = self.store.reviewed_in_attempt(self.id, [e.item.id for e in answered])
        return [e for e in answered if e.item.id not in reviewed]

    @property
    def rating_due(self) -> bool:
        """The question on screen is answered and waits for how sure the student was."""
        return self.current.rating_due

    def go_to(self, index: int) -> None:
        if index != self.index and self.rating_due:
            self.rate(None)  # moving on skips the rating
        super().go_to(index)
        self.pending = set()

    def choose(self, letter: str) -> Feedback | None:
        """Single: answer and return feedback. Multi: toggle the choice (submit with Enter)."""
        entry = self.current
        if entry.answered:
            raise AlreadyAnswered("already answered: press n or Enter for the next question")
        if isinstance(entry.question, CodeQuestion):
            raise NotAChoice("this question takes codes: type them in the box")
        choice = entry.choice(letter)
        if isinstance(entry.question, SingleQuestion):
            return self._answer(entry, choice.key)
        self.pending ^= {choice.key}
        return None

    def submit_choices(self) -> Feedback:
        self.check_choices()
        return self._answer(self.current, sorted(self.pending))

    def submit_codes(self, text: str) -> Feedback:
        return self._answer(self.current, self.codes_answer(text))

    def codes_answer(self, text: str) -> list[str]:
        """The codes `text` answers the current code item with (raises if it cannot)."""
        entry = self.current
        if entry.answered:
            raise AlreadyAnswered("already answered: press n or Enter for the next question")
        if not isinstance(entry.question, CodeQuestion):
            raise NotAChoice("this question is answered with a choice, not codes")
        codes = check_codes(text, rules_for(entry.question))
        if not codes:
            raise NotAChoice("type at least one code, separated by spaces or commas")
        return codes

    def check_choices(self) -> bool:
        """Raise as `submit_choices` would, without answering."""
        entry = self.current
        if entry.answered:
            raise AlreadyAnswered("already answered: press n or Enter for the next question")
        if not isinstance(entry.question, MultiQuestion):
            raise NotAChoice("only multiple-response questions are submitted with Enter")
        if not self.pending:
            raise NotAChoice("choose at least one answer first")
        return True

    def _answer(self, entry: Entry, response: Any) -> Feedback:
        """Save the answer; its review too, unless it waits for a confidence rating."""
        ok = is_correct(entry.question, response)
        answered_at = self._answer_time()
        with self._writing():
            spent = self._account_current()
            self.store.save_response(self.id, entry.seq, response, answered_at, ok)
            given = replace(
                entry,
                response=response,
                answered_at=answered_at,
                correct=ok,
                seconds=entry.seconds + spent,
                rating_due=self.ask_confidence,
            )
            if not given.rating_due:
                self._add_review(given, None)
        entry.response, entry.answered_at, entry.correct = response, answered_at, ok
        entry.seconds, entry.rating_due = given.seconds, given.rating_due
        self.pending = set()
        return feedback_for(entry)

    def rate(self, confidence: int | None) -> Feedback:
        """How sure the student was of the answer on screen (None: skipped); writes its
        review, once: another window may have rated it already."""
        entry = self.current
        if not entry.rating_due:
            raise AlreadyAnswered("this answer needs no rating")
        with self._writing():
            if not self.store.reviewed_in_attempt(self.id, [entry.item.id]):
                self._add_review(entry, confidence)
        entry.rating_due = False
        return feedback_for(entry)

    def _add_review(self, entry: Entry, confidence: int | None) -> None:
        """The answer's review for the study history (inside the caller's transaction)."""
        self.store.add_reviews(
            [
                Review(
                    entry.item.id,
                    self.bank.id,
                    entry.domain,
                    entry.answered_at or self._answer_time(),
                    entry.response,
                    bool(entry.correct),
                    entry.seconds,
                    "drill",
                    self.id,
                    key_hash(entry.question),
                    confidence if confidence in (1, 2, 3) else None,
                )
            ]
        )

    @property
    def empty(self) -> bool:
        """Nothing answered: finishing leaves no trace in the history."""
        return not any(e.answered for e in self.entries)

    def finish(self, reason: str = "finished") -> AttemptResult:
        """Close the drill; its score counts the questions answered. A drill with no
        answer is discarded, not recorded (it would only be a 0/0 line in the history)."""
        if not self.closed:
            with self.store.transaction():
                self._check_open_in_transaction()
                self._reload_drill_answers_in_transaction()
                answered = [e for e in self.entries if e.answered]
                unrated = self._unreviewed(answered)  # ended before their ratings
                for entry in unrated:
                    self._add_review(entry, None)
                self._account_current()
                if answered:
                    score = score_attempt(
                        self.blueprint, [(e.domain, bool(e.correct)) for e in answered]
                    )
                    self.store.submit(
                        self.id,
                        to_iso(self.clock.now()),
                        reason,
                        {e.seq: bool(e.correct) for e in answered},
                        score.correct,
                        score.total,
                        score.percent,
                        None,
                    )
                else:
                    self.store.discard(self.id)
            for entry in unrated:
                entry.rating_due = False
            self.closed = True
        return load_result(self.store, self.bank, self.id)

    def _reload_drill_answers_in_transaction(self) -> None:
        """Answers given in another window before it lost the drill count too."""
        rows = {r.seq: r for r in self.store.attempt_items(self.id)}
        for entry in self.entries:
            row = rows.get(entry.seq)
            if row is not None and row.response is not None:
                entry.response, entry.answered_at = row.response, row.answered_at
                entry.correct = row.correct
