"""Moodle GIFT <-> cert-prep items (single and multi).

Import follows Moodle's own parser (question/format/gift/format.php) where it matters:
- questions are separated by blank lines; lines starting with `//` are comments;
- `$CATEGORY: a/b/c` switches category (we keep its last part as a tag);
- `::title::` names a question (kept as a YAML comment; ids are generated);
- the answers sit between the first `{` and the first `}`; text after the `}` makes a
  "missing word" question, whose stem gets `_____` where the answers were;
- `\\~ \\= \\# \\{ \\} \\: \\\\` are literal characters and `\\n` a line break;
- `[html]`, `[markdown]`, `[plain]`, `[moodle]` set the text format. HTML becomes plain
  text (bank text is never markup); the other formats are kept as typed;
- `=right` `~wrong`, `~%50%` weights (no `=`: multiple answer; right = positive weight),
  `#feedback` per answer (the choice's `feedback`, so it follows its choice when choices
  are shuffled) and `####general feedback` (the rationale);
- `{T}`/`{TRUE}`/`{F}`/`{FALSE}` become a two-choice single item (True / False).
Types cert-prep cannot represent (essay, numerical, matching, short answer, descriptions)
are skipped with a warning naming their line; malformed questions are errors naming
theirs, and the rest of the file is still read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cert_prep.bank.loader import Item
from cert_prep.bank.models import CHOICE_KEYS
from cert_prep.instructor.bankyaml import Imported, Note, check_question, clean_text, slug
from cert_prep.instructor.html_text import html_to_text
from cert_prep.reflow import record_text, reflow, stem_text

# Escaped characters are swapped for private-use placeholders while the structure is
# parsed, then swapped back, as Moodle does with its `&&058;` placeholders.
_ESCAPES = {
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
    "\\": "\ue008",
}
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\(.)")
_RESTORE_RE = re.compile("[" + "".join(_RESTORE) + "]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_FORMATS = ("html", "markdown", "plain", "moodle")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def _restore(text: str) -> str:
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group(0)], text)


@dataclass
class _Block:
    """One question's text (escapes protected, comments blanked) and its first line.

    Escapes never hold a line break, so counting `\\n` in the protected text gives lines.
    """

    text: str
    line: int

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, max(0, offset))


def _blocks(source: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(source.split("\n"), start=1):
        if not line.strip():
            if current:
                blocks.append(_Block(_protect("\n".join(current)), start))
                current = []
            continue
        if not current:
            start = number
        current.append("" if line.strip().startswith("//") else line)
    if current:
        blocks.append(_Block(_protect("\n".join(current)), start))
    return blocks


def _with_format(text: str, default: str) -> tuple[str, str]:
    """(text without a leading `[format]` marker, the format)."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        end = stripped.find("]")
        name = stripped[1:end].strip().lower() if end > 0 else ""
        if name in _FORMATS:
            return stripped[end + 1 :], name
    return text, default


class _Reader:
    def __init__(self) -> None:
        self.notes: list[Note] = []
        self.images = 0

    def text(self, raw: str, fmt: str, marker: bool = True) -> str:
        """Protected GIFT text -> bank text in the given format (or its own `[marker]`)."""
        if marker:
            raw, fmt = _with_format(raw, fmt)
        text = _restore(raw)
        if fmt == "html":
            text, images = html_to_text(text)
            self.images += images
        return clean_text(text)


def parse_gift(source: str) -> tuple[list[Imported], list[Note]]:
    """The questions cert-prep can hold, and notes (warnings, errors) naming lines."""
    questions: list[Imported] = []
    notes: list[Note] = []
    tags: list[str] = []
    for block in _blocks(source):
        text = block.text
        if not text.strip():
            continue  # only comments
        body_start = len(text) - len(text.lstrip())
        if text.lstrip().startswith("$CATEGORY:"):
            first_end = text.find("\n", body_start)
            first_end = len(text) if first_end < 0 else first_end
            category = _restore(text[body_start + len("$CATEGORY:") : first_end]).strip()
            tags = _category_tags(category)
            rest = text[first_end:]
            if not rest.strip():
                continue
            block = _Block(rest, block.line_at(first_end))
            text = rest
        reader = _Reader()
        question = _question(block, text, reader)
        notes.extend(reader.notes)
        if question is None:
            continue
        if reader.images:
            notes.append(
                Note(
                    question.line,
                    "warning",
                    f"{reader.images} image(s) left out: cert-prep items hold text "
                    "only; describe the image in words if the question needs it",
                )
            )
        question.tags = list(tags)
        problem = check_question(question)
        if problem:
            named = f" ({question.title})" if question.title else ""
            notes.append(Note(question.line, "error", f"question{named} skipped: {problem}"))
            continue
        questions.append(question)
    return questions, notes


