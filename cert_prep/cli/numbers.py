"""Strict whole-number arguments: ASCII digits only, within a stated range.

`int()` accepts `²`-like digits only to fail later, `١٢` (Arabic-Indic digits), `1_000` and
numbers of any length; a count or an attempt number is none of those. Every numeric
option and argument of the command line is parsed here.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

from cert_prep.errors import UserError
from cert_prep.safe_text import undecodable_shown

_DIGITS = re.compile(r"[0-9]{1,19}")
# The largest id SQLite can store, and so the largest attempt number.
MAX_ID = 2**63 - 1


def shown_value(text: str, width: int = 24) -> str:
    """A short, printable excerpt of what was typed, for a message."""
    cut = undecodable_shown(text[:width]) + ("..." if len(text) > width else "")
    return cut if cut.isprintable() else repr(cut)[1:-1]


def parse_whole(text: str, name: str, low: int, high: int) -> int:
    """`text` as an int in [low, high], or a UserError (exit 2) that says what is allowed."""
    value = text.strip()
    if not _DIGITS.fullmatch(value) or not low <= int(value) <= high:
        shown = shown_value(value)
        raise UserError(
            f"{name} must be between {low} and {high} (a whole number), not `{shown}`", exit_code=2
        )
    return int(value)


def whole(name: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse `type=` for a whole number in [low, high]."""

    def parse(text: str) -> int:
        try:
            return parse_whole(text, name, low, high)
        except UserError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None

    parse.__name__ = name  # argparse names the type in its messages
    return parse
