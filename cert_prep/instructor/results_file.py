"""`cert-prep-results/1`: a student's submitted mock exams, for an instructor's analysis.

    {"format": "cert-prep-results/1",
     "student": "LABEL",
     "attempts": [{"id": 12, "exam": "cpc", "submitted_at": "2026-03-02T14:05:00.000+00:00",
                   "responses": [{"item": "cpc-dx-001", "domain": "icd-10-cm",
                                  "response": "B", "correct": true, "seconds": 41.5}, ...]}]}

A response to an unscored pretest item also says `"pretest": true`; it counts in no score.
Files written before that field existed have none, and every response counts, as it did.

Only submitted mock exams (never drills, open or discarded attempts) are exported, and
nothing about the student but the label they choose: no name, no path, no settings. The
loader is strict (unknown fields and wrong types are errors) and reports every problem
of a file, naming the file and the field, e.g. `a.json: attempts[0].responses[3].correct`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from cert_prep.bank.models import CHOICE_KEYS, ItemId, Slug
from cert_prep.bank.validate import data_path, path_text
from cert_prep.clock import from_iso
from cert_prep.engine.attempt_result import pretest_ids
from cert_prep.errors import UserError
from cert_prep.instructor.files import read_text
from cert_prep.safe_text import undecodable_shown
from cert_prep.store import Store

FORMAT = "cert-prep-results/1"
LABEL_SETTING = "results.student_label"
MAX_LABEL = 64
MAX_PROBLEMS = 20


# ---- export ---------------------------------------------------------------------------------


def _printable(text: str) -> bool:
    """No control (C0, C1), format (bidirectional overrides, zero-width) or line-break
    characters: a label is shown in terminals and reports as it is."""
    return text.isprintable()


def _code_point(char: str) -> str:
    """U+001B; a byte that was not UTF-8 as <0xFF>, as safe_text shows it."""
    shown = undecodable_shown(char)
    return shown if shown != char else f"U+{ord(char):04X}"


def check_label(label: str) -> str:
    """A student label as given on the command line, or a usage error."""
    label = label.strip()
    if not label:
        raise UserError("--student needs a label, e.g. --student s07", exit_code=2)
    if not _printable(label):
        # Name the character by its code point, never echo it: it may be a terminal escape.
        bad = next(c for c in label if not c.isprintable())
        raise UserError(
            f"--student holds a control or invisible character ({_code_point(bad)}); "
            "use printable characters only",
            exit_code=2,
        )
    if len(label) > MAX_LABEL:
        raise UserError(
            f"--student must be at most {MAX_LABEL} printable characters (it has {len(label)})",
            exit_code=2,
        )
    return label


def default_label(store: Store, make: Callable[[], str] | None = None) -> str:
    """A pseudonymous label kept in the student's settings, made once.

    The same student exporting twice gets the same label, so an instructor's analysis
    counts them once; it says nothing about who they are.
    """
    saved = store.get_setting(LABEL_SETTING)
    if saved:
        return saved
    label = (make or (lambda: f"student-{secrets.token_hex(4)}"))()
    store.set_setting(LABEL_SETTING, label)
    return label


def parse_since(text: str) -> datetime:
    """`YYYY-MM-DD` (from that day's start, UTC) or an ISO-8601 time (UTC if no zone)."""
    try:
        return from_iso(text.strip())
    except ValueError:
        raise UserError(
            f"--since wants a date like 2026-03-01 (or an ISO-8601 time), not `{text}`", exit_code=2
        ) from None


def _plain_response(value: Any) -> Any:
    # An answer cleared back to nothing is stored as [] or ""; either way it is no answer.
    return value if value else None


def practice_left_out(store: Store, exam: str | None = None, since: datetime | None = None) -> int:
    """How many submitted practice exams `export_results` leaves out (to say so)."""
    return sum(
        1
        for a in store.attempts(exam=exam, mode="exam", status="submitted")
        if a.submitted_at and a.practice and (since is None or from_iso(a.submitted_at) >= since)
    )


def export_results(
    store: Store, student: str, exam: str | None = None, since: datetime | None = None
) -> dict[str, Any]:
    """The student's submitted mock exams, oldest first, in `cert-prep-results/1`."""
    # Full mock exams only: practice exams (shorter or retimed) are not a form's results.
    submitted = [
        (from_iso(a.submitted_at), a)
        for a in store.attempts(exam=exam, mode="exam", status="submitted")
        if a.submitted_at and not a.practice
    ]
    if since is not None:
        submitted = [(when, a) for when, a in submitted if when >= since]
    submitted.sort(key=lambda pair: (pair[0], pair[1].id))
    attempts = [a for _when, a in submitted]
    exported = []
    for attempt in attempts:
        unscored = pretest_ids(attempt)
        responses = []
        for row in store.attempt_items(attempt.id):
            response = {
                "item": row.item_id,
                "domain": row.domain,
                "response": _plain_response(row.response),
                "correct": bool(row.correct) and bool(row.response),
                "seconds": round(float(row.seconds), 1),
            }
            # Only where true: a file without pretest items stays as older cert-preps read it.
            if row.item_id in unscored:
                response["pretest"] = True
            responses.append(response)
        exported.append(
            {
                "id": attempt.id,
                "exam": attempt.exam,
                "submitted_at": attempt.submitted_at,
                "responses": responses,
            }
        )
    return {"format": FORMAT, "student": student, "attempts": exported}


def dumps(results: dict[str, Any]) -> str:
    return json.dumps(results, indent=1, ensure_ascii=False) + "\n"


# ---- loading --------------------------------------------------------------------------------


# A key or code: 1 to 40 characters, not only spaces.
def _key_ok(value: object) -> bool:
    return type(value) is str and 0 < len(value) <= 40 and not value.isspace()


def _answer(value: object) -> Any:
    """null, a key, or a list of 1 to 50 keys or codes; anything else says what it is."""
    if value is None:
        return None
    if isinstance(value, str):
        if not _key_ok(value):
            raise PydanticCustomError("results", "a key must be 1 to 40 characters")
        return value
    if isinstance(value, list):
        if not value:
            raise PydanticCustomError(
                "results", "an empty list of answers; an unanswered question is null"
            )
        bad = next((i for i, v in enumerate(value) if not _key_ok(v)), None)
        if bad is not None:
            raise PydanticCustomError("results", _bad_entry(bad, value[bad]))
        if len(value) > 50:
            raise PydanticCustomError("results", "more than 50 answers in one response")
        return value
    raise PydanticCustomError(
        "results",
        "expected null, a key or a list of keys or codes, got {kind}",
        {"kind": _kind(value)},
    )


def _bad_entry(index: int, value: object) -> str:
    what = f"answer {index + 1} of the list"
    if not isinstance(value, str):
        return f"{what} is {_kind(value)}; keys and codes are text"
    if len(value) > 40:
        return f"{what} is {len(value):,} characters; a key or code has at most 40"
    return f"{what} is empty; a key or code has 1 to 40 characters"


def _moment(value: object) -> str:
    """An ISO-8601 time with its zone (a time without one would be read in no zone)."""
    text = value if isinstance(value, str) else None
    try:
        if text is not None:
            from_iso(text, require_zone=True)
            return text
    except ValueError:
        if text is not None and _parses(text):
            raise PydanticCustomError(
                "results",
                "expected a time with its time zone (such as 2026-03-02T14:05:00Z), got {shown}",
                {"shown": repr(value)[:120]},
            ) from None
    raise PydanticCustomError(
        "results",
        "expected an ISO-8601 time such as 2026-03-02T14:05:00Z, got {shown}",
        {"shown": repr(value)[:120]},
    )


def _parses(text: str) -> bool:
    try:
        from_iso(text)
    except ValueError:
        return False
    return True


def _format(value: object) -> str:
    if value == FORMAT:
        return FORMAT
    if isinstance(value, str) and value.startswith("cert-prep-results/"):
        raise PydanticCustomError(
            "results",
            "`{fmt}` is not a version this cert-prep reads ({want}); upgrade cert-prep",
            {"fmt": value[:80], "want": FORMAT},
        )
    raise PydanticCustomError(
        "results",
        'expected "{want}", got {shown}; is this a cert-prep results file '
        "(`cert-prep export-results`)?",
        {"want": FORMAT, "shown": repr(value)[:120]},
    )


def _label(value: object) -> str:
    if isinstance(value, str) and value.strip() and len(value) <= MAX_LABEL and _printable(value):
        return value.strip()
    raise PydanticCustomError(
        "results",
        "expected a label of 1 to {most} printable characters, got {kind}",
        {"most": MAX_LABEL, "kind": _kind(value)},
    )


_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)


