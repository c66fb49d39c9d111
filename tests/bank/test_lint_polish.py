"""Lint polish from an instructor's testing: near-duplicates that respect the tested numbers
and scale to templated banks, every independent problem of an item in one run, and
messages in a question writer's words at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cert_prep.bank.lint import lint
from cert_prep.bank.near_duplicates import Text, near_duplicate_groups, near_duplicates
from cert_prep.bank.problems import Problem

HEADER = "exam: demo\ndomain: dx\ncode_year: 2026\nquestions:\n"
CHOICES = '{A: "N18.1", B: "N18.2", C: "N18.4", D: "N18.5"}'


def _write(root: Path, name: str, body: str, header: str = HEADER) -> Path:
    path = root / "demo" / name
    path.write_text(header + body)
    return path


def _item(item_id: str, stem: str, answer: str = "A", choices: str = CHOICES) -> str:
    return (
        f"  - id: {item_id}\n    type: single\n    stem: {stem}\n"
        f"    choices: {choices}\n    answer: {answer}\n    rationale: The stage decides.\n"
    )


def _ckd(stage: int) -> str:
    return (
        f"A 67-year-old patient has chronic kidney disease documented as stage {stage} "
        "with hypertension. Which code reports the CKD stage?"
    )


def _problems(path: Path, root: Path, code: str | None = None) -> list[Problem]:
    report, _ = lint([path], [root])
    return [p for p in report.problems if code is None or p.code == code]


# ---- near-duplicates: the numbers are the tested fact ---------------------------------


def test_items_differing_in_the_tested_number_and_key_are_not_near_duplicates(demo_root):
    path = _write(
        demo_root, "ckd.yaml", _item("nd-001", _ckd(2), "B") + _item("nd-002", _ckd(5), "D")
    )
    report, _ = lint([path], [demo_root], strict=True)
    assert report.problems == []


def test_same_key_or_same_numbers_is_still_a_near_duplicate(demo_root):
    # another number, the same key: the same fact reworded
    same_key = _write(
        demo_root, "a.yaml", _item("nd-001", _ckd(2), "B") + _item("nd-002", _ckd(3), "B")
    )
    assert [p.message.split(":")[0] for p in _problems(same_key, demo_root, "near-duplicate")] == [
        "nd-001"
    ]
    # the same numbers, another key: a copy with a contradicting key
    same_text = _write(
        demo_root, "b.yaml", _item("nd-101", _ckd(4), "C") + _item("nd-102", _ckd(4) + " ", "D")
    )
    assert len(_problems(same_text, demo_root, "near-duplicate")) == 1


def test_shuffled_choices_with_the_same_keyed_text_are_the_same_key():
    texts = [
        Text("a", _ckd(2), None, frozenset({"n18.2"})),
        Text("b", _ckd(5), None, frozenset({"n18.2"})),
        Text("c", _ckd(4), None, frozenset({"n18.4"})),
    ]
    assert [(p.first, p.second) for p in near_duplicates(texts)] == [("a", "b")]


# ---- near-duplicates: one warning per group, linear in templated banks ----------------


def test_templated_items_make_one_warning_naming_a_few_and_counting_the_rest(demo_root):
    body = "".join(_item(f"nd-{i:03d}", _ckd(2) + f" Visit {i}.") for i in range(50))
    path = _write(demo_root, "tpl.yaml", body)
    found = _problems(path, demo_root, "near-duplicate")
    assert len(found) == 1
    assert found[0].line == 5
    assert found[0].message.startswith(
        "nd-000: reads almost the same as nd-001 (line 11), nd-002 (line 17), nd-003 (line 23) "
        "and 46 more (100% of word triples shared)"
    )


def test_each_pair_is_reported_once():
    texts = [Text(f"t{i}", _ckd(2) + f" Visit {i}.") for i in range(30)]
    pairs = near_duplicates(texts)
    assert len(pairs) == 29
    assert len({frozenset((p.first, p.second)) for p in pairs}) == 29


_WORDS = [f"{a}{b}{c}" for a in "bcdfg" for b in "aeiou" for c in "klmnprstvz"]  # 250


def test_many_look_alikes_that_differ_by_a_word_make_one_group():
    record = " ".join(_WORDS[:80])  # a shared record: one other word is a 3% change
    texts = [
        Text(f"n{i}", f"{record} patient {_WORDS[i % 250]}{_WORDS[i // 250]}") for i in range(1000)
    ]
    groups = near_duplicate_groups(texts)
    # linear output: one group of all of them, not 499,500 pairs
    assert [(g.first, len(g.others)) for g in groups] == [("n0", 999)]


def test_an_item_whose_look_alikes_joined_another_group_is_still_named():
    base = _WORDS[:100]
    mid = [*base[:20], "changed", *base[21:]]
    far = [*mid[:60], "altered", *mid[61:]]
    texts = [Text("lead", " ".join(base)), Text("mid", " ".join(mid)), Text("far", " ".join(far))]
    groups = near_duplicate_groups(texts)
    # far reads like mid but not like lead, and mid joined lead's group
    assert [(g.first, [o for o, _ in g.others]) for g in groups] == [
        ("lead", ["mid"]),
        ("far", ["mid"]),
    ]


def test_a_group_across_files_is_shown_when_linting_either_file(demo_root):
    first = _write(demo_root, "a.yaml", _item("nd-001", _ckd(2)))
    second = _write(demo_root, "b.yaml", _item("nd-002", _ckd(3)) + _item("nd-003", _ckd(4)))
    [in_first] = _problems(first, demo_root, "near-duplicate")
    assert in_first.message.startswith("nd-001: reads almost the same as nd-002 (")
    [in_second] = _problems(second, demo_root, "near-duplicate")
    assert in_second.message.startswith(f"nd-002: reads almost the same as nd-001 ({first}:5)")
    assert ", as do nd-003 (line 11)" in in_second.message


# ---- one run reports every independent problem of an item -----------------------------


def test_duplicate_id_is_reported_when_the_first_copy_has_another_error(demo_root):
    body = _item("dup-001", "First stem.", "E", '{A: "one", B: "two"}') + _item(
        "dup-001", "Second stem.", "A", '{A: "one", B: "two"}'
    )
    path = _write(demo_root, "dup.yaml", body)
    found = {(p.code, p.line) for p in _problems(path, demo_root)}
    assert found == {("answer-not-a-choice", 9), ("duplicate-id", 5), ("duplicate-id", 11)}


def test_duplicate_id_across_files_when_one_copy_fails_the_schema(demo_root):
    _write(demo_root, "ok.yaml", _item("dup-002", "A fine stem."))
    bad = _write(demo_root, "bad.yaml", _item("dup-002", "Another stem.") + "    difficulty: 9\n")
    found = [p for p in _problems(bad, demo_root) if p.code == "duplicate-id"]
    assert [(p.line, p.message) for p in found] == [
        (
            5,
            f"dup-002: id also used at {demo_root / 'demo' / 'ok.yaml'}:5; ids are unique "
            "and never reused",
        )
    ]


def test_an_invalid_id_does_not_hide_the_items_other_problems(demo_root):
    body = (
        "  - id: Lab 016\n    type: multi\n    stem: Which apply? Select two.\n"
        '    choices: {A: "D", B: "two", C: "two"}\n    answer: [A]\n'
        "    rationale: Choice B is wrong.\n"
    )
    path = _write(demo_root, "lab.yaml", body)
    found = {p.code: p.message for p in _problems(path, demo_root)}
    assert set(found) == {
        "invalid-value",
        "single-letter-choice",
        "multi-needs-two-answers",
        "duplicate-choice",
        "rationale-letter",
    }
    assert found["single-letter-choice"].startswith("Lab 016: choice A is just the letter")
    assert "no spaces" in found["invalid-value"]


def test_a_blank_stem_is_reported_beside_another_fields_error(demo_root):
    body = _item("ws-001", '"   "', "A", '{A: "one", B: "two"}') + "    difficulty: 7\n"
    path = _write(demo_root, "ws.yaml", body)
    found = {(p.code, p.line) for p in _problems(path, demo_root)}
    assert found == {("empty-text", 7), ("invalid-value", 11)}


def test_a_misspelt_field_does_not_also_report_the_field_as_missing(demo_root):
    body = (
        "  - id: sp-001\n    type: single\n    stem: A stem.\n"
        '    choices: {A: "one", B: "two"}\n    answer: A\n    rationnale: Because.\n'
    )
    path = _write(demo_root, "sp.yaml", body)
    assert [p.code for p in _problems(path, demo_root)] == ["unknown-field"]


@pytest.mark.parametrize(
    "item",
    [
        "  - {id: x1, type: single, stem: s, choices: [A, B], answer: A}\n",
        "  - {id: x2, type: multi, stem: '', choices: {A: a}, answer: A, feedback: 3}\n",
        "  - {id: x3, type: code, stem: s, code_system: nope, answer: 7, codes: [1]}\n",
        "  - {id: [x4], type: single, stem: {a: 1}, choices: {a: one, Z: two}, answer: Q}\n",
        "  - {type: single}\n",
        "  - {id: x6, type: single, stem: s, choices: {A: a, B: b}, answer: A, case: NO}\n",
    ],
)
def test_odd_items_are_reported_never_raised(demo_root, item: str):
    path = _write(demo_root, "odd.yaml", item)
    found = _problems(path, demo_root)
    assert found and all(p.severity in ("error", "warning") for p in found)


# ---- messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "code", "message"),
    [
        ('{A: one, B: ""}', "empty-text", "m3-001: choice B is empty; write its text"),
        (
            "{A: one}",
            "invalid-value",
            "m3-001: a question needs at least 2 choices; this one has 1",
        ),
        (
            "{A: a, B: b, C: c, D: d, E: e, F: f, G: g}",
            "invalid-value",
            "m3-001: choice letters go from A to F (6 choices at most); `G` is one too many",
        ),
        (
            "{A: a, b: b}",
            "invalid-value",
            "m3-001: choice letters are capitals: write `B`, not `b`",
        ),
    ],
)
def test_choice_messages_in_a_writers_words(demo_root, choices: str, code: str, message: str):
    path = _write(demo_root, "m3.yaml", _item("m3-001", "A stem.", "A", choices))
    assert [(p.code, p.message) for p in _problems(path, demo_root)] == [(code, message)]


def test_a_misspelt_type_gets_a_suggestion_at_the_type_line(demo_root):
    body = _item("m3-004", "A stem.").replace("type: single", "type: singel")
    path = _write(demo_root, "type.yaml", body)
    [found] = _problems(path, demo_root)
    assert (found.code, found.line, found.column) == ("invalid-value", 6, 11)
    assert found.message == "m3-004: `type` is `singel`; did you mean `single`?"


def test_unknown_domain_points_at_the_domain_line(demo_root):
    item = _write(demo_root, "dom.yaml", _item("m3-005", "A stem.") + "    domain: nope\n")
    [found] = _problems(item, demo_root, "unknown-domain")
    assert (found.line, found.column) == (11, 13)
    assert found.message.endswith("is not in the demo blueprint (dx, px)")  # as the file's
    header = "exam: demo\ncode_year: 2026\ndomain: nope\nquestions:\n"
    whole = _write(demo_root, "dom2.yaml", _item("m3-006", "Another stem."), header)
    [found] = _problems(whole, demo_root, "unknown-domain")
    assert (found.line, found.column) == (3, 9)


# ---- enemies: questions on one record that give each other's answers away --------------

CASE = "cases:\n  - id: ckd-visit\n    title: CKD visit\n    record: |\n      Stage 4 CKD.\n"


def _coded(item_id: str, enemies: str = "") -> str:
    return (
        f"  - id: {item_id}\n    type: code\n    code_system: icd-10-cm\n    case: ckd-visit\n"
        f"{enemies}    stem: Enter the code.\n    answer: [N18.4]\n    rationale: Stage 4.\n"
    )


def _cued(item_id: str, enemies: str = "") -> str:
    return (
        f"  - id: {item_id}\n    type: single\n    case: ckd-visit\n{enemies}"
        "    stem: Which stage is documented?\n"
        '    choices: {A: "Stage 4 (N18.4)", B: "Stage 3", C: "Stage 2", D: "Stage 5"}\n'
        "    answer: A\n    rationale: The record says stage 4.\n"
    )


def test_a_question_naming_a_code_of_anothers_key_on_its_record_is_a_case_cue(demo_root):
    path = _write(demo_root, "cue.yaml", _coded("cue-001") + _cued("cue-002") + CASE)
    (cue,) = _problems(path, demo_root, "case-cue")
    assert cue.severity == "warning" and cue.line == 12  # at the question that names it
    assert cue.message.startswith("cue-002 names N18.4, in the key of cue-001")
    assert "add `enemies: [cue-001]`" in cue.message


def test_enemies_silence_the_cue_and_unknown_enemies_are_errors(demo_root):
    marked = _cued("cue-002", "    enemies: [cue-001]\n")
    path = _write(demo_root, "cue.yaml", _coded("cue-001") + marked + CASE)
    assert _problems(path, demo_root, "case-cue") == []
    assert _problems(path, demo_root, "enemy-unknown") == []
    wrong = _cued("cue-002", "    enemies: [cue-009, cue-002]\n")
    path = _write(demo_root, "cue.yaml", _coded("cue-001") + wrong + CASE)
    messages = sorted(p.message for p in _problems(path, demo_root, "enemy-unknown"))
    assert messages == ["`enemies` names `cue-009`, no question of demo", "`enemies` names itself"]


def test_curly_quotes_from_a_word_processor_are_named(demo_root):
    choices = '{A: “N18.1”, B: "N18.2", C: "N18.4", D: "N18.5"}'
    path = _write(demo_root, "curly.yaml", _item("cq-001", "Which stage code?", "A", choices))
    (curly,) = _problems(path, demo_root, "smart-quotes")
    assert curly.severity == "warning" and curly.line == 8
    assert curly.message.startswith("cq-001: choices.A is wrapped in curly quotes (“N18.1”)")
    assert 'write straight quotes ("...")' in curly.message
    plain = _write(demo_root, "plain.yaml", _item("cq-002", "Which “stage” code?"))
    assert _problems(plain, demo_root, "smart-quotes") == []  # quotes inside text are fine


def test_the_same_stem_in_two_exams_is_allowed_but_not_twice_in_one(demo_root):
    quiz = demo_root / "quiz"
    quiz.mkdir()
    blueprint = (demo_root / "demo" / "exam.yaml").read_text().replace("id: demo", "id: quiz")
    (quiz / "exam.yaml").write_text(blueprint)
    stem = "Which code reports chronic kidney disease stage 4 alone?"
    mine = _write(demo_root, "mine.yaml", _item("ds-001", stem))
    (quiz / "reuse.yaml").write_text(
        HEADER.replace("exam: demo", "exam: quiz") + _item("ds-q1", stem)
    )
    assert _problems(mine, demo_root, "duplicate-stem") == []
    twice = _write(demo_root, "mine.yaml", _item("ds-001", stem) + _item("ds-002", stem))
    assert len(_problems(twice, demo_root, "duplicate-stem")) == 2
