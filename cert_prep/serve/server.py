"""The web server of `cert-prep serve`, built on textual-serve.

What it changes from textual-serve's own `Server`:
- the page is cert-prep's template, loading nothing from outside this server (a
  Content-Security-Policy header holds the browser to that);
- each tab's process is started without a shell, in its own session, so Ctrl+C in the
  instructor's terminal reaches the server only; the server then asks every app to
  quit (each answer is already in SQLite), waits, and terminates what is left;
- websockets from another site's page are refused (a page the student visits must not
  drive their cert-prep), and on a loopback address only requests naming this machine
  are answered (a DNS-rebinding page names its own site);
- wrong class passphrases are counted per client address, across tabs and reloads;
- malformed HTTP requests are one short line on the instructor's console, never a
  traceback;
- it prints its URL and a status line with the number of connected students.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from aiohttp.http_exceptions import HttpProcessingError
from textual_serve.app_service import AppService
from textual_serve.server import Server

from cert_prep.frontend.classroom_access import (
    MINUTES_ENVIRONMENT,
    SIGNED_IN_META,
    TRIES_ENVIRONMENT,
    TRIES_META,
    WRONG_PASSPHRASE_META,
    is_local_host,
    names_this_machine,
    student_label,
)
from cert_prep.safe_text import visible_line
from cert_prep.serve.lockout import SignInLockout

TEMPLATES = Path(__file__).resolve().parent / "templates"
# textual-serve's bundled assets (textual.js, xterm.css, the Roboto Mono font files).
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"

# Only this server: scripts, styles, fonts and the app's websocket ('self' covers ws: and
# wss: to this very host and port). Inline style and the template's small script are part
# of the page itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)

# Each tab is a process; past this many at once a new tab is turned away, so a flood of
# connections cannot exhaust the server (a class of 30 with a few spare tabs is far below).
MAX_SESSIONS = 100

# How long a tab's app has to quit after it is asked, and then after SIGTERM.
QUIT_SECONDS = 5.0
TERMINATE_SECONDS = 3.0

log = logging.getLogger("textual-serve")


class ChildAppService(AppService):
    """One tab's cert-prep process: argv without a shell, our environment, own session."""

    def __init__(
        self,
        argv: Sequence[str],
        environment: Mapping[str, str],
        on_news: Callable[[ChildAppService, str, dict[str, Any]], Awaitable[None]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = list(argv)
        self.extra_environment = dict(environment)
        self.on_news = on_news

    async def on_meta(self, data: bytes) -> None:
        """cert-prep's own news from the tab (a wrong passphrase, a sign-in) goes to the
        server; the rest is textual-serve's."""
        try:
            meta = json.loads(data)
            kind = meta.get("type") if isinstance(meta, dict) else None
        except ValueError:
            return
        if isinstance(kind, str) and kind.startswith("cert-prep-"):
            if self.on_news is not None:
                await self.on_news(self, kind, meta)
            return
        await super().on_meta(data)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width=width, height=height)
        env.update(self.extra_environment)
        return env

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # the terminal's Ctrl+C is the server's to handle
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def shut_down(self) -> None:
        """Ask the app to quit; terminate it if it does not, then kill it."""
        process = self._process
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.stop(), QUIT_SECONDS)
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.terminate()  # Textual's web driver quits the app on SIGTERM
        try:
            await asyncio.wait_for(process.wait(), TERMINATE_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


class StatusLine:
    """`Connected students: N`, rewritten in place on a terminal, a line each otherwise.

    On a terminal the cursor is left at the start of the status line, so a line written
    by anything else (a tab's error) replaces it and the next status is drawn below."""

    def __init__(self, out: TextIO):
        self.out = out
        self.live = out.isatty()
        self.shown = False

    def show(self, text: str) -> None:
        if self.live:
            self.out.write("\r\x1b[K" + text + "\r")
        else:
            self.out.write(text + "\n")
        self.out.flush()
        self.shown = True

    def say(self, text: str) -> None:
        """A line of its own, in place of the status line."""
        if self.live and self.shown:
            self.out.write("\x1b[K")
        self.out.write(text + "\n")
        self.out.flush()
        self.shown = False


@dataclass
class Tab:
    """One open browser tab: where it comes from and who signed in there (a class)."""

    address: str
    label: str | None = None
    service: ChildAppService | None = None


class ClassroomServer(Server):
    """textual-serve's server, serving `argv` (one process per browser tab)."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        host: str,
        port: int,
        environment: Mapping[str, str] | None = None,
        title: str = "cert-prep",
        out: TextIO | None = None,
        class_dir: Path | None = None,
        max_sessions: int = MAX_SESSIONS,
    ):
        super().__init__(
            " ".join(argv),
            host=host,
            port=port,
            title=title,
            statics_path=TEXTUAL_SERVE_STATIC,
            templates_path=TEMPLATES,
        )
        self.argv = list(argv)
        self.environment = dict(environment or {})
        self.status = StatusLine(out or sys.stdout)
        self.class_dir = class_dir
        self.services: set[ChildAppService] = set()
        self.sockets: dict[web.WebSocketResponse, Tab] = {}
        self.stopping = False
        self.max_sessions = max_sessions
        # On a loopback address only this machine's own names are answered (DNS rebinding).
        self.loopback_only = is_local_host(host)
        self.lockout = SignInLockout()

    # ---- the page -----------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._this_machine_only, self._security_headers])
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        return app

    @web.middleware
    async def _security_headers(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> Any:
        response = await handler(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @web.middleware
    async def _this_machine_only(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> Any:
        """A page from another site that has made its name point at 127.0.0.1 (DNS
        rebinding) is same-origin with itself; its requests still carry its own name."""
        if self.loopback_only and not names_this_machine(request.host, self.port):
            raise web.HTTPForbidden(
                text=f"cert-prep answers only http://127.0.0.1:{self.port}/ "
                f"(or localhost) on this machine"
            )
        return await handler(request)

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page; its websocket address is the one the browser used to reach us, so it
        works by name, by address and behind a proxy (wss when the proxy says https)."""
        font_size = _whole(request.query.get("fontsize", "16"), 16, 8, 48)
        secure = request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"
        context = {
            "title": self.title,
            "static_url": "/static/",
            "websocket_url": f"{'wss' if secure else 'ws'}://{request.host}/ws",
            "font_size": font_size,
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    # ---- the tabs -----------------------------------------------------------------------

    def connected_text(self) -> str:
        tabs = len(self.sockets)
        if self.class_dir is None:
            return f"Connected browser tabs: {tabs}"
        students = len({tab.label for tab in self.sockets.values() if tab.label})
        waiting = sum(1 for tab in self.sockets.values() if tab.label is None)
        details = []
        if tabs != students:
            details.append(f"{tabs} browser tab{'s' if tabs != 1 else ''}")
        if waiting:
            details.append(f"{waiting} not signed in")
        return f"Connected students: {students}" + (f" ({', '.join(details)})" if details else "")

    def tab_environment(self, address: str) -> dict[str, str]:
        """What a class's tab is told at its start: the passphrases its address may still
        try, and for how long a locked-out address waits."""
        if self.class_dir is None:
            return dict(self.environment)
        return {
            **self.environment,
            TRIES_ENVIRONMENT: str(self.lockout.tries_left(address)),
            MINUTES_ENVIRONMENT: str(self.lockout.minutes_locked(address)),
        }

    async def on_tab_news(self, service: ChildAppService, kind: str, meta: dict[str, Any]) -> None:
        tab = next((t for t in self.sockets.values() if t.service is service), None)
        if tab is None:
            return
        if kind == WRONG_PASSPHRASE_META:
            if self.lockout.wrong(tab.address):
                self.status.say(
                    f"cert-prep serve: {visible_line(tab.address)} is locked out for "
                    f"{self.lockout.minutes_locked(tab.address)} minutes after "
                    f"{self.lockout.max_wrong} wrong passphrases"
                )
                self.status.show(self.connected_text())
            # Every tab from that address still signing in hears the new count.
            for other in list(self.sockets.values()):
                if other.address == tab.address and other.label is None and other.service:
                    await self._tell_tries(other)
        elif kind == SIGNED_IN_META:
            try:
                tab.label = student_label(str(meta.get("label", "")))
            except ValueError:
                return
            self.lockout.right(tab.address)
            self.status.show(self.connected_text())

    async def _tell_tries(self, tab: Tab) -> None:
        assert tab.service is not None
        with contextlib.suppress(Exception):  # a tab that has just gone needs no news
            await tab.service.send_meta(
                {
                    "type": TRIES_META,
                    "tries_left": self.lockout.tries_left(tab.address),
                    "minutes": self.lockout.minutes_locked(tab.address),
                }
            )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.stopping:
            raise web.HTTPServiceUnavailable(text="cert-prep is shutting down")
        if not _same_origin(request):
            raise web.HTTPForbidden(text="this page may not open cert-prep")
        if len(self.sockets) >= self.max_sessions:
            log.warning("a tab was turned away: %d are open already", len(self.sockets))
            raise web.HTTPServiceUnavailable(text="too many cert-prep tabs are open")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _whole(request.query.get("width", "80"), 80, 10, 1000)
        height = _whole(request.query.get("height", "24"), 24, 5, 1000)
        service: ChildAppService | None = None
        await websocket.prepare(request)
        tab = self.sockets[websocket] = Tab(client_address(request))
        self.status.show(self.connected_text())
        try:
            service = tab.service = ChildAppService(
                self.argv,
                self.tab_environment(tab.address),
                self.on_tab_news,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except (asyncio.CancelledError, ConnectionResetError):
            pass
        except Exception as error:  # one tab's failure is a line, never the server's end
            log.error("a session failed: %s: %s", type(error).__name__, error)
        finally:
            if service is not None:
                await service.shut_down()
                self.services.discard(service)
            self.sockets.pop(websocket, None)
            with contextlib.suppress(Exception):
                await websocket.close()
            if not self.stopping:
                self.status.show(self.connected_text())
        return websocket

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """textual-serve's loop, tolerant of malformed messages (a browser is untrusted)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width = _whole(str(data.get("width", 80)), 80, 10, 1000)
                height = _whole(str(data.get("height", 24)), 24, 5, 1000)
                await app_service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    # ---- running ------------------------------------------------------------------------

    async def run(self, on_listening: Callable[[], None] | None = None) -> None:
        """Serve until SIGINT or SIGTERM; then quit every tab's app and stop."""
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            if on_listening is not None:
                on_listening()
            self.status.show(self.connected_text())
            await self._wait_for_stop_signal()
            self.stopping = True
            count = len(self.services)
            self.status.say(f"Stopping: closing {count} session(s); every answer is already saved.")
            await asyncio.gather(*(s.shut_down() for s in list(self.services)))
            for socket in list(self.sockets):
                with contextlib.suppress(Exception):
                    await socket.close()
        finally:
            await runner.cleanup()

    async def _wait_for_stop_signal(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()


def client_address(request: web.Request) -> str:
    """The browser's address: the peer's, or, when the peer is a proxy on this machine,
    the address that proxy appended to X-Forwarded-For (what nginx and Caddy do)."""
    peer = request.remote or "unknown"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and is_local_host(peer):
        last = forwarded.rsplit(",", 1)[-1].strip()
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(last))
    return peer


def _same_origin(request: web.Request) -> bool:
    """A browser says which page opened the websocket; only our own page may. Clients
    that send no Origin (not a browser page) are let through: the passphrase guards them."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()


def _whole(value: str, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        return default
    return min(max(number, low), high)


class _StatusHandler(logging.Handler):
    def __init__(self, status: StatusLine):
        super().__init__()
        self.status = status

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.status.say(visible_line(f"cert-prep serve: {record.getMessage()}"))


# At most one line about malformed requests this often: anyone who can reach the port can
# send them, and the instructor's console must stay readable.
BAD_REQUEST_LINE_SECONDS = 10.0

# aiohttp's names for what was wrong with a request, in words (never its raw bytes).
_BAD_REQUEST_WORDS = {
    "LineTooLong": "a line too long",
    "BadStatusLine": "a malformed request line",
    "BadHttpMessage": "malformed HTTP",
    "BadHttpMethod": "an unknown method",
    "InvalidURLError": "a malformed address",
    "InvalidHeader": "a malformed header",
    "TransferEncodingError": "a malformed body",
    "ContentLengthError": "a malformed body",
}


class _BadRequestHandler(logging.Handler):
    """aiohttp's "Error handling request" (with a traceback) as one short line, at most
    one per BAD_REQUEST_LINE_SECONDS; the ones in between are counted in the next."""

    def __init__(self, status: StatusLine, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.status = status
        self.clock = clock
        self.last_said: float | None = None
        self.unsaid = 0

    def emit(self, record: logging.LogRecord) -> None:
        now = self.clock()
        if self.last_said is not None and now - self.last_said < BAD_REQUEST_LINE_SECONDS:
            self.unsaid += 1
            return
        error = record.exc_info[1] if record.exc_info else None
        who = record.args[0] if isinstance(record.args, tuple) and record.args else "a client"
        more = f" ({self.unsaid} more since the last such line)" if self.unsaid else ""
        if isinstance(error, HttpProcessingError):
            what = _BAD_REQUEST_WORDS.get(type(error).__name__, "malformed HTTP")
            line = f"cert-prep serve: refused a malformed request from {who}: {what}{more}"
        else:  # not the client's doing: name the error (its class only; no raw text)
            line = f"cert-prep serve: a request failed: {type(error).__name__}{more}"
        self.last_said, self.unsaid = now, 0
        with contextlib.suppress(Exception):
            self.status.say(visible_line(line)[:200])


def configure_logging(status: StatusLine) -> None:
    """textual-serve's own log lines, as one-line `cert-prep serve:` messages. asyncio's
    warnings (a tab's process reaped twice, say) are no business of an instructor's; a
    malformed HTTP request is one short line, never aiohttp's traceback."""
    handler = _StatusHandler(status)
    for name, level in (("textual-serve", logging.WARNING), ("asyncio", logging.ERROR)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    bad_requests = logging.getLogger("aiohttp.server")
    bad_requests.handlers[:] = [_BadRequestHandler(status)]
    bad_requests.setLevel(logging.ERROR)
    bad_requests.propagate = False
    for name in ("aiohttp.web", "aiohttp.access", "aiohttp.websocket", "aiohttp.internal"):
        quiet = logging.getLogger(name)
        quiet.handlers[:] = [handler]
        quiet.setLevel(logging.CRITICAL)
        quiet.propagate = False
