"""Classical item analysis over many students' `cert-prep-results/1` files.

Definitions (docs/instructors.md explains how to read them):

- A *sitting* is one analysed attempt of one student. By default each student's FIRST
  attempt of the exam (earliest `submitted_at`) is analysed; `last` and `all` are the
  other choices. A student is a label: files with the same label are one student, and an
  attempt found in two files (the same label and attempt id) is counted once.
- Per item: `n` = sittings that ANSWERED it; `p` = correct / n (EXAM_FACTS: "difficulty
  p = correct / answered"). A blank usually means time ran out, which says nothing about
  the item, so it is left out of the item's n, p and r_pb; it still counts as wrong in the
  student's score, as it did in the exam.
- Unscored pretest items (`"pretest": true` in a file) are analysed like any item, which
  is what they are for, but count in no score: not in a sitting's percent, not in the rest
  of the test, not in KR-20.
- `r_pb`: the point-biserial (Pearson) correlation, over the n sittings that answered the
  item, between the item (1 right, 0 wrong) and the REST of the test: the share of the
  sitting's other scored questions answered correctly (the corrected item-total
  correlation, so an item does not correlate with itself; a pretest item, outside the
  score, is correlated with the whole score). When every sitting has the same number of
  questions this equals the correlation with the rest-score count; the share also works
  when students sat exams of different lengths. None when n < 2 or either side does not
  vary.
- Correctness: with the bank, every answer to an item found there is re-scored against
  its CURRENT key (a key fixed after the exams would otherwise contradict the key shown),
  and a warning names the items whose files disagree; `check_keys`.
- Flags: `too-easy` p > 0.95, `too-hard` p < 0.20, `poor-discrimination` r_pb < 0.10,
  `check-key` r_pb < 0 (a negative r_pb is below 0.10 too, so it carries both flags).
- Per exam: `students` (distinct labels), `mean` and `sd` of the sittings' percent scores,
  and `kr20`. The sd is the POPULATION sd (divide by N): it describes this group of
  students rather than estimating a wider population, and it is the variance KR-20's
  formula pairs with its population p*q terms.
- KR-20 = k/(k-1) * (1 - sum(p_i q_i) / var), with k scored questions, p_i = share of sittings
  that got item i right (a blank counts as wrong, as in the score), q_i = 1 - p_i and var
  the population variance of the raw scores (number right). It needs one common form:
  when the sittings did not all present the same questions (mock exams drawn at random
  from a larger bank), KR-20 is None and `kr20_note` says why.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from cert_prep.bank.loader import ExamBank
from cert_prep.bank.models import CodeQuestion, MultiQuestion, SingleQuestion, normalize_code
from cert_prep.engine.scoring import is_correct
from cert_prep.errors import UserError
from cert_prep.instructor.results_file import Attempt, Response, ResultsFile

ATTEMPT_MODES = ("first", "last", "all")

TOO_EASY_P = 0.95
TOO_HARD_P = 0.20
POOR_R = 0.10
CHECK_KEY_R = 0.0
FLAGS = ("too-easy", "too-hard", "poor-discrimination", "check-key")

_LETTERS = frozenset("ABCDEF")


@dataclass(frozen=True, slots=True)
class Sitting:
    """One analysed attempt: whose it is, and its raw score (pretest items left out)."""

    student: str
    attempt: Attempt
    correct: int
    scored: int

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.scored


@dataclass
class ItemStats:
    id: str
    domain: str
    presented: int  # sittings that showed the item
    n: int  # sittings that answered it
    correct: int
    p: float | None
    r_pb: float | None
    choices: dict[str, int]
    flags: list[str]
    # Filled from the loaded banks when the item is found there (HTML and text output).
    key: list[str] = field(default_factory=list)
    question: Any = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "domain": self.domain,
            "n": self.n,
            "p": _round(self.p, 4),
            "r_pb": _round(self.r_pb, 4),
            "choices": dict(self.choices),
            "flags": list(self.flags),
        }


@dataclass
class ExamAnalysis:
    exam: str
    students: int
    sittings: int
    attempts_mode: str
    mean: float | None
    sd: float | None
    kr20: float | None
    kr20_note: str | None
    common_form: int | None  # k, when every sitting presented the same questions
    items: list[ItemStats]
    warnings: list[str] = field(default_factory=list)
    exam_name: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Exactly `{"exam", "students", "mean", "sd", "kr20", "items": [...]}`."""
        return {
            "exam": self.exam,
            "students": self.students,
            "mean": _round(self.mean, 2),
            "sd": _round(self.sd, 2),
            "kr20": _round(self.kr20, 4),
            "items": [item.as_json() for item in self.items],
        }


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


