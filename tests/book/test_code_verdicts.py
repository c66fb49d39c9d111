"""code_verdicts: which classifier an answered code item gets, and when there is none."""

from __future__ import annotations

from types import SimpleNamespace

from cert_prep.book.code_feedback import code_verdicts


def _question(system, answer, sequence="any"):
    return SimpleNamespace(code_system=system, answer=answer, sequence=sequence)


def test_pcs_and_cpt_use_right_wrong_missing_without_the_book():
    pcs = code_verdicts(_question("icd-10-pcs", ["0DTJ4ZZ"]), ["0DTJ0ZZ"], None)
    # The near miss names the code it missed, which is not listed as missing again.
    assert [v.line() for v in pcs] == [
        "0DTJ0ZZ - wrong. Character 5 (approach) is 0; compare 0DTJ4ZZ",
    ]
    two = code_verdicts(_question("icd-10-pcs", ["0DTJ4ZZ", "0SR9019"]), ["0DTJ0ZZ"], None)
    assert [v.line() for v in two] == [
        "0DTJ0ZZ - wrong. Character 5 (approach) is 0; compare 0DTJ4ZZ",
        "0SR9019 - missing. Expected but not entered",
    ]
    cpt = code_verdicts(
        _question("cpt", ["99214", "36415"], "principal-first"), ["36415", "99214"], None
    )
    assert [v.label for v in cpt] == ["out of sequence", "out of sequence"]


def test_none_without_an_answer_a_code_item_or_the_book():
    assert code_verdicts(_question("icd-10-cm", ["E11.9"]), ["E11.9"], None) is None
    assert code_verdicts(_question("cpt", ["99214"]), None, None) is None
    assert code_verdicts(SimpleNamespace(answer="B"), "B", None) is None


def test_icd10cm_with_the_real_book(book_cache):
    from cert_prep.book.book import Book, BookLookup

    book = Book.open(book_cache)
    try:
        verdicts = code_verdicts(
            _question("icd-10-cm", ["S72.001A"]), ["S72.001D"], BookLookup(book)
        )
    finally:
        book.close()
    assert verdicts[0].label == "wrong 7th character"
    assert "D subsequent encounter" in verdicts[0].line()
    assert "expected A initial encounter" in verdicts[0].line()
