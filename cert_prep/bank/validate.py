"""Validate one file on its own: YAML, schema, and the checks one file can answer.

The result is plain data (`FileResult`), so it can be cached by the file's content.
Checks that need several files (duplicate ids, domains, counts) are in `loader`.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from cert_prep.bank import codes, content_checks
from cert_prep.bank.letters import is_single_letter, letter_references
from cert_prep.bank.models import (
    CHOICE_KEYS,
    BankFile,
    Blueprint,
    Case,
    CodeQuestion,
    MultiQuestion,
    Question,
    SingleQuestion,
)
from cert_prep.bank.yaml_source import BAD_VALUE, YamlDocument, read_yaml
from cert_prep.safe_text import excerpt, visible_data


@functools.cache
def _adapters() -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    """Validators for salvaging single items; built only when a file has errors."""
    return TypeAdapter(Question), TypeAdapter(Case)


_FIELDS = {
    "blueprint": set(Blueprint.model_fields),
    "domain": {"id", "name", "count"},
    "bank": set(BankFile.model_fields),
    "question": set(SingleQuestion.model_fields)
    | set(MultiQuestion.model_fields)
    | set(CodeQuestion.model_fields),
    "case": set(Case.model_fields),
}
_CODE_FIELDS = {"answer", "codes"}


@dataclass
class FileResult:
    """What one file holds, as plain data. Problems carry no path (added by the caller)."""

    kind: str  # "blueprint" | "bank" | "broken"
    problems: list[dict[str, Any]] = field(default_factory=list)
    blueprint: dict[str, Any] | None = None
    # bank files: header fields, then (question dict, line) pairs and case dicts
    header: dict[str, Any] | None = None
    questions: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    domain_lines: dict[str, int] = field(default_factory=dict)

    def add(self, line: int, column: int, severity: str, code: str, message: str) -> None:
        self.problems.append(
            {"line": line, "column": column, "severity": severity, "code": code, "message": message}
        )

    def as_plain(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "problems": self.problems,
            "blueprint": self.blueprint,
            "header": self.header,
            "questions": [[q, line] for q, line in self.questions],
            "cases": self.cases,
            "domain_lines": self.domain_lines,
        }


def validate_file(raw: bytes, is_blueprint: bool, check_codes: bool = True) -> FileResult:
    """`check_codes` looks codes up in ICD-10-CM (seconds to load): lint does, starting an
    exam does not."""
    doc = read_yaml(raw)
    result = FileResult(kind="blueprint" if is_blueprint else "bank")
    for issue in doc.issues:
        result.add(issue.line, issue.column, "error", issue.code, issue.message)
    if doc.issues and not isinstance(doc.data, dict):
        result.kind = "broken"  # not YAML cert-prep can read: nothing more to check
        return result
    if not isinstance(doc.data, dict):
        result.add(
            1,
            1,
            "error",
            "wrong-type",
            "the file must be a mapping of fields (`exam:`, `questions:` ...), "
            f"not {_describe(doc.data)}",
        )
        result.kind = "broken"
        return result
    if is_blueprint:
        _validate_blueprint(doc, result)
    else:
        _validate_bank(doc, result, check_codes)
    for severity, issue in doc.characters:
        result.add(issue.line, issue.column, severity, issue.code, issue.message)
    if doc.characters:
        _make_visible(result)
    if doc.issues:
        # Values YAML could not read were checked around, so every problem is said;
        # the file is still not used.
        _drop_contents(result)
    return result


def _drop_contents(result: FileResult) -> None:
    result.kind = "broken"
    result.blueprint = result.header = None
    result.questions, result.cases, result.domain_lines = [], [], {}


def _make_visible(result: FileResult) -> None:
    """Hand out text every front end can print: lint has seen the raw characters."""
    result.blueprint = visible_data(result.blueprint)
    result.questions = [(visible_data(q), line) for q, line in result.questions]
    result.cases = visible_data(result.cases)


@dataclass
class Outline:
    """Where a bank file's items and `domain:` fields are, as written: for lint's checks
    across files, which otherwise see only the items that passed every check."""

    domain: tuple[int, int] | None = None  # the file's `domain:` value
    # (id, line) of every item whose id is text, valid or not
    items: list[tuple[str, int]] = field(default_factory=list)
    # item line -> its own `domain:` value
    domains: dict[int, tuple[int, int]] = field(default_factory=dict)
    # what lint compares across items for the ones the loader dropped: the file's `exam`
    # and `domain`, and per item line its own domain and its stem with its case's record
    exam: str | None = None
    domain_name: str | None = None
    domain_names: dict[int, str] = field(default_factory=dict)
    stems: dict[int, tuple[str, str]] = field(default_factory=dict)


def outline(raw: bytes) -> Outline | None:
    """The outline of a bank file; None when it is not YAML lint can read."""
    doc = read_yaml(raw)
    if not isinstance(doc.data, dict):  # values YAML could not read are not text: skipped
        return None
    data = doc.data
    found = Outline()
    if "domain" in data:
        found.domain = doc.where(("domain",))
    found.exam = data["exam"] if isinstance(data.get("exam"), str) else None
    found.domain_name = data["domain"] if isinstance(data.get("domain"), str) else None
    raw_cases = data.get("cases")
    records = {
        c["id"]: c["record"]
        for c in (raw_cases if isinstance(raw_cases, list) else [])
        if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("record"), str)
    }
    questions = data.get("questions")
    for i, item in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(item, dict):
            continue
        line = doc.where(("questions", i))[0]
        if isinstance(item.get("id"), str):
            found.items.append((item["id"], line))
        if "domain" in item:
            found.domains[line] = doc.where(("questions", i, "domain"))
            if isinstance(item["domain"], str):
                found.domain_names[line] = item["domain"]
        if isinstance(item.get("stem"), str):
            case = item.get("case")
            record = records.get(case, "") if isinstance(case, str) else ""
            found.stems[line] = (item["stem"], record)
    return found


# ---- blueprints ----------------------------------------------------------------------


def _validate_blueprint(doc: YamlDocument, result: FileResult) -> None:
    try:
        blueprint = Blueprint.model_validate(doc.data)
    except ValidationError as exc:
        _report_errors(exc, doc, result, (), "blueprint")
        result.kind = "broken"
        return
    result.blueprint = blueprint.model_dump()
    result.domain_lines = {
        d.id: doc.where(("domains", i))[0] for i, d in enumerate(blueprint.domains)
    }
    seen: set[str] = set()
    for i, domain in enumerate(blueprint.domains):
        if domain.id in seen:
            line, col = doc.where(("domains", i, "id"))
            result.add(
                line, col, "error", "duplicate-domain", f"domain `{domain.id}` is listed twice"
            )
        seen.add(domain.id)
    total = blueprint.total_questions
    minutes_each = blueprint.time_limit_minutes / total
    line, col = doc.where(("time_limit_minutes",))
    if minutes_each < 0.25 or minutes_each > 10:
        result.add(
            line,
            col,
            "warning",
            "blueprint-time",
            f"{blueprint.time_limit_minutes} minutes for {total} questions is "
            f"{minutes_each:.2f} minutes a question; real exams allow 0.5 to 3",
        )
    if not 40 <= blueprint.pass_percent <= 95:
        line, col = doc.where(("pass_percent",))
        result.add(
            line,
            col,
            "warning",
            "blueprint-pass",
            f"a pass mark of {blueprint.pass_percent:g}% is unusual; "
            "certification exams cut between 60% and 80%",
        )
    if total > 400:
        line, col = doc.where(("domains",))
        result.add(
            line,
            col,
            "warning",
            "blueprint-count",
            f"the domain counts add up to {total} questions; is one count mistyped?",
        )


# ---- bank files ----------------------------------------------------------------------


def _validate_bank(doc: YamlDocument, result: FileResult, check_codes: bool) -> None:
    data: dict[str, Any] = doc.data
    # items that failed the schema, with stand-ins for the failing fields: checked for
    # everything else (never used), so one error does not hide an item's others
    partial: list[tuple[Any, frozenset[str], str, int]] = []
    try:
        bank = BankFile.model_validate(data)
    except ValidationError as exc:
        _report_errors(exc, doc, result, (), "bank")
        bank = None
    if bank is not None:
        questions = list(bank.questions)
        cases = list(bank.cases)
        result.header = {"exam": bank.exam, "domain": bank.domain, "code_year": bank.code_year}
        indexes = list(range(len(questions)))
    else:
        # Salvage the valid parts, so one bad item does not hide the rest of the file.
        header = {k: data.get(k) for k in ("exam", "domain", "code_year")}
        if (
            isinstance(header["exam"], str)
            and isinstance(header["domain"], str)
            and isinstance(header["code_year"], int)
        ):
            result.header = header
        questions, indexes = [], []
        raw_questions = data.get("questions")
        for i, raw in enumerate(raw_questions if isinstance(raw_questions, list) else []):
            try:
                questions.append(_adapters()[0].validate_python(raw))
                indexes.append(i)
            except ValidationError as exc:
                salvaged = _salvaged(raw, exc)
                if salvaged is not None:
                    partial.append((*salvaged, i))
        cases = []
        raw_cases = data.get("cases")
        for raw in raw_cases if isinstance(raw_cases, list) else []:
            with contextlib.suppress(ValidationError):
                cases.append(_adapters()[1].validate_python(raw))

    case_ids = _check_cases(doc, result, cases)
    used_cases: set[str] = set()
    for question, index in zip(questions, indexes, strict=True):
        ok = _check_question(doc, result, question, ("questions", index), case_ids, check_codes)
        if question.case:
            used_cases.add(question.case)
        if ok:
            result.questions.append((question.model_dump(), doc.where(("questions", index))[0]))
    for question, failed, label, index in partial:
        path = ("questions", index)
        _check_question(doc, result, question, path, case_ids, check_codes, failed, label)
        if question.case and "case" not in failed:
            used_cases.add(question.case)
    result.cases = [c.model_dump() for c in cases]
    for i, case in enumerate(cases):
        if case.id not in used_cases:
            line, col = doc.where(("cases", i))
            result.add(
                line,
                col,
                "warning",
                "unused-case",
                f"case `{case.id}` is not referred to by any question",
            )
    if not data.get("questions"):
        line, col = doc.where(("questions",))
        result.add(line, col, "warning", "no-questions", "the file has no questions")
    if result.header is None:
        # Its items were checked (one run says every problem), yet without a valid
        # exam, domain and code year the file cannot be used.
        _drop_contents(result)


def _check_cases(doc: YamlDocument, result: FileResult, cases: list[Case]) -> set[str]:
    ids: set[str] = set()
    for i, case in enumerate(cases):
        if case.id in ids:
            line, col = doc.where(("cases", i, "id"))
            result.add(line, col, "error", "duplicate-id", f"case id `{case.id}` is used twice")
        ids.add(case.id)
    return ids


# Valid values for required fields that failed the schema, so the item's other fields can
# still be checked. Checks that read a failed field are skipped, so these are never judged.
_STAND_INS: dict[str, dict[str, Any]] = {
    "single": {"id": "x", "stem": "x", "choices": {"A": "x", "B": "y"}, "answer": "A"},
    "multi": {"id": "x", "stem": "x", "choices": {"A": "x", "B": "y"}, "answer": ["A"]},
    "code": {"id": "x", "stem": "x", "code_system": "cpt", "answer": ["x"]},
}


# In an item's failed fields: its choices failed, but their letters are its own.
CHOICE_LETTERS_KEPT = "choices (letters kept)"


def _salvaged(raw: Any, exc: ValidationError) -> tuple[Any, frozenset[str], str] | None:
    """An item that failed the schema, with stand-ins for its failing fields; the names of
    those fields; a label for its messages. None when its type is unknown."""
    kind = raw.get("type") if isinstance(raw, dict) else None
    if not isinstance(kind, str) or kind not in _STAND_INS:
        return None
    # loc is (type, field, ...): the discriminated union names the type first
    failed = {str(e["loc"][1]) for e in exc.errors() if len(e["loc"]) >= 2}
    # A misspelt field (`rationnale`) leaves the field it meant absent: not a finding.
    for name in failed - _FIELDS["question"]:
        failed.update(difflib.get_close_matches(name, sorted(_FIELDS["question"]), n=1))
    patched = {k: v for k, v in raw.items() if k not in failed}
    patched.update({k: v for k, v in _STAND_INS[kind].items() if k in failed})
    # Choices that failed only for their text (`A: 99213`, a number) keep their letters, so
    # the answer and feedback are still checked against them.
    raw_choices = raw.get("choices")
    if "choices" in failed and isinstance(raw_choices, dict) and raw_choices:
        lettered = dict(patched, choices={str(k): f"choice {k}" for k in raw_choices})
        with contextlib.suppress(ValidationError):
            _adapters()[0].validate_python(lettered)
            failed.add(CHOICE_LETTERS_KEPT)
            patched = lettered
    try:
        question = _adapters()[0].validate_python(patched)
    except ValidationError:
        return None
    item_id = raw.get("id")
    label = excerpt(item_id) if isinstance(item_id, str) else "the item"
    return question, frozenset(failed), label


def _check_question(
    doc: YamlDocument,
    result: FileResult,
    q: Any,
    path: tuple[Any, ...],
    case_ids: set[str],
    check_codes: bool,
    failed: frozenset[str] = frozenset(),
    label: str | None = None,
) -> bool:
    """Checks beyond the schema; False when the item must not be used.

    `failed`: fields that failed the schema (already reported, and holding stand-ins):
    checks that read them are skipped. `label` names the item when its id failed."""
    before = sum(1 for p in result.problems if p["severity"] == "error")

    def add(field_path: tuple[Any, ...], severity: str, code: str, message: str) -> None:
        line, col = doc.where((*path, *field_path))
        result.add(line, col, severity, code, f"{label or q.id}: {message}")

    def ok(*names: str) -> bool:
        return failed.isdisjoint(names)

    if ok("stem") and not q.stem.strip():
        add(("stem",), "error", "empty-text", "the stem is only white space")
    if isinstance(q, SingleQuestion | MultiQuestion):
        _check_choices(q, add, ok, check_codes)
    elif ok("answer", "code_system"):
        _check_code_answer(q, add, check_codes)
    for i, code in enumerate(q.codes if check_codes and ok("codes") else ()):
        found = codes.check_icd10cm(code)
        if found:
            add(("codes", i), "error", *found)
    for field_path, value in _curly_quoted(q):
        add(
            field_path,
            "warning",
            "smart-quotes",
            f"{path_text(field_path)} is wrapped in curly quotes ({excerpt(value, 30)}); YAML "
            "keeps them as part of the text, so students see them and a code does not "
            'match: write straight quotes ("...")',
        )
    for field_path, raw in _unquoted_digit_scalars(doc, path):
        line, col = doc.where((*path, *field_path))
        result.add(
            line,
            col,
            "warning",
            "quote-codes",
            f"{label or q.id}: quote codes: `{raw}` is unquoted; YAML 1.2 tools read it as the "
            f'number {int(raw)}. Write "{raw}"',
        )
    if ok("case") and q.case and q.case not in case_ids:
        add(
            ("case",),
            "error",
            "unknown-case",
            f"case `{q.case}` is not among this file's `cases`"
            + (f" ({', '.join(sorted(case_ids))})" if case_ids else ""),
        )
    if ok("rationale") and not q.rationale.strip():
        add(
            ("rationale",) if "rationale" in _at(doc, path) else (),
            "warning",
            "empty-rationale",
            "the rationale is empty; say why the key is right and the others are wrong",
        )
    elif ok("rationale") and not isinstance(q, CodeQuestion):
        _check_letters(add, ("rationale",), "the rationale", q.rationale)
    return sum(1 for p in result.problems if p["severity"] == "error") == before


_Add = Callable[[tuple[Any, ...], str, str, str], None]


def _check_choices(
    q: SingleQuestion | MultiQuestion, add: _Add, ok: Callable[..., bool], check_codes: bool
) -> None:
    """The checks of a single or multi item's choices, key and feedback."""
    keys = list(q.choices)
    if ok("choices"):
        for key, text in q.choices.items():
            if not text.strip():
                add(("choices", key), "error", "empty-text", f"choice {key} is only white space")
        expected = list(CHOICE_KEYS[: len(keys)])
        if keys != expected:
            add(
                ("choices",),
                "error",
                "choice-keys",
                f"choices must be lettered {', '.join(expected)} in order; found {', '.join(keys)}",
            )
        for key, text in q.choices.items():
            if is_single_letter(text):
                add(
                    ("choices", key),
                    "error",
                    "single-letter-choice",
                    f"choice {key} is just the letter `{text.strip()}`, which reads as a key "
                    "to press; word it (for example `7th character D`)",
                )
        texts = [" ".join(t.lower().split()) for t in q.choices.values()]
        if len(set(texts)) < len(texts):
            add(("choices",), "warning", "duplicate-choice", "two choices have the same text")
    if ok("feedback"):
        for key, text in q.feedback.items():
            _check_letters(add, ("feedback", key), f"feedback {key}", text)
    # the choices' letters are the item's own (their text may have failed the schema)
    letters_known = ok("choices") or not ok(CHOICE_LETTERS_KEPT)
    for key in q.feedback if ok("feedback") and letters_known else ():
        if key not in q.choices:
            add(
                ("feedback", key),
                "error",
                "feedback-not-a-choice",
                f"`feedback` names `{key}`, which is not one of the choices ({', '.join(keys)})",
            )
    answers = [q.answer] if isinstance(q, SingleQuestion) else q.answer
    for key in answers if ok("answer") and letters_known else ():
        if key not in q.choices:
            add(
                ("answer",),
                "error",
                "answer-not-a-choice",
                f"the answer `{key}` is not one of the choices ({', '.join(keys)})",
            )
    if isinstance(q, MultiQuestion) and ok("answer"):
        if len(q.answer) < 2:
            add(
                ("answer",),
                "error",
                "multi-needs-two-answers",
                "a multi item needs two or more keys in `answer`; use `type: single` for one",
            )
        if len(set(q.answer)) < len(q.answer):
            add(("answer",), "error", "duplicate-answer", "a key is listed twice in `answer`")
        if ok("choices") and len(q.answer) >= len(q.choices):
            add(
                ("answer",),
                "error",
                "multi-needs-two-answers",
                "every choice is a key; at least one choice must be wrong",
            )
    _check_reading(q, add, ok, check_codes)


