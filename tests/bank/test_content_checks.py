"""Lint checks on how items read: near-duplicates, multi stems, codes printed with titles,
and the blueprint's `item_types` and `pretest` fields."""

from __future__ import annotations

from pathlib import Path

from cert_prep.bank.lint import lint
from cert_prep.bank.near_duplicates import Text, near_duplicates, shingles

STEM = (
    "A 64-year-old man has a 2.4 cm basal cell carcinoma excised from the left cheek "
    "with 4 mm margins and the defect closed in layers. Which codes are reported?"
)


def _bank(root: Path, name: str, body: str) -> Path:
    path = root / "demo" / name
    path.write_text("exam: demo\ndomain: dx\ncode_year: 2026\nquestions:\n" + body)
    return path


def _single(item_id: str, stem: str, choices: str = "") -> str:
    choices = choices or '      A: "one"\n      B: "two"\n      C: "three"\n'
    return (
        f"  - id: {item_id}\n    type: single\n    stem: |\n      {stem}\n"
        f"    choices:\n{choices}    answer: A\n    rationale: Because.\n"
    )


def test_shingles_fold_case_and_numbers():
    assert shingles("Excised 2.4 cm lesion") == shingles("EXCISED 3.1 CM LESION")


def test_near_duplicates_finds_pairs_that_differ_only_in_numbers_and_case():
    twin = STEM.replace("2.4 cm", "1.9 cm").replace("64-year-old", "71-year-old").upper()
    other = "Which modifier reports a distinct procedural service on a separate organ system?"
    pairs = near_duplicates([Text("a", STEM), Text("b", other), Text("c", twin)])
    assert [(p.first, p.second) for p in pairs] == [("a", "c")]
    assert pairs[0].similarity == 1.0


def test_near_duplicates_ignores_items_sharing_one_case_record():
    record = "OPERATIVE REPORT " + " ".join(
        f"find{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(200)
    )
    texts = [
        Text("a", "Which code for the diagnosis?\n" + record, "case-1"),
        Text("b", "Which code for the procedure?\n" + record, "case-1"),
    ]
    assert near_duplicates(texts) == []
    texts = [Text("a", texts[0].text, "case-1"), Text("b", texts[1].text, "case-2")]
    assert len(near_duplicates(texts)) == 1


def test_lint_warns_near_duplicate_and_strict_makes_it_an_error(demo_root: Path):
    twin = STEM.replace("2.4 cm", "1.8 cm").replace("4 mm", "3 mm")
    path = _bank(demo_root, "dupes.yaml", _single("nd-1", STEM) + _single("nd-2", twin))
    report, _ = lint([path], [demo_root])
    found = [p for p in report.problems if p.code == "near-duplicate"]
    assert {p.message.split(":")[0] for p in found} == {
        "nd-1"
    }  # a pair is warned once, at its first item
    assert {p.severity for p in found} == {"warning"}
    strict, _ = lint([path], [demo_root], strict=True)
    assert strict.exit_code == 1
    assert {p.severity for p in strict.problems if p.code == "near-duplicate"} == {"error"}


def test_multi_stem_must_say_how_many(demo_root: Path):
    body = (
        "  - id: mc-1\n    type: multi\n    stem: Which statements are true?\n"
        '    choices:\n      A: "one"\n      B: "two"\n      C: "three"\n'
        "    answer: [A, B]\n    rationale: Because.\n"
        "  - id: mc-2\n    type: multi\n    stem: Which statements are true? Select TWO.\n"
        '    choices:\n      A: "one"\n      B: "two"\n      C: "three"\n'
        "    answer: [A, C]\n    rationale: Because.\n"
    )
    path = _bank(demo_root, "multi.yaml", body)
    report, _ = lint([path], [demo_root])
    found = [p for p in report.problems if p.code == "multi-count"]
    assert [p.message.split(":")[0] for p in found] == ["mc-1"]
    assert found[0].severity == "error" and found[0].line == 7
    assert "Select TWO." in found[0].message


def test_code_choice_with_its_title_is_warned(demo_root: Path):
    choices = (
        '      A: "K80.10 Calculus of gallbladder with chronic cholecystitis without'
        ' obstruction"\n      B: "K80.20"\n      C: "K81.1, K80.20"\n'
    )
    path = _bank(demo_root, "titles.yaml", _single("ct-1", "Which code?", choices))
    report, _ = lint([path], [demo_root])
    found = [p for p in report.problems if p.code == "code-with-title"]
    assert len(found) == 1 and "choice A prints K80.10" in found[0].message


def test_blueprint_item_types_and_pretest_are_checked(demo_root: Path):
    blueprint = demo_root / "demo" / "exam.yaml"
    text = blueprint.read_text()
    blueprint.write_text(text + "item_types: [single, essay]\npretest: -1\n")
    report, _ = lint([blueprint], [demo_root])
    codes = {(p.code, p.line) for p in report.problems}
    assert report.exit_code == 1
    assert any(line == text.count("\n") + 1 for _code, line in codes), report.as_text(1)
    assert any(line == text.count("\n") + 2 for _code, line in codes), report.as_text(1)
    blueprint.write_text(text + "item_types: [single]\npretest: 2\n")
    report, _ = lint([blueprint], [demo_root])
    assert report.exit_code == 0, report.as_text(1)
