"""Bank text laid out for reading: one set of rules for the full-screen UI and plain mode.

Stems, choices and rationales are written in YAML with hard line breaks wherever the
author's editor wrapped. Read as prose: a single line break inside a paragraph is a
space, a blank line is a paragraph break, and a line starting with a bullet (`- `, `* `,
`• `) starts a new line. Case records are charts, so they keep every line break; only lines
longer than the width wrap (plain mode; the UI wraps them itself).
"""

from __future__ import annotations

import re
import textwrap

READING_WIDTH = 100  # a comfortable maximum on wide terminals
_BULLET = re.compile(r"^\s*(?:[-*•]\s)")
_BLANK = re.compile(r"\n[ \t]*\n")


def is_bullet(line: str) -> bool:
    """Whether a line of bank text is a bullet item, which keeps its own line."""
    return _BULLET.match(line) is not None


def paragraphs(text: str) -> list[str]:
    """The paragraphs of `text`, each on one line (bullet items keep their own line)."""
    out = []
    for block in _BLANK.split(text.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if lines and not is_bullet(raw):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        if lines:
            out.append("\n".join(lines))
    return out


def reflow(text: str) -> str:
    """`text` as prose: paragraphs separated by one blank line, no hard breaks inside."""
    return "\n\n".join(paragraphs(text))


def wrap(text: str, width: int) -> list[str]:
    """Prose reflowed and wrapped at word boundaries (never mid-word) to `width` columns;
    a blank line between paragraphs."""
    out: list[str] = []
    for i, paragraph in enumerate(paragraphs(text)):
        if i:
            out.append("")
        for line in paragraph.splitlines():
            out += _fill(line, width)
    return out


def record_text(text: str) -> str:
    """A case record keeps its lines (it is a chart), except where the author's editor
    wrapped a sentence: see `_continues`."""
    lines: list[str] = []
    for line in text.rstrip().splitlines():
        if lines and lines[-1].strip() and _continues(lines[-1], line):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line.rstrip())
    return "\n".join(lines)


# A line that starts an entry of its own even after an unfinished one: a numbered item,
# a time stamp ("08:25 incision"), a patient's age ("52-year-old woman", "70 y/o M").
_OWN_ENTRY = re.compile(r"^(\d+[.)](\s|$)|\d{1,2}:\d{2}\b|\d+[\s-]*(y/o|-?year-old|yo\b|y\.o\.))")
_COLUMNS = re.compile(r"\S {3,}\S|\|")  # a table's row: aligned columns or pipes


def _continues(before: str, line: str) -> bool:
    """A line starting in lower case (indented or not) continues the one before; so does
    one starting with a number ("4-5 times a day.", "0.5 cm") after a long line of prose that stops
    mid-sentence ("...using albuterol"), unless either is a table row or the line starts
    an entry of its own."""
    if line.lstrip()[:1].islower():  # indented too: the editor hung it under the text
        return True
    return (
        line[:1].isdigit()
        and len(before.strip()) >= 40
        and not re.search(r"[.:;!?)]$", before.rstrip())
        and re.search(r"[a-z]", before[-25:]) is not None  # not an upper-case heading
        and not _OWN_ENTRY.match(line)
        and not _COLUMNS.search(before)
        and not _COLUMNS.search(line)
    )


def wrap_record(text: str, width: int) -> list[str]:
    """A case record: its lines kept (see record_text), long lines wrapped under their
    own indent."""
    out: list[str] = []
    for line in record_text(text).splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        out += _fill(line, width, indent) if line.strip() else [""]
    return out


def _fill(line: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(
        line,
        width=max(20, width),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]


def name_cases(text: str, case_id: str | None, title: str | None) -> str:
    """Stems point at a case by its id ("Refer to case dx-case-01"); students know it by
    the title on screen, so the id is replaced by the title in quotes."""
    if not case_id or not title:
        return text
    return re.sub(rf"(?<![\w-]){re.escape(case_id)}(?![\w-])", f"\u201c{title}\u201d", text)


def stem_text(stem: str, case: object | None) -> str:
    """A stem as shown: reflowed, with its case named by title."""
    text = reflow(stem)
    if case is not None:
        text = name_cases(text, getattr(case, "id", None), getattr(case, "title", None))
    return text
