"""`drill --lookup`: generated code items run through the ordinary drill engine, go into
the study history in their own track, come back when missed, and feed `weak --json`."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.bank.models import CodeQuestion
from cert_prep.book.code_feedback import ERROR_LABELS
from cert_prep.book.lookup import LOOKUP_DOMAIN
from cert_prep.cli.main import build_parser
from cert_prep.cli.study_commands import drill_plan
from cert_prep.clock import FakeClock
from cert_prep.context import AppContext
from cert_prep.engine.attempt_result import load_result
from cert_prep.engine.session import DrillSession
from cert_prep.errors import UserError
from cert_prep.paths import Locations, shipped_banks_dir


@pytest.fixture(scope="module")
def shipped():
    return load_library([shipped_banks_dir()])


@pytest.fixture
def clock():
    return FakeClock()


def _context(tmp_path, clock, cache, shipped=None):
    locations = Locations(
        bank_roots=(shipped_banks_dir(),),
        data_dir=tmp_path / "data",
        exports_dir=tmp_path / "exports",
        cache_dir=cache,
    )
    return AppContext(locations, clock, _library=shipped)


@pytest.fixture
def ctx(tmp_path, clock, book_cache, shipped):
    context = _context(tmp_path, clock, book_cache, shipped)
    yield context
    context.close()


def plan_for(context, *argv):
    args = build_parser().parse_args(["drill", *argv])
    return drill_plan(args, context)


def run(context, *argv):
    args = build_parser().parse_args(list(argv))
    return args.func(args, context)


def test_lookup_plan_is_code_items_in_their_own_domain(ctx, book):
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "8", "--seed", "3")
    assert plan.bank.id == "cpc" and len(plan.items) == 8
    for item in plan.items:
        q = item.question
        assert isinstance(q, CodeQuestion) and q.code_system == "icd-10-cm"
        assert item.domain == LOOKUP_DOMAIN and item.id == f"lookup-{q.answer[0]}"
        code = q.answer[0]
        title = book.title(code)
        assert book.row(code).billable
        assert code not in q.stem and title.lower() not in q.stem.lower()
        assert q.rationale.startswith(f"{code} is {title}.")
    assert "lookup" in plan.intro[0].lower()
    again = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "8", "--seed", "3")
    assert [i.id for i in again.items] == [i.id for i in plan.items]


def test_chapter_and_block_filter_and_unknown_ones_exit_2(ctx, book):
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--chapter", "4", "--count", "5")
    assert plan.items and all(book.chapter_of(i.question.answer[0]) == "4" for i in plan.items)
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--block", "E08-E13", "--count", "5")
    assert plan.items and all(
        i.question.answer[0][:3] in {"E08", "E09", "E10", "E11", "E13"} for i in plan.items
    )
    for argv, message in (
        (("--chapter", "99"), "no chapter"),
        (("--block", "Q99-Q99"), "no block"),
        (("--chapter", "4\x1b[31m"), "--chapter takes"),
    ):
        with pytest.raises(UserError, match=message) as err:
            plan_for(ctx, "--lookup", "--exam", "cpc", *argv)
        assert err.value.exit_code == 2 and "\n" not in str(err.value)
    with pytest.raises(UserError, match="add --lookup") as err:
        plan_for(ctx, "--exam", "cpc", "--chapter", "4")
    assert err.value.exit_code == 2
    with pytest.raises(UserError, match="leave out") as err:
        plan_for(ctx, "--lookup", "--exam", "cpc", "--domain", "x")
    assert err.value.exit_code == 2


def test_chapter_weights_follow_the_exam(ctx, book, shipped):
    from cert_prep.study.lookup import exam_chapter_weights

    weights = exam_chapter_weights(shipped.exam("cpc"), book)
    assert weights and all(1 <= int(ch) <= 22 for ch in weights)
    assert sum(weights.values()) > 10


def _answer_all(session, right: set[int]):
    for i, entry in enumerate(session.entries):
        session.go_to(i)
        code = entry.question.answer[0]
        session.submit_codes(code if i in right else "Z00.00")


def test_answers_are_reviews_and_a_new_process_resumes_and_summarises(
    tmp_path, clock, book_cache, shipped, ctx
):
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "3", "--seed", "9")
    session = DrillSession.start(ctx.store(), plan, clock)
    session.go_to(0)
    clock.advance(42)
    session.submit_codes(plan.items[0].question.answer[0])
    reviews = ctx.store().reviews("cpc")
    assert [(r.item_id, r.domain, r.correct) for r in reviews] == [
        (plan.items[0].id, LOOKUP_DOMAIN, True)
    ]
    attempt = session.id
    ctx.close()
    # Another process: a fresh library that has never seen these generated items.
    other = _context(tmp_path, clock, book_cache)
    try:
        bank = other.exam("cpc")
        assert all(not it.id.startswith("lookup-") for it in bank.items)
        again = DrillSession.open(other.store(), bank, attempt, clock)
        assert [e.item.id for e in again.entries] == [i.id for i in plan.items]
        assert again.entries[0].answered and not again.missing
        again.go_to(1)
        again.submit_codes("Z00.00")
        result = again.finish()
        assert (result.score.correct, result.score.total) == (1, 2)
        assert load_result(other.store(), bank, attempt).entries[1].response == ["Z00.00"]
        assert run(other, "history", "--exam", "cpc") == 0
    finally:
        other.close()


def test_missed_lookups_come_back_first_when_due(ctx, clock):
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "4", "--seed", "11")
    session = DrillSession.start(ctx.store(), plan, clock)
    _answer_all(session, right={0, 1})
    session.finish()
    missed = {plan.items[2].id, plan.items[3].id}
    clock.advance(timedelta(days=30).total_seconds())
    later = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "5", "--seed", "500")
    assert {i.id for i in later.items[:2]} == missed
    assert len({i.id for i in later.items}) == 5
    assert any("due again" in line for line in later.intro)
    # The card brings back the same question: its phrase is regenerated by code.
    first = {i.id: i.question.stem for i in plan.items}
    assert all(first[i.id] == i.question.stem for i in later.items[:2])


def test_weak_json_adds_lookup_and_code_errors(ctx, clock, capsys):
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "3", "--seed", "2")
    session = DrillSession.start(ctx.store(), plan, clock)
    session.go_to(0)
    session.submit_codes(plan.items[0].question.answer[0])
    session.go_to(1)
    session.submit_codes("Q99.99")  # not a code, and the key is missing
    session.go_to(2)
    key = plan.items[2].question.answer[0]
    session.submit_codes(key[:3])  # a header: incomplete
    session.finish()
    assert run(ctx, "weak", "--json", "--exam", "cpc") == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload)[:4] == ["exam", "predicted_percent", "pass_percent", "domains"]
    lookup = payload["lookup"]
    assert lookup["answered"] == 3 and lookup["accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert lookup["median_seconds"] is not None
    errors = payload["code_errors"]
    assert list(errors) == list(ERROR_LABELS)
    assert errors["not a code"] == 1 and errors["incomplete code"] == 1
    assert errors["missing"] == 1 and sum(errors.values()) == 3
    # Three labels once each: the tie goes to the first in the labels' order.
    focus = payload["code_focus"]
    assert list(focus) == ["label", "count", "tip"]
    assert focus["label"] == "incomplete code" and focus["count"] == 1
    assert "more characters" in focus["tip"]


def test_weak_json_code_errors_are_zeros_without_a_book(tmp_path, clock, shipped, capsys):
    context = _context(tmp_path, clock, None, shipped)
    try:
        bank = context.exam("cpc")
        item = next(
            it
            for it in bank.items
            if isinstance(it.question, CodeQuestion) and it.question.code_system == "icd-10-cm"
        )
        from cert_prep.store import Review

        context.store().add_reviews(
            [
                Review(
                    item.id,
                    "cpc",
                    item.domain,
                    "2026-11-23T09:00:00Z",
                    ["Q99.99"],
                    False,
                    30.0,
                    "drill",
                    None,
                    None,
                )
            ]
        )
        assert run(context, "weak", "--json", "--exam", "cpc") == 0
        payload = json.loads(capsys.readouterr().out)
        assert payload["code_errors"] == dict.fromkeys(ERROR_LABELS, 0)
        assert payload["code_focus"] is None
        assert payload["lookup"] == {"answered": 0, "accuracy": None, "median_seconds": None}
    finally:
        context.close()


def test_without_a_book_a_lookup_attempt_is_refused_in_one_line(tmp_path, clock, ctx):
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "2", "--seed", "4")
    attempt = DrillSession.start(ctx.store(), plan, clock).id
    ctx.close()
    bookless = _context(tmp_path, clock, None)
    try:
        bank = bookless.exam("cpc")
        assert bank.item(plan.items[0].id) is None  # not rebuilt, and no crash
        with pytest.raises(UserError, match="cannot be continued"):
            DrillSession.open(bookless.store(), bank, attempt, clock)
    finally:
        bookless.close()


def test_bank_items_are_not_shadowed_and_unknown_lookup_ids_stay_unknown(ctx):
    bank = ctx.exam("cpc")
    first = bank.items[0]
    assert bank.item(first.id) is first
    assert bank.item("lookup-Q99.999") is None
    assert bank.item("no-such-item") is None
    rebuilt = bank.item("lookup-E11.21")
    assert rebuilt is not None and rebuilt.question.answer == ["E11.21"]
    assert rebuilt.domain == LOOKUP_DOMAIN and len(bank.items) == len(ctx.exam("cpc").items)


def test_the_study_summary_counts_lookups_apart_from_bank_questions(ctx, clock):
    from cert_prep.store.reviews import LOOKUP_DOMAIN as STORE_LOOKUP_DOMAIN

    assert STORE_LOOKUP_DOMAIN == LOOKUP_DOMAIN
    plan = plan_for(ctx, "--lookup", "--exam", "cpc", "--count", "2", "--seed", "5")
    session = DrillSession.start(ctx.store(), plan, clock)
    _answer_all(session, right={0})
    summary = ctx.store().review_summary("cpc")
    assert (summary.answers, summary.items, summary.lookups) == (2, 0, 2)
