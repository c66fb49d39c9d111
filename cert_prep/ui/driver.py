"""The terminal driver: Textual's, made to survive a byte that is not UTF-8.

Textual's Linux driver decodes the keyboard strictly; one such byte (0xFF, or é from a
Latin-1 terminal) raised in its input thread and quit the app without a word. This input
loop is Textual's (textual 8.2, drivers/linux_driver.py) with a decoder that drops such
bytes, and a toast, once, that says why the key did nothing.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

NOT_UTF8 = (
    "A key sent bytes that are not UTF-8; they were ignored. "
    "Set the terminal's character encoding to UTF-8 to type accented letters."
)
_DROPPED = "\ufffd"  # what the decoder puts in place of such bytes


class TolerantLinuxDriver(LinuxDriver):
    _told = False

    def _decoded(self, data: bytes, decode: object, final: bool) -> str:
        text: str = decode(data, final=final)  # type: ignore[operator]
        if _DROPPED in text:
            text = text.replace(_DROPPED, "")
            self._tell()
        return text

    def _tell(self) -> None:
        if not self._told:
            self._told = True
            self._app.call_later(self._app.notify, NOT_UTF8, severity="warning", markup=False)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop; only the decoding differs)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode

        def process_selector_events(
            events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    text = self._decoded(os.read(fileno, 1024 * 4), decode, final and last)
                    if not text:  # piped stdin at its end, half a character, or dropped bytes
                        break
                    for event in parser.feed(text):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
