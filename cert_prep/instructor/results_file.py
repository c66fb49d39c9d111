"""`cert-prep-results/1`: a student's submitted mock exams, for an instructor's analysis.

    {"format": "cert-prep-results/1",
     "student": "LABEL",
     "attempts": [{"id": 12, "exam": "cpc", "submitted_at": "2026-03-02T14:05:00.000+00:00",
                   "responses": [{"item": "cpc-dx-001", "domain": "icd-10-cm",
                                  "response": "B", "correct": true, "seconds": 41.5}, ...]}]}

Only submitted mock exams (never drills, open or discarded attempts) are exported, and
nothing about the student but the label they choose: no name, no path, no settings. The
loader is strict (unknown fields and wrong types are errors) and reports every problem
of a file, naming the file and the field, e.g. `a.json: attempts[0].responses[3].correct`.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from cert_prep.clock import from_iso
from cert_prep.errors import UserError
from cert_prep.instructor.files import read_text

FORMAT = "cert-prep-results/1"
LABEL_SETTING = "results.student_label"
MAX_LABEL = 64
MAX_PROBLEMS = 20

# Matched with fullmatch: `$` would also accept a trailing newline.
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TOP_FIELDS = ("format", "student", "attempts")
_ATTEMPT_FIELDS = ("id", "exam", "submitted_at", "responses")
_RESPONSE_FIELDS = ("item", "domain", "response", "correct", "seconds")


# ---- export ---------------------------------------------------------------------------------


def _printable(text: str) -> bool:
    """No control (C0, C1), format (bidirectional overrides, zero-width) or line-break
    characters: a label is shown in terminals and reports as it is."""
    return text.isprintable()


def check_label(label: str) -> str:
    """A student label as given on the command line, or a usage error."""
    label = label.strip()
    if not label:
        raise UserError("--student needs a label, e.g. --student s07", exit_code=2)
    if len(label) > MAX_LABEL or not _printable(label):
        raise UserError(f"--student must be at most {MAX_LABEL} printable characters", exit_code=2)
    return label


def default_label(store, make: Callable[[], str] | None = None) -> str:
    """A pseudonymous label kept in the student's settings, made once.

    The same student exporting twice gets the same label, so an instructor's analysis
    counts them once; it says nothing about who they are.
    """
    label = store.get_setting(LABEL_SETTING)
    if label:
        return label
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


def export_results(
    store, student: str, exam: str | None = None, since: datetime | None = None
) -> dict:
    """The student's submitted mock exams, oldest first, in `cert-prep-results/1`."""
    # Full mock exams only: practice exams (shorter or retimed) are not a form's results.
    attempts = [
        a
        for a in store.attempts(exam=exam, mode="exam", status="submitted")
        if a.submitted_at and not a.practice
    ]
    if since is not None:
        attempts = [a for a in attempts if from_iso(a.submitted_at) >= since]
    attempts.sort(key=lambda a: (from_iso(a.submitted_at), a.id))
    exported = []
    for attempt in attempts:
        responses = [
            {
                "item": row.item_id,
                "domain": row.domain,
                "response": _plain_response(row.response),
                "correct": bool(row.correct) and bool(row.response),
                "seconds": round(float(row.seconds), 1),
            }
            for row in store.attempt_items(attempt.id)
        ]
        exported.append(
            {
                "id": attempt.id,
                "exam": attempt.exam,
                "submitted_at": attempt.submitted_at,
                "responses": responses,
            }
        )
    return {"format": FORMAT, "student": student, "attempts": exported}


def dumps(results: dict) -> str:
    return json.dumps(results, indent=1, ensure_ascii=False) + "\n"


# ---- loading --------------------------------------------------------------------------------


class Response(NamedTuple):
    # A tuple: an analysis reads 100,000 of these, and tuples are the cheapest to build.
    item: str
    domain: str
    response: Any  # None (unanswered), a key, a list of keys, or a list of codes
    correct: bool
    seconds: float


@dataclass(frozen=True, slots=True)
class Attempt:
    id: int
    exam: str
    submitted_at: str
    when: datetime
    responses: tuple[Response, ...]


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


class _Collector:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(
            f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}"
        )

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS


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


