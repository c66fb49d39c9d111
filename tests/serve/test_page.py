"""The served page: nothing from another host, a strict policy header, and websockets
only from our own page. Served in-process with aiohttp's test client (no browser)."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import sys

import jinja2
import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.http_exceptions import BadStatusLine
from aiohttp.test_utils import TestClient, TestServer

from cert_prep.serve.server import (
    BAD_REQUEST_LINE_SECONDS,
    CONTENT_SECURITY_POLICY,
    TEMPLATES,
    TEXTUAL_SERVE_STATIC,
    ClassroomServer,
    StatusLine,
    Tab,
    _BadRequestHandler,
    configure_logging,
)

# Where a page loads from: src="..." and href="..." attributes, url("...") in CSS.
URL = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']|\burl\(\s*["']([^"']+)["']""", re.I)


def loaded_urls(page: str) -> list[str]:
    return [a or b for a, b in URL.findall(page)]


def rendered_template(**values) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    context = {"title": "cert-prep", "static_url": "/static/", "websocket_url": "ws://h/ws"}
    context.update(values)
    return env.get_template("app_index.html").render(font_size=16, **context)


def test_the_template_names_no_other_host():
    page = rendered_template()
    assert "googleapis" not in page and "gstatic" not in page
    # No address with a host name at all: the websocket's is ws://h/ws, given by the server.
    assert re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", page, re.IGNORECASE) == []
    for url in loaded_urls(page):
        assert url.startswith("/static/"), url


def test_every_asset_the_template_names_is_bundled():
    for url in loaded_urls(rendered_template()):
        assert (TEXTUAL_SERVE_STATIC / url.removeprefix("/static/")).is_file(), url


def test_the_template_keeps_textual_serves_licence_note():
    text = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert "Textualize" in text and "MIT" in text
    assert "Permission is hereby granted" in (TEMPLATES / "LICENSE-textual-serve.txt").read_text()


def test_the_title_is_escaped():
    page = rendered_template(title="<script>x</script>")
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


async def serving(server: ClassroomServer) -> TestClient:
    """The server's app on a free port, which the server is told (it checks Host)."""
    test_client = TestClient(TestServer(await server._make_app()))
    await test_client.start_server()
    server.port = test_client.port
    return test_client


@pytest.fixture
async def client():
    server = ClassroomServer(
        [sys.executable, "-c", "pass"], host="127.0.0.1", port=8000, out=io.StringIO()
    )
    test_client = await serving(server)
    yield test_client
    await test_client.close()


async def test_the_page_is_served_with_a_same_origin_policy(client: TestClient):
    response = await client.get("/")
    assert response.status == 200
    page = await response.text()
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "googleapis" not in page
    # The websocket address is the one the browser used to reach the server.
    host = f"{client.host}:{client.port}"
    assert f'data-session-websocket-url="ws://{host}/ws"' in page


async def test_a_proxy_that_says_https_gets_a_secure_websocket(client: TestClient):
    page = await (await client.get("/", headers={"X-Forwarded-Proto": "https"})).text()
    assert 'data-session-websocket-url="wss://' in page


async def test_the_bundled_assets_are_served_and_not_listed(client: TestClient):
    for asset in ("js/textual.js", "css/xterm.css", "fonts/RobotoMono-VariableFont_wght.ttf"):
        assert (await client.get(f"/static/{asset}")).status == 200
    assert (await client.get("/static/")).status in (403, 404)


async def test_a_websocket_from_another_sites_page_is_refused(client: TestClient):
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403


async def test_malformed_messages_from_a_browser_are_ignored(client: TestClient):
    socket = await client.ws_connect("/ws")
    for junk in ("not json", "[]", '["stdin"]', '["stdin", 5]', '{"a": 1}', '["resize", "x"]'):
        await socket.send_str(junk)
    await socket.send_str('["resize", {"width": "huge", "height": -5}]')
    await socket.send_str('["ping", "still here"]')
    reply = await socket.receive_json(timeout=10)
    assert reply == ["pong", "still here"]
    await socket.close()


