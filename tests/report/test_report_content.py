"""The attempt report shows the real result: header, domains, pacing, every question."""

from __future__ import annotations

from cert_prep.clock import to_iso
from cert_prep.report import write_attempt_report
from cert_prep.store import NewItem
from tests.report.helpers import (
    MIXED,
    Sitting,
    by_id,
    children_with_class,
    has_class,
    parse_html,
    sit,
    text_of,
)


def render(context, attempt_id: int):
    path = write_attempt_report(context, attempt_id)
    html = path.read_text(encoding="utf-8")
    return path, html, parse_html(html)


def question(root, number: int):
    return by_id(root, f"q{number}")


def choice_rows(article) -> list[tuple[str, str]]:
    """(text of the choice line, its css class) for each choice, in display order."""
    ol = next(e for e in article.iter("ol") if has_class(e, "choices"))
    return [(text_of(li), li.get("class") or "") for li in ol.findall("li")]


def test_header_shows_score_verdict_estimate_and_time(context):
    attempt = sit(context, "demo", MIXED)
    _, html, root = render(context, attempt)
    summary = text_of(root.find(".//section[@class='summary']"))
    assert "4/7 (57.1%)" in summary
    assert "7 answered · 2 flagged" in summary
    verdicts = [e for e in root.iter("span") if has_class(e, "verdict")]
    assert [text_of(v) for v in verdicts] == ["FAIL ✗"]
    assert has_class(verdicts[0], "fail")
    assert "Result against the cut of 70%" in summary
    assert "12.9 points below the cut" in summary
    # 57.1% with the raw cut 70% -> 100 + 200 * 57.1 / 70 = 263, shown as an estimate.
    assert "Scaled score (estimate)" in summary
    assert "≈ 263 estimate" in summary
    # 95 + 140 + 200 + 4 x 30 seconds on the clock, of the 14 minutes allowed.
    assert "0:09:15" in summary and "of 0:14:00 allowed" in summary
    assert text_of(root.find(".//h1")) == "Demo scaled exam"
    assert "submitted 2026-03-02 14:14 UTC" in html
    assert root.find(".//title").text.startswith("Demo scaled exam: attempt 1")


def test_pass_without_scaled_score_on_a_raw_exam(context):
    attempt = sit(context, "plain", Sitting(answers={"plain-g-001": "A", "plain-g-002": "B"}))
    _, html, root = render(context, attempt)
    verdicts = [e for e in root.iter("span") if has_class(e, "verdict")]
    assert [text_of(v) for v in verdicts] == ["PASS ✓"] and has_class(verdicts[0], "pass")
    assert "2/2 (100%)" in text_of(root.find(".//section[@class='summary']"))
    assert "estimate" not in text_of(root.find(".//section[@class='summary']"))
    assert "40 points above the cut" in html


def test_drill_has_no_verdict_and_is_untimed(context):
    attempt = sit(context, "plain", Sitting(answers={"plain-g-001": "B"}, mode="drill"))
    _, html, root = render(context, attempt)
    assert not [e for e in root.iter("span") if has_class(e, "verdict")]
    assert "untimed" in text_of(root.find(".//section[@class='summary']"))
    assert "drill report" in html


def test_per_domain_rows(context):
    attempt = sit(context, "demo", MIXED)
    _, _, root = render(context, attempt)
    rows = [
        [text_of(td) for td in tr.findall("td")]
        for tr in by_id(root, "domains").find(".//tbody").findall("tr")
    ]
    assert rows == [
        ["Alpha <b>coding</b> & basics", "2/4", "50%", "✗ below"],
        ["Beta records", "2/3", "66.7%", "✗ below"],
    ]


def test_every_question_with_rationale_seconds_and_flags(context, library):
    attempt = sit(context, "demo", MIXED)
    _, _, root = render(context, attempt)
    bank = library.exam("demo")
    articles = [e for e in root.iter("article") if has_class(e, "q")]
    assert len(articles) == len(bank.items) == 7
    shown_ids = [text_of(a.find(".//header//code")) for a in articles]
    assert sorted(shown_ids) == sorted(item.id for item in bank.items)
    for article in articles:
        item = bank.item(text_of(article.find(".//header//code")))
        assert " ".join(item.question.rationale.split()) in text_of(article)
        assert " ".join(item.question.stem.split()) in text_of(article)
    flagged = [
        text_of(a.find(".//header//code"))
        for a in articles
        if any(has_class(s, "flagged") for s in a.iter("span"))
    ]
    assert flagged == ["demo-a-002", "demo-b-002"]
    assert "1:35 spent" in text_of(question(root, 1))
    assert "3:20 spent" in text_of(question(root, 3))
    assert "0:30 spent" in text_of(question(root, 7))
    statuses = [text_of(a.find(".//header/strong")) for a in articles]
    assert statuses == [
        "✓ Correct",
        "✗ Incorrect",
        "✗ Incorrect",
        "✓ Correct",
        "✓ Correct",
        "✗ Incorrect",
        "✓ Correct",
    ]


