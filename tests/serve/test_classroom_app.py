"""The class sign-in screen, driven with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from cert_prep.ui.classroom import (
    MAX_WRONG_PASSPHRASES,
    ClassroomApp,
    ClassroomWebDriver,
    ServerCounted,
    SignInScreen,
)
from cert_prep.ui.served import student_context
from tests.ui.helpers import screen_text

BANKS = Path(__file__).parent / "fixtures" / "root"
SIZE = (100, 34)


@pytest.fixture(autouse=True)
def banks(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_BANKS", str(BANKS))
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))


def classroom(class_dir: Path, passphrase: str | None = "blue heron", problem=None):
    return ClassroomApp(
        lambda label: student_context(class_dir, label),
        passphrase,
        problem,
        cursor_blink=False,
    )


def said(app) -> str:
    """The dialog's words on one line (its messages wrap inside the frame)."""
    return " ".join(screen_text(app).replace("█", " ").split())


async def sign_in(pilot, label: str, passphrase: str | None = None) -> None:
    await pilot.pause()  # the label box has the focus once the screen is up
    await pilot.press(*label, "enter")
    if passphrase is not None:
        await pilot.press(*passphrase, "enter")
    await pilot.pause()


async def test_a_student_signs_in_and_studies_in_their_own_folder(tmp_path: Path):
    app = classroom(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SignInScreen)
        assert "Class passphrase" in screen_text(app)
        await sign_in(pilot, "Ana", "blue heron")
        assert "mock exams and drills" in screen_text(app)
        assert app.student == "ana"
        assert app.context.locations.data_dir == tmp_path / "students" / "ana"
        assert app.context.locations.exports_dir == tmp_path / "students" / "ana" / "exports"
    assert (tmp_path / "students" / "ana" / "cert-prep.sqlite3").is_file()
    app.context.close()


async def test_a_refused_label_creates_nothing(tmp_path: Path):
    app = classroom(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "../eve", "blue heron")
        assert isinstance(app.screen, SignInScreen)
        assert "is refused" in screen_text(app)
    assert not (tmp_path / "students").exists()


async def test_wrong_passphrases_say_the_tries_left_then_lock_signing_in(tmp_path: Path):
    app = classroom(tmp_path)
    told = []
    app.tell_server = told.append  # what the server would hear over textual-serve
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "ana", "guess")
        assert "not the class passphrase: 4 more tries from this computer" in said(app)
        for n in range(2, MAX_WRONG_PASSPHRASES + 1):
            await pilot.press(*f"guess{n}", "enter")
            await pilot.pause()
        text = said(app)
        assert "Too many wrong passphrases from this computer" in text
        assert "10 minutes" in text and "Session ended" not in text
        assert isinstance(app.screen, SignInScreen)  # the tab stays, saying why
        await pilot.press(*"blue heron", "enter")  # nothing can be typed any more
        await pilot.pause()
        assert app.student is None
    assert told == [{"type": "cert-prep-wrong-passphrase"}] * MAX_WRONG_PASSPHRASES
    assert not (tmp_path / "students").exists()


async def test_the_servers_count_is_shown_and_a_locked_out_address_cannot_sign_in(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("CERT_PREP_SIGN_IN_TRIES", "2")  # the server's count at the tab's start
    app = classroom(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "ana", "guess")
        assert "1 more try from this computer" in said(app)
        # Another tab from the same address used the last try: the server says so.
        app.post_message(ServerCounted(0, 7))
        await pilot.pause()
        assert "signing in is closed for 7 minutes" in said(app)

    monkeypatch.setenv("CERT_PREP_SIGN_IN_TRIES", "0")
    monkeypatch.setenv("CERT_PREP_SIGN_IN_MINUTES", "3")
    reloaded = classroom(tmp_path)
    async with reloaded.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "signing in is closed for 3 minutes" in said(reloaded)
        await pilot.press(*"ana", "tab", *"blue heron", "enter")
        await pilot.pause()
        assert reloaded.student is None


async def test_signing_in_tells_the_server_who(tmp_path: Path):
    app = classroom(tmp_path)
    told = []
    app.tell_server = told.append
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Ana", "blue heron")
    assert told == [{"type": "cert-prep-signed-in", "label": "ana"}]
    app.context.close()


def test_the_web_driver_hands_the_servers_count_to_the_app():
    posted = []

    class FakeApp:
        def post_message(self, message):
            posted.append(message)

    driver = ClassroomWebDriver.__new__(ClassroomWebDriver)
    driver._app = FakeApp()
    driver.on_meta("cert-prep-tries", {"type": "cert-prep-tries", "tries_left": 2, "minutes": 0})
    driver.on_meta("cert-prep-tries", {"type": "cert-prep-tries", "tries_left": "x"})
    assert [(m.tries_left, m.minutes_locked) for m in posted] == [(2, 0)]


async def test_a_class_without_a_passphrase_asks_only_the_label(tmp_path: Path):
    app = classroom(tmp_path, passphrase=None)
    async with app.run_test(size=SIZE) as pilot:
        assert "passphrase" not in screen_text(app)
        await sign_in(pilot, "ben_2")
        assert app.student == "ben_2"


async def test_an_unreadable_passphrase_file_lets_nobody_in(tmp_path: Path):
    app = classroom(tmp_path, passphrase=None, problem="the class passphrase cannot be read")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "ana", "anything")
        assert isinstance(app.screen, SignInScreen)
        assert "cannot be read" in screen_text(app)


async def test_the_same_label_another_day_is_the_same_history(tmp_path: Path):
    first = classroom(tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "Ana", "blue heron")
        first.context.store().set_setting("last_exam", "web")
    first.context.close()
    again = classroom(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "ana", "blue heron")
        assert again.context.store().get_setting("last_exam") == "web"
    again.context.close()
    assert [p.name for p in (tmp_path / "students").iterdir()] == ["ana"]


def test_a_report_opens_in_the_students_browser_not_on_the_server(tmp_path: Path):
    from cert_prep.ui.served import browser_opener

    class FakeApp:
        def __init__(self):
            self.delivered = []

        def deliver_binary(self, path, **options):
            self.delivered.append((path, options))

    app = FakeApp()
    report = tmp_path / "my report.html"
    assert browser_opener(app)(report.as_uri()) is True
    assert app.delivered == [(report, {"open_method": "browser", "mime_type": "text/html"})]