# ---- choosing what to analyse -----------------------------------------------------------


def exams_in(files: Iterable[ResultsFile]) -> dict[str, set[str]]:
    """Exam id -> the student labels that have attempts of it."""
    found: dict[str, set[str]] = {}
    for results in files:
        for attempt in results.attempts:
            found.setdefault(attempt.exam, set()).add(results.student)
    return found


def choose_exam(files: Sequence[ResultsFile], exam: str | None) -> str:
    """The exam to analyse: `--exam`, or the only one the files hold."""
    found = exams_in(files)
    listing = ", ".join(f"{e} ({len(s)} student(s))" for e, s in sorted(found.items()))
    if exam is not None:
        if exam not in found:
            held = f"they hold: {listing}" if found else "they hold no attempts"
            raise UserError(f"the results files have no `{exam}` attempts; {held}", exit_code=2)
        return exam
    if not found:
        raise UserError("the results files hold no submitted mock exams; nothing to analyse")
    if len(found) > 1:
        raise UserError(
            f"the results files hold several exams: {listing}; choose one with --exam", exit_code=2
        )
    return next(iter(found))


def select_sittings(
    files: Sequence[ResultsFile], exam: str, mode: str = "first"
) -> tuple[list[Sitting], list[str]]:
    """The sittings of `exam` to analyse, and warnings about the input."""
    if mode not in ATTEMPT_MODES:
        raise UserError(f"--attempts must be one of {', '.join(ATTEMPT_MODES)}", exit_code=2)
    warnings: list[str] = []
    files_of: dict[str, list[str]] = {}
    by_student: dict[str, dict[int, tuple[Attempt, str]]] = {}
    for results in files:
        files_of.setdefault(results.student, []).append(results.path)
        mine = by_student.setdefault(results.student, {})
        for attempt in results.attempts:
            if attempt.exam != exam:
                continue
            earlier = mine.get(attempt.id)
            if earlier is None:
                mine[attempt.id] = (attempt, results.path)
            elif earlier[0] != attempt:
                warnings.append(
                    f"student `{results.student}`: attempt {attempt.id} differs between "
                    f"{earlier[1]} and {results.path}; the first is used"
                )
    for student, paths in files_of.items():
        if len(paths) > 1:
            warnings.append(
                f"student `{student}` is in {len(paths)} files ("
                f"{', '.join(paths[:3])}{', ...' if len(paths) > 3 else ''}); "
                "they are analysed as one student"
            )
    sittings: list[Sitting] = []
    for student, attempts in by_student.items():
        ordered = sorted(
            (a for a, _ in attempts.values() if a.scored), key=lambda a: (a.when, a.id)
        )
        if not ordered:
            continue
        if mode == "first":
            ordered = ordered[:1]
        elif mode == "last":
            ordered = ordered[-1:]
        for attempt in ordered:
            scored = attempt.scored
            correct = sum(1 for r in scored if r.correct)
            sittings.append(Sitting(student, attempt, correct, len(scored)))
    sittings.sort(key=lambda s: (s.attempt.when, s.student, s.attempt.id))
    return sittings, warnings


# ---- statistics ---------------------------------------------------------------------------


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r (with xs of 0/1, the point-biserial); None when undefined."""
    n = len(xs)
    if n < 2 or min(xs) == max(xs) or min(ys) == max(ys):
        return None
    mx = math.fsum(xs) / n
    my = math.fsum(ys) / n
    dx = [x - mx for x in xs]
    dy = [y - my for y in ys]
    sxx = math.fsum([d * d for d in dx])
    syy = math.fsum([d * d for d in dy])
    sxy = math.fsum([a * b for a, b in zip(dx, dy, strict=True)])
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def mean_sd(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Mean and POPULATION standard deviation (divide by N)."""
    if not values:
        return None, None
    mean = math.fsum(values) / len(values)
    variance = math.fsum((v - mean) ** 2 for v in values) / len(values)
    return mean, math.sqrt(variance)