def _fields(obj: Any, names: tuple[str, ...], where: str, out: _Collector) -> bool:
    """Check an object has exactly `names`; False when it is not an object at all."""
    if not isinstance(obj, dict):
        out.add(where, f"expected an object, got {_kind(obj)}")
        return False
    for name in names:
        if name not in obj:
            out.add(where, f"missing field `{name}`")
    for name in obj:
        if name not in names:
            out.add(
                f"{where}.{name}" if where else name,
                f"unknown field (the format has: {', '.join(names)})",
            )
    return True


def _response_value(value: Any, where: str, out: _Collector) -> None:
    if value is None:
        return
    if isinstance(value, str):
        if not value.strip() or len(value) > 40:
            out.add(where, "a key must be 1 to 40 characters")
        return
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) and v.strip() and len(v) <= 40 for v in value):
            out.add(where, "a list of answers must hold 1 or more keys or codes (text)")
        elif len(value) > 50:
            out.add(where, "more than 50 answers in one response")
        return
    out.add(where, f"expected null, a key or a list of keys or codes, got {_kind(value)}")


def _parse_response(obj: Any, where: str, out: _Collector) -> Response | None:
    before = len(out.problems)
    if not _fields(obj, _RESPONSE_FIELDS, where, out):
        return None
    item, domain = obj.get("item"), obj.get("domain")
    value, correct, seconds = obj.get("response"), obj.get("correct"), obj.get("seconds")
    if "item" in obj and not (
        isinstance(item, str) and len(item) <= 80 and _ITEM_ID.fullmatch(item)
    ):
        out.add(f"{where}.item", f"expected an item id, got {_kind(item)} {item!r}"[:200])
    if "domain" in obj and not (isinstance(domain, str) and _SLUG.fullmatch(domain)):
        out.add(f"{where}.domain", f"expected a lower-case domain id, got {domain!r}"[:200])
    if "response" in obj:
        _response_value(value, f"{where}.response", out)
    if "correct" in obj and not isinstance(correct, bool):
        out.add(f"{where}.correct", f"expected true or false, got {_kind(correct)}")
    elif correct is True and value is None and "response" in obj:
        out.add(f"{where}.correct", "an unanswered question (response null) cannot be correct")
    if "seconds" in obj and (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
        or seconds < 0
    ):
        out.add(
            f"{where}.seconds", f"expected a number of seconds (0 or more), got {_kind(seconds)}"
        )
    if len(out.problems) > before:
        return None
    return Response(item, domain, value, correct, float(seconds))


_RESPONSE_KEYS = frozenset(_RESPONSE_FIELDS)
# Ids and domains already found valid: a class's files repeat the same hundred or so.
_GOOD_IDS: set[str] = set()
_GOOD_SLUGS: set[str] = set()


def _good_id(item: str) -> bool:
    if _ITEM_ID.fullmatch(item) and len(item) <= 80:
        _GOOD_IDS.add(item)
        return True
    return False


def _good_slug(domain: str) -> bool:
    if _SLUG.fullmatch(domain):
        _GOOD_SLUGS.add(domain)
        return True
    return False


def _good_list(value: list) -> bool:
    return 0 < len(value) <= 50 and all(
        type(v) is str and 0 < len(v) <= 40 and not v.isspace() for v in value
    )


def _quick_responses(responses: list) -> list[Response | None]:
    """The common case, valid responses, checked fast; None marks one that needs the full
    check (which says what is wrong and where). An analysis reads 100,000 of these."""
    keys, good_ids, good_slugs, inf = _RESPONSE_KEYS, _GOOD_IDS, _GOOD_SLUGS, math.inf
    make = tuple.__new__  # a NamedTuple without its Python-level __new__: 3x cheaper
    quick: list[Response | None] = []
    append = quick.append
    for entry in responses:
        if type(entry) is dict and entry.keys() == keys:
            item, domain, value = entry["item"], entry["domain"], entry["response"]
            correct, seconds = entry["correct"], entry["seconds"]
            kind = type(value)
            if (
                type(item) is str
                and (item in good_ids or _good_id(item))
                and type(domain) is str
                and (domain in good_slugs or _good_slug(domain))
                and (correct is False or (correct is True and value is not None))
                and (type(seconds) is float or type(seconds) is int)
                and 0 <= seconds < inf
                and (
                    value is None
                    or (kind is str and 0 < len(value) <= 40 and not value.isspace())
                    or (kind is list and _good_list(value))
                )
            ):
                append(make(Response, (item, domain, value, correct, float(seconds))))
                continue
        append(None)
    return quick