def test_key_and_student_answer_marked_by_text_and_symbol(context):
    attempt = sit(context, "demo", MIXED)
    _, _, root = render(context, attempt)
    assert choice_rows(question(root, 1)) == [
        ("A. The alphabetic drug table", ""),
        ("B. The CPT code book ✓ key · your answer", "key chosen"),
        ("C. The Medicare fee schedule", ""),
        ("D. The ICD-10-PCS tables", ""),
    ]
    # multi: chose A (a key) and D (not a key); missed the key C
    assert choice_rows(question(root, 2)) == [
        ("A. ICD-10-CM ✓ key · your answer", "key chosen"),
        ("B. The UB-04 form", ""),
        ("C. HCPCS Level II ✓ key", "key"),
        ("D. The CMS-1500 form ✗ your answer", "wrong"),
    ]
    assert choice_rows(question(root, 6)) == [
        ("A. 2.5 cm", ""),
        ("B. 3.2 cm ✓ key", "key"),
        ("C. 5.0 cm ✗ your answer", "wrong"),
    ]


def test_code_items_mark_each_code(context):
    attempt = sit(
        context,
        "demo",
        Sitting(
            answers={
                "demo-a-003": [
                    "99213",
                    "99999",
                    "99213",
                ],  # right, wrong, repeat (wrong); 36415 missing
                "demo-b-003": ["j1100"],
            }
        ),
    )
    _, _, root = render(context, attempt)
    codes = [
        (text_of(li), li.get("class"))
        for li in children_with_class(question(root, 3), "li", "right")
        + children_with_class(question(root, 3), "li", "wrong")
        + children_with_class(question(root, 3), "li", "missing")
    ]
    # Labelled as the drill feedback labels them (CPT needs no book).
    assert codes == [
        ("99213 ✓ correct", "right"),
        ("99999 ✗ wrong", "wrong"),
        ("99213 ✗ wrong entered twice", "wrong"),
        ("36415 ○ missing expected but not entered", "missing"),
    ]
    q3 = text_of(question(root, 3))
    assert "Key: 99213 36415" in q3 and "CPT codes" in q3
    assert "✓ Sequencing counts: 99213 must be entered first. You did." in q3
    q7 = text_of(question(root, 7))
    assert "j1100 ✓ correct" in q7 and "✓ Correct" in q7 and "HCPCS Level II codes" in q7


def test_principal_first_out_of_order_is_explained(context):
    attempt = sit(context, "demo", MIXED)
    _, _, root = render(context, attempt)
    q3 = text_of(question(root, 3))
    assert "36415 ✗ out of sequence 99213 is the first-listed code and goes first" in q3
    assert "99213 ✗ out of sequence" in q3
    assert "✗ Sequencing counts: 99213 must be entered first. You entered 36415 first." in q3
    assert "✗ Incorrect" in q3


def test_case_record_is_collapsible(context):
    attempt = sit(context, "demo", MIXED)
    _, _, root = render(context, attempt)
    for number in (5, 6):
        details = question(root, number).find(".//details")
        assert details is not None and details.get("open") is None
        assert text_of(details.find("summary")) == "Case record: Discharge summary <i>excerpt</i>"
        assert "laceration of the left forearm" in text_of(details)
    assert question(root, 1).find(".//details") is None


def test_missed_questions_listed_by_domain_with_links(context):
    attempt = sit(context, "demo", Sitting(answers={"demo-a-001": "B", "demo-b-001": "A"}))
    _, _, root = render(context, attempt)
    missed = by_id(root, "missed")
    groups = {
        text_of(h3): [(text_of(a), a.get("href")) for a in h3_list.iter("a")]
        for h3, h3_list in zip(missed.findall("h3"), missed.findall("ul"), strict=True)
    }
    assert groups == {
        "Alpha <b>coding</b> & basics": [
            ("Q2 (not answered)", "#q2"),
            ("Q3 (not answered)", "#q3"),
            ("Q4 (not answered)", "#q4"),
        ],
        "Beta records": [("Q5", "#q5"), ("Q6 (not answered)", "#q6"), ("Q7 (not answered)", "#q7")],
    }
    assert "— Not answered" in text_of(question(root, 2))


def test_shuffled_choices_show_the_letters_the_student_saw(context):
    attempt = sit(
        context,
        "demo",
        Sitting(answers={"demo-a-001": "B"}, choice_orders={"demo-a-001": ["C", "A", "D", "B"]}),
    )
    _, html, root = render(context, attempt)
    assert choice_rows(question(root, 1)) == [
        ("A. The Medicare fee schedule", ""),
        ("B. The alphabetic drug table", ""),
        ("C. The ICD-10-PCS tables", ""),
        ("D. The CPT code book ✓ key · your answer", "key chosen"),
    ]
    assert "Choices were shuffled" in html


