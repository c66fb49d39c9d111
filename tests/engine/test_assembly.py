"""Seeded assembly: blueprint counts, fresh items first, cases together, short exams, drills."""

from __future__ import annotations

import pytest

from cert_prep.engine.assembly import (
    AssemblyError,
    ExamOptions,
    apportion,
    choose_drill_exam,
    plan_bank_file_drill,
    plan_drill,
    plan_exam,
    practice_size,
)
from cert_prep.engine.session import Entry
from tests.engine.support import BANKS


def domains_of(plan) -> list[str]:
    return [item.domain for item in plan.items]


# ---- sizes ----------------------------------------------------------------------------------


def test_apportion_keeps_proportions_and_total():
    cpc = [6, 4, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 4, 4]
    for total in (1, 10, 20, 50, 99, 100):
        shares = apportion(cpc, total)
        assert sum(shares) == total
        for weight, share in zip(cpc, shares, strict=True):
            assert abs(share - weight * total / 100) < 1
    assert apportion(cpc, 100) == cpc


def test_apportion_largest_remainder_ties_go_to_the_earlier_domain():
    # quotas 1.5, 1.0, 0.5: one seat left over, remainders .5 and .5 -> the first domain
    assert apportion([3, 2, 1], 3) == [2, 1, 0]
    assert apportion([1, 1, 1], 2) == [1, 1, 0]
    assert apportion([0, 0], 5) == [0, 0]


def test_practice_size_keeps_the_pace_of_the_full_exam():
    assert practice_size(100, 240, None, None) == (100, 240)
    assert practice_size(100, 240, 20, None) == (20, 48)
    assert practice_size(100, 240, None, 60) == (25, 60)
    assert practice_size(100, 240, 10, 30) == (10, 30)
    assert practice_size(6, 60, 1, None) == (1, 10)
    assert practice_size(100, 240, 3, None) == (3, 8)  # 7.2 minutes rounds up


@pytest.mark.parametrize("questions,minutes", [(0, None), (101, None), (None, 0), (5, 2000)])
def test_practice_size_rejects_bad_values(questions, minutes):
    with pytest.raises(AssemblyError) as info:
        practice_size(100, 240, questions, minutes)
    assert info.value.exit_code == 2


# ---- mock exams -----------------------------------------------------------------------------


def test_full_exam_draws_each_domain_count_in_blueprint_order(tiny):
    plan = plan_exam(tiny, ExamOptions(seed=1))
    assert domains_of(plan) == ["alpha"] * 3 + ["beta"] * 2 + ["gamma"]
    assert plan.time_limit_s == 3600
    assert len({item.id for item in plan.items}) == 6
    assert plan.shortfalls == []
    assert all(order is None for order in plan.choice_orders)


def test_same_seed_same_exam_and_seeds_differ(tiny):
    first = [it.id for it in plan_exam(tiny, ExamOptions(seed=7)).items]
    again = [it.id for it in plan_exam(tiny, ExamOptions(seed=7)).items]
    assert first == again
    others = {tuple(it.id for it in plan_exam(tiny, ExamOptions(seed=s)).items) for s in range(20)}
    assert len(others) > 3


def test_a_case_stays_together_beside_its_record(tiny):
    seen_case = 0
    for seed in range(60):
        ids = [it.id for it in plan_exam(tiny, ExamOptions(seed=seed)).items]
        if "tiny-a5" in ids or "tiny-a6" in ids:
            seen_case += 1
            at = ids.index("tiny-a5")
            assert ids[at + 1] == "tiny-a6", ids
    assert seen_case > 5  # the case was drawn often enough for the check to mean something


