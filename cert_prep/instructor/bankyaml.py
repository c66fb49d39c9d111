"""Imported questions -> a bank file (format v1) that cert-prep's own loader reads back.

The YAML is written with PyYAML's safe dumper (it quotes anything YAML 1.1 would read as
a number, a boolean or null, so `99213` and `yes` stay text) with aliases switched off
(bank files may not hold any), multi-line text as `|` blocks, and tabs expanded (lint
rejects tab indentation). Before anything is written, the text is read back through the
bank validator and compared with what was meant: output that would not round-trip is a
bug, reported as such, never a bank file that silently differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from cert_prep.bank.letters import is_single_letter
from cert_prep.bank.limits import MAX_FILE_BYTES
from cert_prep.bank.models import CHOICE_KEYS
from cert_prep.bank.validate import validate_file

MAX_TEXT = 20_000
MAX_ID = 80
# C0 but tab and newline, DEL, C1 become spaces; bidi controls and zero-width characters
# are dropped (lint flags all of them, and a bank shows them made visible)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Imported bank files are split below the bank loader's file limit, with room for edits.
SPLIT_BYTES = MAX_FILE_BYTES * 3 // 4
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Note:
    """Something an importer or exporter tells the author, with the line it is about."""

    line: int
    severity: Literal["warning", "error"]
    message: str

    def as_text(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Imported:
    """One question read from GIFT or Aiken, before it gets its id."""

    line: int
    stem: str
    choices: list[str]
    keys: list[int]  # indexes into choices
    rationale: str = ""
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    feedback: dict[int, str] = field(default_factory=dict)  # choice index -> its feedback

    @property
    def type(self) -> str:
        return "single" if len(self.keys) == 1 else "multi"


_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Text as a bank holds it: one kind of line break (YAML reads NEL and the Unicode
    separators as breaks too), no tabs or control characters, no trailing spaces."""
    text = _CONTROL.sub(" ", _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", text)).expandtabs(4))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def slug(text: str) -> str:
    """`Default for CPC/Modifiers` -> `modifiers`-style ids and tags (may be empty)."""
    return _SLUG_BAD.sub("-", text.lower()).strip("-")[:MAX_ID]


def choice_problem(letter: str, choice: str) -> str | None:
    """Why a choice's text cannot be a format-v1 choice, or None."""
    if not choice.strip():
        return f"choice {letter} is empty"
    if len(choice) > MAX_TEXT:
        return f"choice {letter} is longer than {MAX_TEXT:,} characters"
    if is_single_letter(choice):
        return (
            f"choice {letter} is just a letter, which reads as a key to "
            "press; word it (for example `7th character D`)"
        )
    return None


def check_question(q: Imported) -> str | None:
    """Why the question cannot be a format-v1 item, or None."""
    if not q.stem:
        return "the question has no text"
    if len(q.stem) > MAX_TEXT:
        return f"the question text is {len(q.stem):,} characters; the limit is {MAX_TEXT:,}"
    if not 2 <= len(q.choices) <= len(CHOICE_KEYS):
        return f"{len(q.choices)} choice(s); cert-prep items have 2 to {len(CHOICE_KEYS)}"
    for index, choice in enumerate(q.choices):
        if problem := choice_problem(CHOICE_KEYS[index], choice):
            return problem
    if not q.keys:
        return "no choice is marked right"
    if len(q.keys) > 1 and len(q.keys) == len(q.choices):
        return "every choice is marked right; a multiple-answer item needs a wrong choice"
    if max(len(text) for text in [q.rationale, *q.feedback.values()]) > MAX_TEXT:
        return f"the feedback is longer than {MAX_TEXT:,} characters"
    return None


def make_ids(prefix: str, count: int, taken: Iterable[str]) -> list[str]:
    """`prefix-001`, `prefix-002` ... skipping ids the banks already use."""
    prefix = prefix[: MAX_ID - 6].rstrip("-")
    taken = set(taken)
    ids: list[str] = []
    number = 0
    while len(ids) < count:
        number += 1
        candidate = f"{prefix}-{number:03d}"
        if candidate not in taken:
            ids.append(candidate)
    return ids


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # bank files may not hold anchors or aliases
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # `|` blocks keep multi-line text readable; PyYAML falls back to quoting on its own
    # when a block cannot hold the text exactly.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=96,
        default_flow_style=False,
    )


_COUNT_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE", 6: "SIX"}


def with_count_sentence(stem: str, keys: int) -> str | None:
    """A multiple-response stem that does not say how many to choose, with "Select TWO."
    added (bank format v1 requires it, as AHIMA's items say it); None when it says so."""
    if keys < 2:
        return None
    word = _COUNT_WORDS.get(keys, str(keys))
    if re.search(rf"\b(?:{word}|{keys})\b", stem, re.IGNORECASE):
        return None
    return f"{stem.rstrip()}\n\nSelect {word}."


