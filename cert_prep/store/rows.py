"""What the store hands out: rows as frozen dataclasses, decoded and checked.

A row that cannot be decoded (unreadable JSON, a time that is not a time) raises
`Damage`; the store turns it into a StoreError that names the file.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from cert_prep.clock import from_iso
from cert_prep.errors import UserError


class OpenExamExists(UserError):
    def __init__(self, exam: str, attempt_id: int):
        super().__init__(
            f"an unfinished {exam} exam (attempt {attempt_id}) exists; resume it with "
            "`cert-prep resume` or discard it first"
        )
        self.exam = exam
        self.attempt_id = attempt_id


@dataclass(frozen=True)
class AttemptRow:
    id: int
    exam: str
    mode: str
    status: str
    started_at: str
    submitted_at: str | None
    submitted_reason: str | None
    time_limit_s: float | None
    pausable: bool
    elapsed_s: float
    sitting_started_at: str | None
    position: int
    settings: dict[str, Any]
    correct: int | None
    total: int | None
    percent: float | None
    passed: bool | None
    practice: bool = False
    holder: str | None = None
    held_at: str | None = None

    @property
    def kind(self) -> str:
        """`exam` (a full mock exam), `practice` (a shorter exam) or `drill`."""
        return "practice" if self.mode == "exam" and self.practice else self.mode


@dataclass(frozen=True)
class AttemptItemRow:
    attempt_id: int
    seq: int
    item_id: str
    domain: str
    key_hash: str
    choice_order: list[str] | None
    response: Any
    flagged: bool
    seconds: float
    answered_at: str | None
    correct: bool | None


@dataclass(frozen=True)
class NewItem:
    item_id: str
    domain: str
    key_hash: str
    choice_order: list[str] | None = None


@dataclass(frozen=True)
class Review:
    item_id: str
    exam: str
    domain: str
    reviewed_at: str
    response: Any
    correct: bool
    seconds: float | None
    mode: str
    attempt_id: int | None
    key_hash: str | None
    confidence: int | None = None  # 1 guess, 2 unsure, 3 sure; None when not asked


class Damage(Exception):
    """A row the store cannot decode; the Store turns it into a StoreError with its path."""


def to_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"))


def _unjson(text: str | None, where: str = "a row") -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError):
        raise Damage(f"{where} holds unreadable JSON") from None


def _moment(text: str | None, where: str) -> str | None:
    """`text` if it is an ISO time, else Damage: every time read from the file parses."""
    if text is None:
        return None
    try:
        from_iso(text)
    except (ValueError, TypeError):
        raise Damage(f"{where} holds a time that is not a date (`{str(text)[:32]!r}`)") from None
    return text


def attempt_row(row: sqlite3.Row) -> AttemptRow:
    data = dict(row)
    where = f"attempt {data.get('id')}"
    try:
        data["settings"] = _unjson(data["settings"], where) or {}
        data["pausable"] = bool(data["pausable"])
        data["passed"] = None if data["passed"] is None else bool(data["passed"])
        data["practice"] = bool(data.get("practice", 0))
        for name in ("started_at", "submitted_at", "sitting_started_at"):
            _moment(data[name], where)
        if data["started_at"] is None:
            raise Damage(f"{where} has no start time")
        return AttemptRow(**{k: data[k] for k in AttemptRow.__dataclass_fields__ if k in data})
    except KeyError as exc:
        raise Damage(f"the attempts table lacks the column {exc.args[0]}") from None


def attempt_item_row(row: sqlite3.Row) -> AttemptItemRow:
    data = dict(row)
    where = f"question {data.get('seq')} of attempt {data.get('attempt_id')}"
    try:
        data["choice_order"] = _unjson(data["choice_order"], where)
        data["response"] = _unjson(data["response"], where)
        data["flagged"] = bool(data["flagged"])
        data["correct"] = None if data["correct"] is None else bool(data["correct"])
        _moment(data["answered_at"], where)
        return AttemptItemRow(**{k: data[k] for k in AttemptItemRow.__dataclass_fields__})
    except KeyError as exc:
        raise Damage(f"the attempt_items table lacks the column {exc.args[0]}") from None


def review_row(r: sqlite3.Row) -> Review:
    where = f"review {r['id']}"
    return Review(
        r["item_id"],
        r["exam"],
        r["domain"],
        _moment(r["reviewed_at"], where) or "",
        _unjson(r["response"], where),
        bool(r["correct"]),
        r["seconds"],
        r["mode"],
        r["attempt_id"],
        r["key_hash"],
        r["confidence"] if r["confidence"] in (1, 2, 3) else None,
    )
