"""GIFT import (tricky samples) and export, the round trip, and lint on the output."""

from __future__ import annotations

import shutil

import pytest

from cert_prep.bank.loader import load_library
from cert_prep.instructor.bankyaml import Imported, bank_yaml, make_ids
from cert_prep.instructor.gift import escape, export_gift, parse_gift
from cert_prep.instructor.html_text import html_to_text

from .conftest import BANKS


def notes_text(notes) -> list[str]:
    return [n.as_text("f.gift") for n in notes]


def test_single_with_feedback_title_category_and_comments():
    source = """// Written for the CPC class, week 3
$CATEGORY: $course$/top/Default for CPC/E&M Modifiers

// the title is kept as a comment; the id is generated
::Mod 25::Which modifier reports a significant, separately identifiable E/M service\\: same day? {
  =25#Right\\: the E/M modifier.
  // a comment inside the answers
  ~59#Distinct procedural service.
  ~57
  ~24
  ####Modifier 25 (CPT appendix A).
}
"""
    questions, notes = parse_gift(source)
    assert notes == []
    (q,) = questions
    assert q.line == 5
    assert q.title == "Mod 25"
    assert q.stem == (
        "Which modifier reports a significant, separately identifiable E/M service: same day?"
    )
    assert q.choices == ["25", "59", "57", "24"]
    assert q.keys == [0] and q.type == "single"
    # Each answer's feedback stays with its choice (shuffled choices keep it); the general
    # feedback alone is the rationale, so no `A:` line points at the wrong choice.
    assert q.rationale == "Modifier 25 (CPT appendix A)."
    assert q.feedback == {0: "Right: the E/M modifier.", 1: "Distinct procedural service."}
    assert q.tags == ["e-m-modifiers"]


def test_escapes_and_line_breaks():
    source = (
        "::Esc::Is 2 \\= 2 \\~ \\{braces\\} \\# hash\\: a \\\\ backslash?\\nSecond line "
        "{=yes \\= ok ~no ~%0%maybe}\n"
    )
    (q,), notes = parse_gift(source)
    assert notes == []
    assert q.stem == "Is 2 = 2 ~ {braces} # hash: a \\ backslash?\nSecond line"
    assert q.choices == ["yes = ok", "no", "maybe"]
    assert q.keys == [0]


def test_multiple_answer_weights():
    source = """::Two of four:: Which TWO are UHDDS data elements? {
~%50%Principal diagnosis#Yes.
~%-100%Admitting clerk
~%50%Disposition of the patient
~%-100%Room number
}

::Three:: Which THREE? {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-50%d}

::One weighted:: Only one is right. {~%100%right ~%-100%wrong ~wrong too}

::All right:: Every choice is right? {~%50%a ~%50%b}
"""
    questions, notes = parse_gift(source)
    two, three, one = questions
    assert two.type == "multi" and two.keys == [0, 2]
    assert two.rationale == "" and two.feedback == {0: "Yes."}
    assert three.keys == [0, 1, 2] and three.choices == ["a", "b", "c", "d"]
    assert one.type == "single" and one.keys == [0]
    assert notes_text(notes) == [
        "f.gift:12: error: question (All right) skipped: every choice is marked right; a "
        "multiple-answer item needs a wrong choice",
    ]


def test_html_markdown_and_plain_formats():
    # Inside HTML, `=` and `:` are escaped as Moodle's own export escapes them.
    source = (
        (
            "::H::[html]<p>Which code is <b>right</b> &amp; billable?</p>"
            "<script>alert('x')</script><br>Pick one. {\n"
        )
        + """=[html]<i>E11.9</i>
~E11<img src\\="@@PLUGINFILE@@/chart.png" alt\\="chart">
}

::M::[markdown]Which is **right**? {=*A* ~Bee}

::P::[plain]Show <b>tags</b> and [bold]brackets[/] as typed {=[A] ~<script>}
"""
    )
    (h, m, p), notes = parse_gift(source)
    assert h.stem == "Which code is right & billable?\n\nPick one."
    assert "<" not in h.stem and "alert" not in h.stem
    assert h.choices == ["E11.9", "E11 [image: chart]"]
    assert m.stem == "Which is **right**?" and m.choices == ["*A*", "Bee"]
    assert p.stem == "Show <b>tags</b> and [bold]brackets[/] as typed"
    assert p.choices == ["[A]", "<script>"]
    assert notes_text(notes) == [
        "f.gift:1: warning: 1 image(s) left out: cert-prep items hold text only; describe the "
        "image in words if the question needs it",
    ]


def test_true_false_and_missing_word():
    source = """::TF:: A sign is what the provider observes. {TRUE#No, it is observed.#Yes.}

::F:: Z codes are never principal. {F####Some Z codes may be first-listed.}

Grant is {~buried =entombed ~living} in Grant's tomb.
"""
    (tf, f, word), notes = parse_gift(source)
    assert notes == []
    assert tf.choices == ["True", "False"] and tf.keys == [0]
    # Moodle: the first feedback is for a wrong answer, the second for the right one
    assert tf.rationale == "" and tf.feedback == {0: "Yes.", 1: "No, it is observed."}
    assert f.keys == [1] and f.rationale == "Some Z codes may be first-listed."
    assert word.stem == "Grant is _____ in Grant's tomb." and word.keys == [1]


