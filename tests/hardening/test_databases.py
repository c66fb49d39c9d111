"""Damaged study histories, another application's files, read-only folders and full disks:
one clear message naming the file and what to do, never exit 70, and nothing written into
a file that is damaged or not cert-prep's."""

from __future__ import annotations

import io
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cert_prep.engine.assembly import ExamOptions
from cert_prep.plain import PlainMode
from cert_prep.store import APPLICATION_ID, Store, StoreError
from cert_prep.store import connection as store_connection
from cert_prep.store import core as store_core
from cert_prep.store.errors import kind_of, message_for
from tests.hardening.support import data_with_history, run_cli


def _sql(*statements: str):
    def damage(database: Path) -> None:
        db = sqlite3.connect(database)
        for statement in statements:
            db.execute(statement)
        db.commit()
        db.close()

    return damage


def _random_pages(database: Path) -> None:
    db = sqlite3.connect(database)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    data = bytearray(database.read_bytes())
    noise = random.Random(7)
    for at in range(page + 100, len(data)):
        data[at] = noise.randrange(256)
    database.write_bytes(bytes(data))


def _text_file(database: Path) -> None:
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    database.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")


def _other_application(database: Path) -> None:
    database.unlink()
    db = sqlite3.connect(database)
    db.execute("CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT)")
    db.execute("INSERT INTO photos(path) VALUES ('holiday.jpg')")
    db.commit()
    db.close()


