"""Moodle XML: every shipped bank survives export then import; hostile XML is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cert_prep.bank.loader import load_library
from cert_prep.bank.validate import validate_file
from cert_prep.cli.main import main
from cert_prep.instructor.moodle_xml import (
    ExportItem,
    MoodleXmlError,
    assign_ids,
    bank_from_moodle,
    export_moodle_xml,
    parse_moodle_xml,
)
from cert_prep.paths import shipped_banks_dir

# Compared apart: text (trailing newlines may differ) and the case (its id may change).
TEXT_FIELDS = ("stem", "rationale")


def _case(item):
    case = item.case
    return {"id": case.id, "title": case.title, "record": case.record} if case else None


_LIBRARY = load_library([shipped_banks_dir()])


def _by_file():
    files: dict[str, list] = {}
    for bank in _LIBRARY.exams.values():
        for item in bank.items:
            files.setdefault(item.source, []).append(item)
    return sorted(files.items())


@pytest.mark.parametrize(
    "source,items", _by_file(), ids=lambda v: Path(v).name if isinstance(v, str) else ""
)
def test_every_shipped_bank_round_trips(source, items):
    exam = items[0].exam
    domain = yaml.safe_load(Path(source).read_text(encoding="utf-8"))["domain"]
    domains = [d.id for d in _LIBRARY.exams[exam].blueprint.domains]
    xml = export_moodle_xml(ExportItem(dict(i.data), _case(i), i.exam, i.domain) for i in items)
    imported, notes = parse_moodle_xml(xml)
    assert [n for n in notes if n.severity == "error"] == []
    assign_ids(imported, "x", set(), notes)
    text = bank_from_moodle(imported, exam, domain, 2026, domains=domains)
    result = validate_file(text.encode(), is_blueprint=False, check_codes=False)
    assert [p for p in result.problems if p["severity"] == "error"] == []
    back = {q["id"]: q for q, _ in result.questions}
    assert list(back) == [i.id for i in items]
    for item in items:
        want, got = item.data, back[item.id]
        # Every field the bank gives (enemies, domain, ...), not a chosen list.
        for field in set(want) | set(got):
            if field in TEXT_FIELDS:
                assert (got.get(field) or "").strip() == (want.get(field) or "").strip()
            elif field == "domain":  # the file's own domain may be named or left out
                assert (got.get(field) or domain) == (want.get(field) or domain), item.id
            elif field != "case":
                assert got.get(field) == want.get(field), (item.id, field)
        assert bool(got.get("case")) == bool(want.get("case")), item.id
        if item.case:
            case = next(c for c in result.cases if c["id"] == got["case"])
            assert (case["title"], case["record"].strip()) == (
                item.case.title,
                item.case.record.strip(),
            )


def test_markup_and_html_in_bank_text_survive_as_text():
    data = {
        "id": "t-1",
        "type": "single",
        "stem": "Is <script>x</script> & [bold]y[/] kept?",
        "choices": {"A": "<b>yes</b>", "B": "no & never"},
        "answer": "A",
        "feedback": {"A": "a <i>tag</i> is text"},
        "rationale": "1 < 2 > 0",
    }
    xml = export_moodle_xml([ExportItem(data, None, "demo", "dx")])
    # HTML-escaped inside XML: Moodle shows the characters, never runs them.
    assert "<script>" not in xml and "&amp;lt;script&amp;gt;" in xml
    [item], _ = parse_moodle_xml(xml)
    assert item.data["stem"] == data["stem"]
    assert item.data["choices"] == data["choices"]
    assert item.data["feedback"] == data["feedback"]
    assert item.data["rationale"] == data["rationale"]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="multichoice"><name><text>&lol3;</text></name></question></quiz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="multichoice"><name><text>&xxe;</text></name></question></quiz>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://127.0.0.1:9/evil.dtd">
<quiz/>
"""