def test_unsupported_types_are_skipped_with_their_line():
    source = """::Essay:: Describe the coding process. {}

::Num:: In what year did ICD-10-CM start in the US? {#2015:0}

::Match:: Match the code to the chapter. {
=E11.9 -> Endocrine
=I10 -> Circulatory
}

::Short:: Which code is essential hypertension? {=I10 =I10.}

A description with no answers.

::Good:: Still imported? {=yes ~no}
"""
    questions, notes = parse_gift(source)
    assert [q.title for q in questions] == ["Good"]
    assert notes_text(notes) == [
        "f.gift:1: warning: essay question (Essay) skipped: cert-prep has single-answer and "
        "multiple-answer items only",
        "f.gift:3: warning: numerical question (Num) skipped: cert-prep has single-answer and "
        "multiple-answer items only",
        "f.gift:5: warning: matching question (Match) skipped: cert-prep has single-answer and "
        "multiple-answer items only",
        "f.gift:10: warning: short-answer question (Short) skipped: cert-prep has single-answer "
        "and multiple-answer items only",
        "f.gift:12: warning: description skipped: it has no answers",
    ]


def test_malformed_questions_are_errors_with_their_line():
    source = """::Open:: No closing brace {
=a
~b

::Two keys:: Two equals signs {=a =b ~c}

::Seven:: Too many choices {=a ~b ~c ~d ~e ~f ~g}

::Lead:: Text before the answers {oops =a ~b}

::Partial:: Partial credit {=a ~%50%b ~c}

Stray } brace {=a ~b}
"""
    questions, notes = parse_gift(source)
    assert [q.title for q in questions] == ["Partial"]
    assert notes_text(notes) == [
        "f.gift:1: error: question (Open) skipped: the `{` has no closing `}` (a blank line "
        "inside the answers also ends the question)",
        "f.gift:5: error: question (Two keys) skipped: 2 answers start with `=`; for several "
        "right answers give each a weight, as in ~%50%",
        "f.gift:7: error: question (Seven) skipped: 7 choice(s); cert-prep items have 2 to 6",
        "f.gift:9: error: question (Lead) skipped: text before the first answer; each answer "
        "starts with = or ~",
        "f.gift:11: warning: choice B had 50% partial credit; cert-prep scores it wrong",
        "f.gift:13: error: question skipped: a `}` with no `{` before it; write \\{ or \\} for a "
        "literal brace",
    ]


def test_line_numbers_count_real_lines_only():
    source = "// c\n\n::A::One\\nstill line 3 {=a ~b}\n\n\n// c\n::B::\nTwo {\n=a\n~b\n~%x%c\n}\n"
    questions, _ = parse_gift(source)
    assert [q.line for q in questions] == [3, 7]  # B's title line


def test_html_to_text_is_plain_and_safe():
    text, images = html_to_text(
        "<ul><li>one</li><li>two &lt;b&gt;</li></ul><style>p{}</style>a < b and <b>bold</b>"
    )
    assert text == "- one\n- two <b>\na < b and bold"
    assert images == 0


# ---- export and the round trip ---------------------------------------------------------------


def test_escape_matches_moodle():
    assert escape("a:b#c=d~e{f}g\\h\ni") == "a\\:b\\#c\\=d\\~e\\{f\\}g\\\\h\\ni"


def test_export_then_import_gives_the_same_items():
    library = load_library([BANKS])
    items = [it for it in library.exam("quiz").items if it.source.endswith("dx.yaml")]
    text, notes = export_gift(items, "dx.yaml")
    assert notes == []
    assert "::quiz-dx-001::[plain]" in text
    assert "~%50%Five alpha" in text and "~%-100%Five bravo" in text
    questions, notes = parse_gift(text)
    assert notes == []
    assert len(questions) == len(items)
    for item, q in zip(items, questions, strict=True):
        original = item.question
        assert q.title == item.id
        assert q.stem == original.stem.strip()
        assert q.choices == list(original.choices.values())
        keys = [original.answer] if isinstance(original.answer, str) else original.answer
        assert ["ABCDEF"[i] for i in q.keys] == keys
        assert q.type == original.type
        assert q.rationale == original.rationale.strip()
        assert {"ABCDEF"[i]: text for i, text in q.feedback.items()} == original.feedback
        assert q.tags == ["dx"]


def test_export_skips_code_items_and_inlines_case_records():
    library = load_library([BANKS])
    items = [it for it in library.exam("quiz").items if it.source.endswith("px.yaml")]
    text, notes = export_gift(items, "px.yaml")
    assert [n.message for n in notes] == [
        "quiz-px-002: code items (typed codes) have no GIFT equivalent; skipped"
    ]
    questions, _ = parse_gift(text)
    assert [q.title for q in questions] == ["quiz-px-001", "quiz-px-003"]
    assert questions[1].stem == (
        "Operative note\n\nPROCEDURE: Laparoscopic cholecystectomy.\n"
        "Three ports were placed.\n\nFrom the record: which approach?"
    )


