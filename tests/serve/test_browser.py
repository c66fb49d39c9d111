"""`cert-prep serve --class` for real: the server in a subprocess, two students in
headless Chromium (keys in over the page's websocket, as a browser sends them), then
Ctrl+C; each student's history is checked in their own folder."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from contextlib import closing
from pathlib import Path

import pytest

from cert_prep.store import Store
from tests.serve.cdp import Browser, Page, chromium_path

ROOT = Path(__file__).resolve().parents[2]
BANKS = Path(__file__).parent / "fixtures" / "root"
PASSPHRASE = "blue heron 42"

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """`cert-prep serve` as an instructor starts it; its output is collected line by line."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.lines: list[str] = []
        self.errors = b""
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            # The status line is rewritten in place with \r: each state is a line here.
            self.lines.extend(p.strip() for p in raw.decode().split("\r") if p.strip())

    async def wait_for_line(self, text: str, timeout: float = 30) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.process.returncode is not None:
                break
            await asyncio.sleep(0.02)
        raise AssertionError(f"the server never printed {text!r}: {self.lines!r}")

    async def stop_with_ctrl_c(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(self.process.wait(), 30)
        await self.reader
        assert self.process.stderr is not None
        self.errors = await self.process.stderr.read()
        return code


async def start_server(home: Path, port: int, cache: Path, *options: str) -> ServerProcess:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        CERT_PREP_HOME=str(home),
        CERT_PREP_CACHE=str(cache),
        CERT_PREP_BANKS="",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "cert_prep", "serve", "--port", str(port), "--banks", str(BANKS)),
        *options,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    return ServerProcess(process)


async def sign_in(page: Page, label: str, passphrase: str) -> None:
    await page.focus_terminal()
    await page.wait_for("Class passphrase")
    page.set_mark()
    await page.type(label)
    await page.wait_for(label)  # echoed by the label box: the keys reach the app
    # Tab, not Enter: Tab moves the focus before the next key is read, while Enter's
    # move happens when the screen gets to it (keys typed ahead may land in the label).
    page.set_mark()
    await page.press("tab")
    await page.wait_for("Now the class passphrase")
    page.set_mark()
    await page.type(passphrase)
    await page.wait_for("•" * len(passphrase))
    await page.press("enter")


async def start_web_drill(page: Page) -> None:
    """Home screen: the last exam (the test bank), `d`, then start the 3-question drill."""
    await page.wait_for("mock exams and drills")
    await page.press_until("end", "Web Test Coder")  # the exam's details, beside the list
    page.set_mark()
    await page.press("d")
    await page.wait_for("How many questions")
    page.set_mark()
    await page.press("ctrl+s")
    await page.wait_for("Question 1 of 3")


async def answer(page: Page, letter: str) -> str:
    page.set_mark()
    await page.press(letter)
    verdict = await page.wait_for("Incorrect", "Correct")
    page.set_mark()
    await page.press("n")
    return verdict


async def ben_page_closed(page: Page) -> bool:
    """The page shows its 'Session ended' dialog once the server has closed the tab."""
    for _ in range(100):
        found = await page.send(
            "Runtime.evaluate",
            expression="document.body.classList.contains('-closed')",
            returnByValue=True,
        )
        if found["result"].get("value"):
            return True
        await asyncio.sleep(0.1)
    return False


def only_this_server(requests: list[str], port: int) -> list[str]:
    ours = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/")
    return [url for url in requests if not url.startswith(ours)]


