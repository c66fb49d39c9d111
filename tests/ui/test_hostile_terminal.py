"""The hostile bank through every full-screen screen, capturing what the app writes.

The headless driver normally writes nothing; here a recording driver says it is a real
terminal, so Textual renders every frame and we keep the bytes. Textual writes its own
escape sequences to draw; what must never appear is a sequence that came from the bank
(OSC 52 clipboard, OSC 0 title, OSC 8 link, CSI 6n cursor report), a BEL, or a C1 byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import ClassVar

import pytest
import textual.drivers.headless_driver as headless

from cert_prep.bank.loader import load_library
from cert_prep.engine.assembly import DrillPlan, ExamOptions
from cert_prep.ui.launch import DrillLaunch, ExamLaunch, HomeLaunch
from tests.engine.support import make_context
from tests.ui.helpers import app_for, screen_text

HOSTILE = Path(__file__).parents[1] / "bank" / "fixtures" / "hostile"

# What the hostile bank carries, as the terminal would receive it.
PAYLOADS = {
    "OSC 52 clipboard": "\x1b]52;c;cm0gLXJmIH4=",
    "OSC 0 title": "\x1b]0;pwned-title",
    "OSC 8 link": "\x1b]8;;http://evil.example/",
    "CSI 6n cursor report": "\x1b[6n",
    "CSI 2J clear": "\x1b[2J",
    "BEL": "\x07",
    "C1 CSI": "\x9b",
    "right-to-left override": "\u202e",
    "zero-width space": "\u200b",
}


TEXTUAL_OWN = re.compile("\x1b\\]22;[a-z-]*\x07")


class RecordingDriver(headless.HeadlessDriver):
    """A headless driver that renders like a terminal and keeps every byte written."""

    written: ClassVar[list[str]] = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        RecordingDriver.written.append(data)


@pytest.fixture
def recorded(monkeypatch) -> list[str]:
    RecordingDriver.written = []
    monkeypatch.setattr(headless, "HeadlessDriver", RecordingDriver)
    return RecordingDriver.written


@pytest.fixture
def hostile_context(tmp_path, clock):
    root = tmp_path / "hostile"
    shutil.copytree(HOSTILE, root)
    library = load_library([root])
    ctx = make_context(tmp_path, clock, library, roots=(root,))
    yield ctx
    ctx.close()


def assert_no_payload(written: list[str], screens: list[str]) -> None:
    # Textual's own BELs: `App.bell` (a key with no binding) and the end of its OSC 22
    # pointer-shape sequence.
    output = TEXTUAL_OWN.sub("", "".join(chunk for chunk in written if chunk != "\x07"))
    leaked = [name for name, payload in PAYLOADS.items() if payload in output]
    assert leaked == [], f"written raw on {screens}: {leaked}"
    assert "Hostile" in output and "\u241b]52" in output  # the bank text was drawn


async def _visit(pilot, screens: list[str], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screens.append(type(pilot.app.screen).__name__)


def _in_text_box(app) -> bool:
    from textual.widgets import Input

    return isinstance(app.focused, Input)


async def _answer(pilot, screens: list[str]) -> None:
    """A choice, or a code typed into the code box when it has focus."""
    if _in_text_box(pilot.app):
        await _visit(pilot, screens, *"99213", "enter")
    else:
        await _visit(pilot, screens, "a")


async def test_exam_screens_never_write_bank_escapes(hostile_context, recorded):
    app = app_for(hostile_context, ExamLaunch("hx", ExamOptions(seed=1)))
    screens: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _visit(pilot, screens)  # instructions
        assert "Hostile" in screen_text(app)
        await _visit(pilot, screens, "enter")  # exam
        for _ in range(3):
            await _answer(pilot, screens)
            await _visit(pilot, screens, "n")
        if _in_text_box(app):
            await _visit(pilot, screens, "escape")  # out of the code box
        await _visit(pilot, screens, "g")  # question map
        await _visit(pilot, screens, "escape")
        await _visit(pilot, screens, "s")  # review before submitting
        await _visit(pilot, screens, "y")  # results
        await _visit(pilot, screens, "r")  # review answers
        for _ in range(3):
            await _visit(pilot, screens, "n")
        await _visit(pilot, screens, "escape")
    assert {
        "InstructionsScreen",
        "ExamScreen",
        "QuestionMapScreen",
        "ResultsScreen",
        "ReviewScreen",
    } <= set(screens), str(screens)
    assert_no_payload(recorded, screens)


async def test_home_drill_and_progress_screens_never_write_bank_escapes(hostile_context, recorded):
    app = app_for(hostile_context, HomeLaunch())
    screens: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _visit(pilot, screens)  # home
        await _visit(pilot, screens, "p")  # progress
        await _visit(pilot, screens, "escape")
        await _visit(pilot, screens, "e")  # instructions
        await _visit(pilot, screens, "escape")
        await _visit(pilot, screens, "d")  # drill setup
        await _visit(pilot, screens, "ctrl+s")  # drill
        for _ in range(3):
            await _visit(pilot, screens, "a", "enter")
            await _visit(pilot, screens, "enter")
        await _visit(pilot, screens, "q", "y")  # drill summary
    assert {"HomeScreen", "ProgressScreen", "DrillScreen"} <= set(screens), screens
    assert_no_payload(recorded, screens)


async def test_a_drill_of_every_hostile_item_never_writes_bank_escapes(hostile_context, recorded):
    bank = hostile_context.library().exam("hx")
    plan = DrillPlan(bank, list(bank.items), ["Hostile drill"], {"seed": 1})
    app = app_for(hostile_context, DrillLaunch(plan))
    screens: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _visit(pilot, screens)
        await _visit(pilot, screens, "b")  # single: wrong answer, feedback shown
        await _visit(pilot, screens, "enter")
        await _visit(pilot, screens, "a", "b", "enter")  # multi
        await _visit(pilot, screens, "enter")
        await _visit(pilot, screens, *"99213", "enter")  # code
        await _visit(pilot, screens, "enter")
    assert "DrillScreen" in screens
    assert_no_payload(recorded, screens)
