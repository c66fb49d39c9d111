"""The web server of `cert-prep serve`, built on textual-serve.

What it changes from textual-serve's own `Server`:
- the page is cert-prep's template, loading nothing from outside this server (a
  Content-Security-Policy header holds the browser to that);
- each tab's process is started without a shell, in its own session, so Ctrl+C in the
  instructor's terminal reaches the server only; the server then asks every app to
  quit (each answer is already in SQLite), waits, and terminates what is left;
- websockets from another site's page are refused (a page the student visits must not
  drive their cert-prep);
- it prints its URL and a status line with the number of connected students.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from cert_prep.safe_text import visible_line

TEMPLATES = Path(__file__).resolve().parent / "templates"
# textual-serve's bundled assets (textual.js, xterm.css, the Roboto Mono font files).
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"

# Only this server: scripts, styles, fonts and the app's websocket. Inline style and the
# template's small script are part of the page itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; "
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

    def __init__(self, argv: Sequence[str], environment: Mapping[str, str], **kwargs: Any):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = list(argv)
        self.extra_environment = dict(environment)

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
        self.sockets: set[web.WebSocketResponse] = set()
        self.stopping = False
        self.max_sessions = max_sessions

    # ---- the page -----------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._security_headers])
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
        who = "students" if self.class_dir is not None else "browser tabs"
        return f"Connected {who}: {len(self.sockets)}"

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
        self.sockets.add(websocket)
        self.status.show(self.connected_text())
        try:
            service = ChildAppService(
                self.argv,
                self.environment,
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
            self.sockets.discard(websocket)
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


def configure_logging(status: StatusLine) -> None:
    """textual-serve's own log lines, as one-line `cert-prep serve:` messages. asyncio's
    warnings (a tab's process reaped twice, say) are no business of an instructor's."""
    handler = _StatusHandler(status)
    for name, level in (("textual-serve", logging.WARNING), ("asyncio", logging.ERROR)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
