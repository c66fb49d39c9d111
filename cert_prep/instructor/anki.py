"""Anki decks (.apkg) of bank items, written with genanki.

One note per item. Choice items: the front is the case record, the stem and the
choices; the back is the key, the rationale and each choice's feedback. Code items are
type-in cards: Anki compares what the student types with the codes, and the front says how
to type them. Note GUIDs derive from item ids and model/deck ids from fixed names, so
importing a newer deck updates the notes instead of duplicating them; the notes sort by
item id and carry Anki's first-field checksum (genanki writes 0). Bank text is escaped:
it is data, never HTML. Only items of the shipped banks are credited to the cert-prep
contributors under CC BY 4.0; others are named by their file.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cert_prep.instructor.code_answers import code_format
from cert_prep.paths import shipped_banks_dir
from cert_prep.reflow import record_text, reflow

# The banks' own attribution line (question_banks/LICENSE).
ATTRIBUTION = (
    "Questions from the cert-prep question banks by the cert-prep contributors, licensed "
    "under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). CPT codes are cited "
    "by number only; CPT is copyrighted by the American Medical Association."
)
_CSS = """
.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.record { white-space: pre-wrap; font-family: monospace; font-size: 14px;
          border-left: 3px solid #888; padding-left: 8px; margin-bottom: 12px; }
.choice { margin: 4px 0; }
.key { font-weight: bold; }
.feedback { color: #444; font-size: 15px; margin-left: 1.5em; }
"""


# Anki's strip_html (rslib/src/text.rs): comments, style and script blocks and every tag
# go, with nothing in their place; entities are then decoded, a no-break space as a space.
_ANKI_HTML = re.compile(
    r"<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>", re.DOTALL | re.IGNORECASE
)


def field_checksum(field: str) -> int:
    """A note's `csum` as Anki computes it (rslib/src/notes/mod.rs): the first 8 hex
    digits of the SHA-1 of its first field without HTML, as an integer. (Anki keeps the
    file names of media tags; bank text is escaped, so a field holds none.)"""
    text = html.unescape(_ANKI_HTML.sub("", field)).replace("\xa0", " ")
    return int(hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:8], 16)


def _stable_id(name: str) -> int:
    """A 31-bit id from a name: the same deck and models on every export."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:7], 16) + (1 << 30)


def _h(text: str) -> str:
    """Escaped, its lines kept."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def _prose(text: str) -> str:
    """Stems, choices and explanations: reflowed as the app shows them (a single line
    break in the YAML is a space), so a phone does not break lines mid-sentence."""
    return _h(reflow(text))


@dataclass(frozen=True)
class AnkiItem:
    data: dict[str, Any]
    case: dict[str, Any] | None
    exam: str
    domain: str
    source: str = ""  # the bank file: says whose questions these are


def _front(item: AnkiItem) -> str:
    data = item.data
    parts = []
    if item.case:
        # A record keeps its lines but those the app joins (reflow.record_text).
        parts.append(
            f'<div class="record"><b>{_h(item.case["title"])}</b><br>'
            f"{_h(record_text(item.case['record']))}</div>"
        )
    parts.append(f'<div class="stem">{_prose(data["stem"])}</div>')
    for letter, text in (data.get("choices") or {}).items():
        parts.append(f'<div class="choice">{letter}. {_prose(text)}</div>')
    if data["type"] == "code":
        said = code_format(list(data["answer"]), data.get("sequence", "any"), anki=True)
        parts.append(f'<div class="format"><i>{_h(said)}</i></div>')
    return "\n".join(parts)


def _is_shipped(source: str) -> bool:
    if not source:
        return False
    try:
        Path(source).resolve().relative_to(shipped_banks_dir().resolve())
    except (ValueError, OSError):
        return False
    return True


def description(items: Sequence[AnkiItem]) -> str:
    """The deck's description: the banks' CC BY 4.0 attribution for shipped items only;
    other items (an instructor's own banks) are named by their file, nothing claimed."""
    shipped = [item for item in items if _is_shipped(item.source)]
    others = sorted({Path(item.source).name for item in items if not _is_shipped(item.source)})
    parts = [ATTRIBUTION] if shipped else []
    if others:
        named = ", ".join(name for name in others if name) or "other bank files"
        lead = "Other questions" if shipped else "Questions"
        parts.append(f"{lead} from {named}.")
    return " ".join(parts)


def _back(item: AnkiItem) -> str:
    data = item.data
    parts = []
    if data["type"] != "code":
        keys = [data["answer"]] if data["type"] == "single" else list(data["answer"])
        shown = "; ".join(f"{k}. {_prose(data['choices'][k])}" for k in keys)
        parts.append(f'<div class="key">Answer: {shown}</div>')
        feedback = data.get("feedback") or {}
        for letter, text in data["choices"].items():
            if letter in feedback:
                parts.append(
                    f'<div class="choice">{letter}. {_prose(text)}</div>'
                    f'<div class="feedback">{_prose(feedback[letter])}</div>'
                )
    if data.get("rationale"):
        parts.append(f'<div class="rationale">{_prose(data["rationale"])}</div>')
    return "\n".join(parts)


def _tag(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_:" else "_" for ch in text)


def build_package(items: Sequence[AnkiItem], deck_name: str) -> Any:
    import genanki

    choice_model = genanki.Model(
        _stable_id("cert-prep choice item v1"),
        "cert-prep choice item",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Item"}],
        templates=[
            {"name": "Card", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}
        ],
        css=_CSS,
        sort_field_index=2,  # Anki's browser sorts by item id, not by the front's HTML
    )
    code_model = genanki.Model(
        _stable_id("cert-prep code item v1"),
        "cert-prep code item",
        fields=[{"name": "Front"}, {"name": "Codes"}, {"name": "Back"}, {"name": "Item"}],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}<br>{{type:Codes}}",
                "afmt": "{{Front}}<hr id=answer>{{type:Codes}}<br>{{Back}}",
            }
        ],
        css=_CSS,
        sort_field_index=3,
    )
    deck = genanki.Deck(
        _stable_id(f"cert-prep deck {deck_name}"),
        deck_name,
        description=html.escape(description(items)),
    )
    for item in items:
        data = item.data
        tags = [_tag(f"cert-prep::{item.exam}"), _tag(f"{item.exam}::{item.domain}")]
        tags += [_tag(t) for t in data.get("tags") or []]
        guid = genanki.guid_for("cert-prep", data["id"])
        if data["type"] == "code":
            note = genanki.Note(
                model=code_model,
                guid=guid,
                tags=tags,
                fields=[
                    _front(item),
                    html.escape(", ".join(data["answer"])),
                    _back(item),
                    html.escape(data["id"]),
                ],
            )
        else:
            note = genanki.Note(
                model=choice_model,
                guid=guid,
                tags=tags,
                fields=[_front(item), _back(item), html.escape(data["id"])],
            )
        deck.add_note(note)
    return _package(deck)


def _package(deck: Any) -> Any:
    """A genanki package whose notes carry Anki's checksum (genanki writes 0)."""
    import genanki

    from cert_prep.store.anki_collection import set_note_checksums

    class ChecksummedPackage(genanki.Package):  # type: ignore[misc]  # untyped
        def write_to_db(self, cursor: Any, timestamp: float, id_gen: Any) -> None:
            super().write_to_db(cursor, timestamp, id_gen)
            set_note_checksums(cursor, field_checksum)

    return ChecksummedPackage(deck)


def write_apkg(items: Iterable[AnkiItem], deck_name: str, out: Path) -> int:
    """Write the deck to `out` (through a temporary file); the number of notes."""
    items = list(items)
    package = build_package(items, deck_name)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        package.write_to_file(str(tmp), timestamp=0)
        tmp.replace(out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return len(items)