def test_enemies_never_share_a_mock_exam_and_the_counts_hold(tmp_path):
    import shutil

    from cert_prep.bank.loader import load_library

    root = tmp_path / "banks"
    shutil.copytree(BANKS / "tiny", root / "tiny")
    alpha = root / "tiny" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    # the case's second question gives the first one's answer away
    text = text.replace("  - id: tiny-a6\n", "  - id: tiny-a6\n    enemies: [tiny-a5]\n")
    alpha.write_text(text, encoding="utf-8")
    library = load_library([root], None)
    assert not [p for p in library.problems if p.severity == "error"]
    bank = library.exams["tiny"]
    drawn = {"tiny-a5": 0, "tiny-a6": 0}
    for seed in range(80):
        ids = [it.id for it in plan_exam(bank, ExamOptions(seed=seed)).items]
        assert not {"tiny-a5", "tiny-a6"} <= set(ids), ids
        assert domains_of(plan_exam(bank, ExamOptions(seed=seed))).count("alpha") == 3
        for one in drawn:
            drawn[one] += one in ids
    assert min(drawn.values()) > 5  # each side is drawn: the case is split, not dropped


def test_items_met_in_earlier_mock_exams_come_last(tiny):
    first = plan_exam(tiny, ExamOptions(seed=3))
    seen = {it.id for it in first.items}
    second = plan_exam(tiny, ExamOptions(seed=3), seen)
    alpha_first = {it.id for it in first.items if it.domain == "alpha"}
    alpha_second = {it.id for it in second.items if it.domain == "alpha"}
    # alpha has 6 questions and 3 were met: the next exam takes the 3 others
    assert alpha_first.isdisjoint(alpha_second)
    beta_second = {it.id for it in second.items if it.domain == "beta"}
    assert beta_second.isdisjoint({it.id for it in first.items if it.domain == "beta"})
    # gamma has 2: the one not met is preferred
    gamma = [it.id for it in second.items if it.domain == "gamma"]
    assert gamma[0] not in seen


def test_when_every_item_was_met_the_exam_still_fills_up(tiny):
    seen = {it.id for it in tiny.items}
    plan = plan_exam(tiny, ExamOptions(seed=2), seen)
    assert len(plan.items) == 6


def test_short_practice_exam_keeps_domain_proportions(tiny):
    plan = plan_exam(tiny, ExamOptions(seed=1, questions=3))
    assert domains_of(plan) == ["alpha", "alpha", "beta"]
    assert plan.time_limit_s == 30 * 60
    by_minutes = plan_exam(tiny, ExamOptions(seed=1, minutes=20))
    assert len(by_minutes.items) == 2
    assert by_minutes.time_limit_s == 20 * 60


def test_too_few_questions_in_a_domain_is_reported(library):
    plan = plan_exam(library.exam("mini"), ExamOptions(seed=1))
    assert [(s.domain, s.wanted, s.available) for s in plan.shortfalls] == [("two", 2, 1)]
    assert domains_of(plan) == ["one", "one", "two"]


def test_shuffle_stores_a_permutation_per_choice_item(tiny):
    plan = plan_exam(tiny, ExamOptions(seed=5, shuffle=True))
    for item, order in zip(plan.items, plan.choice_orders, strict=True):
        if item.question.type == "code":
            assert order is None
        else:
            assert sorted(order) == sorted(item.question.choices)
    assert any(order != sorted(order) for order in plan.choice_orders if order)
    again = plan_exam(tiny, ExamOptions(seed=5, shuffle=True))
    assert again.choice_orders == plan.choice_orders
    # the same seed draws the same questions with or without --shuffle
    assert [i.id for i in plan_exam(tiny, ExamOptions(seed=5)).items] == [i.id for i in plan.items]


def test_shuffled_choices_are_lettered_in_display_order(tiny):
    item = tiny.item("tiny-a1")
    entry = Entry(0, item, "alpha", ["C", "A", "D", "B"])
    shown = [(c.letter, c.key) for c in entry.choices()]
    assert shown == [("A", "C"), ("B", "A"), ("C", "D"), ("D", "B")]
    assert entry.choice("b").key == "A"
    assert entry.choice("4").key == "B"
    assert entry.letters(["B"]) == ["D"]  # the key, as the student sees it
    plain = Entry(0, item, "alpha", None)
    assert [(c.letter, c.key) for c in plain.choices()] == [(k, k) for k in "ABCD"]