class Response(BaseModel):
    model_config = _STRICT

    # The bank's id types, matched whole: an exam id names the dashboard's file.
    item: ItemId
    domain: Slug
    response: Annotated[Any, PlainValidator(_answer)]  # None, a key, or a list of keys/codes
    correct: bool
    seconds: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    # An unscored pretest item: analysed as an item, never counted in a score. Files from
    # before the field have none, so each of their responses counts, as it did.
    pretest: bool = False

    @model_validator(mode="after")
    def _answered_if_correct(self) -> Response:
        if self.correct and self.response is None:
            raise PydanticCustomError(
                "results",
                "an unanswered question (response null) cannot be correct",
                {"at": "correct"},
            )
        # A text response is a single item's choice key; anything else scored right means
        # the file was not written by cert-prep's scoring (a list may hold codes, so only
        # the bank can check those: `analysis.check_keys`).
        if self.correct and isinstance(self.response, str) and self.response not in CHOICE_KEYS:
            raise PydanticCustomError(
                "results",
                "{shown} is not a choice key (A to F), so it cannot be correct",
                {"at": "correct", "shown": repr(self.response)[:50]},
            )
        return self


class Attempt(BaseModel):
    model_config = _STRICT

    id: Annotated[int, Field(ge=1)]
    exam: Slug
    submitted_at: Annotated[str, PlainValidator(_moment)]
    responses: list[Response]

    @property
    def when(self) -> datetime:
        return from_iso(self.submitted_at)

    @property
    def scored(self) -> list[Response]:
        """The responses that count in the student's score: all but pretest items."""
        return [r for r in self.responses if not r.pretest]