def kr20(sittings: Sequence[Sitting]) -> tuple[float | None, str | None, int | None]:
    """(KR-20, why it is None, k of the common form)."""
    if not sittings:
        return None, "no sittings", None
    forms = {frozenset(r.item for r in s.attempt.scored) for s in sittings}
    if len(forms) > 1:
        return (
            None,
            (
                f"the {len(sittings)} sittings did not all present the same questions "
                f"({len(forms)} different forms); KR-20 needs one common form"
            ),
            None,
        )
    (form,) = forms
    k = len(form)
    if len(sittings) < 2:
        return None, "KR-20 needs at least 2 sittings", k
    if k < 2:
        return None, "KR-20 needs at least 2 questions", k
    n = len(sittings)
    raw = [float(s.correct) for s in sittings]
    _, sd = mean_sd(raw)
    variance = (sd or 0.0) ** 2
    if variance <= 0:
        return None, "every sitting had the same score, so KR-20 is undefined", k
    right: dict[str, int] = dict.fromkeys(form, 0)
    for s in sittings:
        for r in s.attempt.scored:
            if r.correct:
                right[r.item] += 1
    sum_pq = math.fsum((c / n) * (1 - c / n) for c in right.values())
    return k / (k - 1) * (1 - sum_pq / variance), None, k


def flags_for(p: float | None, r: float | None) -> list[str]:
    flags = []
    if p is not None and p > TOO_EASY_P:
        flags.append("too-easy")
    if p is not None and p < TOO_HARD_P:
        flags.append("too-hard")
    if r is not None and r < POOR_R:
        flags.append("poor-discrimination")
    if r is not None and r < CHECK_KEY_R:
        flags.append("check-key")
    return flags


class _Tally:
    __slots__ = ("choices", "code_labels", "correct", "domain", "presented", "rest", "x")

    def __init__(self, domain: str):
        self.domain = domain
        self.presented = 0
        self.correct = 0
        self.x: list[float] = []
        self.rest: list[float] = []
        self.choices: dict[str, int] = {}
        self.code_labels: dict[str, str] = {}

    def count(self, response: Any) -> None:
        if isinstance(response, str):
            self.choices[response] = self.choices.get(response, 0) + 1
            return
        if all(v in _LETTERS for v in response):  # a multi item's keys
            for key in set(response):
                self.choices[key] = self.choices.get(key, 0) + 1
            return
        for code in {normalize_code(c): c for c in response}.items():  # typed codes
            label = self.code_labels.setdefault(code[0], code[1].strip().upper())
            self.choices[label] = self.choices.get(label, 0) + 1


def analyse(
    files: Sequence[ResultsFile],
    exam: str | None = None,
    mode: str = "first",
    bank: ExamBank | None = None,
    keys: KeyCheck = "rescore",
) -> ExamAnalysis:
    """Item analysis of one exam. `bank` (an ExamBank, optional) adds each item's key,
    its unpicked choices (count 0) and bank order, and `keys` says what to do when the
    files' scoring disagrees with the bank's current key (see `check_keys`)."""
    exam = choose_exam(files, exam)
    key_notes: list[str] = []
    if bank is not None and keys != "off":
        files, key_notes = check_keys(files, exam, bank, rescore=keys == "rescore")
    sittings, warnings = select_sittings(files, exam, mode)
    warnings = key_notes + warnings
    tallies: dict[str, _Tally] = {}
    for s in sittings:
        others = s.scored - 1
        right = s.correct
        for answer in s.attempt.responses:
            item, domain = answer.item, answer.domain
            value, correct = answer.response, answer.correct
            tally = tallies.get(item)
            if tally is None:
                tally = tallies[item] = _Tally(domain)
            tally.presented += 1
            if value is None:
                continue
            x = 1.0 if correct else 0.0
            tally.correct += correct
            tally.x.append(x)
            if answer.pretest:  # outside the score: all of the score is the rest
                tally.rest.append(right / s.scored)
            else:
                tally.rest.append((right - x) / others if others else math.nan)
            if type(value) is str:  # the common case, inline: a single item's key
                choices = tally.choices
                choices[value] = choices.get(value, 0) + 1
            else:
                tally.count(value)

    items = []
    for item_id, tally in tallies.items():
        n = len(tally.x)
        p = tally.correct / n if n else None
        xs, ys = tally.x, tally.rest
        if any(y != y for y in ys):  # NaN: a one-question sitting has no rest of the test
            kept = [i for i, y in enumerate(ys) if y == y]
            xs, ys = [xs[i] for i in kept], [ys[i] for i in kept]
        r = pearson(xs, ys) if xs else None
        items.append(
            ItemStats(
                item_id,
                tally.domain,
                tally.presented,
                n,
                tally.correct,
                p,
                r,
                dict(sorted(tally.choices.items())),
                flags_for(p, r),
            )
        )

    mean, sd = mean_sd([s.percent for s in sittings])
    reliability, note, k = kr20(sittings)
    analysis = ExamAnalysis(
        exam=exam,
        students=len({s.student for s in sittings}),
        sittings=len(sittings),
        attempts_mode=mode,
        mean=mean,
        sd=sd,
        kr20=reliability,
        kr20_note=note,
        common_form=k,
        items=items,
        warnings=warnings,
    )
    if bank is not None:
        attach_bank(analysis, bank)
    return analysis


