"""Lookup drills generated from the book: unambiguous keys, no giveaways, exam weights."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cert_prep.book.lookup import LookupError_, chapter_weights, generate


@pytest.fixture(scope="module")
def pool(book_cache):
    from cert_prep.book.book import Book

    book = Book.open(book_cache)
    try:
        yield book.lookup_candidates()
    finally:
        book.close()


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def test_a_thousand_questions_have_billable_unambiguous_keys_and_no_giveaways(book, pool):
    questions = [q for seed in range(10) for q in generate(pool, 100, seed)]
    assert len(questions) == 1000
    # Which billable codes carry each phrase, over the whole tabular list.
    owners: dict[str, set[str]] = {}
    for row in book.index.billable_rows():
        for text in [row.title, *row.notes.get("inclusion_terms", [])]:
            owners.setdefault(_norm(text), set()).add(row.code)
    for q in questions:
        row = book.row(q.code)
        assert row is not None and row.billable, q
        prompt = _norm(q.prompt)
        assert q.code.lower() not in prompt and q.code.replace(".", "").lower() not in prompt
        assert _norm(row.title) not in prompt, q
        assert owners[_norm(q.phrase)] == {q.code}, q
    # Within one drill a code is asked once.
    for seed in range(10):
        drill = generate(pool, 100, seed)
        assert len({q.code for q in drill}) == len(drill)


def test_same_seed_same_drill(pool):
    assert generate(pool, 20, 7) == generate(pool, 20, 7)
    assert generate(pool, 20, 7) != generate(pool, 20, 8)


def test_chapter_weights_steer_the_mix(pool):
    weights = {"4": 50.0, "9": 30.0}
    drill = generate(pool, 200, 1, weights)
    chapters = Counter(q.chapter for q in drill)
    assert chapters["4"] + chapters["9"] > 100
    assert len(chapters) > 2  # other chapters still appear a little


def test_chapter_and_block_filters(pool):
    drill = generate(pool, 15, 2, chapter="4")
    assert drill and {q.chapter for q in drill} == {"4"}
    assert all(re.match(r"E", q.code) for q in drill)
    drill = generate(pool, 10, 2, block="e08-e13")
    assert drill and {q.block for q in drill} == {"E08-E13"}
    with pytest.raises(LookupError_):
        generate(pool, 5, 1, chapter="99")
    with pytest.raises(LookupError_):
        generate(pool, 5, 1, block="Z99-Z99X")


def test_chapter_weights_count_codes_per_chapter():
    assert chapter_weights(
        ["E11.9", "E11.22", "I10", "X"], {"E11.9": "4", "E11.22": "4", "I10": "9"}
    ) == {"4": 2.0, "9": 1.0}
