"""The code-book panel: search, open an entry, follow a reference, go back, close."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, OptionList, Static

from cert_prep.book.book import Book
from cert_prep.ui.screens.book import BookScreen


class BookApp(App[None]):
    def __init__(self, cache):
        super().__init__()
        self.cache = cache
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(
            BookScreen(lambda: Book.open(self.cache)),
            callback=lambda _result: setattr(self, "closed", True),
        )


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_search_open_follow_back_and_close(book_cache):
    app = BookApp(book_cache)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookScreen)
        await pilot.press(*"diabetes due to underlying", "enter")
        await pilot.pause()
        results = screen.query_one("#book-results", OptionList)
        assert results.option_count > 0 and results.has_focus
        codes = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert codes[0] == "E08"  # the most general entry that says it all
        results.highlighted = codes.index("E08")
        await pilot.press("enter")
        await pilot.pause()
        entry = _text(screen.query_one("#book-entry", Static))
        assert entry.startswith("E08  Diabetes mellitus due to underlying condition")
        assert "Excludes1:" in entry and "Code first:" in entry
        refs = screen.query_one("#book-refs", OptionList)
        ref_codes = [refs.get_option_at_index(i).id for i in range(refs.option_count)]
        assert "E09" in ref_codes  # "(E09.-)" in Excludes1
        refs.highlighted = ref_codes.index("E09")
        await pilot.press("enter")
        await pilot.pause()
        assert _text(screen.query_one("#book-entry", Static)).startswith("E09  Drug or chemical")
        await pilot.press("escape")  # back to E08
        await pilot.pause()
        assert _text(screen.query_one("#book-entry", Static)).startswith("E08  ")
        await pilot.press("escape")  # back to the results
        await pilot.pause()
        assert screen.query_one("#book-results").display
        await pilot.press("escape")  # close
        await pilot.pause()
        assert app.closed


async def test_a_code_typed_in_the_search_opens_its_entry_and_markup_stays_text(book_cache):
    app = BookApp(book_cache)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        await pilot.press(*"[bold]femur[/]", "enter")
        await pilot.pause()
        results = screen.query_one("#book-results", OptionList)
        assert results.option_count >= 1  # the words still search; nothing is markup
        search = screen.query_one("#book-search", Input)
        search.value = ""
        search.focus()
        await pilot.press(*"s72001a", "enter")
        await pilot.pause()
        entry = _text(screen.query_one("#book-entry", Static))
        assert entry.startswith("S72.001A  Fracture of unspecified part of neck of right femur")
        assert "7th characters:" in entry
        await pilot.press("escape")  # "[bold]" found nothing: no list to go back to
        await pilot.pause()
        assert app.closed