@pytest.mark.parametrize("source", [BILLION_LAUGHS, EXTERNAL, EXTERNAL_DTD])
def test_dtds_and_entities_are_refused_before_parsing(source):
    with pytest.raises(MoodleXmlError) as caught:
        parse_moodle_xml(source)
    assert "refused" in str(caught.value) and caught.value.line >= 1
    assert "root:" not in str(caught.value)


def test_unsupported_types_are_refused_with_their_line():
    xml = """<?xml version="1.0"?>
<quiz>
  <question type="matching"><name><text>m</text></name></question>
  <question type="essay"><name><text>e</text></name></question>
  <question type="calculated"><name><text>c</text></name></question>
</quiz>
"""
    items, notes = parse_moodle_xml(xml)
    assert items == []
    assert [(n.line, n.severity) for n in notes] == [(3, "error"), (4, "error"), (5, "error")]
    assert notes[0].message.startswith("a `matching` question cannot be a cert-prep item")
    assert notes[1].message.startswith("an `essay` question cannot be a cert-prep item")


def test_not_xml_and_not_moodle(tmp_path):
    with pytest.raises(MoodleXmlError) as caught:
        parse_moodle_xml("<quiz><question></quiz>")
    assert caught.value.line == 1
    with pytest.raises(MoodleXmlError):
        parse_moodle_xml("<html/>")