async def test_tabs_past_the_limit_are_turned_away():
    server = ClassroomServer(
        [sys.executable, "-c", "pass"],
        host="127.0.0.1",
        port=8000,
        out=io.StringIO(),
        max_sessions=1,
    )
    client = await serving(server)
    try:
        first = await client.ws_connect("/ws")
        await first.send_str('["ping", 1]')
        assert await first.receive_json(timeout=10) == ["pong", 1]
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect("/ws")
        assert refused.value.status == 503
        assert "Connected browser tabs: 1" in server.status.out.getvalue()
        await first.close()
    finally:
        await client.close()


# ---- DNS rebinding: on a loopback address, only this machine's names -------------------


@pytest.mark.parametrize("name", ["evil.example", "127.0.0.1.evil.example", "192.168.1.20"])
async def test_a_page_reached_by_another_name_is_refused_and_starts_nothing(
    client: TestClient, name: str
):
    server_port = client.port
    host = f"{name}:{server_port}"
    page = await client.get("/", headers={"Host": host})
    assert page.status == 403
    assert name not in await page.text()  # the name is never echoed into a page
    with pytest.raises(WSServerHandshakeError) as refused:
        # What a DNS-rebinding page sends: its own name as both Host and Origin.
        await client.ws_connect("/ws", headers={"Host": host, "Origin": f"http://{host}"})
    assert refused.value.status == 403


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]"])
async def test_this_machines_own_names_are_answered(client: TestClient, name: str):
    host = f"{name}:{client.port}"
    assert (await client.get("/", headers={"Host": host})).status == 200
    socket = await client.ws_connect("/ws", headers={"Host": host, "Origin": f"http://{host}"})
    await socket.send_str('["ping", 1]')
    assert await socket.receive_json(timeout=10) == ["pong", 1]
    await socket.close()


async def test_a_rebinding_websocket_starts_no_process():
    server = ClassroomServer(
        [sys.executable, "-c", "pass"], host="127.0.0.1", port=8000, out=io.StringIO()
    )
    client = await serving(server)
    try:
        host = f"evil.example:{client.port}"
        with pytest.raises(WSServerHandshakeError):
            await client.ws_connect("/ws", headers={"Host": host, "Origin": f"http://{host}"})
        assert server.services == set() and server.sockets == {}
    finally:
        await client.close()


async def test_a_class_on_the_network_answers_its_names(tmp_path):
    server = ClassroomServer(
        [sys.executable, "-c", "pass"],
        host="0.0.0.0",
        port=8000,
        out=io.StringIO(),
        class_dir=tmp_path,
    )
    client = await serving(server)
    try:
        response = await client.get("/", headers={"Host": f"lab-pc.school.example:{client.port}"})
        assert response.status == 200
    finally:
        await client.close()


def test_the_policy_keeps_the_websocket_on_this_server():
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "ws:" not in CONTENT_SECURITY_POLICY and "wss:" not in CONTENT_SECURITY_POLICY


# ---- malformed requests: one short line, never a traceback ------------------------------


