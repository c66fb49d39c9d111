"""The class dashboard: who is ready, which domains the class misses, which items it
misses and how.

Built from `cert-prep-results/1` files (or a classroom's student folders, read through the
same export), which hold full mock exams only: practice and drills never count. Scores
leave out unscored pretest items, as the student's own result does; the most-missed items
count every answer (which items are pretest differs from mock to mock). Student labels are
data: the page escapes them like bank text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cert_prep.bank.models import CHOICE_KEYS, normalize_code
from cert_prep.errors import UserError
from cert_prep.instructor.analysis import analyse, check_keys
from cert_prep.instructor.results_file import Attempt, ResultsFile
from cert_prep.safe_text import excerpt

MOST_MISSED = 15
DEFAULT_PASS = 70.0


@dataclass(frozen=True)
class StudentRow:
    student: str
    attempts: int
    latest_percent: float
    best_percent: float
    passed_latest: bool
    trend: list[float]  # every attempt's percent, oldest first
    domains: dict[str, float]  # latest attempt, per domain

    def as_json(self) -> dict[str, Any]:
        return {
            "student": self.student,
            "attempts": self.attempts,
            "latest_percent": self.latest_percent,
            "best_percent": self.best_percent,
            "passed_latest": self.passed_latest,
            "domains": dict(self.domains),
        }


@dataclass(frozen=True)
class DomainRow:
    id: str
    name: str
    mean_percent: float | None
    students: int  # students whose latest attempt had items of the domain


@dataclass(frozen=True)
class MissedItem:
    item: str
    domain: str
    p: float
    wrong_choices: dict[str, int]
    answered: int
    stem: str | None = None
    key: str | None = None  # "A" or the codes, from the bank
    choice_texts: dict[str, str] = field(default_factory=dict)  # letter -> text, from the bank

    def as_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "domain": self.domain,
            "p": self.p,
            "wrong_choices": dict(self.wrong_choices),
        }

    def labelled(self, answer: str) -> str:
        """`D "N18.5"`: a wrong answer (`A + C` too) with its choices' text."""
        letters = answer.split(" + ")
        if not self.choice_texts or not all(x in self.choice_texts for x in letters):
            return answer
        return " + ".join(f"{x} \u201c{self.choice_texts[x]}\u201d" for x in letters)

    @property
    def key_text(self) -> str | None:
        return None if self.key is None else self.labelled(self.key)


@dataclass
class ClassView:
    exam: str
    exam_name: str
    pass_percent: float
    students: list[StudentRow]
    domains: list[DomainRow]
    most_missed: list[MissedItem]
    flags: dict[str, list[str]] = field(default_factory=dict)  # item -> item-analysis flags
    warnings: list[str] = field(default_factory=list)
    without_mocks: list[str] = field(default_factory=list)  # students with no full mock yet

    @property
    def on_track(self) -> int:
        return sum(1 for s in self.students if s.passed_latest)

    def as_json(self) -> dict[str, Any]:
        return {
            "exam": self.exam,
            "students": [s.as_json() for s in self.students],
            "domains": [
                {"id": d.id, "name": d.name, "mean_percent": d.mean_percent, "students": d.students}
                for d in self.domains
            ],
            "most_missed": [m.as_json() for m in self.most_missed],
        }


def _percent(correct: int, total: int) -> float:
    return round(100.0 * correct / total, 1) if total else 0.0


# Scores as the student's own result gives them: unscored pretest items left out.
def _score(attempt: Attempt) -> float:
    # One pass, no list: run for every mock of every student.
    correct = total = 0
    for response in attempt.responses:
        if not response.pretest:
            total += 1
            correct += response.correct
    return _percent(correct, total)


def _domain_scores(attempt: Attempt) -> dict[str, float]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for response in attempt.scored:
        counts = tally[response.domain]
        counts[0] += int(response.correct)
        counts[1] += 1
    return {d: _percent(c, t) for d, (c, t) in tally.items()}


def _attempts_by_student(files: Sequence[ResultsFile], exam: str) -> dict[str, list[Attempt]]:
    by_student: dict[str, dict[int, Attempt]] = defaultdict(dict)
    for results in files:
        for attempt in results.attempts:
            if attempt.exam == exam and not all(r.pretest for r in attempt.responses):
                by_student[results.student].setdefault(attempt.id, attempt)
    return {s: sorted(a.values(), key=lambda a: (a.when, a.id)) for s, a in by_student.items()}


