"""Results files come from students: a response holding a terminal escape is shown made
visible by `items`, never written raw (part of the hostile corpus, docs/hardening.md)."""

from __future__ import annotations

import json
import re

import pytest

from tests.instructor.conftest import BANKS, write_results

ITEMS = ["quiz-dx-001", "quiz-dx-002", "quiz-dx-003"]
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PAYLOADS = [
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x1b]0;title\x07",
    "\x1b[6n",
    "\x9b6n",
    "\x1b]8;;http://x/\x1b\\l\x1b]8;;\x1b\\",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_items_never_writes_a_response_raw(payload, run, tmp_path):
    for n, student in enumerate(["s1", "s2", "s3"]):
        hostile = n == 2
        rows = [(item, "dx", payload if hostile else "A", not hostile) for item in ITEMS]
        write_results(tmp_path, student, [(1, "quiz", "2026-03-02T10:00:00Z", rows)])
    files = sorted(tmp_path.glob("*.json"))
    code, out, err = run("items", *files, "--banks", BANKS)
    assert code == 0, err
    assert RAW_CONTROL.search(out + err) is None
    assert "\u241b" in out or "<U+009B>" in out  # shown, made visible
    code, out, err = run("items", *files, "--banks", BANKS, "--json")
    assert code == 0 and RAW_CONTROL.search(out + err) is None


# Values that merely end in valid id characters (a search, not a whole match, took them).
HOSTILE_IDS = [
    ("exam", "x/../../pwned/quiz"),  # from exports/class-x/ or out/items-x/ to tmp_path
    ("exam", "x\n\x1b[31mquiz"),
    ("exam", "quiz\n"),
    ("domain", "<b>\n</b>dx"),
    ("domain", "dx\n"),
    ("item", "<img src=x onerror=alert(9)> quiz-dx-001"),
    ("item", "quiz-dx-001\n"),
]


def _hostile_file(folder, field: str, value: str):
    rows = [(item, "dx", "A", True) for item in ITEMS]
    path = write_results(folder, "s1", [(1, "quiz", "2026-03-02T10:00:00Z", rows)])
    data = json.loads(path.read_text(encoding="utf-8"))
    attempt = data["attempts"][0]
    if field == "exam":
        attempt["exam"] = value
    else:
        attempt["responses"][0][field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("field", "value"), HOSTILE_IDS)
@pytest.mark.parametrize("command", ["class", "items"])
def test_ids_must_match_whole_and_nothing_is_written(field, value, command, run, tmp_path):
    for folder in ("in", "out"):
        (tmp_path / folder).mkdir()
    path = _hostile_file(tmp_path / "in", field, value)
    exports = tmp_path / "exports"
    out = ["--exports", exports] if command == "class" else ["--html", tmp_path / "out"]
    code, stdout, err = run(command, path, "--banks", BANKS, *out)
    assert code == 1
    [message] = err.strip().splitlines()[1:]  # "the results cannot be used:", then one line
    assert f"{path}: attempts[0]." in message and f".{field}: expected " in message
    assert RAW_CONTROL.search(err) is None
    assert stdout == "" and not exports.exists() and not any((tmp_path / "out").iterdir())
    assert not (tmp_path / "pwned").exists()


def test_bank_ids_match_whole_too():
    from pydantic import TypeAdapter, ValidationError

    from cert_prep.bank.models import ItemId, Slug

    for kind, value in [(Slug, "quiz\n"), (Slug, "x/../quiz"), (ItemId, "<b> quiz-dx-001")]:
        with pytest.raises(ValidationError):
            TypeAdapter(kind).validate_python(value)


@pytest.mark.parametrize(
    ("text", "name"),
    [("cpc", "cpc"), ("x/../../tmp/quiz", "x-tmp-quiz"), ("a\nb", "a-b"), ("..", "exam")],
)
def test_file_names_from_file_data_keep_to_safe_characters(text, name):
    from cert_prep.files import safe_name_part

    assert safe_name_part(text, "exam") == name