def _category_tags(category: str) -> list[str]:
    """`$course$/top/Default for CPC/E&M Modifiers` -> ["e-m-modifiers"]: the last part,
    unless it is one of Moodle's own (a `$context$`, `top`, `Default for ...`)."""
    parts = [p.replace("//", "/").strip() for p in re.split(r"(?<!/)/(?!/)", category)]
    parts = [p for p in parts if p and not (p.startswith("$") and p.endswith("$"))]
    tag = slug(parts[-1]) if parts else ""
    if not tag or tag == "top" or tag.startswith("default-for-"):
        return []
    return [tag]


def _question(block: _Block, text: str, reader: _Reader) -> Imported | None:
    lead = len(text) - len(text.lstrip())
    line = block.line_at(lead)
    body = text.strip()
    title = None
    if body.startswith("::"):
        end = body.find("::", 2)
        if end >= 0:
            title = clean_text(_restore(body[2:end])) or None
            cut = end + 2
        else:
            cut = 2
        lead += cut + (len(body[cut:]) - len(body[cut:].lstrip()))
        body = body[cut:].strip()
    named = f" ({title})" if title else ""
    open_at, close_at = body.find("{"), body.find("}")
    if open_at < 0 and close_at < 0:
        reader.notes.append(Note(line, "warning", f"description{named} skipped: it has no answers"))
        return None
    if open_at >= 0 and close_at < 0:
        reader.notes.append(
            Note(
                block.line_at(lead + open_at),
                "error",
                f"question{named} skipped: the `{{` has no closing `}}` "
                "(a blank line inside the answers also ends the question)",
            )
        )
        return None
    if open_at < 0 or close_at < open_at:
        reader.notes.append(
            Note(
                block.line_at(lead + close_at),
                "error",
                f"question{named} skipped: a `}}` with no `{{` before it; "
                "write \\{ or \\} for a literal brace",
            )
        )
        return None
    after = body[close_at + 1 :]
    if "{" in after or "}" in after:
        reader.notes.append(
            Note(
                line,
                "error",
                f"question{named} skipped: more than one "
                "answer block (embedded-answer questions are not supported)",
            )
        )
        return None
    answers = body[open_at + 1 : close_at]
    answers_line = block.line_at(lead + open_at)
    stem_raw = body[:open_at] + ("_____" + after if after.strip() else "")
    stem_raw, fmt = _with_format(stem_raw, "moodle")
    stem = reader.text(stem_raw, fmt, marker=False)

    general = ""
    split = answers.rfind("####")
    if split >= 0:
        general = reader.text(answers[split + 4 :], fmt)
        answers = answers[:split]
    kind = _kind(answers)
    if kind != "multichoice" and kind != "truefalse":
        reader.notes.append(
            Note(
                line,
                "warning",
                f"{kind} question{named} skipped: cert-prep "
                "has single-answer and multiple-answer items only",
            )
        )
        return None
    if kind == "truefalse":
        return _true_false(line, stem, answers, general, fmt, title, reader)
    return _multichoice(line, answers_line, stem, answers, general, fmt, title, named, reader)


def _kind(answers: str) -> str:
    """Moodle's order of tests."""
    stripped = answers.strip()
    if not stripped:
        return "essay"
    if stripped.startswith("#"):
        return "numerical"
    if "~" in stripped:
        return "multichoice"
    if "=" in stripped and "->" in stripped:
        return "matching"
    head = stripped.split("#", 1)[0].strip()
    if head in _TRUE_FALSE:
        return "truefalse"
    return "short-answer"


def _true_false(
    line: int,
    stem: str,
    answers: str,
    general: str,
    fmt: str,
    title: str | None,
    reader: _Reader,
) -> Imported:
    bits = answers.strip().split("#", 2)
    truth = _TRUE_FALSE[bits[0].strip()]
    wrong = reader.text(bits[1], fmt) if len(bits) > 1 else ""
    right = reader.text(bits[2], fmt) if len(bits) > 2 else ""
    # Moodle: the first feedback is shown for a wrong answer, the second for a right one.
    feedback = {0: right if truth else wrong, 1: wrong if truth else right}
    return Imported(
        line, stem, ["True", "False"], [0 if truth else 1], general, title, feedback=_said(feedback)
    )


@dataclass
class _Answer:
    line: int
    right: bool
    weight: float | None
    text: str
    feedback: str


