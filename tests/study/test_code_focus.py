"""The one code error to work on first, and its tip: chosen in the study layer for the
progress screen, the progress report and `weak --json`."""

from __future__ import annotations

from cert_prep.book.code_feedback import ERROR_LABELS
from cert_prep.study.code_focus import TIPS, code_focus, code_progress


def _counts(**given: int) -> dict[str, int]:
    counts = dict.fromkeys(ERROR_LABELS, 0)
    for key, n in given.items():
        counts[key.replace("_", " ")] = n
    return counts


def test_the_most_frequent_label_comes_first_with_its_tip():
    counts = _counts(missing=3, extra=1)
    counts["wrong 7th character"] = 5
    focus = code_focus(counts)
    assert focus is not None
    assert (focus.label, focus.count) == ("wrong 7th character", 5)
    assert "7th-character table" in focus.tip
    assert focus.as_json() == {"label": "wrong 7th character", "count": 5, "tip": focus.tip}


def test_specificity_tip_says_read_down_to_the_most_specific_subcode():
    focus = code_focus(_counts(wrong_specificity=2, missing=1))
    assert focus is not None and focus.label == "wrong specificity"
    assert "most specific subcode" in focus.tip


def test_a_tie_goes_to_the_earlier_label_and_no_errors_is_none():
    assert code_focus(_counts(missing=2, out_of_sequence=2)).label == "out of sequence"
    assert code_focus(_counts()) is None
    assert code_focus({}) is None


def test_every_error_label_has_a_tip():
    assert set(TIPS) == set(ERROR_LABELS)
    assert all(tip.endswith(".") and "\n" not in tip for tip in TIPS.values())


def test_the_book_is_not_opened_without_icd10cm_answers(store, tmp_path):
    from cert_prep.bank.loader import load_library
    from tests.conftest import FIXTURES

    library = load_library([FIXTURES / "root"])
    bank = next(iter(library.exams.values()))
    opened = []

    def opener():
        opened.append(True)
        return None

    codes = code_progress(store, bank, opener)
    assert not opened
    assert codes.focus is None and codes.counted and codes.empty
    assert codes.lookup == {"answered": 0, "accuracy": None, "median_seconds": None}