def _check_code_answer(q: CodeQuestion, add: _Add, check_codes: bool) -> None:
    for i, code in enumerate(q.answer):
        if q.code_system == "icd-10-cm":
            found = codes.check_icd10cm(code) if check_codes else None
        else:
            found = codes.check_code_shape(q.code_system, code)
        if found:
            add(("answer", i), "error", *found)
    normalized = [code.replace(" ", "").replace(".", "").upper() for code in q.answer]
    if len(set(normalized)) < len(normalized):
        add(("answer",), "error", "duplicate-answer", "a code is listed twice in `answer`")


def _check_reading(
    q: SingleQuestion | MultiQuestion,
    add: _Add,
    ok: Callable[..., bool],
    check_codes: bool,
) -> None:
    """How the item reads: multi stems say how many; code choices carry no titles."""
    if isinstance(q, MultiQuestion) and ok("stem", "answer"):
        message = content_checks.multi_count_problem(q)
        if message:
            add(("stem",), "error", "multi-count", message)
    if check_codes and ok("choices"):
        for letter, code in content_checks.choices_with_titles(q, codes.icd10cm_title):
            add(
                ("choices", letter),
                "warning",
                "code-with-title",
                f"choice {letter} prints {code} with its official title; show the code "
                "only, as the real exams do, and put the title in `feedback`",
            )