def _split_answers(answers: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, marker, raw text) for each `=`/`~` answer, in order."""
    found: list[tuple[int, str, str]] = []
    marks = [m.start() for m in re.finditer(r"[=~]", answers)]
    for index, start in enumerate(marks):
        end = marks[index + 1] if index + 1 < len(marks) else len(answers)
        line = first_line + answers.count("\n", 0, start)
        found.append((line, answers[start], answers[start + 1 : end]))
    return found


def _multichoice(
    line: int,
    answers_line: int,
    stem: str,
    answers: str,
    general: str,
    fmt: str,
    title: str | None,
    named: str,
    reader: _Reader,
) -> Imported | None:
    leading = answers.split("~", 1)[0].split("=", 1)[0]
    if leading.strip():
        reader.notes.append(
            Note(
                answers_line,
                "error",
                f"question{named} skipped: text "
                "before the first answer; each answer starts with = or ~",
            )
        )
        return None
    parsed: list[_Answer] = []
    for answer_line, marker, raw in _split_answers(answers, answers_line):
        raw = raw.strip()
        weight: float | None = None
        if marker == "~":
            found = _WEIGHT.match(raw)
            if found:
                weight = float(found.group(1))
                raw = raw[found.end() :]
        text, _, said = raw.partition("#")
        parsed.append(
            _Answer(
                answer_line,
                marker == "=",
                weight,
                reader.text(text, fmt),
                reader.text(said, fmt),
            )
        )
    right = [i for i, a in enumerate(parsed) if a.right]
    if len(right) > 1:
        reader.notes.append(
            Note(
                line,
                "error",
                f"question{named} skipped: {len(right)} answers "
                "start with `=`; for several right answers give each a "
                "weight, as in ~%50%",
            )
        )
        return None
    if right:
        keys = right
        for index, answer in enumerate(parsed):
            if answer.weight and answer.weight > 0:
                letter = CHOICE_KEYS[index] if index < len(CHOICE_KEYS) else str(index + 1)
                reader.notes.append(
                    Note(
                        answer.line,
                        "warning",
                        f"choice {letter} had {answer.weight:g}% partial "
                        "credit; cert-prep scores it wrong",
                    )
                )
    else:
        keys = [i for i, a in enumerate(parsed) if a.weight and a.weight > 0]
        if len(keys) == 1 and (parsed[keys[0]].weight or 0) < 100:
            reader.notes.append(
                Note(
                    parsed[keys[0]].line,
                    "warning",
                    "only one choice has a positive weight; it becomes the one key",
                )
            )
    feedback = {i: a.feedback for i, a in enumerate(parsed)}
    return Imported(
        line, stem, [a.text for a in parsed], keys, general, title, feedback=_said(feedback)
    )


def _said(feedback: dict[int, str]) -> dict[int, str]:
    """The choices that have feedback (a choice past F is refused later as too many)."""
    return {i: text for i, text in feedback.items() if text and i < len(CHOICE_KEYS)}


# ---- export ---------------------------------------------------------------------------------

_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def escape(text: str) -> str:
    """Moodle's `repchar`: GIFT's special characters escaped, line breaks as `\\n`."""
    return text.strip().translate(_SPECIAL)


def _weight(keys: int) -> str:
    return f"{100 / keys:.5f}".rstrip("0").rstrip(".")


def _stem_of(item: Item) -> str:
    # Reflowed as the app shows it: the YAML's soft wraps would be line breaks in Moodle.
    stem = stem_text(item.question.stem, item.case)
    if item.case is not None:
        # Moodle has no shared records: the record goes into each question of the case.
        # A record is a chart and keeps its lines, as on screen.
        record = record_text(item.case.record).strip()
        stem = f"{item.case.title.strip()}\n\n{record}\n\n{stem}"
    return stem


def export_gift(items: Sequence[Any], source: str) -> tuple[str, list[Note]]:
    """GIFT for the single and multi items of one bank file; code items are skipped."""
    notes: list[Note] = []
    out: list[str] = []
    if items:
        first = items[0]
        out.append(
            f"// Exported by cert-prep from {source}: exam {first.exam}, code year "
            f"{first.code_year}.\n"
        )
        out.append(
            "// Multiple-answer items: each right choice has an equal share and each "
            "wrong one -100%;\n// cert-prep itself scores them all or nothing.\n"
        )
    category = None
    for item in items:
        question = item.question
        if question.type == "code":
            notes.append(
                Note(
                    item.line,
                    "warning",
                    f"{item.id}: code items (typed codes) have no GIFT equivalent; skipped",
                )
            )
            continue
        if item.domain != category:
            category = item.domain
            out.append(f"\n$CATEGORY: $course$/cert-prep/{item.exam}/{category}\n")
        keys = [question.answer] if isinstance(question.answer, str) else list(question.answer)
        lines = [f"\n::{escape(item.id)}::[plain]{escape(_stem_of(item))} {{\n"]
        for letter, text in question.choices.items():
            body = escape(reflow(text))
            if question.type == "single":
                # `%n%` at the start of a wrong choice would read as a weight: say 0% first.
                mark = "=" if letter in keys else ("~%0%" if _WEIGHT.match(body) else "~")
            else:
                mark = f"~%{_weight(len(keys))}%" if letter in keys else "~%-100%"
            # A choice's own explanation is GIFT's per-answer `#feedback` (v1.1 `feedback`).
            said = reflow(question.feedback.get(letter, ""))
            lines.append(f"\t{mark}{body}{'#' + escape(said) if said else ''}\n")
        if question.rationale.strip():
            lines.append(f"\t####{escape(reflow(question.rationale))}\n")
        lines.append("}\n")
        out.extend(lines)
    return "".join(out), notes
