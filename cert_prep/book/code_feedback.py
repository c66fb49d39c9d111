"""Code-level feedback: what each entered and each expected code of a code item was,
explained as a coding instructor would, from the structure of the codes.

ICD-10-CM items get exactly one label per code:

- `correct`
- `out of sequence`: a right code where the principal (first-listed) belongs, or the
  principal entered later (principal-first items only)
- `wrong 7th character`: an expected code but for the 7th character
- `wrong specificity`: the same category (first three characters) as an expected code
  that was not entered
- `incomplete code`: a valid header that needs more characters
- `not a code`: not in ICD-10-CM
- `extra`: a valid, billable code with none of the relations above
- `missing`: an expected code that nothing above accounts for

ICD-10-PCS, CPT and HCPCS items get `correct`, `wrong`, `missing` and `out of sequence`;
for PCS a wrong code names the first wrong character and its axis.

The book is reached through a small protocol (title, billable, 7th-character table), so
this module needs no index in tests and no textual or SQL anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

LABELS = (
    "correct",
    "out of sequence",
    "wrong 7th character",
    "wrong specificity",
    "incomplete code",
    "not a code",
    "extra",
    "missing",
)
ERROR_LABELS = LABELS[1:]
PCS_AXES = (
    "section",
    "body system",
    "root operation",
    "body part",
    "approach",
    "device",
    "qualifier",
)


class CodeLookup(Protocol):
    def title(self, code: str) -> str | None: ...

    def is_billable(self, code: str) -> bool: ...

    def seventh_characters(self, code: str) -> dict[str, str]: ...


@dataclass(frozen=True)
class CodeVerdict:
    code: str  # as entered (or expected, for `missing`)
    label: str
    title: str | None = None  # what the entered code means, from the book
    expected: str | None = None  # the expected code it was compared with
    expected_title: str | None = None
    detail: str = ""  # one line for the student

    @property
    def is_error(self) -> bool:
        return self.label != "correct"

    def line(self) -> str:
        """`E11.9 - wrong specificity: ...` as drill feedback and plain mode print it."""
        return f"{self.code} - {self.explanation()}"

    def explanation(self) -> str:
        """What the line says after `E11.9 - `: the label, the code's title, the detail
        (a wrapped line hangs under it, not under the code)."""
        text = self.label
        if self.title:
            text += f": {self.title}"
        if not self.detail:
            return text
        return f"{text}. {self.detail[:1].upper()}{self.detail[1:]}"


def _sequence_detail(label: str, is_principal: bool, principal: str, what: str) -> str:
    """Why a right code is out of sequence, from where it stands."""
    if label != "out of sequence":
        return ""
    first = "principal (first-listed) diagnosis" if what == "diagnosis" else "first-listed code"
    if is_principal:
        return f"It is the {first}: enter it first"
    return f"{principal} is the {first} and goes first"


def norm(code: str) -> str:
    return code.replace(".", "").replace(" ", "").upper()


def _sequence_label(
    position: int,
    code: str,
    expected: Sequence[str],
    principal_first: bool,
    entered_first: str | None,
) -> str:
    if not principal_first or not expected:
        return "correct"
    principal = norm(expected[0])
    if code == principal and position != 0:
        return "out of sequence"
    if code != principal and position == 0 and entered_first != principal:
        return "out of sequence"
    return "correct"


def classify_icd10cm(
    expected: Sequence[str], entered: Sequence[str], principal_first: bool, book: CodeLookup
) -> list[CodeVerdict]:
    """One verdict per entered code, in the order typed, then one per missing code."""
    wanted = [norm(c) for c in expected]
    shown = {norm(c): c for c in expected}
    typed = [norm(c) for c in entered]
    first = typed[0] if typed else None
    accounted: set[str] = {c for c in typed if c in wanted}
    verdicts: list[CodeVerdict] = []
    repeated: set[str] = set()
    for position, (raw, code) in enumerate(zip(entered, typed, strict=True)):
        title = book.title(code)
        if code in repeated:
            verdicts.append(CodeVerdict(raw, "extra", title, detail="entered twice"))
            continue
        repeated.add(code)
        if code in wanted:
            label = _sequence_label(position, code, expected, principal_first, first)
            detail = _sequence_detail(label, code == wanted[0], shown[wanted[0]], "diagnosis")
            verdicts.append(CodeVerdict(raw, label, title, shown[code], title, detail))
            continue
        if title is None:
            verdicts.append(CodeVerdict(raw, "not a code", detail="no such code in ICD-10-CM"))
            continue
        if not book.is_billable(code):
            target = next((w for w in wanted if w.startswith(code) and w not in accounted), None)
            if target:
                accounted.add(target)
            verdicts.append(
                CodeVerdict(
                    raw,
                    "incomplete code",
                    title,
                    shown.get(target or ""),
                    None,
                    "a header: it needs more characters to be reported",
                )
            )
            continue
        open_wanted = [w for w in wanted if w not in accounted]
        seventh = next(
            (
                w
                for w in open_wanted
                if len(w) == 7 == len(code) and w[:6] == code[:6] and w[6] != code[6]
            ),
            None,
        )
        if seventh:
            accounted.add(seventh)
            table = book.seventh_characters(seventh)
            have = f"{code[6]} {table.get(code[6], '')}".strip()
            want = f"{seventh[6]} {table.get(seventh[6], '')}".strip()
            verdicts.append(
                CodeVerdict(
                    raw,
                    "wrong 7th character",
                    title,
                    shown[seventh],
                    book.title(seventh),
                    f"{have}, expected {want}",
                )
            )
            continue
        sibling = next((w for w in open_wanted if w[:3] == code[:3]), None)
        if sibling:
            accounted.add(sibling)
            other = book.title(sibling)
            verdicts.append(
                CodeVerdict(
                    raw,
                    "wrong specificity",
                    title,
                    shown[sibling],
                    other,
                    f"expected {shown[sibling]}: {other}",
                )
            )
            continue
        verdicts.append(
            CodeVerdict(raw, "extra", title, detail="not among the codes this record supports")
        )
    for code in wanted:
        if code not in accounted:
            verdicts.append(
                CodeVerdict(
                    shown[code],
                    "missing",
                    book.title(code),
                    shown[code],
                    book.title(code),
                    "expected but not entered",
                )
            )
    return verdicts


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def classify_other(
    system: str, expected: Sequence[str], entered: Sequence[str], principal_first: bool
) -> list[CodeVerdict]:
    """ICD-10-PCS, CPT and HCPCS: right, wrong, missing and out of sequence; PCS also
    names the first wrong character and its axis."""
    wanted = [norm(c) for c in expected]
    shown = {norm(c): c for c in expected}
    typed = [norm(c) for c in entered]
    first = typed[0] if typed else None
    accounted = {c for c in typed if c in wanted}
    verdicts: list[CodeVerdict] = []
    repeated: set[str] = set()
    for position, (raw, code) in enumerate(zip(entered, typed, strict=True)):
        if code in repeated:  # a repeat scores nothing (as the marks count it)
            verdicts.append(CodeVerdict(raw, "wrong", detail="entered twice"))
            continue
        repeated.add(code)
        if code in wanted:
            label = _sequence_label(position, code, expected, principal_first, first)
            detail = _sequence_detail(label, code == wanted[0], shown[wanted[0]], "code")
            verdicts.append(CodeVerdict(raw, label, expected=shown[code], detail=detail))
            continue
        detail = ""
        if system == "icd-10-pcs" and len(code) == 7:
            open_wanted = [w for w in wanted if w not in accounted and len(w) == 7]
            candidates = open_wanted or [w for w in wanted if len(w) == 7]
            if candidates:
                closest = max(candidates, key=lambda w: _first_difference(code, w))
                if open_wanted:
                    accounted.add(closest)  # this verdict names it: not "missing" as well
                at = _first_difference(code, closest)
                detail = (
                    f"character {at + 1} ({PCS_AXES[at]}) is {code[at]}; compare {shown[closest]}"
                )
        verdicts.append(CodeVerdict(raw, "wrong", detail=detail))
    for code in wanted:
        if code not in accounted:
            verdicts.append(
                CodeVerdict(
                    shown[code], "missing", expected=shown[code], detail="expected but not entered"
                )
            )
    return verdicts


def error_counts(verdicts: Sequence[CodeVerdict]) -> dict[str, int]:
    """How often each error label occurs (for `weak --json` and the progress view)."""
    counts = dict.fromkeys(ERROR_LABELS, 0)
    for verdict in verdicts:
        if verdict.label in counts:
            counts[verdict.label] += 1
    return counts


def code_verdicts(
    question: object, response: object, book: CodeLookup | None
) -> list[CodeVerdict] | None:
    """The verdicts of an answered code item, or None when there are none to show: not a
    code item, not answered, or an ICD-10-CM item while the book is not at hand (the
    caller then shows plain right/wrong/missing)."""
    system = getattr(question, "code_system", None)
    expected = getattr(question, "answer", None)
    if system is None or not expected or not isinstance(response, list) or not response:
        return None
    principal_first = getattr(question, "sequence", "any") == "principal-first"
    if system == "icd-10-cm":
        if book is None:
            return None
        return classify_icd10cm(expected, response, principal_first, book)
    return classify_other(system, expected, response, principal_first)
