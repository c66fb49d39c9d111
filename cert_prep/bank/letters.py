"""Choices named by a bare letter: once choices are shuffled, `(B)` in a rationale points at
the wrong choice, and a choice whose whole text is `D` cannot be told from the key `d`.

The pattern looks for the forms authors use to point at a choice, and skips the letters of
ordinary prose: Medicare Part B, vitamin D, hepatitis C, type A, Schedule C, and so on.
"""

from __future__ import annotations

import re

_LETTER = r"[A-F]"
_LIST = rf"{_LETTER}(?:\s*(?:,|and|or|&)\s*{_LETTER})*"
# Verbs that follow a choice letter used as a subject ("B is wrong", "A and C describe").
_VERBS = (
    "is|are|was|were|would|could|does|do|describes?|gives|uses|lists|reports|omits|"
    "includes|adds|applies|misses|assigns|refers|names|states|selects|confuses|pairs|matches|"
    "has|lacks|fits|ignores|treats|counts|requires|sequences|reverses|drops|violates"
)
_REFERENCE = re.compile(
    rf"\(\s*{_LIST}\s*\)"  # (B), (A, C)
    rf"|\b(?:[Cc]hoices?|[Oo]ptions?|[Aa]nswers?|[Ll]etters?)\s+{_LIST}\b(?![-\w])"  # Choice B
    rf"|(?<![\w.\-/'’])({_LIST})\s+(?:{_VERBS})\b"  # B is, A and C are
)
# Words after which a capital letter is a name, not a choice.
_NAMING_WORDS = frozenset(
    {
        "part",
        "parts",
        "vitamin",
        "vitamins",
        "hepatitis",
        "type",
        "types",
        "schedule",
        "appendix",
        "category",
        "group",
        "plan",
        "section",
        "table",
        "class",
        "grade",
        "level",
        "stage",
        "phase",
        "factor",
        "blood",
        "antigen",
        "tier",
        "zone",
        "list",
        "form",
        "box",
        "item",
        "column",
        "row",
        "field",
        "hemophilia",
        "influenza",
        "chapter",
        "step",
        "option",
        "character",
        "characters",
        "value",
        "values",
        "device",
        "devices",
        "qualifier",
        "qualifiers",
        "approach",
        "rh",
    }
)
# "E codes are durable medical equipment": HCPCS Level II sections are named by letter, so
# "codes" is not among the verbs above.


def letter_references(text: str) -> list[str]:
    """The bare-letter references to choices in `text`, as written (deduplicated)."""
    found: list[str] = []
    for match in _REFERENCE.finditer(text):
        before = text[: match.start()].rstrip().rsplit(None, 1)
        previous = before[-1].lower().strip("(\"'“‘") if before else ""
        if previous in _NAMING_WORDS:
            continue
        snippet = " ".join(match.group(0).split())
        if snippet not in found:
            found.append(snippet)
    return found


_SINGLE_LETTER = re.compile(r"[A-F][.)]?")


def is_single_letter(choice_text: str) -> bool:
    """A choice whose whole text is one of the capital letters A-F (`D`, `D.`), which
    reads as the letter of a choice."""
    return _SINGLE_LETTER.fullmatch(choice_text.strip()) is not None
