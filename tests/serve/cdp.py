"""A small Chrome DevTools Protocol client for driving `cert-prep serve` in headless
Chromium: no new dependency (aiohttp's websocket client, which textual-serve needs anyway).

The terminal is drawn on a canvas, so the screen's text is read from what the page's
websocket receives (the app's output, escape sequences stripped), as the browser gets it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import aiohttp

_ESCAPES = re.compile(
    r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)

KEYS = {
    "enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "text": "\t"},
    "escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
    "backspace": {"key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8},
    "end": {"key": "End", "code": "End", "windowsVirtualKeyCode": 35},
    "down": {"key": "ArrowDown", "code": "ArrowDown", "windowsVirtualKeyCode": 40},
}


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def visible_text(raw: bytes) -> str:
    return _ESCAPES.sub("", raw.decode("utf-8", "replace"))


class Page:
    """One tab: keys in, screen text and requested URLs out."""

    def __init__(self, browser: Browser, session_id: str):
        self.browser = browser
        self.session_id = session_id
        self.output = bytearray()
        self.mark = 0
        self.requests: list[str] = []
        self.failure_screenshot: Path | None = None  # where a failed wait saves the page

    async def send(self, method: str, **params: Any) -> dict:
        return await self.browser.send(method, session_id=self.session_id, **params)

    def on_event(self, method: str, params: dict) -> None:
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(params["url"])
        elif method == "Network.webSocketFrameReceived":
            frame = params["response"]
            data = frame["payloadData"]
            if frame.get("opcode") == 2:
                self.output += base64.b64decode(data)

    def text_since_mark(self) -> str:
        return visible_text(bytes(self.output[self.mark :]))

    def set_mark(self) -> None:
        """Later waits look only at what the app draws from now on."""
        self.mark = len(self.output)

    async def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """Until the app has drawn one of `texts` since the mark; returns which."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            screen = self.text_since_mark()
            for text in texts:
                if text in screen:
                    return text
            await asyncio.sleep(0.03)  # short: each wait's average cost is half of it
        tail = self.text_since_mark()[-2000:]
        if self.failure_screenshot is not None:
            with contextlib.suppress(Exception):
                await self.screenshot(self.failure_screenshot)
        raise AssertionError(f"the page never showed {texts!r}; it showed: {tail!r}")

    async def press_until(self, key: str, *texts: str, tries: int = 5) -> str:
        """Press `key` until one of `texts` is drawn (a key the app gets before the widget
        it is meant for has focus is lost, as it would be for a person)."""
        for attempt in range(tries):
            self.set_mark()
            await self.press(key)
            try:
                return await self.wait_for(*texts, timeout=3 if attempt < tries - 1 else 30)
            except AssertionError:
                if attempt == tries - 1:
                    raise
        raise AssertionError("unreachable")

    async def focus_terminal(self) -> None:
        for _ in range(100):
            found = await self.send(
                "Runtime.evaluate",
                expression="(() => { const t = document.querySelector('.xterm-helper-textarea');"
                " if (!t) return false; t.focus(); return true; })()",
                returnByValue=True,
            )
            if found["result"].get("value"):
                return
            await asyncio.sleep(0.1)
        raise AssertionError("the terminal never appeared on the page")

    async def type(self, text: str) -> None:
        for ch in text:
            await self.send("Input.dispatchKeyEvent", type="keyDown", key=ch, text=ch)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=ch)

    async def press(self, key: str) -> None:
        if key.startswith("ctrl+"):
            letter = key.removeprefix("ctrl+")
            spec = {
                "key": letter,
                "code": f"Key{letter.upper()}",
                "windowsVirtualKeyCode": ord(letter.upper()),
                "modifiers": 2,
            }
        elif key in KEYS:
            spec = KEYS[key]
        elif len(key) == 1:
            await self.type(key)
            return
        else:
            raise ValueError(f"no key spec for {key!r}")
        await self.send("Input.dispatchKeyEvent", type="keyDown", **spec)
        up = {k: v for k, v in spec.items() if k != "text"}
        await self.send("Input.dispatchKeyEvent", type="keyUp", **up)

    async def reload(self) -> None:
        """Load the page again: a new websocket, so a new app process."""
        self.output.clear()
        self.mark = 0
        await self.send("Page.reload", ignoreCache=True)

    async def screenshot(self, path: Path) -> None:
        await self.send("Page.bringToFront")  # a background tab is not painted
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


class Browser:
    """Headless Chromium on a DevTools port, driven over one websocket."""

    def __init__(self, executable: str, profile: Path):
        self.executable = executable
        self.profile = profile
        self.process: subprocess.Popen | None = None
        self.http: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future] = {}
        self.pages: dict[str, Page] = {}
        self.reader: asyncio.Task | None = None

    async def __aenter__(self) -> Browser:
        self.process = subprocess.Popen(
            [
                self.executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "--window-size=1280,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = self.profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and len(port_file.read_text().splitlines()) >= 2:
                break
            await asyncio.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        self.http = aiohttp.ClientSession()
        self.ws = await self.http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0)
        self.reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            await self.send("Browser.close")
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self.http is not None:
            await self.http.close()
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data:
                future = self.pending.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
            elif "sessionId" in data and data["sessionId"] in self.pages:
                self.pages[data["sessionId"]].on_event(data["method"], data.get("params", {}))

    async def send(self, method: str, session_id: str | None = None, **params: Any) -> dict:
        assert self.ws is not None
        ident = next(self.ids)
        future = asyncio.get_running_loop().create_future()
        self.pending[ident] = future
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session_id:
            message["sessionId"] = session_id
        await self.ws.send_str(json.dumps(message))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def open(self, url: str) -> Page:
        """A new tab on `url`, its network watched from before the first request."""
        target = await self.send("Target.createTarget", url="about:blank")
        attached = await self.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        page = Page(self, attached["sessionId"])
        self.pages[page.session_id] = page
        await page.send("Network.enable")
        await page.send("Page.enable")
        # Every tab behaves as the focused one, so two students can type side by side.
        await page.send("Emulation.setFocusEmulationEnabled", enabled=True)
        await page.send("Page.navigate", url=url)
        return page
