"""The one shape check of typed codes, shared by the full-screen UI and plain mode."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cert_prep.bank.code_shapes import CodeRules, MalformedCode, check_codes

CM, PCS, CPT, HCPCS = (CodeRules(s) for s in ("icd-10-cm", "icd-10-pcs", "cpt", "hcpcs"))


@pytest.mark.parametrize(
    ("rules", "text", "codes"),
    [
        (CM, "a41.51, R65.20", ["A41.51", "R65.20"]),
        (CM, "E119 I10", ["E119", "I10"]),
        (CM, "S72.001A", ["S72.001A"]),
        (PCS, "0dtj4zz", ["0DTJ4ZZ"]),
        (CPT, "99214 0001F 0042T 0001U", ["99214", "0001F", "0042T", "0001U"]),
        (HCPCS, "j1100; E0114", ["J1100", "E0114"]),
        (CodeRules("cpt", modifiers=True), "99214-25 12002 59", ["99214-25", "12002-59"]),
        (CodeRules("hcpcs", modifiers=True), "L3000 rt", ["L3000-RT"]),
        (CM, "", []),
    ],
)
def test_well_formed_codes_pass(rules, text, codes):
    assert check_codes(text, rules) == codes


@pytest.mark.parametrize(
    ("rules", "text", "message"),
    [
        (CM, "NNN", "`NNN` is not an ICD-10-CM code"),
        (CM, "A41.51 4A1", "`4A1` is not an ICD-10-CM code"),
        (CM, "A41.51234", "`A41.51234` is not an ICD-10-CM code"),
        (PCS, "0DTJ4ZI", "`0DTJ4ZI` is not an ICD-10-PCS code"),  # no I or O in PCS
        (PCS, "0DTJ4Z", "`0DTJ4Z` is not an ICD-10-PCS code"),
        (CPT, "9921", "`9921` is not a CPT code"),
        (CPT, "0001X", "`0001X` is not a CPT code"),
        (CPT, "99214-25", "`99214-25` is not a CPT code"),  # this item takes no modifiers
        (HCPCS, "J110", "`J110` is not an HCPCS Level II code"),
        (CodeRules("cpt", modifiers=True), "99214-2", "`99214-2` is not a CPT code"),
    ],
)
def test_malformed_entries_are_named(rules, text, message):
    with pytest.raises(MalformedCode) as raised:
        check_codes(text, rules)
    assert raised.value.message == message


def test_the_shape_check_does_not_import_textual_or_pydantic():
    code = (
        "import sys, cert_prep.bank.code_shapes as c; "
        "print('textual' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
