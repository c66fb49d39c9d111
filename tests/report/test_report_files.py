"""Where reports go: the file name, the exports folder, atomic writes, a full disk."""

from __future__ import annotations

import errno
import os

import pytest

from cert_prep.errors import UserError
from cert_prep.frontend.report_hook import write_report
from cert_prep.report import write_attempt_report, write_progress_report
from cert_prep.report.render import attempt_file_name, write_atomic
from cert_prep.wording import SERVED, TERMINAL
from tests.report.helpers import MIXED, Sitting, sit


def test_file_name_uses_the_submission_time_in_utc():
    assert (
        attempt_file_name("ccs", "2026-03-02T14:14:09.000+00:00", 12) == "ccs-20260302-1414-12.html"
    )
    # a time stored with another offset still names the UTC minute
    assert attempt_file_name("cpc", "2026-03-02T23:30:00+05:00", 3) == "cpc-20260302-1830-3.html"


def test_report_goes_to_a_new_exports_folder(context):
    exports = context.locations.exports_dir
    assert not exports.exists()
    attempt = sit(context, "demo", MIXED)
    path = write_attempt_report(context, attempt)
    assert path == exports / "demo-20260302-1414-1.html"
    assert path.is_file()
    assert sorted(p.name for p in exports.iterdir()) == [path.name]  # no temporary files left


def test_writing_again_replaces_the_report(context):
    attempt = sit(context, "demo", MIXED)
    path = write_attempt_report(context, attempt)
    path.write_text("old", encoding="utf-8")
    again = write_attempt_report(context, attempt)
    assert again == path and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_out_may_name_a_file_or_a_folder(context, tmp_path):
    attempt = sit(context, "demo", MIXED)
    file = write_attempt_report(context, attempt, out=tmp_path / "mine" / "r.html")
    assert file == tmp_path / "mine" / "r.html" and file.is_file()
    folder = tmp_path / "folder"
    folder.mkdir()
    inside = write_attempt_report(context, attempt, out=folder)
    assert inside == folder / "demo-20260302-1414-1.html" and inside.is_file()


def test_full_disk_gives_a_clear_message_and_keeps_the_old_report(context, monkeypatch):
    attempt = sit(context, "demo", MIXED)
    path = write_attempt_report(context, attempt)
    before = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError) as caught:
        write_attempt_report(context, attempt)
    assert "the disk is full" in caught.value.message
    assert str(path) in caught.value.message
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize(
    ("wording", "says", "never"),
    [
        (TERMINAL, ["`cert-prep report` again", "`cert-prep history` lists them"], "home screen"),
        (SERVED, ["open it again from the home screen", "home screen's past attempts"], "`"),
    ],
)
def test_a_failed_report_names_what_the_front_end_offers(
    context, monkeypatch, wording, says, never
):
    """The browser has no shell: its message names screens, not commands."""
    attempt = sit(context, "demo", MIXED)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    message = write_report(context, attempt, wording).message
    assert message is not None and "the disk is full" in message
    assert all(part in message for part in says), message
    assert never not in message.replace(str(context.locations.exports_dir), "")


def test_unwritable_place_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        write_atomic(blocker / "sub" / "report.html", "<p>x</p>")
    assert "cannot create the folder" in caught.value.message


def test_unknown_open_and_discarded_attempts(context, clock):
    from cert_prep.clock import to_iso
    from cert_prep.store import NewItem

    with pytest.raises(UserError, match="there is no attempt 41"):
        write_attempt_report(context, 41)
    store = context.store()
    open_id = store.create_attempt(
        "demo", "exam", to_iso(clock.now()), [NewItem("demo-a-001", "alpha", "h")]
    )
    with pytest.raises(UserError, match=r"not finished yet.*cert-prep resume"):
        write_attempt_report(context, open_id)
    store.discard(open_id)
    with pytest.raises(UserError, match="was discarded"):
        write_attempt_report(context, open_id)
    assert not context.locations.exports_dir.exists()


def test_progress_report_name_and_no_history(context):
    with pytest.raises(UserError, match="no study history yet"):
        write_progress_report(context)
    sit(context, "plain", Sitting(answers={"plain-g-001": "A"}))
    with pytest.raises(UserError, match="no submitted demo exams or drills yet"):
        write_progress_report(context, exam="demo")
    path = write_progress_report(context)
    # named after the time it is written: 14:05, plus a 2-question sitting and an hour
    assert path.parent == context.locations.exports_dir
    assert path.name == "progress-all-20260302-1506.html"
