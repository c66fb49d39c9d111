"""Helpers that turn bank text into renderables. Bank text is data, never markup."""

from __future__ import annotations

from rich.text import Text

from cert_prep.clock import format_hms, local_text

__all__ = ["data", "format_hms", "labelled", "when"]


def data(text: str, style: str = "") -> Text:
    """Bank or user text as a Text: `[bold]`, `[/]`, `[A]` show exactly as typed."""
    return Text(text, style=style)


def labelled(label: str, value: str, label_style: str = "bold") -> Text:
    """`Label: value`, where the value is data."""
    return Text.assemble((label, label_style), Text(value))


def when(iso: str | None) -> str:
    """A stored UTC time as local `YYYY-MM-DD HH:MM` (the zone is implied on screen)."""
    return local_text(iso, zone=False)
