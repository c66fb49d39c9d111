"""The real app in a pseudo-terminal, as testers broke it: a byte that is not UTF-8 on the
keyboard (0xFF, or é from a Latin-1 terminal) is ignored with a toast, the app staying up;
SIGTERM gives the terminal back (normal screen, no mouse reporting) and keeps the answers."""

from __future__ import annotations

import os
import signal

import pytest

from cert_prep.store import Store
from tests.engine.support import BANKS
from tests.ui.pty_terminal import Terminal, pty_available

pytestmark = pytest.mark.skipif(not pty_available(), reason="no pseudo-terminal available")

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"


def _args(tmp_path, *command: str) -> tuple[list[str], dict[str, str]]:
    common = ["--banks", str(BANKS), "--data-dir", str(tmp_path / "data")]
    return [*command, *common], {"CERT_PREP_CACHE": str(tmp_path / "cache")}


def test_a_byte_that_is_not_utf8_is_ignored_and_the_next_key_still_works(tmp_path):
    args, env = _args(tmp_path, "drill", "--exam", "tiny", "--seed", "1")
    term = Terminal(args, env, size=(80, 24))
    try:
        term.wait_for("Question 1")
        term.send("/")  # the code book open, as the tester had it
        term.wait_for("Search")
        term.send(b"\xff")
        term.wait_for("not UTF-8")
        term.send(b"\x1b")  # the book closes: the keyboard still works
        term.drain(0.5)
        term.send(b"\xe9q")  # é from a Latin-1 terminal, then q in the same read
        term.wait_for("End (y)")  # the drill asks before it ends
        term.send("y")
        term.wait_for("q Quit")  # the drill's summary
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_sigterm_restores_the_terminal_and_keeps_the_answer(tmp_path):
    args, env = _args(tmp_path, "exam", "tiny", "--seed", "1")
    term = Terminal(args, env, size=(80, 24))
    try:
        term.wait_for("Press Enter to start the clock")
        term.send("\r")
        term.wait_for("Question 1 of 6")
        term.send("b")
        term.wait_for("Answered 1/6")
        term.send("")  # the mark: what the app writes from here on
        os.kill(term.pid, signal.SIGTERM)
        assert term.wait_exit() == 143
        after = term.raw[term.mark :]
        assert LEAVE_ALTERNATE_SCREEN in after and MOUSE_OFF in after
        assert "every answer given so far is saved" in term.text()
    finally:
        term.close()
    store = Store.open(tmp_path / "data" / "cert-prep.sqlite3")
    try:
        attempt = store.open_exam("tiny")
        assert attempt is not None
        assert [it.response for it in store.attempt_items(attempt.id)[:1]] == ["B"]
    finally:
        store.close()