def test_changed_and_removed_questions(context, clock):
    store = context.store()
    now = to_iso(clock.now())
    attempt = store.create_attempt(
        "demo",
        "exam",
        now,
        [
            NewItem("demo-a-001", "alpha", "stale-hash"),
            NewItem("demo-gone-999", "alpha", "whatever"),
        ],
        time_limit_s=840,
    )
    store.save_response(attempt, 0, "B", now)
    store.save_response(attempt, 1, ["A", "C"], now)
    store.submit(attempt, now, "student", {0: True, 1: False}, 1, 2, 50.0, False)
    _, _, root = render(context, attempt)
    q1, q2 = text_of(question(root, 1)), text_of(question(root, 2))
    assert "key or choices changed in the bank after this attempt" in q1
    assert "no longer in the question bank" in q2 and "Your answer: A, C" in q2
    assert "demo-gone-999" in q2


def test_pacing_section(context):
    attempt = sit(context, "demo", MIXED)
    _, _, root = render(context, attempt)
    pacing = by_id(root, "pacing")
    # 14 minutes for 7 questions: 120 s each. Cumulative 95, 235, 435 s against 120, 240,
    # 360 s: behind the even pace first at question 3.
    assert "the even pace allows 120 seconds a question" in text_of(pacing)
    # and only then: 465, 495, 525, 555 s after questions 4-7 against 480, 600, 720, 840 s
    assert (
        "You were behind the even pace after 1 of 7 questions, first after question 3."
        in text_of(pacing)
    )
    svgs = [e for e in pacing.iter() if e.tag.endswith("}svg")]
    assert len(svgs) == 2  # the wide and the narrow drawing
    line = next(e for e in svgs[0].iter() if e.tag.endswith("}polyline"))
    points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    assert len(points) == 8  # the start and after each of the 7 questions
    ys = [y for _, y in points]
    assert ys == sorted(ys, reverse=True)  # cumulative time only grows (SVG y points down)


def test_a_pretest_item_is_labelled_and_never_listed_as_missed(context):
    # demo-b-002 is answered wrong; as an unscored pretest item it is not "missed"
    sitting = Sitting(answers=MIXED.answers, settings={"pretest": ["demo-b-002"]})
    attempt = sit(context, "demo", sitting)
    _, _, root = render(context, attempt)
    pretest = [n for n in range(1, 8) if "Pretest, not scored" in text_of(question(root, n))]
    assert len(pretest) == 1 and "demo-b-002" in text_of(question(root, pretest[0]))
    missed = text_of(by_id(root, "missed"))
    assert missed.endswith("Alpha <b>coding</b> & basics Q2 Q3")  # no Beta: its miss is pretest


def test_pacing_says_when_questions_were_never_opened(context):
    answers = {k: v for k, v in MIXED.answers.items() if k.startswith("demo-a")}
    unopened = {k: 0.0 for k in MIXED.answers if k.startswith("demo-b")}
    attempt = sit(context, "demo", Sitting(answers=answers, seconds=unopened))
    _, _, root = render(context, attempt)
    pacing = text_of(by_id(root, "pacing"))
    assert "3 of 7 were never opened" in pacing
    assert "throughout" not in pacing


def test_a_drill_with_a_skipped_question_has_the_same_totals_everywhere(context):
    """A question skipped in a drill is not scored (as the summary screen counts it): the
    domain table and the bar chart leave it out, as the header does."""
    from cert_prep.engine.assembly import DrillPlan
    from cert_prep.engine.session import DrillSession

    bank = context.exam("demo")
    ids = ["demo-a-001", "demo-a-004", "demo-b-002", "demo-b-001"]
    plan = DrillPlan(bank, [bank.item(i) for i in ids], [], {"seed": 0})
    drill = DrillSession.start(context.store(), plan, context.clock)
    drill.choose("B")  # right
    drill.next()
    drill.choose("A")  # wrong
    drill.next()
    drill.choose("A")  # wrong
    drill.next()  # demo-b-001 skipped
    result = drill.finish()
    assert (result.score.correct, result.score.total) == (1, 3)

    _, _, root = render(context, drill.id)
    assert "1/3 (33.3%)" in text_of(root.find(".//section[@class='summary']"))
    rows = [
        [text_of(td) for td in tr.findall("td")[:3]]
        for tr in by_id(root, "domains").find(".//tbody").findall("tr")
    ]
    assert rows == [["Alpha <b>coding</b> & basics", "1/2", "50%"], ["Beta records", "0/1", "0%"]]
    svg = "{http://www.w3.org/2000/svg}"
    wide_chart = next(by_id(root, "domains").iter(f"{svg}svg"))
    bar_titles = [text_of(g.find(f"{svg}title")) for g in wide_chart.iter(f"{svg}g")]
    assert bar_titles == ["Alpha <b>coding</b> & basics: 50% ✗", "Beta records: 0% ✗"]
    # The skipped question is shown, not answered, and not listed as missed.
    missed = text_of(by_id(root, "missed"))
    assert "Q4" not in missed and "Q2" in missed and "Q3" in missed
