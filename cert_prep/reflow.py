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
    """A case record keeps its lines (it is a chart), except that a line starting with a
    lower-case letter continues the line before it (the author's editor wrapped there)."""
    lines: list[str] = []
    for line in text.rstrip().splitlines():
        if lines and lines[-1].strip() and line[:1].islower():
            lines[-1] = f"{lines[-1].rstrip()} {line}"
        else:
            lines.append(line.rstrip())
    return "\n".join(lines)


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
