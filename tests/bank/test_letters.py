"""Bank format v1.1: rationales name choices by content (`rationale-letter`), and no choice is
a bare letter (`single-letter-choice`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cert_prep.bank.letters import is_single_letter, letter_references
from cert_prep.bank.lint import lint


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Resource use (B) does not define it.", ["(B)"]),
        ("Y (A), N (B) and W (D) are used only for codes that need one.", ["(A)", "(B)", "(D)"]),
        ("B is wrong because a CC alone moves nothing.", ["B is"]),
        ("Choice B confuses the two.", ["Choice B"]),
        ("A describes the inpatient rule; C and D are outpatient.", ["A describes", "C and D are"]),
        ("The answer is (A, C).", ["(A, C)"]),
        ("Options A and C omit the modifier.", ["Options A and C"]),
    ],
)
def test_bare_letter_references_are_found(text, found):
    assert letter_references(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Medicare Part B is the payer of last resort.",
        "Vitamin D is fat-soluble; hepatitis C is chronic.",
        "A patient is seen for a code review. A code is assigned.",
        "Type A is rare. Schedule C lists the fees. Plan B is not a contraceptive code here.",
        "The A1C is 7.2 and the B-cell count is low; E/M level E is not a thing.",
        "7th character D is for a subsequent encounter.",
        "Section (b)(2) of the rule; 164.512(e) applies.",
        "HCPCS E codes are durable medical equipment; D codes are dental.",
        "Device D is a bare-metal stent and qualifier A is uncemented.",
        "ABO group, Rh(D) type and an antibody screen.",
    ],
)
def test_ordinary_prose_is_not_a_letter_reference(text):
    assert letter_references(text) == []


def test_single_letter_choices():
    assert is_single_letter("D") and is_single_letter(" D. ") and is_single_letter("A)")
    assert not is_single_letter("7th character D")
    assert not is_single_letter("G") and not is_single_letter("AB") and not is_single_letter("d")


def test_lint_warns_on_letters_in_the_rationale_and_feedback(demo_root: Path):
    target = demo_root / "demo" / "letters.yaml"
    target.write_text(
        "exam: demo\n"
        "domain: dx\n"
        "code_year: 2026\n"
        "questions:\n"
        "  - id: letters-001\n"
        "    type: single\n"
        "    stem: Which code set reports inpatient procedures?\n"
        "    choices: {A: ICD-10-PCS, B: CPT, C: HCPCS Level II}\n"
        "    answer: A\n"
        "    feedback: {B: CPT is for outpatient services, C: 'Unlike (A), it is for supplies'}\n"
        "    rationale: ICD-10-PCS is the inpatient procedure code set. B is outpatient.\n"
        "  - id: letters-002\n"
        "    type: single\n"
        "    stem: Which code set reports physician services?\n"
        "    choices: {A: ICD-10-PCS, B: CPT}\n"
        "    answer: B\n"
        "    feedback: {A: ICD-10-PCS is for inpatient facility procedures}\n"
        "    rationale: CPT reports physician services, unlike the facility code set.\n",
        encoding="utf-8",
    )
    report, _ = lint([target], [demo_root])
    letters = [p for p in report.problems if p.code == "rationale-letter"]
    assert [(p.line, p.severity) for p in letters] == [(10, "warning"), (11, "warning")]
    assert "`B is`" in letters[1].message and "letters-001" in letters[1].message
    assert report.exit_code == 0  # warnings only: v1 banks stay valid
    strict, _ = lint([target], [demo_root], strict=True)
    assert strict.exit_code == 1