async def raw_request(client: TestClient, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(data)
    await writer.drain()
    reply = await reader.read()
    writer.close()
    return reply


async def test_malformed_requests_are_one_short_line_each_at_most():
    out = io.StringIO()
    server = ClassroomServer([sys.executable, "-c", "pass"], host="127.0.0.1", port=8000, out=out)
    configure_logging(server.status)
    client = await serving(server)
    try:
        host = f"Host: 127.0.0.1:{client.port}\r\n".encode()
        long_url = b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n" + host + b"\r\n"
        escape = b"GET /\x1b]0;PWNED\x07 HTTP/1.1\r\n" + host + b"\r\n"
        headers = (
            b"GET / HTTP/1.1\r\n"
            + host
            + b"".join(b"X-%d: y\r\n" % n for n in range(200))
            + b"\r\n"
        )
        for request in (long_url, escape, headers):
            status_line = (await raw_request(client, request)).split(b"\r\n", 1)[0]
            assert status_line.split()[1].startswith(b"4"), status_line
    finally:
        await client.close()
    text = out.getvalue()
    assert "Traceback" not in text and "\x1b" not in text and "\x07" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    # Three bad requests within seconds: the first is said, the others wait (rate limit).
    assert lines == ["cert-prep serve: refused a malformed request from 127.0.0.1: a line too long"]


def test_the_malformed_request_line_is_rate_limited():
    out = io.StringIO()
    now = [0.0]
    handler = _BadRequestHandler(StatusLine(out), clock=lambda: now[0])

    def bad_request() -> None:
        error = BadStatusLine("\x1b]0;x\x07")
        record = logging.LogRecord(
            "aiohttp.server",
            logging.ERROR,
            "",
            0,
            "Error handling request from %s",
            ("10.0.0.7",),
            (BadStatusLine, error, None),
        )
        handler.emit(record)

    for _ in range(50):
        bad_request()
        now[0] += 0.1
    now[0] += BAD_REQUEST_LINE_SECONDS
    bad_request()
    assert out.getvalue().splitlines() == [
        "cert-prep serve: refused a malformed request from 10.0.0.7: a malformed request line",
        "cert-prep serve: refused a malformed request from 10.0.0.7: a malformed request line"
        " (49 more since the last such line)",
    ]


# ---- who is connected, and wrong passphrases counted per address ------------------------


class FakeService:
    def __init__(self):
        self.told = []

    async def send_meta(self, meta):
        self.told.append(meta)


def class_server(tmp_path, out=None) -> ClassroomServer:
    return ClassroomServer(
        [sys.executable, "-c", "pass"],
        host="127.0.0.1",
        port=8000,
        out=out or io.StringIO(),
        class_dir=tmp_path,
    )


def open_tab(server: ClassroomServer, address: str) -> tuple[object, Tab]:
    tab = Tab(address, service=FakeService())  # type: ignore[arg-type]
    key = object()
    server.sockets[key] = tab  # type: ignore[index]
    return key, tab


async def test_connected_students_are_signed_in_students_and_tabs_apart(tmp_path):
    server = class_server(tmp_path)
    assert server.connected_text() == "Connected students: 0"
    _, waiting = open_tab(server, "10.0.0.5")
    assert server.connected_text() == "Connected students: 0 (1 browser tab, 1 not signed in)"
    _, maria = open_tab(server, "10.0.0.6")
    _, maria_again = open_tab(server, "10.0.0.6")
    for tab in (maria, maria_again):
        await server.on_tab_news(tab.service, "cert-prep-signed-in", {"label": "maria"})
    assert server.connected_text() == "Connected students: 1 (3 browser tabs, 1 not signed in)"
    await server.on_tab_news(waiting.service, "cert-prep-signed-in", {"label": "ben"})
    assert server.connected_text() == "Connected students: 2 (3 browser tabs)"


async def test_wrong_passphrases_are_counted_per_address_across_tabs(tmp_path):
    out = io.StringIO()
    server = class_server(tmp_path, out)
    _, first = open_tab(server, "10.0.0.9")
    _, other_address = open_tab(server, "10.0.0.10")
    for _ in range(3):
        await server.on_tab_news(first.service, "cert-prep-wrong-passphrase", {})
    assert first.service.told[-1] == {"type": "cert-prep-tries", "tries_left": 2, "minutes": 0}
    # A reload is a new tab: it starts with the address's count, not five more tries.
    _, reloaded = open_tab(server, "10.0.0.9")
    assert server.tab_environment("10.0.0.9")["CERT_PREP_SIGN_IN_TRIES"] == "2"
    for _ in range(2):
        await server.on_tab_news(reloaded.service, "cert-prep-wrong-passphrase", {})
    # Every tab still signing in from that address hears that it is locked out.
    locked = {"type": "cert-prep-tries", "tries_left": 0, "minutes": 10}
    assert first.service.told[-1] == locked and reloaded.service.told[-1] == locked
    assert other_address.service.told == []
    assert server.tab_environment("10.0.0.9")["CERT_PREP_SIGN_IN_TRIES"] == "0"
    assert server.tab_environment("10.0.0.10")["CERT_PREP_SIGN_IN_TRIES"] == "5"
    said = [line for line in out.getvalue().splitlines() if "locked out" in line]
    assert said == [
        "cert-prep serve: 10.0.0.9 is locked out for 10 minutes after 5 wrong passphrases"
    ]