# ---- the results files' scoring against the bank's current key -----------------------------

# "rescore": score every answer to an item of the bank against its current key (the key may
# have been fixed after the exams: `check-key`); "warn": keep the files' scoring but say
# where it disagrees; "off": neither (the caller has checked already).
KeyCheck = Literal["rescore", "warn", "off"]
MAX_NAMED = 10  # items named in one warning


def fits(question: Any, response: Any) -> bool:
    """Whether an answer has the shape of the item as the bank has it now: one of its
    choices (single), a list of its choices (multi), a list of codes (code)."""
    if isinstance(question, SingleQuestion):
        return isinstance(response, str) and response in question.choices
    if isinstance(question, MultiQuestion):
        return isinstance(response, list) and all(v in question.choices for v in response)
    return isinstance(question, CodeQuestion) and isinstance(response, list)


def _scored_now(question: Any, response: Any) -> tuple[bool, bool]:
    """Whether an answer fits the item as the bank has it now, and is right by its key."""
    shaped = fits(question, response)
    return shaped, shaped and is_correct(question, response)


def _answer_text(response: Any) -> str:
    text = response if isinstance(response, str) else " + ".join(response)
    return text if len(text) <= 20 else text[:19] + "…"


def check_keys(
    files: Sequence[ResultsFile], exam: str, bank: ExamBank, rescore: bool = True
) -> tuple[list[ResultsFile], list[str]]:
    """The files with every answer to an item of `bank` scored against its current key
    (unchanged when `rescore` is False), and warnings naming the items whose scoring in
    the files disagrees with that key, and answers that are not among an item's choices.

    The files' `correct` is how the student was scored at the time; after an instructor
    fixes a key, keeping it would contradict the key the analysis shows."""
    questions: dict[str, Any] = {}
    domains: dict[str, str] = {}  # item -> its domain in the banks
    moved: dict[str, set[str]] = {}  # item -> the other domains the files gave it
    answered: Counter[str] = Counter()
    disagree: Counter[str] = Counter()
    odd: dict[str, Counter[str]] = {}
    verdicts: dict[tuple[str, Any], tuple[bool, bool]] = {}  # (item, answer) -> _scored_now
    out: list[ResultsFile] = []
    for results in files:
        attempts: list[Attempt] = []
        for attempt in results.attempts:
            if attempt.exam != exam:
                attempts.append(attempt)
                continue
            responses: list[Response] = list(attempt.responses)
            changed = False
            for index, answer in enumerate(responses):
                if answer.item not in questions:
                    found = bank.item(answer.item)
                    questions[answer.item] = None if found is None else found.question
                    if found is not None:
                        domains[answer.item] = found.domain
                home = domains.get(answer.item)
                if home is not None and answer.domain != home:
                    # the bank says where an item belongs; a file's domain may be stale or odd
                    moved.setdefault(answer.item, set()).add(answer.domain)
                    answer = answer.model_copy(update={"domain": home})
                    responses[index] = answer
                    changed = True
                if answer.response is None:
                    continue
                question = questions[answer.item]
                if question is None:
                    continue  # not in the banks: analysed as the file scored it
                answered[answer.item] += 1
                value = answer.response
                seen = (answer.item, value if type(value) is str else tuple(value))
                # A class sends the same few answers to each item thousands of times.
                verdict = verdicts.get(seen)
                if verdict is None:
                    verdict = verdicts[seen] = _scored_now(question, value)
                shaped, now = verdict
                if not shaped:
                    odd.setdefault(answer.item, Counter())[_answer_text(answer.response)] += 1
                if now != answer.correct:
                    disagree[answer.item] += 1
                    if rescore:
                        responses[index] = answer.model_copy(update={"correct": now})
                        changed = True
            attempts.append(
                attempt.model_copy(update={"responses": responses}) if changed else attempt
            )
        out.append(replace(results, attempts=tuple(attempts)))
    notes: list[str] = []
    if disagree:
        named = _named(
            [
                f"{item} ({n} of {answered[item]} answer(s); key now "
                f"{', '.join(_key_of(questions[item]))})"
                for item, n in disagree.items()
            ]
        )
        done = (
            "they are re-scored against the current key"
            if rescore
            else "they are kept as the files scored them (`cert-prep items` re-scores them "
            "unless given --as-scored)"
        )
        notes.append(
            f"the results files scored {len(disagree)} item(s) differently from the bank's "
            f"current key (was the key changed after the exams?): {named}; {done}"
        )
    if moved:
        named = _named(
            [
                f"{item} (files: {', '.join(f'`{d}`' for d in sorted(others))}; banks: "
                f"{domains[item]})"
                for item, others in moved.items()
            ]
        )
        notes.append(
            f"the results files put {len(moved)} item(s) in another domain than the banks "
            f"do; the banks' domain is used: {named}"
        )
    if odd:
        named = _named(
            [
                f"{item} ({', '.join(f'`{text}` x{n}' for text, n in sorted(found.items()))})"
                for item, found in odd.items()
            ]
        )
        counted = "; they count as wrong" if rescore else ""
        notes.append(
            f"answers to {len(odd)} item(s) do not fit the item as the bank has it now (a "
            f"choice it does not have, or another kind of answer: was the item edited?)"
            f"{counted}: {named}"
        )
    return out, notes


