"""Code-level feedback labels, against the real book."""

from __future__ import annotations

import pytest

from cert_prep.book.book import BookLookup
from cert_prep.book.code_feedback import (
    ERROR_LABELS,
    classify_icd10cm,
    classify_other,
    error_counts,
)


@pytest.fixture
def lookup(book):
    return BookLookup(book)


def labels(verdicts):
    return [(v.code, v.label) for v in verdicts]


def test_all_right_in_order(lookup):
    out = classify_icd10cm(["A41.51", "R65.21"], ["a4151", "R65.21"], True, lookup)
    assert labels(out) == [("a4151", "correct"), ("R65.21", "correct")]
    assert out[0].title.startswith("Sepsis due to Escherichia coli")


def test_out_of_sequence_both_ways(lookup):
    out = classify_icd10cm(["A41.51", "N10"], ["N10", "A41.51"], True, lookup)
    assert labels(out) == [("N10", "out of sequence"), ("A41.51", "out of sequence")]
    assert "A41.51" in out[0].detail
    # With sequence `any`, order never matters.
    out = classify_icd10cm(["A41.51", "N10"], ["N10", "A41.51"], False, lookup)
    assert {v.label for v in out} == {"correct"}


def test_wrong_seventh_character_names_both_meanings(lookup):
    [verdict] = classify_icd10cm(["S72.001A"], ["S72.001D"], False, lookup)
    assert verdict.label == "wrong 7th character"
    assert verdict.expected == "S72.001A"
    assert verdict.detail.startswith("D subsequent encounter for closed fracture")
    assert "expected A initial encounter for closed fracture" in verdict.detail


def test_wrong_specificity_shows_both_titles(lookup):
    [verdict] = classify_icd10cm(["E11.22"], ["E11.9"], False, lookup)
    assert verdict.label == "wrong specificity"
    assert verdict.title == "Type 2 diabetes mellitus without complications"
    assert verdict.expected_title == "Type 2 diabetes mellitus with diabetic chronic kidney disease"
    assert "E11.22" in verdict.line()


def test_incomplete_not_a_code_extra_and_missing(lookup):
    out = classify_icd10cm(
        ["E11.22", "N18.31", "I10"], ["E11.2", "Q99.99", "J45.909"], False, lookup
    )
    assert labels(out) == [
        ("E11.2", "incomplete code"),
        ("Q99.99", "not a code"),
        ("J45.909", "extra"),
        ("N18.31", "missing"),
        ("I10", "missing"),
    ]
    # The header accounts for the code it falls short of: E11.22 is not also "missing".
    assert out[0].expected == "E11.22"
    assert out[1].title is None and out[2].title.startswith("Unspecified asthma")


def test_every_code_gets_exactly_one_label(lookup):
    out = classify_icd10cm(["S72.001A", "W19.XXXA"], ["S72.001A", "S72.001A"], True, lookup)
    assert labels(out) == [("S72.001A", "correct"), ("S72.001A", "extra"), ("W19.XXXA", "missing")]
    assert out[1].detail == "entered twice"
    counts = error_counts(out)
    assert set(counts) == set(ERROR_LABELS)
    assert counts["extra"] == 1 and counts["missing"] == 1 and counts["not a code"] == 0


def test_pcs_names_the_first_wrong_character_and_its_axis():
    out = classify_other("icd-10-pcs", ["0DTJ4ZZ"], ["0DTJ0ZZ"], False)
    assert labels(out) == [("0DTJ0ZZ", "wrong")]  # it names 0DTJ4ZZ: not "missing" too
    assert out[0].detail == "character 5 (approach) is 0; compare 0DTJ4ZZ"


def test_cpt_out_of_sequence_and_modifiers():
    out = classify_other("cpt", ["27447-RT", "20985"], ["20985", "27447-rt"], True)
    assert labels(out) == [("20985", "out of sequence"), ("27447-rt", "out of sequence")]
    out = classify_other("hcpcs", ["J1885"], ["J1100"], False)
    assert labels(out) == [("J1100", "wrong"), ("J1885", "missing")]


def test_a_billable_category_is_never_an_incomplete_code(lookup):
    out = classify_icd10cm(["I10", "J14"], ["I10", "J14"], False, lookup)
    assert labels(out) == [("I10", "correct"), ("J14", "correct")]
    out = classify_icd10cm(["J15.0"], ["J14"], False, lookup)
    assert labels(out) == [("J14", "extra"), ("J15.0", "missing")]
