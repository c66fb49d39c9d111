"""Search as a coder types: spelling variants, chart abbreviations, whole short words, and
ranking that reads "with" and "without" (T1 report, problem 4)."""

from __future__ import annotations

import pytest

from cert_prep.book import query as book_query
from cert_prep.book.text import search_lines


def codes(book, text: str, limit: int = 10) -> list[str]:
    return [r.code for r in book.search(text, limit)]


@pytest.mark.parametrize("typed", ["preeclampsia", "pre-eclampsia", "Pre eclampsia"])
def test_hyphens_are_optional(book, typed):
    # Pre-eclampsia, unspecified (the billable default, O14.90, before its header O14.9).
    assert codes(book, typed, 3)[0] in {"O14", "O14.9", "O14.90"}


def test_the_bank_records_words_find_the_code(book):
    # A CCS case record says "severe preeclampsia" at delivery.
    assert codes(book, "preeclampsia severe childbirth")[0] == "O14.14"


def test_a_joined_query_finds_a_hyphenated_title_and_the_other_way_round(book):
    assert codes(book, "post-procedural fever")[0] == "R50.82"  # the list: "Postprocedural"
    assert "K21.9" in codes(book, "gastroesophageal reflux")  # the list: "Gastro-esophageal"


def test_british_spellings_find_the_american_titles(book):
    assert codes(book, "anaemia", 3)[0] == "D64.9"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("UTI", "N39.0"),
        ("uti", "N39.0"),
        ("CKD stage 3b", "N18.32"),
        ("COPD", "J44.9"),
        ("CHF", "I50.9"),
        ("HTN", "I10"),
        ("T2DM with CKD", "E11.22"),
        ("NSTEMI", "I21.4"),
        ("MI", "I21.9"),
        ("AFib", "I48.91"),
        ("ESRD", "N18.6"),
        ("AKI", "N17.9"),
        ("URI", "J06.9"),
        ("DVT left leg", "I82.402"),
        ("acute on chronic systolic CHF", "I50.23"),
    ],
)
def test_chart_abbreviations_find_what_the_list_calls_them(book, typed, code):
    assert codes(book, typed, 3)[0] == code


@pytest.mark.parametrize("typed", ["GERD", "BPH", "CAD", "PE", "TIA"])
def test_more_abbreviations_find_their_codes(book, typed):
    expected = {"GERD": "K21", "BPH": "N40", "CAD": "I25.1", "PE": "I26", "TIA": "G45.9"}
    assert expected[typed] in codes(book, typed, 5)


def test_a_short_abbreviation_is_a_whole_word_not_a_prefix(book):
    found = codes(book, "UTI", 40)
    assert "Z59.12" not in found and "T58.1" not in found  # "utilities", "utility gas"


def test_with_x_ranks_above_without_x(book):
    found = codes(book, "hypertensive heart and chronic kidney disease with heart failure")
    assert found[0] == "I13.0"
    assert found.index("I13.2") < found.index("I13.1")
    assert found.index("I13.0") < found.index("I13.10")


def test_without_x_ranks_above_with_x(book):
    found = codes(book, "hypertensive heart and chronic kidney disease without heart failure")
    assert found[0] == "I13.1"
    assert found.index("I13.10") < found.index("I13.0")


def test_the_unspecified_default_comes_before_more_specific_codes(book):
    found = codes(book, "urinary tract infection", 3)
    assert found[0] == "N39.0"  # not "Neonatal urinary tract infection"


def test_plain_mode_and_the_cli_say_the_same(book):
    assert search_lines(book, "UTI")[0].startswith("N39.0")


def test_every_abbreviation_finds_something(book):
    for abbreviation in book_query.ABBREVIATIONS:
        assert book.search(abbreviation, 1), abbreviation


def test_query_parsing():
    parsed = book_query.parse("UTI without fever")
    assert [s.negated for s in parsed.slots] == [False, True]
    uti = parsed.slots[0]
    assert book_query.Term("uti", True) in uti.alternatives[0]
    assert tuple(t.word for t in uti.alternatives[1]) == ("urinary", "tract", "infection")
    # Only small words: they are what was asked for.
    assert [s.alternatives[0][0].word for s in book_query.parse("and").slots] == ["and"]


@pytest.mark.parametrize(
    ("typed", "billable", "header"),
    [
        ("preeclampsia", "O14.90", "O14.9"),
        ("unspecified pre-eclampsia", "O14.90", "O14.9"),
        ("severe preeclampsia", "O14.10", "O14.1"),
        ("UTI in pregnancy", "O23.40", "O23.4"),
    ],
)
def test_a_billable_default_is_not_ranked_below_its_header(book, typed, billable, header):
    # ", unspecified trimester" leaves a detail at its default: it adds no word, so the
    # code a coder reports matches as well as its header, and billable goes first.
    found = codes(book, typed)
    assert header in found  # the header stays visible
    assert found.index(billable) < found.index(header)


def test_a_default_detail_adds_no_word_but_what_follows_with_does():
    preeclampsia = book_query.parse("preeclampsia")
    title = "Unspecified pre-eclampsia, unspecified trimester"
    assert book_query.extra_words(title, preeclampsia) == 0
    alcohol = book_query.parse("alcohol use")
    assert book_query.extra_words("Alcohol use, unspecified with intoxication", alcohol) == 1
    # Only a later clause: "Unspecified infection ... in pregnancy" says pregnancy.
    uti = book_query.parse("urinary tract infection")
    assert book_query.extra_words("Unspecified infection of urinary tract in pregnancy", uti) == 1
