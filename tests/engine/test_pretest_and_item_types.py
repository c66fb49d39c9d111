"""Blueprint `pretest` (unscored items mixed in) and `item_types` (what a mock may draw)."""

from __future__ import annotations

import shutil

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.engine.assembly import ExamOptions, plan_exam
from cert_prep.engine.attempt_summary import history
from cert_prep.engine.session import ExamSession
from tests.engine.support import BANKS, make_context


def _bank(tmp_path, extra: str):
    root = tmp_path / "banks"
    shutil.copytree(BANKS / "tiny", root / "tiny")
    blueprint = root / "tiny" / "exam.yaml"
    blueprint.write_text(blueprint.read_text() + extra)
    library = load_library([root], None)
    assert not [p for p in library.problems if p.severity == "error"], library.problems
    return root, library, library.exam("tiny")


def test_item_types_limit_what_a_mock_draws_but_not_drills(tmp_path):
    _root, _library, bank = _bank(tmp_path, "item_types: [single]\n")
    for seed in range(20):
        plan = plan_exam(bank, ExamOptions(seed=seed))
        assert {item.type for item in plan.items} == {"single"}
    # gamma holds one single item and wants one; beta holds two singles and wants two
    assert plan.count == 6
    assert not plan.shortfalls


def test_item_types_shortfall_is_reported(tmp_path):
    _root, _library, bank = _bank(tmp_path, "item_types: [code]\n")
    plan = plan_exam(bank, ExamOptions(seed=3))
    assert {s.domain for s in plan.shortfalls} == {"alpha", "beta"}
    assert all(item.type == "code" for item in plan.items)


def test_full_mock_adds_pretest_items_and_scores_only_the_others(tmp_path, clock):
    root, library, bank = _bank(tmp_path, "pretest: 3\n")
    assert bank.blueprint.scored_questions == 6
    assert bank.blueprint.total_questions == 9
    plan = plan_exam(bank, ExamOptions(seed=5))
    assert plan.count == 9
    assert len(plan.pretest) == 3
    assert plan.pretest <= {item.id for item in plan.items}
    # pretest items sit among their domain's items, not at the end
    context = make_context(tmp_path, clock, library, roots=(root,))
    store = context.store()
    session = ExamSession.start(store, bank, plan, clock)
    # Answer every question right: the score must count the 6 scored items only.
    for index in range(session.count):
        session.go_to(index)
        entry = session.current
        if entry.kind == "code":
            session.set_codes(", ".join(entry.question.answer))
        elif entry.kind == "multi":
            session.set_choices(entry.letters(entry.question.answer))
        else:
            session.choose(entry.letters(entry.question.answer)[0])
    result = session.submit()
    assert (result.score.correct, result.score.total) == (6, 6)
    assert len(result.pretest) == 3
    note = result.pretest_note()
    assert note is not None and note.startswith("3 unscored pretest items were mixed in")
    [summary] = history(store)
    assert summary["total"] == 6
    assert sorted(summary["pretest"]) == sorted(plan.pretest)
    assert sum(d["total"] for d in summary["domains"]) == 6
    context.close()


def test_pretest_items_are_wrong_answers_do_not_lower_the_score(tmp_path, clock):
    root, library, bank = _bank(tmp_path, "pretest: 2\n")
    plan = plan_exam(bank, ExamOptions(seed=11))
    context = make_context(tmp_path, clock, library, roots=(root,))
    session = ExamSession.start(context.store(), bank, plan, clock)
    for index in range(session.count):
        session.go_to(index)
        entry = session.current
        if entry.item.id in plan.pretest or entry.kind == "code":
            continue  # pretest items left unanswered (wrong); no codes typed
        if entry.kind == "multi":
            session.set_choices(entry.letters(entry.question.answer))
        else:
            session.choose(entry.letters(entry.question.answer)[0])
    result = session.submit()
    scored_codes = sum(
        1 for e in result.entries if e.kind == "code" and e.item.id not in plan.pretest
    )
    assert result.score.total == 6
    assert result.score.correct == 6 - scored_codes
    context.close()


@pytest.mark.parametrize(
    "options", [ExamOptions(seed=1, questions=4), ExamOptions(seed=1, minutes=30)]
)
def test_practice_exams_have_no_pretest_items(tmp_path, options):
    _root, _library, bank = _bank(tmp_path, "pretest: 3\n")
    plan = plan_exam(bank, options)
    assert plan.pretest == frozenset()


def test_plain_history_says_how_many_pretest_items_and_where_they_are_named(
    tmp_path, clock, capsys
):
    from cert_prep.cli.main import main

    root, library, bank = _bank(tmp_path, "pretest: 3\n")
    context = make_context(tmp_path, clock, library, roots=(root,))
    session = ExamSession.start(context.store(), bank, plan_exam(bank, ExamOptions(seed=5)), clock)
    session.submit()
    context.close()
    capsys.readouterr()
    assert main(["history", "--data-dir", str(tmp_path / "data"), "--banks", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("#1 ") and "0/6 (0%)" in lines[0]
    assert lines[1] == (
        "       3 unscored pretest items not counted; `cert-prep report 1` names them"
    )
    assert all(len(line) <= 80 for line in lines)
