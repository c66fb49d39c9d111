"""The book in an exam, as the T1 report met it: Escape after a code opened straight away
closes the book (problem 7), and the book opens in the background while the student
reads, an Enter typed while it is opening not lost (problem 6)."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from textual.app import App
from textual.widgets import Input, Static

from cert_prep.book.book import Book
from cert_prep.engine.assembly import ExamOptions
from cert_prep.ui.launch import ExamLaunch
from cert_prep.ui.screens.book import BookScreen
from cert_prep.ui.screens.exam import ExamScreen
from cert_prep.ui.screens.instructions import InstructionsScreen
from tests.ui.helpers import app_for, screen_text


@pytest.fixture
def book_context(context, book_cache):
    context.locations = dataclasses.replace(context.locations, cache_dir=book_cache)
    return context


class BookApp(App[None]):
    def __init__(self, open_book):
        super().__init__()
        self.open_book = open_book
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(
            BookScreen(self.open_book), callback=lambda _r: setattr(self, "closed", True)
        )


def _entry(screen: BookScreen) -> str:
    return str(screen.query_one("#book-entry", Static).render())


def _footer(app: App[None]) -> str:
    return str(app.screen.query_one("#key-footer", Static).render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_escape_after_a_code_opened_straight_away_closes_the_book(book_context, clock, size):
    app = app_for(book_context)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")  # start the clock
        await pilot.pause()
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        await pilot.press("slash")
        await app.workers.wait_for_complete()
        await pilot.pause()
        book = app.screen
        assert isinstance(book, BookScreen)
        assert "esc Close" in _footer(app)
        await pilot.press(*"J45.41", "enter")
        await pilot.pause()
        assert _entry(book).startswith("J45.41  ")
        assert "esc Close" in _footer(app)  # no list under it: Escape closes
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is exam
        await pilot.press("c")  # the answer key reaches the question, not a search box
        await pilot.pause()
        assert exam.session.current.response == "C"


async def test_escape_goes_back_to_a_list_and_the_footer_says_so(book_cache):
    app = BookApp(lambda: Book.open(book_cache))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"E11.621", "enter")  # straight to the entry
        await pilot.pause()
        assert "esc Close" in _footer(app)
        await pilot.press("enter")  # follow its first reference
        await pilot.pause()
        assert _entry(screen).startswith("L97.4  ")
        assert "esc Back " in _footer(app) + " "  # to E11.621
        await pilot.press("escape")
        await pilot.pause()
        assert _entry(screen).startswith("E11.621  ") and "esc Close" in _footer(app)
        search = screen.query_one("#book-search", Input)
        search.value = ""
        search.focus()
        await pilot.press(*"UTI", "enter")  # a list
        await pilot.pause()
        await pilot.press("enter")  # its first result
        await pilot.pause()
        assert _entry(screen).startswith("N39.0  ")
        assert "esc Back to results" in _footer(app)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#book-results").display and not app.closed
        assert "esc Close" in _footer(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed


async def test_an_enter_typed_while_the_book_opens_runs_when_it_is_open(book_cache):
    may_open = threading.Event()

    def slow_open() -> Book:
        may_open.wait(timeout=30)  # the first build, held until the keys are typed
        return Book.open(book_cache)

    app = BookApp(slow_open)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"J45.41", "enter")
        await pilot.pause()
        assert "Opening the code book" in screen_text(app)
        assert screen.query_one("#book-search", Input).value == "J45.41"
        may_open.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _entry(screen).startswith("J45.41  ")


async def test_the_book_opens_while_the_instructions_are_read(book_context):
    app = app_for(book_context, ExamLaunch("tiny", ExamOptions(seed=1)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InstructionsScreen)
        await app.workers.wait_for_complete()
        assert app._book is not None  # before the clock starts


async def test_a_resumed_exam_opens_the_book_too(book_context, tiny, clock):
    from cert_prep.engine.assembly import plan_exam
    from cert_prep.engine.session import ExamSession
    from cert_prep.ui.launch import ResumeLaunch

    session = ExamSession.start(
        book_context.store(), tiny, plan_exam(tiny, ExamOptions(seed=1)), clock
    )
    session.close()
    app = app_for(book_context, ResumeLaunch(session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)  # no instructions on the way
        await app.workers.wait_for_complete()
        assert app._book is not None


async def test_a_closed_book_exam_does_not_open_the_book(book_context):
    app = app_for(book_context, ExamLaunch("tiny", ExamOptions(seed=1, closed_book=True)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app._book is None