def _cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_never_overwrites_without_force(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    bank = shipped_banks_dir() / "cca" / "compliance.yaml"
    xml = tmp_path / "q.xml"
    code, _, _ = _cli(capsys, "export", "moodle-xml", str(bank), "--out", str(xml))
    assert code == 0 and xml.read_text().startswith("<?xml")
    out = tmp_path / "back.yaml"
    out.write_text("keep me")
    code, _, err = _cli(
        capsys,
        "import",
        "moodle-xml",
        str(xml),
        "--exam",
        "cca",
        "--domain",
        "compliance",
        "--out",
        str(out),
    )
    assert code == 2 and "--force" in err and out.read_text() == "keep me"
    code, _, err = _cli(
        capsys,
        "import",
        "moodle-xml",
        str(xml),
        "--exam",
        "cca",
        "--domain",
        "compliance",
        "--out",
        str(out),
        "--force",
    )
    assert code == 0 and "imported" in err and out.read_text().count("- id: cca-") > 10
    hostile = tmp_path / "evil.xml"
    hostile.write_text(BILLION_LAUGHS)
    code, _, err = _cli(
        capsys,
        "import",
        "moodle-xml",
        str(hostile),
        "--exam",
        "cca",
        "--domain",
        "compliance",
        "--out",
        str(tmp_path / "evil.yaml"),
    )
    assert code == 1 and err.startswith(f"cert-prep: {hostile}:") and err.count("\n") == 1
    assert not (tmp_path / "evil.yaml").exists()


def test_hostile_names_and_text_never_reach_the_terminal_raw(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    # XML 1.0 forbids C0 controls: a file holding ESC or BEL is refused, cleanly.
    xml = tmp_path / "escapes.xml"
    xml.write_text(
        '<?xml version="1.0"?>\n<quiz><question type="multichoice">'
        "<name><text>bad \x1b]52;c;cm0gLXJmIH4=\x07</text></name></question></quiz>",
        encoding="utf-8",
    )
    code = main(
        [
            "import",
            "moodle-xml",
            str(xml),
            "--exam",
            "cca",
            "--domain",
            "compliance",
            "--out",
            str(tmp_path / "e.yaml"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1 and "not well-formed XML" in captured.err
    assert "\x1b" not in captured.err and "\x07" not in captured.err
    # C1 controls and bidi overrides are legal XML: they never reach the terminal raw.
    xml = tmp_path / "c1.xml"
    xml.write_text(
        '<?xml version="1.0"?>\n<quiz><question type="multichoice">'
        "<name><text>bad name \x9b2J \u202e</text></name>"
        '<questiontext format="html"><text>Which one? \x9b6n</text></questiontext>'
        '<answer fraction="100"><text>yes</text></answer>'
        '<answer fraction="0"><text>no \u202e</text></answer>'
        "</question></quiz>\n",
        encoding="utf-8",
    )
    out = tmp_path / "h.yaml"
    code = main(
        [
            "import",
            "moodle-xml",
            str(xml),
            "--exam",
            "cca",
            "--domain",
            "compliance",
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    for stream in (captured.out, captured.err, out.read_text()):
        assert "\x9b" not in stream and "\u202e" not in stream


# ---- text shown as the app shows it, exact round trip ------------------------------------------

WRAPPED = {
    "id": "w-1",
    "type": "code",
    "code_system": "icd-10-cm",
    "stem": "Urine culture confirms a UTI caused by E. coli. No other condition is\n"
    "documented.\n\n\nCode the diagnoses:\n- principal first\n  - then the organism\n",
    "answer": ["N39.0", "B96.20"],
    "sequence": "principal-first",
    "rationale": "The condition chiefly responsible\nfor the visit.\n\nSecond paragraph.\n",
}
RECORD = (
    "OFFICE NOTE\n68-year-old man, more shortness of  \nbreath than his usual.\n"
    "Assessment:\n  1. COPD with acute exacerbation\n\nPlan: rest.\n"
)
CASE = {"id": "case-copd", "title": "Office <note>", "record": RECORD}


def _question_html(xml: str, tag: str) -> str:
    import xml.etree.ElementTree as ET

    question = ET.fromstring(xml).find("question[@type='shortanswer']")
    return question.findtext(f"{tag}/text")


def _shown(markup: str) -> str:
    """What a browser shows, as one string: runs of white space are one space."""
    from cert_prep.instructor.html_text import html_to_text

    text, _images = html_to_text(markup)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def test_moodle_shows_text_reflowed_as_the_app_does_and_imports_it_back_exactly():
    import html
    import re

    from cert_prep.reflow import record_text, reflow

    xml = export_moodle_xml([ExportItem(WRAPPED, CASE, "cca", "dx")])
    question = _question_html(xml, "questiontext")
    stem = re.search(r'<div class="cert-prep-stem">(.*?)</div>', question, re.DOTALL)[1]
    assert "is\ndocumented." in stem and "is<br>" not in stem  # a newline is a space in HTML
    assert _shown(stem) == reflow(WRAPPED["stem"])
    assert _shown(_question_html(xml, "generalfeedback")) == reflow(WRAPPED["rationale"])
    # The record keeps its lines, but joins the one the author's editor wrapped.
    pre = re.search(r"<pre>(.*?)</pre>", question, re.DOTALL)[1]
    assert html.unescape(re.sub(r"<!--.*?-->", "", pre, flags=re.DOTALL)) == (
        record_text(RECORD) + "\n"
    )
    assert "<p><b>Office &lt;note&gt;</b></p><pre>" in question  # its title is shown
    [item], notes = parse_moodle_xml(xml)
    assert notes == []
    assert item.data["stem"] == WRAPPED["stem"]
    assert item.data["rationale"] == WRAPPED["rationale"].strip()
    assert item.case == CASE


def test_every_shipped_record_and_stem_is_shown_as_the_app_shows_it():
    import html
    import re

    from cert_prep.reflow import record_text, reflow

    for _source, items in _by_file():
        for it in items:
            xml = export_moodle_xml([ExportItem(dict(it.data), _case(it), it.exam, it.domain)])
            question = re.search(r"<questiontext[^>]*>\s*<text>(.*?)</text>", xml, re.DOTALL)[1]
            question = html.unescape(question)  # the XML's escaping; the HTML remains
            stem = re.search(r'<div class="cert-prep-stem">(.*?)</div>', question, re.DOTALL)[1]
            assert _shown(stem) == "\n".join(
                " ".join(line.split()) for line in reflow(it.data["stem"]).split("\n")
            ), it.id
            if it.case:
                pre = re.search(r"<pre>(.*?)</pre>", question, re.DOTALL)[1]
                shown = html.unescape(re.sub(r"<!--.*?-->", "", pre, flags=re.DOTALL))
                assert shown.rstrip() == record_text(it.case.record), it.id


def test_code_questions_accept_spaces_or_commas_and_say_the_format():
    xml = export_moodle_xml([ExportItem(WRAPPED, None, "cca", "dx")])
    assert "<usecase>0</usecase>" in xml  # Moodle ignores case
    answers = re.findall(r'<answer fraction="100"[^>]*>\s*<text>([^<]*)</text>', xml)
    assert answers == ["N39.0, B96.20", "N39.0,B96.20", "N39.0 B96.20"]
    assert "Type the codes separated by commas, the principal (first-listed) code first." in xml
    free = dict(WRAPPED, answer=["J44.1", "F17.210", "I10"], sequence="any")
    xml = export_moodle_xml([ExportItem(free, None, "cca", "dx")])
    answers = re.findall(r'<answer fraction="100"[^>]*>\s*<text>([^<]*)</text>', xml)
    assert len(answers) == 18 and answers[0] == "J44.1, F17.210, I10"
    assert "I10 F17.210 J44.1" in answers
    assert "Type the codes separated by commas, in any order." in xml
    [item], notes = parse_moodle_xml(xml)
    assert notes == [] and item.data["answer"] == free["answer"]
    assert "Type the codes" not in item.data["stem"]


def test_many_codes_in_any_order_are_asked_for_in_alphabetical_order():
    many = dict(WRAPPED, answer=["E11.9", "Z79.4", "I10", "J44.1", "N18.3"], sequence="any")
    xml = export_moodle_xml([ExportItem(many, None, "cca", "dx")])
    assert "in alphabetical order." in xml
    answers = re.findall(r'<answer fraction="100"[^>]*>\s*<text>([^<]*)</text>', xml)
    assert answers[0] == "E11.9, Z79.4, I10, J44.1, N18.3"
    assert "E11.9, I10, J44.1, N18.3, Z79.4" in answers and len(answers) == 6


def test_right_answers_naming_different_codes_are_refused():
    xml = """<quiz><question type="shortanswer"><name><text>q</text></name>
<questiontext format="html"><text>Code it.</text></questiontext>
<answer fraction="100"><text>E11.9</text></answer>
<answer fraction="100"><text>e119</text></answer>
<answer fraction="100"><text>E11.8</text></answer>
<tags><tag><text>cert-prep:code-system=icd-10-cm</text></tag></tags>
</question></quiz>"""
    items, notes = parse_moodle_xml(xml)
    assert items == []
    assert [n.message for n in notes] == [
        "the answers graded 100% name different codes; a code item has one set of codes "
        "(the first answer, comma-separated)"
    ]


def test_files_exported_before_keep_importing():
    """Earlier exports put `<br>` at every line break and no title above the record."""
    old = (
        '<quiz><question type="multichoice"><name><text>o-1</text></name>'
        '<questiontext format="html"><text>&lt;div class="cert-prep-case" data-case="c" '
        'data-title="T"&gt;&lt;pre&gt;A\nb&lt;/pre&gt;&lt;/div&gt;\n'
        '&lt;div class="cert-prep-stem"&gt;one&lt;br&gt;\ntwo&lt;/div&gt;</text></questiontext>'
        '<answer fraction="100"><text>x</text></answer><answer fraction="0"><text>y</text></answer>'
        "</question></quiz>"
    )
    [item], notes = parse_moodle_xml(old)
    assert notes == [] and item.data["stem"] == "one\ntwo"
    assert item.case == {"id": "c", "title": "T", "record": "A\nb"}


LATIN_1 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<quiz>
  <question type="multichoice">
    <name><text>cafe-1</text></name>
    <questiontext format="html"><text>Which code fits the na\u00efve patient's 39\u00b0C
fever?</text></questiontext>
    <generalfeedback format="html"><text>Fi\u00e8vre: R50.9.</text></generalfeedback>
    <single>true</single>
    <answer fraction="100" format="html"><text>R50.9 (fi\u00e8vre)</text></answer>
    <answer fraction="0" format="html"><text>R68.83</text></answer>
  </question>
</quiz>
"""


def _import(capsys, xml, out):
    return _cli(
        capsys, "import", "moodle-xml", str(xml), "--exam", "cca", "--domain", "compliance",
        "--out", str(out),
    )  # fmt: skip


def test_a_file_is_decoded_as_its_declaration_says(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    [item], notes = parse_moodle_xml(LATIN_1.encode("iso-8859-1"))
    assert notes == []
    assert item.data["stem"] == "Which code fits the na\u00efve patient's 39\u00b0C fever?"
    assert item.data["choices"]["A"] == "R50.9 (fi\u00e8vre)"
    xml = tmp_path / "latin.xml"
    xml.write_bytes(LATIN_1.encode("iso-8859-1"))
    code, _, err = _import(capsys, xml, tmp_path / "latin.yaml")
    assert code == 0, err
    assert "na\u00efve patient's 39\u00b0C" in (tmp_path / "latin.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        # Declared UTF-8 (the default), written in Latin-1: line 5 holds the 0xef.
        (
            LATIN_1.replace("ISO-8859-1", "UTF-8").encode("iso-8859-1"),
            "latin.xml:5: byte 0xef is not UTF-8, the encoding the file declares; ",
        ),
        (
            LATIN_1.replace(' encoding="ISO-8859-1"', "").encode("iso-8859-1"),
            "latin.xml:5: byte 0xef is not UTF-8, and the file declares no other encoding; ",
        ),
        (
            LATIN_1.replace("ISO-8859-1", "X-NOPE").encode("utf-8"),
            "latin.xml: the file declares the encoding `X-NOPE`, which cannot be read; ",
        ),
        (
            LATIN_1.replace("ISO-8859-1", "Shift_JIS").encode("shift_jis", "replace"),
            "latin.xml: the file declares the encoding `Shift_JIS`, which cannot be read; ",
        ),
    ],
    ids=["declared-utf-8", "undeclared", "unknown", "multi-byte"],
)
def test_an_undecodable_file_is_refused_in_one_line(tmp_path, capsys, monkeypatch, raw, said):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    xml = tmp_path / "latin.xml"
    xml.write_bytes(raw)
    code, out, err = _import(capsys, xml, tmp_path / "latin.yaml")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert said in err and err.rstrip().endswith("save it as UTF-8")
    assert not (tmp_path / "latin.yaml").exists()


IMAGES = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>xray-1</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which finding? <img src="@@PLUGINFILE@@/cxr.png"
      alt="chest X-ray"></p>]]></text></questiontext>
    <single>true</single>
    <answer fraction="100" format="html"><text>Pneumonia</text></answer>
    <answer fraction="0" format="html"><text><![CDATA[Fracture <img src="rib.png">]]></text>
    </answer>
  </question>
  <question type="multichoice">
    <name><text>plain-2</text></name>
    <questiontext format="html"><text>Which code is the default for UTI?</text></questiontext>
    <single>true</single>
    <answer fraction="100" format="html"><text>N39.0</text></answer>
    <answer fraction="0" format="html"><text>N30.00</text></answer>
  </question>
</quiz>
"""


def test_a_question_whose_images_are_dropped_is_named_in_a_warning(tmp_path, capsys, monkeypatch):
    [xray, _plain], notes = parse_moodle_xml(IMAGES)
    assert xray.data["stem"] == "Which finding? [image: chest X-ray]"
    assert xray.data["choices"]["B"] == "Fracture [image]"
    assert [(n.line, n.severity) for n in notes] == [(3, "warning")]  # none for plain-2
    assert notes[0].message == (
        "question `xray-1`: 2 image(s) left out (marked [image: alt text]): cert-prep items "
        "hold text only; describe the image in words if the question needs it"
    )
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    xml = tmp_path / "images.xml"
    xml.write_text(IMAGES, encoding="utf-8")
    code, _, err = _import(capsys, xml, tmp_path / "images.yaml")
    assert code == 0, err
    assert f"cert-prep: {xml}:3: warning: question `xray-1`: 2 image(s) left out" in err


LETTER_CHOICES = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="multichoice">
<name><text>letter-q</text></name>
<questiontext format="html"><text>Which 7th character: subsequent encounter?</text></questiontext>
<single>true</single>
<answer fraction="100"><text>D</text></answer>
<answer fraction="0"><text>A</text></answer>
<answer fraction="0"><text>S</text></answer>
</question>
<question type="multichoice">
<name><text>blank-q</text></name>
<questiontext format="html"><text>Which code reports essential hypertension?</text></questiontext>
<single>true</single>
<answer fraction="100"><text>I10</text></answer>
<answer fraction="0"><text> </text></answer>
</question>
<question type="multichoice">
<name><text>ok-q</text></name>
<questiontext format="html"><text>Which code reports a UTI, site not given?</text></questiontext>
<single>true</single>
<answer fraction="100"><text>N39.0</text></answer>
<answer fraction="0"><text>N30.00</text></answer>
</question>
</quiz>
"""


def test_a_choice_a_bank_cannot_hold_skips_its_question_not_the_file(tmp_path, capsys, monkeypatch):
    # A one-letter choice ("D") or a blank one used to fail the bank check after the file
    # was parsed: a crash (exit 70) that imported nothing.
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    xml = tmp_path / "letters.xml"
    xml.write_text(LETTER_CHOICES, encoding="utf-8")
    out = tmp_path / "letters.yaml"
    code, _, err = _import(capsys, xml, out)
    assert code == 1, err
    assert "letters.xml:3: error: question skipped: choice A is just a letter" in err
    assert "letters.xml:11: error: question skipped: choice B is empty" in err
    assert "imported 1 question(s)" in err and "2 refused" in err
    assert "crash" not in err
    written = out.read_text("utf-8")
    assert "N39.0" in written and "7th character" not in written and "hypertension" not in written


def _choice_question(*fractions: str, single: str = "true") -> str:
    answers = "".join(
        f'\n<answer fraction="{f}"><text>choice {i}</text></answer>'
        for i, f in enumerate(fractions)
    )
    return f"""<quiz><question type="multichoice"><name><text>q</text></name>
<questiontext format="html"><text>Which?</text></questiontext>
<single>{single}</single>{answers}
</question></quiz>"""


def test_a_single_answer_question_without_a_right_answer_is_said_truly():
    items, notes = parse_moodle_xml(_choice_question("50", "50"))
    assert items == []
    assert [n.message for n in notes] == [
        "question skipped: no answer is worth 100%; a single-answer question needs one right answer"
    ]
    items, notes = parse_moodle_xml(_choice_question("0", "-100", single="false"))
    assert items == [] and "no answer has a positive grade" in notes[0].message


@pytest.mark.parametrize("fraction", ["1e400", "nan", "-inf", "150", "-100.5", "abc"])
def test_a_fraction_that_is_no_percentage_is_refused_with_its_line(fraction):
    items, notes = parse_moodle_xml(_choice_question("100", fraction))
    assert items == []
    [note] = notes
    assert (note.line, note.severity) == (5, "error")
    assert f"the answer's fraction `{fraction}` is not a percentage from -100 to 100" in (
        note.message
    )


def test_a_code_answer_with_a_fraction_that_is_no_percentage_is_refused():
    xml = """<quiz><question type="shortanswer"><name><text>q</text></name>
<questiontext format="html"><text>Code it.</text></questiontext>
<answer fraction="nan"><text>E11.9</text></answer>
<tags><tag><text>cert-prep:code-system=icd-10-cm</text></tag></tags>
</question></quiz>"""
    items, notes = parse_moodle_xml(xml)
    assert items == [] and notes[0].line == 3 and "fraction `nan`" in notes[0].message