class _File(BaseModel):
    model_config = _STRICT

    format: Annotated[str, PlainValidator(_format)]
    student: Annotated[str, PlainValidator(_label)]
    attempts: list[Attempt]


@dataclass(frozen=True, slots=True)
class ResultsFile:
    path: str
    student: str
    attempts: tuple[Attempt, ...]


class ResultsError(UserError):
    """Every problem found in one or more results files."""

    def __init__(self, problems: list[str]):
        shown = problems[: MAX_PROBLEMS * 5]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more problem(s)" if more else "")
        super().__init__(f"the results cannot be used:\n{text}", exit_code=1)
        self.problems = problems


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


# The fields of each object, by how deep it sits: the file, an attempt, a response.
_FIELDS_AT = {
    0: ", ".join(_File.model_fields),
    2: ", ".join(Attempt.model_fields),
    4: ", ".join(Response.model_fields),
}

# What a field holds, for a value of the wrong type or out of range.
_EXPECTED = {
    "correct": "expected true or false, got {kind}",
    "pretest": "expected true or false, got {kind}",
    "seconds": "expected a number of seconds (0 or more), got {got}",
    "id": "expected a whole number (1 or more), got {got}",
    "exam": "expected a lower-case exam id, got {shown}",
    "domain": "expected a lower-case domain id, got {shown}",
    "item": "expected an item id, got {kind} {shown}",
    "attempts": "expected a list, got {kind}",
    "responses": "expected a list, got {kind}",
}