def test_an_exam_without_questions_is_refused(library, tmp_path):
    import shutil

    from cert_prep.bank.loader import load_library

    root = tmp_path / "banks"
    (root / "tiny").mkdir(parents=True)
    shutil.copy(BANKS / "tiny" / "exam.yaml", root / "tiny" / "exam.yaml")
    empty = load_library([root]).exam("tiny")
    with pytest.raises(AssemblyError, match="no questions"):
        plan_exam(empty, ExamOptions(seed=1))


# ---- drills ---------------------------------------------------------------------------------


def test_drill_by_domain_and_count(tiny):
    plan = plan_drill(tiny, domains=["alpha"], count=4, seed=1)
    assert len(plan.items) == 4
    assert {it.domain for it in plan.items} == {"alpha"}
    assert plan_drill(tiny, domains=["alpha"], count=4, seed=1).items == plan.items
    assert plan.intro and "Alpha domain" in plan.intro[0]


def test_drills_go_through_the_pool_before_any_repeat(tiny):
    """Questions never answered first, then those answered longest ago: a student drilling
    one domain again and again meets every question before a repeat."""
    last: dict[str, int] = {}

    def drill(seed: int) -> list[str]:
        plan = plan_drill(tiny, domains=["alpha"], count=3, seed=seed, last_seen=last)
        return [it.id for it in plan.items]

    first = drill(0)  # alpha: 6 questions (a5 and a6 are one case), 3 a drill
    last.update({item_id: n for n, item_id in enumerate(first, start=1)})
    second = drill(1)
    last.update({item_id: n for n, item_id in enumerate(second, start=10)})
    assert set(first).isdisjoint(second) and len(set(first + second)) == 6
    # then it starts over with the questions answered longest ago: the first drill's
    assert set(drill(2)) == set(first)
    last["tiny-a5"] = 0  # a case waits for its most recently answered question
    assert set(drill(2)) == set(first)
    # without a history the drill is the seeded shuffle it always was
    assert (
        plan_drill(tiny, domains=["alpha"], count=3, seed=0).items
        == plan_drill(tiny, domains=["alpha"], count=3, seed=0, last_seen={}).items
    )


def test_drill_by_tag_and_too_few(tiny):
    plan = plan_drill(tiny, tags=["letters"], count=10, seed=1)
    assert sorted(it.id for it in plan.items) == ["tiny-a2", "tiny-a4"]
    assert any("Only 2" in line for line in plan.intro)


def test_drill_errors_are_clear(tiny):
    with pytest.raises(AssemblyError, match="no domain `nope`"):
        plan_drill(tiny, domains=["nope"])
    with pytest.raises(AssemblyError, match="no question of tiny has the tag `missing-tag`"):
        plan_drill(tiny, tags=["missing-tag"])
    with pytest.raises(AssemblyError, match="at least 1"):
        plan_drill(tiny, count=0)


def test_the_drill_exam_is_inferred_from_the_filters(library):
    assert choose_drill_exam(library, None, ["alpha"], []).id == "tiny"
    assert choose_drill_exam(library, None, [], ["markup"]).id == "tiny"
    assert choose_drill_exam(library, "mini", [], []).id == "mini"
    assert choose_drill_exam(library, None, [], [], last_exam="mini").id == "mini"
    with pytest.raises(AssemblyError, match="--exam"):
        choose_drill_exam(library, None, [], [])
    with pytest.raises(AssemblyError, match="unknown exam"):
        choose_drill_exam(library, "zzz", [], [])


def test_bank_file_drill_takes_exactly_its_questions_in_order(library):
    plan = plan_bank_file_drill(library, BANKS / "tiny" / "beta.yaml")
    assert [it.id for it in plan.items] == ["tiny-b1", "tiny-b2", "tiny-b3", "tiny-b4"]
    with pytest.raises(AssemblyError):
        plan_bank_file_drill(library, BANKS / "tiny" / "nope.yaml")