# (case, how the file is damaged, the message's kind or None when the command copes)
DAMAGE = {
    "dropped-column": _sql("ALTER TABLE attempt_items DROP COLUMN seconds"),
    "dropped-table": _sql("DROP TABLE reviews"),
    "bad-json-response": _sql("UPDATE attempt_items SET response = '{oops' WHERE seq = 0"),
    "bad-json-settings": _sql("UPDATE attempts SET settings = '[1,'"),
    "bad-started-at": _sql("UPDATE attempts SET started_at = 'garbage'"),
    "bad-submitted-at": _sql("UPDATE attempts SET submitted_at = '2026-13-45'"),
    "bad-reviewed-at": _sql("UPDATE reviews SET reviewed_at = 'yesterday' WHERE id = 1"),
    "random-pages": _random_pages,
    "not-sqlite": _text_file,
    "other-application": _other_application,
    "other-application-id": _sql("PRAGMA application_id = 42"),
    "newer-version": _sql("PRAGMA user_version = 99"),
}
REFUSED_UNCHANGED = {
    "random-pages",
    "not-sqlite",
    "other-application",
    "other-application-id",
    "newer-version",
    "dropped-column",
    "dropped-table",
}
# An exam date ahead, within the two years `exam-date` accepts (these tests use the real clock).
SOON = (date.today() + timedelta(days=90)).isoformat()
COMMANDS = {
    "history": ["history"],
    "report": ["report"],
    "progress": ["report", "--progress"],
    "weak": ["weak", "--exam", "demo"],
    "exam-date": ["exam-date", "demo", SOON],
    "export-results": ["export-results", "--out", "results.json"],
    "exam-plain": ["exam", "demo", "--plain"],
    "drill-plain": ["drill", "--exam", "demo", "--plain"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_history_is_one_clear_message(capsys, tmp_path, monkeypatch, case, command):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # plain mode: the student leaves
    database = data_with_history(tmp_path)
    DAMAGE[case](database)
    before = database.read_bytes()
    argv = [tmp_path / a if a == "results.json" else a for a in COMMANDS[command]]
    code, _out, err = run_cli(capsys, tmp_path, *argv)
    assert code in (0, 1), err
    assert "unexpected error" not in err and "Traceback" not in err
    if code:
        assert str(database) in err
        assert len(err.strip().splitlines()) == 1
        assert "move" in err or "upgrade" in err  # says what to do
    if case in REFUSED_UNCHANGED:
        assert code == 1
        assert database.read_bytes() == before  # nothing written into it


def test_an_older_history_without_the_application_id_is_recognised_and_stamped(tmp_path):
    database = data_with_history(tmp_path)
    _sql("PRAGMA application_id = 0")(database)
    store = Store.open(database)
    assert len(store.attempts()) == 1
    assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()


def test_a_new_history_carries_the_application_id(tmp_path):
    store = Store.open(tmp_path / "new.sqlite3")
    assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()


def test_reading_commands_work_from_a_read_only_data_folder(capsys, tmp_path, monkeypatch):
    database = data_with_history(tmp_path)
    before = database.read_bytes()
    # Tests may run as root, whom file modes do not stop: the store asks `_writable`.
    monkeypatch.setattr(store_core, "_writable", lambda path: False)
    code, out, err = run_cli(capsys, tmp_path, "history")
    assert code == 0 and "#1" in out, err
    code, out, err = run_cli(capsys, tmp_path, "report")
    assert code == 0 and "Report written" in out, err
    code, out, err = run_cli(capsys, tmp_path, "weak", "--exam", "demo")
    assert code == 0 and "Alpha" in out, err
    code, _out, err = run_cli(capsys, tmp_path, "exam-date", "demo", SOON)
    assert code == 1 and "cannot be written" in err and str(database) in err
    assert database.read_bytes() == before


def test_a_read_only_folder_without_a_history_says_so(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(store_core, "_writable", lambda path: False)
    code, _out, err = run_cli(capsys, tmp_path, "history")
    assert code == 1 and "cannot be written" in err


def _full_disk(monkeypatch) -> None:
    """From now on every write fails as SQLite fails on a full disk (SQLITE_FULL)."""
    real = store_connection._Cursor.execute

    def execute(self, sql, parameters=(), /):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode = 13
            raise self._fail(full)
        return real(self, sql, parameters)

    monkeypatch.setattr(store_connection._Cursor, "execute", execute)


def test_plain_mode_says_the_disk_is_full(monkeypatch, context, tiny):
    options = ExamOptions(seed=1)
    PlainMode(context, io.StringIO("\nquit\n"), io.StringIO()).start_exam(tiny, options)
    attempt = context.store().open_exam("tiny").id
    _full_disk(monkeypatch)
    out = io.StringIO()
    code = PlainMode(context, io.StringIO("b\nnext\nflag\nquit\n"), out).resume_exam(tiny, attempt)
    text = out.getvalue()
    assert code in (0, 1)
    assert text.count("The disk is full") >= 2  # every failed save says so
    assert "another cert-prep" not in text


def test_the_cli_says_the_disk_is_full(capsys, tmp_path, monkeypatch):
    data_with_history(tmp_path)
    _full_disk(monkeypatch)
    code, _out, err = run_cli(capsys, tmp_path, "exam-date", "demo", SOON)
    assert code == 1 and "the disk is full" in err


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (sqlite3.OperationalError("database or disk is full"), "full"),
        (sqlite3.OperationalError("database is locked"), "busy"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.DatabaseError("file is not a database"), "damaged"),
        (sqlite3.DatabaseError("database disk image is malformed"), "damaged"),
        (sqlite3.OperationalError("no such column: seconds"), "damaged"),
        (sqlite3.OperationalError("unable to open database file"), "unopenable"),
    ],
)
def test_one_message_table_for_every_front_end(error, kind):
    assert kind_of(error) == kind
    message = message_for(kind, Path("/data/h.sqlite3"), str(error))
    assert "/data/h.sqlite3" in message and "\n" not in message


def test_store_errors_are_user_errors_with_the_path(tmp_path):
    database = data_with_history(tmp_path)
    _text_file(database)
    with pytest.raises(StoreError) as caught:
        Store.open(database)
    assert caught.value.kind == "damaged" and str(database) in caught.value.message


def test_a_disk_io_error_on_a_nearly_full_disk_says_the_disk_is_full(tmp_path, monkeypatch):
    """On a full disk SQLite cannot grow its -shm file and says "disk I/O error"; the
    message was "could not be used (disk I/O error); try again"."""
    import shutil
    import sqlite3

    from cert_prep.store import errors

    error = sqlite3.OperationalError("disk I/O error")
    path = tmp_path / "cert-prep.sqlite3"
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(errors.shutil, "disk_usage", lambda _p: usage._replace(free=4096))
    assert errors.store_error(error, path).kind == "full"
    assert "the disk is full" in errors.store_error(error, path).message
    monkeypatch.setattr(errors.shutil, "disk_usage", lambda _p: usage._replace(free=1 << 30))
    assert errors.store_error(error, path).kind == "other"