def _parse_attempt(obj: Any, where: str, out: _Collector) -> Attempt | None:
    before = len(out.problems)
    if not _fields(obj, _ATTEMPT_FIELDS, where, out):
        return None
    ident, exam = obj.get("id"), obj.get("exam")
    submitted, responses = obj.get("submitted_at"), obj.get("responses")
    if "id" in obj and (isinstance(ident, bool) or not isinstance(ident, int) or ident < 1):
        out.add(f"{where}.id", f"expected a whole number (1 or more), got {_kind(ident)}")
    if "exam" in obj and not (isinstance(exam, str) and _SLUG.fullmatch(exam)):
        out.add(f"{where}.exam", f"expected a lower-case exam id, got {exam!r}"[:200])
    when = None
    if "submitted_at" in obj:
        try:
            when = datetime.fromisoformat(submitted) if isinstance(submitted, str) else None
        except ValueError:
            when = None
        if when is not None and when.tzinfo is None:
            out.add(
                f"{where}.submitted_at",
                "expected a time with its time zone (such as 2026-03-02T14:05:00Z), got "
                f"{submitted!r}"[:200],
            )
        elif when is None:
            out.add(
                f"{where}.submitted_at",
                f"expected an ISO-8601 time such as 2026-03-02T14:05:00Z, got {submitted!r}"[:200],
            )
    parsed: list[Response] = []
    positions: list[int] = []
    if "responses" in obj:
        if not isinstance(responses, list):
            out.add(f"{where}.responses", f"expected a list, got {_kind(responses)}")
        else:
            for index, response in enumerate(_quick_responses(responses)):
                if response is None:  # something is wrong: find out what, and say where
                    if out.full:
                        break
                    response = _parse_response(responses[index], f"{where}.responses[{index}]", out)
                    if response is None:
                        continue
                parsed.append(response)
                positions.append(index)
            if len({r.item for r in parsed}) != len(parsed):
                seen: set[str] = set()
                for index, response in zip(positions, parsed, strict=True):
                    if response.item in seen:
                        out.add(
                            f"{where}.responses[{index}].item",
                            f"`{response.item}` appears twice in one attempt",
                        )
                    seen.add(response.item)
    if len(out.problems) > before or when is None:
        return None
    return Attempt(ident, exam, submitted, when, tuple(parsed))


def _no_constants(name: str) -> Any:
    raise ValueError(f"`{name}` is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the field `{key}` appears twice in one object")
            seen.add(key)
    return result


def parse_results(data: Any, source: str) -> ResultsFile:
    """Validate decoded JSON; a ResultsError lists every problem (up to a limit)."""
    out = _Collector(source)
    if not _fields(data, _TOP_FIELDS, "", out):
        raise ResultsError(out.problems)
    fmt, student, attempts = data.get("format"), data.get("student"), data.get("attempts")
    if "format" in data and fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith("cert-prep-results/"):
            out.add(
                "format",
                f"`{fmt}` is not a version this cert-prep reads ({FORMAT}); upgrade cert-prep",
            )
        else:
            out.add(
                "format",
                f'expected "{FORMAT}", got {fmt!r}'[:200]
                + "; is this a cert-prep results file (`cert-prep export-results`)?",
            )
    if "student" in data and not (
        isinstance(student, str)
        and student.strip()
        and len(student) <= MAX_LABEL
        and _printable(student)
    ):
        out.add(
            "student",
            f"expected a label of 1 to {MAX_LABEL} printable characters, got {_kind(student)}",
        )
    parsed: list[Attempt] = []
    if "attempts" in data:
        if not isinstance(attempts, list):
            out.add("attempts", f"expected a list, got {_kind(attempts)}")
        else:
            ids: set[int] = set()
            for index, entry in enumerate(attempts):
                if out.full:
                    break
                attempt = _parse_attempt(entry, f"attempts[{index}]", out)
                if attempt is None:
                    continue
                if attempt.id in ids:
                    out.add(f"attempts[{index}].id", f"attempt {attempt.id} appears twice")
                ids.add(attempt.id)
                parsed.append(attempt)
    if out.problems:
        if out.full:
            out.problems.append(f"{source}: (stopped after {MAX_PROBLEMS} problems)")
        raise ResultsError(out.problems)
    return ResultsFile(source, student.strip(), tuple(parsed))


def loads(text: str, source: str) -> ResultsFile:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
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
