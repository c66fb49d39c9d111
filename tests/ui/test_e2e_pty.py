"""End to end: the real `cert-prep exam` in a pseudo-terminal, killed with SIGKILL mid-exam;
`cert-prep resume` brings back the answers and the position, and the score counts them."""

from __future__ import annotations

import pytest

from cert_prep.store import Store
from tests.engine.support import BANKS
from tests.ui.pty_terminal import Terminal, pty_available

pytestmark = pytest.mark.skipif(not pty_available(), reason="no pseudo-terminal available")


def test_answers_and_position_survive_sigkill_and_count_in_the_score(tmp_path):
    data, exports = tmp_path / "data", tmp_path / "exports"
    common = ["--banks", str(BANKS), "--data-dir", str(data), "--exports", str(exports)]
    env = {"CERT_PREP_CACHE": str(tmp_path / "cache")}

    # seed 1: tiny-a1 (key B), tiny-a3 (key A), tiny-a4 (keys A+D), then three more
    term = Terminal(["exam", "tiny", "--seed", "1", *common], env)
    try:
        term.wait_for("Press Enter to start the clock")
        term.send("\r")
        term.wait_for("Question 1 of 6")
        term.send("b")  # right
        term.wait_for("Answered 1/6")
        term.send("n")
        term.wait_for("Question 2 of 6")
        term.send("b")  # wrong
        term.wait_for("Answered 2/6")
        term.send("n")
        term.wait_for("Question 3 of 6")
        term.send("a")
        term.wait_for("Answered 3/6")
        term.send("d")  # A+D: right
        term.drain(0.5)
    finally:
        term.kill()  # SIGKILL: no chance to save anything more
    assert term.status == -9

    store = Store.open(data / "cert-prep.sqlite3")
    attempt = store.open_exam("tiny")
    assert attempt is not None and attempt.position == 2
    items = store.attempt_items(attempt.id)
    assert [(it.item_id, it.response) for it in items[:3]] == [
        ("tiny-a1", "B"),
        ("tiny-a3", "B"),
        ("tiny-a4", ["A", "D"]),
    ]
    store.close()

    term = Terminal(["resume", *common], env)
    try:
        term.wait_for("Question 3 of 6")
        assert "Answered 3/6" in term.text()
        term.send("s")
        term.wait_for("Review before submitting")
        term.send("y")
        term.wait_for("Score: 2/6 (33.3%)")
        term.wait_for("Report: ")
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()

    store = Store.open(data / "cert-prep.sqlite3")
    row = store.attempt(attempt.id)
    assert (row.status, row.correct, row.total) == ("submitted", 2, 6)
    assert len(store.reviews("tiny")) == 3
    assert list(exports.glob("tiny-*.html"))
    store.close()


def test_the_fast_start_and_its_start_over_when_a_bank_changed(tmp_path):
    """The second `cert-prep exam` paints from the exam's preview; after a blueprint edit
    the preview is stale, and the start over (a second app in the same process, on the
    same terminal) shows the edited exam and takes the exam to its first question."""
    import shutil

    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    common = ["--banks", str(root), "--exports", str(tmp_path / "exports")]
    env = {"CERT_PREP_CACHE": str(tmp_path / "cache")}

    def start(data: str, name: str) -> None:
        term = Terminal(["exam", "tiny", "--data-dir", str(tmp_path / data), *common], env)
        try:
            term.wait_for(
                name, timeout=20
            )  # only the screen of the exam as the banks are now has it
            term.wait_for("Press Enter to start the clock")
            term.send("\r")
            term.wait_for("Question 1 of 6")
            term.send("q")
            term.wait_for("Leave the exam?")
            term.send("y")
            assert term.wait_exit() == 0
        finally:
            term.close()

    start("first", "Tiny mock exam")  # keeps the preview
    assert (tmp_path / "cache" / "exams.preview").is_file()
    start("second", "Tiny mock exam")  # paints from it
    blueprint = root / "tiny" / "exam.yaml"
    blueprint.write_text(blueprint.read_text().replace("Tiny mock exam", "Renamed mock exam"))
    start("third", "Renamed mock exam")
