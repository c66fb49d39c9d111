"""Garbage collection is off while cert-prep starts and back on once the first screen is up
(it cost about 40 ms of a 250 ms start: the collector kept scanning start-up's objects)."""

from __future__ import annotations

import gc

from cert_prep.cli.main import main
from tests.ui.helpers import app_for


def test_a_command_runs_without_collection_and_restores_it(monkeypatch, tmp_path):
    from cert_prep.cli import bank_commands

    seen: list[bool] = []

    def spy(args, context):
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(bank_commands, "run_banks", spy)
    assert gc.isenabled()
    assert main(["banks", "--data-dir", str(tmp_path)]) == 0
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        main(["banks", "--data-dir", str(tmp_path)])
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


async def test_the_app_turns_collection_back_on_after_its_first_paint(context):
    app = app_for(context)
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(10):  # the first screen's first refresh, then the callback
                await pilot.pause()
                if gc.isenabled():
                    break
            assert gc.isenabled()
            # a test's headless apps come and go: nothing is frozen for them
            assert gc.get_freeze_count() <= frozen  # (frozen objects may die meanwhile)
    finally:
        gc.enable()
