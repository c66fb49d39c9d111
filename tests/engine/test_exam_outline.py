"""An exam's outline (what its instructions say) follows from the blueprint and the number
of items each domain may draw: `outline_exam` must agree with the plan `plan_exam` draws,
since `cert-prep exam` paints the instructions from it before the banks load."""

from __future__ import annotations

import shutil

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.engine.assembly import AssemblyError, ExamOptions, outline_exam, plan_exam
from cert_prep.paths import shipped_banks_dir
from tests.engine.support import BANKS

OPTIONS = [
    {},
    {"questions": 1},
    {"questions": 4},
    {"minutes": 7},
    {"questions": 5, "minutes": 200},
    {"shuffle": True, "closed_book": True, "pausable": True},
]


def _outline_of(bank, options):
    return outline_exam(bank.blueprint, [len(p) for p in bank.mock_pools()], options)


def _tiny_with(tmp_path, extra: str):
    root = tmp_path / "banks"
    shutil.copytree(BANKS / "tiny", root / "tiny")
    blueprint = root / "tiny" / "exam.yaml"
    blueprint.write_text(blueprint.read_text() + extra)
    return load_library([root], None).exam("tiny")


@pytest.mark.parametrize(
    "extra",
    [
        "",
        "pretest: 3\n",
        "item_types: [code]\n",
        "item_types: [single]\n",
        "item_types: [single]\npretest: 4\n",  # shortfalls among the pretest items
        "item_types: [multi, code]\npretest: 2\n",
    ],
)
@pytest.mark.parametrize("chosen", OPTIONS)
def test_the_outline_is_the_drawn_plans(tmp_path, extra, chosen):
    bank = _tiny_with(tmp_path, extra)
    for seed in range(5):
        options = ExamOptions(seed=seed, **chosen)
        seen = {item.id for item in bank.items[: seed * 2]}
        outline = _outline_of(bank, options)
        if not outline.count:  # nothing to draw: the plan refuses, as the CLI's fast path does
            with pytest.raises(AssemblyError, match="hold no questions"):
                plan_exam(bank, options, seen)
            continue
        assert plan_exam(bank, options, seen).outline == outline


def test_shortfalls_and_pretest_items_are_in_the_outline(tmp_path):
    bank = _tiny_with(tmp_path, "item_types: [code]\npretest: 3\n")
    outline = _outline_of(bank, ExamOptions(seed=1))
    assert {s.domain for s in outline.shortfalls} == {"alpha", "beta"}
    assert outline.wanted == 9 and outline.count < outline.wanted
    assert not outline.practice
    assert _outline_of(bank, ExamOptions(seed=1, questions=2)).practice


def test_the_shipped_exams_outlines(warm_bank_cache):
    library = load_library([shipped_banks_dir()], warm_bank_cache)
    for bank in library.exams.values():
        for chosen in OPTIONS[:4]:
            options = ExamOptions(seed=11, **chosen)
            assert plan_exam(bank, options).outline == _outline_of(bank, options), bank.id
