"""The served page: nothing from another host, a strict policy header, and websockets
only from our own page. Served in-process with aiohttp's test client (no browser)."""

from __future__ import annotations

import io
import re
import sys

import jinja2
import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from cert_prep.serve.server import (
    CONTENT_SECURITY_POLICY,
    TEMPLATES,
    TEXTUAL_SERVE_STATIC,
    ClassroomServer,
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


@pytest.fixture
async def client():
    server = ClassroomServer(
        [sys.executable, "-c", "pass"], host="127.0.0.1", port=8000, out=io.StringIO()
    )
    test_client = TestClient(TestServer(await server._make_app()))
    await test_client.start_server()
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
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
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
