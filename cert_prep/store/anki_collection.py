"""The SQL cert-prep runs on the Anki collection genanki writes into an .apkg (its
`collection.anki2`), here with the rest of the store's: genanki leaves every note's
`csum` at 0 ("can be ignored", genanki/note.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

FIELD_SEPARATOR = "\x1f"  # between a note's fields in `flds`


def set_note_checksums(cursor: sqlite3.Cursor, checksum: Callable[[str], int]) -> None:
    """Set each note's `csum`, the checksum of its first field (Anki's duplicate check)."""
    notes = cursor.execute("SELECT id, flds FROM notes").fetchall()
    cursor.executemany(
        "UPDATE notes SET csum = ? WHERE id = ?",
        [(checksum(fields.split(FIELD_SEPARATOR, 1)[0]), note_id) for note_id, fields in notes],
    )
