"""What a typed code must look like before it is saved: one check for the UI and plain mode.

The check is about shape only. It never says whether a well-formed code exists: the real
exams do not tell candidates that, so a mock exam must not either.

Modifiers: the bank format has no per-item field for them, so an item allows modifiers
when any code of its key carries one (`99214-25`). A modifier follows a CPT or HCPCS
code as `-25` or as its own word (`99214 25`); either way it is saved as `99214-25`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cert_prep.errors import UserError

SYSTEM_NAMES = {
    "icd-10-cm": "ICD-10-CM",
    "icd-10-pcs": "ICD-10-PCS",
    "cpt": "CPT",
    "hcpcs": "HCPCS Level II",
}

# ICD-10-CM: a letter, two characters, then optionally a dot and up to four more.
_ICD10CM = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")
# ICD-10-PCS: seven characters, digits and letters other than I and O.
_PCS = re.compile(r"^[0-9A-HJ-NP-Z]{7}$")
# CPT: five digits, or four digits and F (Category II), T (Category III) or U (PLA).
_CPT = re.compile(r"^\d{4}[0-9FTU]$")
# HCPCS Level II: a letter and four digits.
_HCPCS = re.compile(r"^[A-Z]\d{4}$")
_SHAPES = {"icd-10-cm": _ICD10CM, "icd-10-pcs": _PCS, "cpt": _CPT, "hcpcs": _HCPCS}
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_SEPARATORS = re.compile(r"[\s,;]+")


class MalformedCode(UserError):
    """A typed entry that is not shaped like a code of the item's system."""


@dataclass(frozen=True)
class CodeRules:
    system: str
    modifiers: bool = False

    @property
    def name(self) -> str:
        return SYSTEM_NAMES.get(self.system, self.system)


def rules_for(question: Any) -> CodeRules:
    """The rules of a code item: its system, and modifiers if its key uses any."""
    takes_modifiers = question.code_system in ("cpt", "hcpcs") and any(
        "-" in code for code in question.answer
    )
    return CodeRules(question.code_system, takes_modifiers)


def _shaped(rules: CodeRules, code: str) -> bool:
    pattern = _SHAPES.get(rules.system)
    if pattern is None:
        return True
    base, dash, modifiers = code.partition("-")
    if not dash:
        return bool(pattern.match(base))
    return (
        rules.modifiers
        and bool(pattern.match(base))
        and all(_MODIFIER.match(m) for m in modifiers.split("-"))
    )


def check_codes(text: str, rules: CodeRules) -> list[str]:
    """The typed codes, upper case, in the order typed; raises MalformedCode naming the
    first entry that is not shaped like a code of the item's system."""
    words = [w.upper() for w in _SEPARATORS.split(text.strip()) if w]
    codes: list[str] = []
    for word in words:
        if (
            rules.modifiers
            and codes
            and _MODIFIER.match(word)
            and "-" not in word
            and not _SHAPES[rules.system].match(word)
        ):
            codes[-1] = f"{codes[-1]}-{word}"  # `99214 25`: the modifier as its own word
            continue
        codes.append(word)
    for code in codes:
        if not _shaped(rules, code):
            raise MalformedCode(f"`{code}` is not {_article(rules.name)} {rules.name} code")
    return codes


def _article(name: str) -> str:
    return "an" if name[0] in "AEFHILMNORSX" else "a"