def build_class_view(files: Sequence[ResultsFile], exam: str, bank: Any = None) -> ClassView:
    """Everything the dashboard shows, from the students' full mock exams."""
    blueprint = bank.blueprint if bank is not None else None
    key_notes: list[str] = []
    if bank is not None:
        # Scores stay as the students were scored (the files' `correct`), but a key fixed
        # since then is said, as `cert-prep items --as-scored` says it.
        files, key_notes = check_keys(files, exam, bank, rescore=False)
    pass_percent = blueprint.pass_percent if blueprint else DEFAULT_PASS
    names = {d.id: d.name for d in blueprint.domains} if blueprint else {}
    order = list(names)
    students: list[StudentRow] = []
    by_student = _attempts_by_student(files, exam)
    for student, attempts in sorted(by_student.items()):
        scores = [_score(a) for a in attempts]
        latest = attempts[-1]
        students.append(
            StudentRow(
                student=student,
                attempts=len(attempts),
                latest_percent=scores[-1],
                best_percent=max(scores),
                passed_latest=scores[-1] >= pass_percent,
                trend=scores,
                domains=_domain_scores(latest),
            )
        )
    domain_ids = order + sorted({d for s in students for d in s.domains} - set(order))
    domains = []
    for domain in domain_ids:
        values = [s.domains[domain] for s in students if domain in s.domains]
        mean = round(sum(values) / len(values), 1) if values else None
        domains.append(DomainRow(domain, names.get(domain, domain), mean, len(values)))
    domains.sort(key=lambda d: (d.mean_percent is None, d.mean_percent or 0.0))
    without = sorted({f.student for f in files} - set(by_student))
    if not students:
        raise UserError(_nothing_to_show(files, exam, without))
    # Most missed: where the class is now (each student's latest mock), with the wrong
    # responses as students sent them. Flags come from the same analysis as p (`cert-prep
    # items --attempts last`): a flag from other sittings could contradict the p shown.
    now = analyse(files, exam, "last", bank, keys="off")
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[tuple[str, ...], str] = {}
    for attempts in by_student.values():
        for response in attempts[-1].responses:
            if not response.correct and response.response is not None:
                wrong[response.item][_wrong_answer(response.response, labels)] += 1
    missed: list[MissedItem] = []
    for stats in now.items:
        # Nobody missed it (p = 1.00): not a most-missed item, however few items there are.
        if stats.p is None or not stats.n or stats.correct >= stats.n:
            continue
        question = stats.question.question if stats.question is not None else None
        missed.append(
            MissedItem(
                stats.id,
                stats.domain,
                round(stats.p, 3),
                dict(wrong[stats.id].most_common()),
                stats.n,
                question.stem if question is not None else None,
                *_key_and_choices(question),
            )
        )
    check_key = {s.id for s in now.items if "check-key" in s.flags}
    # A key to check is the first thing to fix; then the hardest items.
    missed.sort(key=lambda m: (m.item not in check_key, m.p, -m.answered, m.item))
    return ClassView(
        exam=exam,
        exam_name=blueprint.name if blueprint else exam,
        pass_percent=pass_percent,
        students=students,
        domains=domains,
        most_missed=missed[:MOST_MISSED],
        flags={s.id: s.flags for s in now.items if s.flags},
        warnings=key_notes + now.warnings,
        without_mocks=without,
    )


def _key_and_choices(question: Any) -> tuple[str | None, dict[str, str]]:
    if question is None:
        return None, {}
    answer = question.answer
    key = answer if isinstance(answer, str) else " + ".join(answer)
    choices = getattr(question, "choices", None) or {}
    return key, {k: excerpt(v, 40) for k, v in choices.items()}


def _nothing_to_show(files: Sequence[ResultsFile], exam: str, without: list[str]) -> str:
    exams = sorted({a.exam for f in files for a in f.attempts if a.scored})
    read = f"{len(files)} student(s) read"
    if without:
        shown = ", ".join(without[:5]) + (
            f" and {len(without) - 5} more" if len(without) > 5 else ""
        )
        read += f", none with a full {exam} mock exam yet: {shown}"
    others = f"; these results hold {', '.join(exams)} (--exam)" if exams else ""
    return f"no full {exam} mock exams in these results ({read}){others}"


def _wrong_answer(response: str | list[str], labels: dict[tuple[str, ...], str]) -> str:
    """A wrong answer as the dashboard counts it: a single item's key (`B`), a multi item's
    whole selection (`A + B`: which combination was picked says more than letters apart),
    or the codes typed (`E11.9 + I10`; spellings such as `e119` and `E11.9` count together,
    shown as first seen, in the order typed)."""
    if isinstance(response, str):
        return response
    if all(v in CHOICE_KEYS for v in response):
        return " + ".join(sorted(set(response)))
    codes: dict[str, str] = {}  # in the order typed: sequence matters in some items
    for code in response:
        codes.setdefault(normalize_code(code), code.strip().upper())
    return labels.setdefault(tuple(codes), " + ".join(codes.values()))


def heat_class(percent: float | None, pass_percent: float) -> str:
    """A colour band for a heatmap cell; the number is always printed beside it."""
    if percent is None:
        return "heat-none"
    if percent >= pass_percent:
        return "heat-pass"
    if percent >= pass_percent - 15:
        return "heat-near"
    return "heat-low"


@dataclass(frozen=True)
class ClassPage:
    """What the template reads (`report`)."""

    view: ClassView
    columns: list[DomainRow]  # heatmap columns, in blueprint order
    title: str
    version: str
    generated_text: str

    def heat(self, percent: float | None) -> str:
        return heat_class(percent, self.view.pass_percent)


def render_class(view: ClassView, generated_text: str, order: Sequence[str] = ()) -> str:
    """The dashboard page; `order` is the blueprint's domain order for the columns."""
    from cert_prep import __version__
    from cert_prep.report.render import environment

    rank = {d: i for i, d in enumerate(order)}
    present = {d for s in view.students for d in s.domains}
    columns = sorted(
        (d for d in view.domains if d.id in present),
        key=lambda d: (rank.get(d.id, len(rank)), d.id),
    )
    page = ClassPage(
        view, columns, f"{view.exam_name}: class dashboard", __version__, generated_text
    )
    return environment().get_template("class.html.j2").render(report=page)