def _check_letters(add: Any, field_path: tuple[Any, ...], what: str, text: str) -> None:
    """Shuffled choices get other letters: prose must name a choice by its content."""
    found = letter_references(text)
    if found:
        shown = ", ".join(f"`{f}`" for f in found[:3]) + (", ..." if len(found) > 3 else "")
        add(
            field_path,
            "warning",
            "rationale-letter",
            f"{what} names a choice by its letter ({shown}); name it by its content (or "
            "use `feedback`), since shuffled choices show other letters",
        )


_CURLY = re.compile(r"^\s*[\u201c\u2018\u201e].*[\u201d\u2019]\s*$", re.DOTALL)


def _curly_quoted(q: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Values a word processor's quotes wrap (`A: “Z23”`): text, not YAML quoting."""
    found: list[tuple[tuple[Any, ...], str]] = []
    for name in ("stem", "choices", "feedback", "answer", "codes"):
        value = getattr(q, name, None)
        pairs: list[tuple[tuple[Any, ...], Any]]
        if isinstance(value, dict):
            pairs = [((name, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            pairs = [((name, i), v) for i, v in enumerate(value)]
        else:
            pairs = [((name,), value)]
        found += [(where, v) for where, v in pairs if isinstance(v, str) and _CURLY.match(v)]
    return found


_DIGITS = re.compile(r"^\d+$")


def _unquoted_digit_scalars(
    doc: YamlDocument, path: tuple[Any, ...]
) -> list[tuple[tuple[Any, ...], str]]:
    """Plain (unquoted) all-digit text in `choices`, `answer` and `codes`.

    YAML 1.1 (PyYAML) reads `00840` as text, but YAML 1.2 tools read it as 840.
    """
    found: list[tuple[tuple[Any, ...], str]] = []
    if not doc.has_plain_digits:
        return found  # the usual case: every code is quoted
    question = _at(doc, path)
    for name in ("choices", "answer", "codes"):
        value = question.get(name) if isinstance(question, dict) else None
        subpaths: list[tuple[Any, ...]]
        if isinstance(value, dict):
            subpaths = [(name, key) for key in value]
        elif isinstance(value, list):
            subpaths = [(name, i) for i in range(len(value))]
        else:
            subpaths = [(name,)]
        for sub in subpaths:
            scalar = doc.scalar((*path, *sub))
            if (
                scalar
                and not scalar.quoted
                and scalar.tag.endswith(":str")
                and _DIGITS.match(scalar.raw)
            ):
                found.append((sub, scalar.raw))
    return found


def _unreadable(doc: YamlDocument, path: tuple[Any, ...]) -> bool:
    """Whether the value at `path` is one YAML could not read (yaml_source.BAD_VALUE)."""
    value: Any = doc.data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    return value is BAD_VALUE


def _at(doc: YamlDocument, path: tuple[Any, ...]) -> Any:
    value: Any = doc.data
    for part in path:
        value = value[part]
    return value


# ---- pydantic errors -> problems for a question writer --------------------------------


def _report_errors(
    exc: ValidationError, doc: YamlDocument, result: FileResult, prefix: tuple[Any, ...], kind: str
) -> None:
    seen: set[tuple[Any, ...]] = set()
    for error in exc.errors(include_url=False):
        path = data_path(doc.data, error["loc"])
        if error["type"] == "union_tag_invalid" and "type" in _at(doc, path):
            path = (*path, "type")  # point at the misspelt type, not the item
        if _unreadable(doc, path):
            continue  # YAML could not read it: already reported as such
        code, message = _explain(error, path, doc, kind)
        line, col = doc.where(path)
        if code == "unknown-field":
            line, col = doc.where_key(path)
        signature = (line, col, code)
        if signature in seen:
            continue  # a union reports one mistake several times
        seen.add(signature)
        result.add(line, col, "error", code, message)


def data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """pydantic's loc, minus the parts that are not in the data (union tags, `[key]`).

    Shared with the other pydantic-checked files (instructor results), so a location
    always names the place in the file as its author wrote it."""
    path: list[Any] = []
    value = data
    for part in loc:
        in_dict = isinstance(value, dict) and part in value
        in_list = isinstance(value, list) and isinstance(part, int) and part < len(value)
        if in_dict or in_list:
            path.append(part)
            value = value[part]
    return tuple(path)


def path_text(path: tuple[int | str, ...]) -> str:
    """A data path as its author reads it: `attempts[0].responses[3].correct`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _context_kind(path: tuple[Any, ...], kind: str) -> str:
    if kind == "blueprint":
        return "domain" if "domains" in path[:1] and len(path) >= 2 else "blueprint"
    if path[:1] == ("questions",) and len(path) >= 2:
        return "question"
    if path[:1] == ("cases",) and len(path) >= 2:
        return "case"
    return "bank"


def _owner(path: tuple[Any, ...], doc: YamlDocument) -> str:
    """`question cpc-001: ` style prefix, so a writer knows which item is meant."""
    if len(path) >= 2 and path[0] in ("questions", "cases", "domains"):
        try:
            item = doc.data[path[0]][path[1]]
        except (KeyError, IndexError, TypeError):
            return ""
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return f"{item['id']}: "
    return ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"`{excerpt(value)}`"


def _explain(
    error: ErrorDetails, path: tuple[Any, ...], doc: YamlDocument, kind: str
) -> tuple[str, str]:
    etype = error["type"]
    loc = error["loc"]
    owner = _owner(path, doc)
    context = _context_kind(path, kind)
    field_name = str(loc[-1]) if loc else ""
    if etype == "extra_forbidden":
        allowed = _FIELDS[context]
        near = difflib.get_close_matches(field_name, sorted(allowed), n=1)
        hint = (
            f"; did you mean `{near[0]}`?" if near else f"; allowed: {', '.join(sorted(allowed))}"
        )
        return "unknown-field", f"{owner}unknown field `{excerpt(field_name)}`{hint}"
    if etype == "missing":
        return "missing-field", f"{owner}`{field_name}` is missing"
    if etype == "union_tag_not_found":
        return "missing-field", f"{owner}`type` is missing: write single, multi or code"
    if etype == "union_tag_invalid":
        tag = str(error.get("ctx", {}).get("tag", ""))
        near = difflib.get_close_matches(tag.lower(), ["single", "multi", "code"], n=1)
        hint = f"; did you mean `{near[0]}`?" if near else ": write single, multi or code"
        return "invalid-value", f"{owner}`type` is `{excerpt(tag)}`{hint}"
    scalar = doc.scalar(path)
    leaf = next((str(p) for p in reversed(path) if isinstance(p, str)), field_name)
    if (
        etype in ("string_type",)
        and scalar is not None
        and not scalar.quoted
        and scalar.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ):
        if leaf in _CODE_FIELDS:
            shown = error["input"]
            return "quote-codes", (
                f"{owner}quote codes: {scalar.raw} was read as the number {shown}; "
                f'write "{scalar.raw}"'
            )
        return "wrong-type", (
            f"{owner}`{leaf}`: {excerpt(scalar.raw)} was read as a number; put it in quotes"
        )
    if (
        etype in ("string_type", "bool_type")
        and scalar is not None
        and scalar.tag == ("tag:yaml.org,2002:bool")
    ):
        return "wrong-type", (
            f"{owner}`{leaf}`: {scalar.raw} was read as true/false; put it in quotes"
        )
    if leaf == "answer" and context == "question":
        q = _at(doc, path[:2]) if len(path) >= 2 else {}
        qtype = q.get("type") if isinstance(q, dict) else None
        value = _at(doc, path)
        if qtype == "single" and isinstance(_at(doc, path[:3]), list):
            return "single-needs-one-answer", (
                f"{owner}a single item has exactly one key, e.g. `answer: B`; "
                "use `type: multi` for several"
            )
        if qtype == "multi" and isinstance(value, str) and path[-1] == "answer":
            return "multi-needs-two-answers", (
                f"{owner}a multi item needs a list of keys, e.g. `answer: [A, C]`"
            )
    if etype == "literal_error" and loc[-1:] == ("[key]",) and len(path) >= 2:
        return "invalid-value", _letter_message(owner, str(path[-2]), path[-1])
    if etype == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        if expected.startswith("'A', 'B'"):
            expected = "a choice letter, A to F"
        return "invalid-value", (
            f"{owner}`{leaf}` is {_describe(error['input'])}; it must be {expected}"
        )
    if etype == "string_too_short":
        return "empty-text", f"{owner}{_what(path, leaf)} is empty; write its text"
    if etype in ("too_short", "too_long", "string_too_long"):
        return "invalid-value", owner + _size_message(error, leaf)
    if etype == "string_pattern_mismatch":
        chars = (
            "letters, digits, `.`, `_` and `-` (no spaces), starting with a letter or digit"
            if leaf == "id" and context == "question"
            else "lower-case letters, digits and hyphens"
        )
        return "invalid-value", f"{owner}`{leaf}` {_describe(error['input'])} must be {chars}"
    if etype.endswith("_type"):
        want = etype.removesuffix("_type").replace("dict", "mapping").replace("string", "text")
        return "wrong-type", f"{owner}`{leaf}` must be {want}, not {_describe(error['input'])}"
    return "invalid-value", f"{owner}`{leaf}`: {error['msg']}"


def _what(path: tuple[Any, ...], leaf: str) -> str:
    """`choice B`, `feedback B`, `codes entry 2` or `` `stem` ``: what a message is about."""
    if len(path) >= 2 and path[-2] in ("choices", "feedback"):
        return f"{'choice' if path[-2] == 'choices' else 'feedback'} {path[-1]}"
    if path and isinstance(path[-1], int):
        return f"`{leaf}` entry {path[-1] + 1}"
    return f"`{leaf}`"


def _size_message(error: ErrorDetails, leaf: str) -> str:
    """Too few or too many choices, keys or characters, in a writer's words."""
    ctx = error.get("ctx", {})
    actual = ctx.get(
        "actual_length", len(error["input"]) if hasattr(error["input"], "__len__") else "?"
    )
    if error["type"] == "string_too_long":
        return f"`{leaf}` is {actual} characters long; at most {ctx.get('max_length')} fit"
    if leaf == "choices":
        if error["type"] == "too_short":
            return (
                f"a question needs at least {ctx.get('min_length')} choices; this one has {actual}"
            )
        return f"a question has at most {ctx.get('max_length')} choices; this one has {actual}"
    if error["type"] == "too_short":
        return f"`{leaf}` needs at least {ctx.get('min_length')} entries; it has {actual}"
    return f"`{leaf}` holds at most {ctx.get('max_length')} entries; it has {actual}"


def _letter_message(owner: str, where: str, key: Any) -> str:
    """A choice or feedback letter that is not one of A to F."""
    text = excerpt(str(key))
    if isinstance(key, str) and key.upper() in CHOICE_KEYS:
        return f"{owner}choice letters are capitals: write `{key.upper()}`, not `{text}`"
    if where == "choices" and isinstance(key, str) and len(key) == 1 and "G" <= key <= "Z":
        return f"{owner}choice letters go from A to F (6 choices at most); `{text}` is one too many"
    what = "choice" if where == "choices" else f"`{where}`"
    return f"{owner}{what} letters go from A to F; `{text}` is not one"