def _problem(error: ErrorDetails, data: Any) -> tuple[str, str]:
    """(where, message) of one pydantic error, in the words of the format."""
    path = data_path(data, tuple(error["loc"]))
    kind, value = error["type"], error["input"]
    if kind == "missing":
        return path_text(path), f"missing field `{error['loc'][-1]}`"
    if kind == "extra_forbidden":
        fields = _FIELDS_AT.get(len(path) - 1, "")
        return path_text(path), f"unknown field (the format has: {fields})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return path_text(path), f"expected an object, got {_kind(value)}"
    if kind == "results":
        at = (error.get("ctx") or {}).get("at")
        return path_text((*path, at) if at else path), error["msg"]
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    template = _EXPECTED.get(name, "not a valid value: got {kind}")
    message = template.format(kind=_kind(value), shown=repr(value), got=_got(value))
    return path_text(path), message[:200]


def _got(value: Any) -> str:
    """A number quoted (`got -1`: "got a number" would not say what is wrong), else its kind."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)[:40]
    return _kind(value)


def _duplicates(results: _File) -> list[tuple[str, str]]:
    """An attempt twice in a file, or an item twice in one attempt."""
    found: list[tuple[str, str]] = []
    ids: set[int] = set()
    for index, attempt in enumerate(results.attempts):
        if attempt.id in ids:
            found.append((f"attempts[{index}].id", f"attempt {attempt.id} appears twice"))
        ids.add(attempt.id)
        items: set[str] = set()
        for at, response in enumerate(attempt.responses):
            if response.item in items:
                found.append(
                    (
                        f"attempts[{index}].responses[{at}].item",
                        f"`{response.item}` appears twice in one attempt",
                    )
                )
            items.add(response.item)
    return found


def parse_results(data: Any, source: str) -> ResultsFile:
    """Validate decoded JSON; a ResultsError lists every problem (up to a limit)."""
    try:
        results = _File.model_validate(data)
    except ValidationError as exc:
        found = [_problem(error, data) for error in exc.errors(include_url=False)]
    else:
        found = _duplicates(results)
        if not found:
            return ResultsFile(source, results.student, tuple(results.attempts))
    problems = [
        f"{source}: {where}: {message}" if where else f"{source}: {message}"
        for where, message in found
    ]
    if len(problems) > MAX_PROBLEMS:
        problems = [*problems[:MAX_PROBLEMS], f"{source}: (stopped after {MAX_PROBLEMS} problems)"]
    raise ResultsError(problems)


def _no_constants(name: str) -> Any:
    raise ValueError(f"`{name}` is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the field `{key}` appears twice in one object")
            seen.add(key)
    return result


def _whole_number(text: str) -> int:
    # Python refuses to read more than 4,300 digits with advice about sys.* settings; no
    # field of a results file needs more than 20.
    if len(text.lstrip("-")) > 20:
        raise ValueError(f"a number of {len(text):,} digits; no field holds more than 20")
    return int(text)


def loads(text: str, source: str) -> ResultsFile:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constants,
            parse_int=_whole_number,
        )
    except json.JSONDecodeError as exc:
        raise ResultsError(
            [f"{source}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"]
        ) from None
    except ValueError as exc:
        raise ResultsError([f"{source}: not valid JSON: {exc}"]) from None
    except RecursionError:
        raise ResultsError([f"{source}: not valid JSON: nested too deeply"]) from None
    return parse_results(data, source)


def load_results(path: Path) -> ResultsFile:
    try:
        text = read_text(path, "results file")
    except UserError as exc:
        raise ResultsError([exc.message]) from None
    if not text.strip():
        raise ResultsError([f"{path}: the file is empty"])
    return loads(text, str(path))


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the `*.json` files directly inside it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.json") if p.is_file())
            if not found:
                raise UserError(f"{path}: the folder holds no .json results files", exit_code=2)
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise UserError(f"{path}: no such file or folder", exit_code=2)
    return files


def load_many(paths: list[Path]) -> list[ResultsFile]:
    """Load every file; one ResultsError lists the problems of all the bad ones."""
    loaded: list[ResultsFile] = []
    problems: list[str] = []
    for path in expand_paths(paths):
        try:
            loaded.append(load_results(path))
        except ResultsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ResultsError(problems)
    return loaded