def _key_of(question: Any) -> list[str]:
    answer = question.answer
    return [answer] if isinstance(answer, str) else list(answer)


def _named(parts: list[str]) -> str:
    more = len(parts) - MAX_NAMED
    return ", ".join(parts[:MAX_NAMED]) + (f" and {more} more" if more > 0 else "")


def _in_key_spelling(counts: dict[str, int], key: list[str]) -> dict[str, int]:
    """Typed codes counted under the key's own spelling: `e119` scored as the key E11.9,
    so it is shown as E11.9 and marked as the key (other codes as first typed)."""
    spelling = {normalize_code(code): code for code in key}
    shown: dict[str, int] = {}
    for typed, count in counts.items():
        label = spelling.get(normalize_code(typed), typed)
        shown[label] = shown.get(label, 0) + count
    return dict(sorted(shown.items()))


def attach_bank(analysis: ExamAnalysis, bank: ExamBank) -> None:
    """Keys, zero counts for choices nobody picked, and the bank's order of items."""
    analysis.exam_name = bank.blueprint.name
    domain_rank = {d.id: i for i, d in enumerate(bank.blueprint.domains)}
    position = {item.id: i for i, item in enumerate(bank.items)}
    for stats in analysis.items:
        found = bank.item(stats.id)
        if found is None:
            continue
        question = found.question
        stats.question = found
        answer = question.answer
        stats.key = [answer] if isinstance(answer, str) else list(answer)
        if isinstance(question, CodeQuestion):
            stats.choices = _in_key_spelling(stats.choices, stats.key)
        choices = getattr(question, "choices", None)
        if choices:
            counts = {letter: stats.choices.get(letter, 0) for letter in choices}
            # Keys a student sent that the bank no longer has (the item was edited).
            counts.update((k, v) for k, v in stats.choices.items() if k not in counts)
            stats.choices = counts
    unknown = len(position)
    analysis.items.sort(
        key=lambda s: (
            0 if s.id in position else 1,
            domain_rank.get(s.domain, len(domain_rank)),
            position.get(s.id, unknown),
            s.id,
        )
    )
