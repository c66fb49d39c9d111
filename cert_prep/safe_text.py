"""Make text from files safe to show on a terminal: the one place that decides how.

Bank files, result files and file names are written by other people. A control
character in them would reach the terminal as a command (ESC starts sequences that set
the clipboard, retitle the window or make the terminal type into our input; BEL rings;
C1 bytes such as U+009B are ESC-[ on many terminals), and bidirectional overrides or
zero-width characters make text read differently from what it is.

`visible` replaces each such character with something a person can see and no terminal
acts on:

- C0 controls (U+0000-U+001F) become their Unicode control pictures: ESC shows as ␛,
  BEL as ␇, CR as ␍. Tab and newline are kept, since layout needs them.
- DEL (U+007F) shows as ␡.
- C1 controls (U+0080-U+009F), bidirectional controls (U+061C, U+200E, U+200F,
  U+202A-U+202E, U+2066-U+2069), zero-width characters (U+200B-U+200D, U+2060-U+2064,
  U+FEFF) and the line/paragraph separators (U+2028, U+2029) show as `<U+XXXX>`.
- A byte that was not UTF-8 (Python reads it from the command line, input or a file name
  as a lone surrogate, U+DC80-U+DCFF) shows as `<0xFF>`; any other lone surrogate as
  `<U+D800>`. Printed raw, it would be a stray byte, or fail to encode at all.

`visible_line` does the same and also shows newline as ␤ (and tab as a space), for
messages that must stay on one line. `excerpt` is a short one-line quote of a value.
"""

from __future__ import annotations

import re
from typing import Any

_NAMED = {0x7F: "\u2421"}
_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
_ZERO_WIDTH = {0x200B, 0x200C, 0x200D, *range(0x2060, 0x2065), 0xFEFF}
_SEPARATORS = {0x2028, 0x2029}

# Everything `visible` replaces (tab and newline are handled per variant).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")


def is_control(char: str) -> bool:
    """C0 (other than tab and newline), DEL or C1: never allowed in bank text."""
    code = ord(char)
    return (code < 0x20 and char not in "\t\n") or 0x7F <= code <= 0x9F


def is_invisible(char: str) -> bool:
    """A bidirectional control or zero-width character."""
    code = ord(char)
    return code in _BIDI or code in _ZERO_WIDTH or code in _SEPARATORS


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\u2424"
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)
    if code in _NAMED:
        return _NAMED[code]
    return _escaped(char)


def _escaped(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # Python's surrogateescape form of an undecodable byte
        return f"<0x{code - 0xDC00:02X}>"
    return f"<U+{code:04X}>"


_SURROGATE = re.compile("[\ud800-\udfff]")


def undecodable_shown(text: str) -> str:
    """`text` with only the bytes that were not UTF-8 (and other lone surrogates) made
    visible, as `visible` shows them; for a line read from a person, before it is used."""
    return _SURROGATE.sub(lambda match: _escaped(match.group()), text)


def output_errors(error: UnicodeError) -> tuple[str, int]:
    """An output stream's error handler (registered by the CLI): a byte that was not
    UTF-8 shows as `<0xFF>`, a character the locale cannot spell as `?`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    shown = "".join(_escaped(ch) if _SURROGATE.match(ch) else "?" for ch in bad)
    return shown, error.end


def visible(text: str) -> str:
    """`text` with every control, bidi and zero-width character made visible."""
    if not isinstance(text, str):
        text = str(text)
    return _UNSAFE.sub(_picture, text)


def visible_line(text: str) -> str:
    """Like `visible`, and newlines shown as ␤ so the text stays on one line."""
    if not isinstance(text, str):
        text = str(text)
    return _UNSAFE_LINE.sub(_picture, text)


def excerpt(text: str, limit: int = 60) -> str:
    """A short one-line quote of a value, for messages about it."""
    if not isinstance(text, str):
        text = str(text)
    if len(text) > limit:
        text = text[:limit] + "…"
    return visible_line(text)


_SHOWN_INVISIBLE = re.compile(
    "|".join(re.escape(f"<U+{code:04X}>") for code in sorted(_BIDI | _ZERO_WIDTH | _SEPARATORS))
)


def without_shown_invisible(value: Any) -> tuple[Any, int]:
    """Plain data that `visible_data` made, with each bidi, zero-width or separator
    character it showed as `<U+XXXX>` left out, and how many were: for files written for
    other programs, where neither the raw character nor its picture belongs."""
    if isinstance(value, str):
        return _SHOWN_INVISIBLE.subn("", value)
    if isinstance(value, dict):
        pairs = [(k, without_shown_invisible(v)) for k, v in value.items()]
        return {k: v for k, (v, _) in pairs}, sum(n for _, (_, n) in pairs)
    if isinstance(value, list):
        parts = [without_shown_invisible(v) for v in value]
        return [v for v, _ in parts], sum(n for _, n in parts)
    return value, 0


def visible_data(value: Any) -> Any:
    """A copy of plain data (dicts, lists, strings) with every string made `visible`."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible(k) if isinstance(k, str) else k: visible_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [visible_data(v) for v in value]
    if isinstance(value, tuple):
        return tuple(visible_data(v) for v in value)
    return value