def test_a_wrong_choice_that_looks_like_a_weight_survives_the_round_trip():
    library = load_library([BANKS])
    item = library.exam("quiz").item("quiz-dx-002")
    odd = item.question.model_copy(update={"choices": {"A": "Two alpha", "B": "%50% of cases"}})
    text, _ = export_gift(
        [type(item)(odd, item.exam, item.domain, item.code_year, None, item.source, item.line)],
        "x.yaml",
    )
    assert "~%0%%50% of cases" in text
    (q,), _ = parse_gift(text)
    assert q.choices == ["Two alpha", "%50% of cases"] and q.keys == [0]


# ---- the YAML written ---------------------------------------------------------------------


def test_bank_yaml_quotes_codes_and_reads_back():
    q = Imported(
        3,
        "Which CPT code?\nTwo lines\tand a tab",
        ["99213", "00100", "yes", "1.5e3"],
        [1],
        rationale="",
        title="codes: 'quoted' # not a comment",
    )
    text = bank_yaml([q], ["quiz-dx-gift-001"], "quiz", "dx", 2026)
    assert "'99213'" in text and "'00100'" in text and "'yes'" in text
    assert "\t" not in text
    assert "# GIFT line 3, title: codes: 'quoted' # not a comment" in text


def test_make_ids_skip_taken_ones():
    assert make_ids("quiz-dx-gift", 3, {"quiz-dx-gift-002"}) == [
        "quiz-dx-gift-001",
        "quiz-dx-gift-003",
        "quiz-dx-gift-004",
    ]
    long = make_ids("x" * 100, 1, ())[0]
    assert len(long) <= 80


GIFT_SAMPLE = """$CATEGORY: $course$/Coding/Week 1

::Q1::[html]<p>Which code reports <b>type 2</b> diabetes without complications?</p>{
=E11.9#Right: E11.9.
~E10.9#Type 1.
~E11.8
####Type 2 without complications is E11.9.
}

::Q2:: Which TWO are UHDDS data elements? Select two. {
~%50%Principal diagnosis
~%50%Disposition of the patient
~%-100%Admitting clerk's initials
####Both are UHDDS items.
}

::Q3:: Which CPT code is an established patient visit? {=99213 ~99203 ~00100 ~yes}
"""


@pytest.fixture
def bank_root(tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    return root


def test_imported_file_passes_the_real_lint(run, tmp_path, bank_root):
    gift = tmp_path / "week1.gift"
    gift.write_text(GIFT_SAMPLE.replace("\n", "\r\n"), encoding="utf-8")  # Windows endings
    out = bank_root / "quiz" / "imported" / "week1.yaml"
    code, out_text, err = run(
        "import", "gift", gift, "--exam", "quiz", "--domain", "dx", "-o", out, "--code-year", "2026"
    )
    assert code == 0, err
    assert out_text == ""
    assert f"imported 3 question(s) to {out}" in err
    code, lint_out, _ = run("lint", out)
    assert code == 0, lint_out
    # Q3 has no feedback: an empty rationale is a warning, not an error
    assert lint_out.splitlines() == [
        f"{out}:46:14: warning empty-rationale quiz-dx-gift-003: the rationale is empty; say "
        "why the key is right and the others are wrong",
        "0 error(s), 1 warning(s) in 1 file(s)",
    ]
    code, lint_out, _ = run("lint", "--strict", out)
    assert code == 1
    library = load_library([bank_root])
    imported = [it for it in library.exam("quiz").items if it.source == str(out)]
    assert [it.id for it in imported] == [
        "quiz-dx-gift-001",
        "quiz-dx-gift-002",
        "quiz-dx-gift-003",
    ]
    assert imported[0].question.stem == (
        "Which code reports type 2 diabetes without complications?"
    )
    assert imported[1].question.answer == ["A", "B"]
    assert imported[2].question.choices == {"A": "99213", "B": "99203", "C": "00100", "D": "yes"}
    assert imported[0].question.tags == ["week-1"]
    # Per-answer feedback is each choice's `feedback` (it follows a shuffled choice); only
    # the general feedback is the rationale.
    assert imported[0].question.feedback == {"A": "Right: E11.9.", "B": "Type 1."}
    assert imported[0].question.rationale == "Type 2 without complications is E11.9."


@pytest.mark.parametrize(
    ("category", "tags"),
    [
        ("$course$/top/Default for CPC/E&M Modifiers", ["e-m-modifiers"]),
        ("$course$/top/Default for CPC", []),
        ("$course$/top", []),
        ("$course$", []),
        ("Coding//Billing", ["coding-billing"]),  # `//` is a slash inside a name
    ],
)
def test_category_tags(category, tags):
    (q,), _ = parse_gift(f"$CATEGORY: {category}\n\n::Q:: Which? {{=a ~b}}\n")
    assert q.tags == tags
