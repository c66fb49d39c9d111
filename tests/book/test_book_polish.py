"""The book panel as testers used it: references and sub-codes open with Enter, the lists
stay usable on a short terminal, the footer names the keys that work, and CPT, HCPCS or
PCS codes get a plain answer rather than a misleading "nearest"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import OptionList, Static

from cert_prep.book.book import Book
from cert_prep.book.text import search_lines
from cert_prep.ui.screens.book import BookScreen
from cert_prep.ui.screens.exam import ExamScreen
from tests.book.test_book import run
from tests.ui.helpers import app_for, screen_text

CODE_ITEM = 5  # seed 1: tiny-g1, an ICD-10-CM code item
STYLES = Path(__file__).parents[2] / "cert_prep" / "ui" / "styles" / "app.tcss"


class BookApp(App[None]):
    CSS_PATH = STYLES  # the app's stylesheet: the panel's frame and heights are in it

    def __init__(self, cache: Path):
        super().__init__()
        self.cache = cache

    def on_mount(self) -> None:
        self.push_screen(BookScreen(lambda: Book.open(self.cache)))


async def _ready(app: App[None], pilot) -> BookScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, BookScreen)
    return screen


def _entry(screen: BookScreen) -> str:
    return str(screen.query_one("#book-entry", Static).render())


def _footer(app: App[None]) -> str:
    return str(app.screen.query_one("#key-footer", Static).render())


def _ids(options: OptionList) -> list[str | None]:
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


# ---- 1. references and the codes under an entry open with Enter ----


async def test_enter_follows_the_first_reference_then_opens_a_code_under_it(book_cache):
    app = BookApp(book_cache)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press(*"E11.621", "enter")
        await pilot.pause()
        refs = screen.query_one("#book-refs", OptionList)
        assert refs.has_focus and _ids(refs)[:2] == ["L97.4", "L97.5"]
        assert refs.highlighted == 0  # Enter works at once, as in the search results
        await pilot.press("enter")
        await pilot.pause()
        assert _entry(screen).startswith("L97.4  Non-pressure chronic ulcer of heel")
        # L97.4's notes point nowhere: the list is its sub-codes, under a heading.
        ids = _ids(refs)
        assert ids[0] is None and refs.get_option_at_index(0).disabled
        assert ids[1:] == ["L97.40", "L97.41", "L97.42"]
        assert refs.highlighted == 1
        assert "L97.40" not in _entry(screen)  # listed once, where Enter opens them
        await pilot.press("down", "enter")
        await pilot.pause()
        assert _entry(screen).startswith("L97.41  Non-pressure chronic ulcer of right heel")
        await pilot.press("escape")
        await pilot.pause()
        assert _entry(screen).startswith("L97.4  ")


# ---- 2. short terminals ----


def _inside(widget, panel) -> bool:
    inner = panel.content_region
    region = widget.region
    return region.height > 0 and inner.y <= region.y and region.bottom <= inner.bottom


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (60, 12), (100, 20)])
async def test_results_and_entries_fit_a_short_panel(book_cache, size):
    app = BookApp(book_cache)
    async with app.run_test(size=size) as pilot:
        screen = await _ready(app, pilot)
        panel = screen.query_one("#book-panel")
        await pilot.press(*"anemia", "enter")
        await pilot.pause()
        results = screen.query_one("#book-results", OptionList)
        assert results.has_focus and _inside(results, panel)
        assert results.region.height >= 4  # two rows of results at least, and borders
        first = results.get_option_at_index(0).id
        assert first and first in screen_text(app)
        shown = [w for w in panel.children if w.display]
        assert all(_inside(w, panel) for w in shown), [w.id for w in shown]
        await pilot.press("enter")  # open the first result
        await pilot.pause()
        await pilot.press("escape")  # back to the results, typing in the search box
        await pilot.pause()
        search = screen.query_one("#book-search")
        assert search.has_focus
        search.value = ""
        await pilot.press(*"E11.621", "enter")
        await pilot.pause()
        shown = [w for w in panel.children if w.display]
        assert {"book-entry-scroll", "book-refs"} <= {w.id for w in shown}
        assert all(_inside(w, panel) for w in shown), [w.id for w in shown]
        assert "L97.4" in screen_text(app)
        # Escape is named even with the hint gone; the anemia results are still listed.
        assert "esc Back to results" in _footer(app)


async def test_an_entry_gets_the_rows_of_the_scope_line_at_80x24(book_cache):
    app = BookApp(book_cache)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        scope = screen.query_one("#book-scope")
        assert scope.display  # searching: what the book holds, and what it does not
        await pilot.press(*"E11.9", "enter")
        await pilot.pause()
        assert not scope.display
        assert screen.query_one("#book-entry-scroll").region.height >= 8  # was 4
        assert "complications in remission (E11.A)" in screen_text(app)  # all of it
        screen.query_one("#book-search").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"anemia", "enter", "enter")  # via results
        await pilot.pause()
        assert not scope.display
        await pilot.press("escape")  # back to the results: the scope line again
        await pilot.pause()
        assert scope.display


async def test_the_scope_and_hint_show_when_there_is_room(book_cache):
    app = BookApp(book_cache)
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await _ready(app, pilot)
        assert screen.query_one("#book-scope").display
        assert screen.query_one("#book-hint").display
        await pilot.resize_terminal(60, 15)
        scope = screen.query_one("#book-scope")
        for _ in range(50):  # Textual applies a resize on a short timer: a bounded wait
            await pilot.pause()
            if not scope.display:
                break
        assert not screen.query_one("#book-scope").display
        assert not screen.query_one("#book-hint").display


# ---- 3. the footer names the keys that work where the focus is ----


@pytest.fixture
def book_context(context, book_cache):
    context.locations = dataclasses.replace(context.locations, cache_dir=book_cache)
    return context


async def test_footer_names_f2_in_the_code_box_and_the_books_keys_in_the_book(book_context):
    app = app_for(book_context)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        screen.go_to(CODE_ITEM)
        await pilot.pause()
        assert "/ book" in _footer(app)
        await pilot.press("e")
        await pilot.pause()
        footer = _footer(app)
        assert "F2 book" in footer and "/ book" not in footer
        await pilot.press(*"A41.51/")  # `/` still types in the box
        await pilot.pause()
        assert screen.query_one("#codes").value.endswith("A41.51/")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, BookScreen)
        footer = _footer(app)
        assert "esc Close" in footer and "F2 Close book" in footer
        assert "Save codes" not in footer and "book" not in footer.replace("Close book", "")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#codes").has_focus
        await pilot.press("escape")  # leave the box (the screen asks about the unsaved text)
        await pilot.pause()


async def test_a_closed_book_exam_does_not_offer_f2_in_the_code_box(book_context):
    from cert_prep.engine.assembly import ExamOptions
    from cert_prep.ui.launch import ExamLaunch

    app = app_for(book_context, ExamLaunch("tiny", ExamOptions(seed=1, closed_book=True)))
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.screen.go_to(CODE_ITEM)
        await pilot.press("e")
        await pilot.pause()
        assert "Save codes" in _footer(app) and "book" not in _footer(app)


# ---- 4. CPT, HCPCS and PCS codes ----


@pytest.mark.parametrize(
    ("typed", "code_set"),
    [
        ("99214", "a CPT"),
        ("12051", "a CPT"),
        ("0001U", "a CPT"),  # PLA
        ("3074F", "a CPT"),  # Category II
        ("J1745", "a HCPCS Level II"),  # J17 is ICD-10-CM, but nothing is under it
        ("G0463", "a HCPCS Level II"),  # G04 has codes under it, but no G04.6
        ("0DTJ4ZZ", "an ICD-10-PCS"),
    ],
)
def test_other_code_sets_are_named_without_a_nearest(capsys, book_cache, typed, code_set):
    code, out, err = run(capsys, book_cache, "book", typed)
    assert code == 1 and out == ""
    assert err == f"cert-prep: {typed} looks like {code_set} code; the book holds ICD-10-CM only\n"


def test_an_undotted_icd_10_cm_code_shaped_like_hcpcs_is_shown(capsys, book_cache):
    code, out, _ = run(capsys, book_cache, "book", "A0100")
    assert code == 0 and out.startswith("A01.00  Typhoid fever, unspecified")


def test_a_likely_icd_10_cm_typo_keeps_its_nearest_codes(capsys, book_cache):
    code, _, err = run(capsys, book_cache, "book", "E1167")  # E11.6 has codes under it
    assert code == 1
    assert err.startswith("cert-prep: not an ICD-10-CM code: E1167; nearest: E11.6")
    assert err.rstrip().endswith("if it is HCPCS Level II, the book holds ICD-10-CM only")


def test_plain_mode_book_says_the_same(book):
    assert search_lines(book, "99214") == [
        "99214 looks like a CPT code; the book holds ICD-10-CM only."
    ]
    assert search_lines(book, "J1745")[0].startswith("J1745 looks like a HCPCS Level II code")


async def test_the_panel_search_says_the_same(book_cache):
    app = BookApp(book_cache)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press(*"E11.621", "enter")  # an entry on screen first
        await pilot.pause()
        search = screen.query_one("#book-search")
        search.focus()
        search.value = "99214"
        await pilot.press("enter")
        await pilot.pause()
        results = screen.query_one("#book-results", OptionList)
        assert results.display and not screen.query_one("#book-entry-scroll").display
        assert results.option_count == 1
        assert str(results.get_option_at_index(0).prompt) == (
            "99214 looks like a CPT code; the book holds ICD-10-CM only"
        )