def count_note(line: int, keys: int) -> Note:
    word = _COUNT_WORDS.get(keys, str(keys))
    return Note(
        line,
        "warning",
        f"a multiple-response question must say how many to choose; added "
        f'"Select {word}." to its text (reword it if it reads oddly)',
    )


def too_long(data: dict[str, Any]) -> str | None:
    """Why an imported item's text cannot be a bank item's (over the length limit)."""
    texts = [("the question text", data.get("stem"))]
    texts += [(f"choice {k}", v) for k, v in (data.get("choices") or {}).items()]
    texts += [(f"the feedback of choice {k}", v) for k, v in (data.get("feedback") or {}).items()]
    for what, text in texts:
        if isinstance(text, str) and len(text) > MAX_TEXT:
            return f"{what} is {len(text):,} characters; the limit is {MAX_TEXT:,}"
    return None


def question_data(q: Imported, item_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item_id,
        "type": q.type,
        "stem": q.stem,
        "choices": {CHOICE_KEYS[i]: text for i, text in enumerate(q.choices)},
    }
    keys = [CHOICE_KEYS[i] for i in sorted(q.keys)]
    data["answer"] = keys[0] if q.type == "single" else keys
    feedback = {CHOICE_KEYS[i]: text for i, text in sorted(q.feedback.items()) if text}
    if feedback:
        data["feedback"] = feedback
    data["rationale"] = q.rationale
    if q.tags:
        data["tags"] = list(dict.fromkeys(q.tags))
    return data


# What YAML does not allow anywhere in a file, comments included (PyYAML's reader).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _comment(text: str) -> str:
    return "# " + _NOT_PRINTABLE.sub("", " ".join(text.split()))[:200]


class RoundTripError(RuntimeError):
    """The YAML written would not read back as meant: a bug in cert-prep."""


def bank_yaml(
    questions: Sequence[Imported],
    ids: Sequence[str],
    exam: str,
    domain: str,
    code_year: int,
    header: Sequence[str] = (),
    fmt: str = "GIFT",
) -> str:
    """The bank file's text; raises RoundTripError if it would not load back the same."""
    files = bank_yaml_files(questions, ids, exam, domain, code_year, header, fmt, limit=None)
    return files[0]


def bank_yaml_files(
    questions: Sequence[Imported],
    ids: Sequence[str],
    exam: str,
    domain: str,
    code_year: int,
    header: Sequence[str] = (),
    fmt: str = "GIFT",
    limit: int | None = SPLIT_BYTES,
) -> list[str]:
    """The questions as one or more bank files' texts, each at most `limit` bytes (None:
    one file whatever its size), in question order. Each file is checked to load back
    the same (RoundTripError otherwise)."""
    head = "".join(_comment(line) + "\n" for line in header)
    head += _dump({"exam": exam, "domain": domain, "code_year": code_year}) + "questions:\n"
    files: list[str] = []
    chunks: list[str] = []
    expected: list[dict[str, Any]] = []
    size = len(head.encode("utf-8"))

    def close() -> None:
        text = head + "".join(chunks)
        _check_round_trip(text, expected)
        files.append(text)

    for q, item_id in zip(questions, ids, strict=True):
        data = question_data(q, item_id)
        where = f"{fmt} line {q.line}"
        chunk = _comment(f"{where}, title: {q.title}" if q.title else where) + "\n" + _dump([data])
        grows = len(chunk.encode("utf-8"))
        if limit is not None and chunks and size + grows > limit:
            close()
            chunks, expected, size = [], [], len(head.encode("utf-8"))
        chunks.append(chunk)
        expected.append(data)
        size += grows
    close()
    return files


def _check_round_trip(text: str, expected: list[dict[str, Any]]) -> None:
    result = validate_file(text.encode("utf-8"), is_blueprint=False, check_codes=False)
    errors = [p for p in result.problems if p["severity"] == "error"]
    if errors:
        first = errors[0]
        raise RoundTripError(
            f"the YAML written does not pass the bank checks (line "
            f"{first['line']}: {first['code']} {first['message']})"
        )
    loaded = [q for q, _ in result.questions]
    if len(loaded) != len(expected):
        raise RoundTripError("the YAML written does not read back all its questions")
    for want, got in zip(expected, loaded, strict=True):
        for key, value in want.items():
            if got.get(key) != value:
                raise RoundTripError(f"{want['id']}: `{key}` does not read back the same")
