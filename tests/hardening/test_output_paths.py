"""Output paths: no --out, --html or -o ever replaces the study history, its journal files,
something that is not a regular file, a blueprint, or a bank of another exam (--force or
not). Each case: the command fails with a one-line message (exit 2, never 70) and the
target is exactly as it was."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from cert_prep.store import Store
from tests.hardening.support import GIFT, bank_root, data_with_history, run_cli


def _commands(tmp_path: Path) -> dict[str, list[object]]:
    gift = tmp_path / "quiz.gift"
    gift.write_text(GIFT, encoding="utf-8")
    results = tmp_path / "results.json"
    return {
        "report": ["report", "--out"],
        "progress": ["report", "--progress", "--out"],
        "export-results": ["export-results", "--out"],
        "items": ["items", results, "--html"],
        "import": [
            "import",
            "gift",
            gift,
            "--exam",
            "demo",
            "--domain",
            "alpha",
            "--force",
            "--out",
        ],
        "export-gift": [
            "export",
            "gift",
            bank_root(tmp_path) / "demo" / "alpha.yaml",
            "--force",
            "-o",
        ],
    }


def _target(kind: str, tmp_path: Path, database: Path) -> Path:
    root = bank_root(tmp_path)
    if kind == "database":
        return database
    if kind in ("wal", "shm", "journal"):
        path = database.with_name(f"{database.name}-{kind}")
        path.write_bytes(b"")  # as SQLite leaves them: empty, or being used
        return path
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
        return path
    if kind == "device":
        # A private device node: a regression must never replace the system's /dev/null.
        path = tmp_path / "null-device"
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            pytest.skip("creating a device node needs root")
        return path
    if kind == "socket":
        path = tmp_path / "sock"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
        return path
    if kind == "blueprint":
        return root / "demo" / "exam.yaml"
    if kind == "blueprint-renamed":
        path = root / "demo" / "copy-of-blueprint.yaml"
        path.write_bytes((root / "demo" / "exam.yaml").read_bytes())
        return path
    if kind == "other-exam-bank":
        return root / "plain" / "gamma.yaml"
    raise AssertionError(kind)


def _snapshot(path: Path) -> tuple[int, bytes | None]:
    info = os.stat(path)
    body = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
    return stat.S_IFMT(info.st_mode), body


# Bytes each command's output holds (HTML, results JSON, bank YAML, GIFT).
OUTPUT_MARKS = (b"<html", b"cert-prep-results", b"questions:", b"::")

TARGETS = [
    "database",
    "wal",
    "shm",
    "journal",
    "fifo",
    "device",
    "socket",
    "blueprint",
    "blueprint-renamed",
    "other-exam-bank",
]
COMMANDS = ["report", "progress", "export-results", "items", "import", "export-gift"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_output_replaces_what_is_not_an_earlier_output(capsys, tmp_path, command, target):
    database = data_with_history(tmp_path)
    assert run_cli(capsys, tmp_path, "export-results", "--out", tmp_path / "results.json")[0] == 0
    argv = _commands(tmp_path)[command]
    path = _target(target, tmp_path, database)
    before = _snapshot(path)
    code, _out, err = run_cli(capsys, tmp_path, *argv, path)
    assert code == 2, (code, err)
    assert str(path) in err and "traceback" not in err.lower()
    assert len(err.strip().splitlines()) == 1
    if target in ("database", "wal", "shm", "journal"):
        # SQLite itself checkpoints and removes its journals when the command closes the
        # history: what matters is that no output went there and the history is intact.
        if path.exists():
            assert not any(mark in path.read_bytes() for mark in OUTPUT_MARKS)
        store = Store.open(database)
        assert len(store.attempts()) == 1
        store.close()
    else:
        assert _snapshot(path) == before


@pytest.mark.parametrize("command", ["export-results", "import", "export-gift"])
def test_a_folder_is_refused_with_a_message(capsys, tmp_path, command):
    data_with_history(tmp_path)
    folder = tmp_path / "a-folder.yaml"
    folder.mkdir()
    code, _out, err = run_cli(capsys, tmp_path, *_commands(tmp_path)[command], folder)
    assert code == 2 and "is a folder" in err
    assert folder.is_dir() and not any(folder.iterdir())


def test_import_may_replace_a_bank_of_the_same_exam(capsys, tmp_path):
    data_with_history(tmp_path)
    target = bank_root(tmp_path) / "demo" / "alpha.yaml"
    code, _out, err = run_cli(capsys, tmp_path, *_commands(tmp_path)["import"], target)
    assert code == 0, err
    assert "Which code is first?" in target.read_text(encoding="utf-8")


def test_reports_still_replace_an_earlier_report(capsys, tmp_path):
    data_with_history(tmp_path)
    out = tmp_path / "report.html"
    assert run_cli(capsys, tmp_path, "report", "--progress", "--out", out)[0] == 0
    assert "progress report" in out.read_text(encoding="utf-8")
    assert run_cli(capsys, tmp_path, "report", "--out", out)[0] == 0
    assert "progress report" not in out.read_text(encoding="utf-8")


MINE = ["report", "progress", "export-results", "items", "class"]


@pytest.mark.parametrize("command", MINE)
def test_a_file_cert_prep_did_not_write_is_kept_unless_forced(capsys, tmp_path, command):
    data_with_history(tmp_path)
    results = tmp_path / "results.json"
    assert run_cli(capsys, tmp_path, "export-results", "--out", results)[0] == 0
    argv = {**_commands(tmp_path), "class": ["class", results, "--out"]}[command]
    notes = tmp_path / "notes.txt"
    notes.write_text("my precious notes\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, tmp_path, *argv, notes)
    assert code == 2 and notes.read_text(encoding="utf-8") == "my precious notes\n"
    assert f"{notes} exists and is not a" in err and "--force" in err
    assert len(err.strip().splitlines()) == 1
    code, _out, err = run_cli(capsys, tmp_path, *argv, notes, "--force")
    assert code == 0, err
    assert "my precious notes" not in notes.read_text(encoding="utf-8")
    code, _out, err = run_cli(capsys, tmp_path, *argv, notes)  # now its own output
    assert code == 0, err


@pytest.mark.parametrize(
    ("out", "said"), [("", "not an empty one"), ("-", "not written to standard output")]
)
def test_report_out_must_name_a_file(tmp_path, capsys, out, said):
    data_with_history(tmp_path)
    with pytest.raises(SystemExit) as exited:
        run_cli(capsys, tmp_path, "report", "--out", out)
    assert exited.value.code == 2
    assert said in capsys.readouterr().err
    assert list(Path.cwd().glob("demo-*.html")) == []


def test_a_report_name_with_control_characters_is_printed_harmlessly(tmp_path, capsys):
    data_with_history(tmp_path)
    target = tmp_path / "ho\x1b]0;x\x07st\nn.html"
    code, out, _err = run_cli(capsys, tmp_path, "report", "--out", target)
    assert code == 0 and target.is_file()
    assert "\x1b" not in out and "\x07" not in out and out.count("\n") == 1


def test_an_anki_deck_never_replaces_a_database_named_like_a_deck(capsys, tmp_path):
    database = data_with_history(tmp_path)
    copy = tmp_path / "db.apkg"  # a copy of the study history, named like a deck
    copy.write_bytes(database.read_bytes())
    before = copy.read_bytes()
    argv = ["export", "anki", "--exam", "demo", "--force", "--out"]
    code, _out, err = run_cli(capsys, tmp_path, *argv, copy)
    assert code == 2 and "SQLite database" in err and len(err.strip().splitlines()) == 1
    assert copy.read_bytes() == before
    # a deck cert-prep wrote (a zip) is still replaced with --force
    deck = tmp_path / "deck.apkg"
    assert run_cli(capsys, tmp_path, *argv, deck)[0] == 0
    assert run_cli(capsys, tmp_path, *argv, deck)[0] == 0
    assert deck.read_bytes()[:2] == b"PK"
