"""Read the tabular list out of simple-icd-10-cm, once, to build the book's index."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

PACKAGE = "simple-icd-10-cm"


def source_version() -> str:
    """The package version the index is keyed on (read without importing the package)."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class Record:
    """One code, block or chapter of the tabular list, as the index stores it."""

    code: str
    title: str
    kind: str  # chapter | block | category | subcategory | code
    parent: str | None
    billable: bool
    position: int  # order in the tabular list
    notes: dict[str, Any] = field(default_factory=dict)

    def search_terms(self) -> str:
        return "\n".join(self.notes.get("inclusion_terms", []) + self.notes.get("includes", []))

    def note_text(self) -> str:
        parts: list[str] = []
        for key in ("notes", "code_first", "use_additional", "code_also"):
            parts.extend(self.notes.get(key, []))
        return "\n".join(parts)


def _lines(value: object) -> list[str]:
    """The package gives some notes as lists, others as one string with line breaks."""
    if not value:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.split("\n") if line.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _kind(cm: Any, code: str) -> str:
    if cm.is_chapter(code):
        return "chapter"
    if cm.is_block(code):
        return "block"
    if cm.is_category(code):
        return "category"
    if cm.is_leaf(code):
        return "code"
    return "subcategory"


def read_tabular_list(progress: Callable[[int, int], None] | None = None) -> Iterator[Record]:
    """Every item of the tabular list, in book order. Imports simple-icd-10-cm (seconds)."""
    import simple_icd_10_cm as cm  # lazy on purpose: seconds and ~190 MB

    codes = cm.get_all_codes(True)
    total = len(codes)
    seen: set[str] = set()
    chapter: str | None = None
    for position, code in enumerate(codes):
        if progress and position % 2000 == 0:
            progress(position, total)
        kind = _kind(cm, code)
        if kind == "chapter":
            chapter = code
        if code not in seen and codes[position + 1 : position + 2] == [code]:
            # A block of one category shares its code (B10 is both): the package lists the
            # block, then the category. Keep the block as the range "B10-B10".
            seen.add(code)
            yield Record(
                code=f"{code}-{code}",
                title=cm.get_description(code),
                kind="block",
                parent=chapter,
                billable=False,
                position=position,
            )
            continue
        parent = cm.get_parent(code) or None
        if code in seen:
            kind, parent = "category", f"{code}-{code}"
        seen.add(code)
        seven = cm.get_seven_chr_def(code) or {}
        notes: dict[str, Any] = {
            "inclusion_terms": _lines(cm.get_inclusion_term(code)),
            "includes": _lines(cm.get_includes(code)),
            "excludes1": _lines(cm.get_excludes1(code)),
            "excludes2": _lines(cm.get_excludes2(code)),
            "code_first": _lines(cm.get_code_first(code)),
            "use_additional": _lines(cm.get_use_additional_code(code)),
            "code_also": _lines(cm.get_code_also(code)),
            "notes": _lines(cm.get_notes(code)) + _lines(cm.get_seven_chr_note(code)),
        }
        if seven:
            notes["seventh_characters"] = {k: " ".join(str(v).split()) for k, v in seven.items()}
        yield Record(
            code=code,
            title=cm.get_description(code),
            kind=kind,
            parent=parent,
            # A category with no subdivisions (J14, I10) is itself a billable code.
            billable=kind not in ("chapter", "block") and bool(cm.is_leaf(code)),
            position=position,
            notes={k: v for k, v in notes.items() if v},
        )
    if progress:
        progress(total, total)