async def test_two_students_drill_in_the_browser_with_separate_histories(
    tmp_path: Path, book_cache: Path
):
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    port = free_port()
    server = await start_server(
        tmp_path / "instructor",
        port,
        book_cache,
        *("--class", str(class_dir), "--passphrase-file", str(passphrase_file)),
    )
    try:
        await server.wait_for_line(f"http://127.0.0.1:{port}/")
        await server.wait_for_line("Connected students: 0")
        url = f"http://127.0.0.1:{port}/"
        async with Browser(chromium_path(), tmp_path / "chromium") as browser:
            ana, ben = await browser.open(url), await browser.open(url)
            ana.failure_screenshot = tmp_path / "ana.png"
            ben.failure_screenshot = tmp_path / "ben.png"

            # A label that could reach outside the class folder is refused on screen...
            await ben.focus_terminal()
            await ben.wait_for("Class passphrase")
            ben.set_mark()
            await ben.type("../ben")
            await ben.wait_for("../ben")
            ben.set_mark()
            await ben.press("tab")
            await ben.wait_for("Now the class passphrase")
            await ben.type(PASSPHRASE)
            await ben.press("enter")
            await ben.wait_for("is refused")

            await sign_in(ana, "Ana", PASSPHRASE)
            await start_web_drill(ana)

            # ... and so is a wrong passphrase (in a new tab: a new process).
            await ben.reload()
            await sign_in(ben, "ben_2", "wrong")
            await ben.wait_for("not the class passphrase")
            ben.set_mark()
            await ben.type(PASSPHRASE)  # the passphrase box has the focus, emptied
            await ben.wait_for("•" * len(PASSPHRASE))
            await ben.press("enter")
            await start_web_drill(ben)
            await server.wait_for_line("Connected students: 2")

            assert [await answer(ana, "a") for _ in range(3)] == ["Correct"] * 3
            await ana.wait_for("Drill finished")
            # Ben answers two of three, wrongly, and is still in the drill at Ctrl+C.
            assert [await answer(ben, "b") for _ in range(2)] == ["Incorrect"] * 2
            await ben.wait_for("Question 3 of 3")

            outside = only_this_server(ana.requests + ben.requests, port)
            assert outside == [], f"the page loaded from elsewhere: {outside}"

            # Ctrl+C while both students are connected, Ben in the middle of his drill.
            code = await server.stop_with_ctrl_c()
            assert any("closing 2 session(s)" in line for line in server.lines)
            assert await ben_page_closed(ben)
    finally:
        if server.process.returncode is None:
            code = await server.stop_with_ctrl_c()
    assert code == 0, server.errors.decode()
    assert "Traceback" not in server.errors.decode()
    assert any("stopped" in line for line in server.lines)

    students = class_dir / "students"
    assert sorted(p.name for p in students.iterdir()) == ["ana", "ben_2"]
    with closing(Store.open(students / "ana" / "cert-prep.sqlite3")) as store:
        (drill,) = store.attempts(mode="drill")
        items = store.attempt_items(drill.id)
        assert [it.correct for it in items] == [True] * 3
        assert store.open_attempts() == []
    with closing(Store.open(students / "ben_2" / "cert-prep.sqlite3")) as store:
        assert store.attempts() == []
        (open_drill,) = store.open_attempts()
        answered = [it for it in store.attempt_items(open_drill.id) if it.response]
        assert [it.correct for it in answered] == [False, False]


async def test_one_students_app_in_the_browser(tmp_path: Path, book_cache: Path):
    home = tmp_path / "home"
    port = free_port()
    server = await start_server(home, port, book_cache)
    try:
        await server.wait_for_line("One student's app")
        async with Browser(chromium_path(), tmp_path / "chromium") as browser:
            page = await browser.open(f"http://127.0.0.1:{port}/")
            page.failure_screenshot = tmp_path / "page.png"
            await page.focus_terminal()
            await start_web_drill(page)  # no sign-in: straight to the home screen
            await server.wait_for_line("Connected browser tabs: 1")
            assert await answer(page, "a") == "Correct"
            assert only_this_server(page.requests, port) == []
            code = await server.stop_with_ctrl_c()
    finally:
        if server.process.returncode is None:
            code = await server.stop_with_ctrl_c()
    assert code == 0 and "Traceback" not in server.errors.decode()
    with closing(Store.open(home / "cert-prep.sqlite3")) as store:
        (drill,) = store.open_attempts()
        answered = [it for it in store.attempt_items(drill.id) if it.response]
        assert [it.correct for it in answered] == [True]
