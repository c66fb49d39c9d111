"""Moodle XML: every shipped bank survives export then import; hostile XML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

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

FIELDS = (
    "id",
    "type",
    "choices",
    "answer",
    "feedback",
    "code_system",
    "sequence",
    "tags",
    "difficulty",
    "codes",
)


def _case(item):
    case = item.case
    return {"id": case.id, "title": case.title, "record": case.record} if case else None


def _by_file():
    library = load_library([shipped_banks_dir()])
    files: dict[str, list] = {}
    for bank in library.exams.values():
        for item in bank.items:
            files.setdefault(item.source, []).append(item)
    return sorted(files.items())


@pytest.mark.parametrize(
    "source,items", _by_file(), ids=lambda v: Path(v).name if isinstance(v, str) else ""
)
def test_every_shipped_bank_round_trips(source, items):
    exam, domain = items[0].exam, items[0].domain
    xml = export_moodle_xml(ExportItem(dict(i.data), _case(i), i.exam, i.domain) for i in items)
    imported, notes = parse_moodle_xml(xml)
    assert [n for n in notes if n.severity == "error"] == []
    assign_ids(imported, "x", set(), notes)
    text = bank_from_moodle(imported, exam, domain, 2026)
    result = validate_file(text.encode(), is_blueprint=False, check_codes=False)
    assert [p for p in result.problems if p["severity"] == "error"] == []
    back = {q["id"]: q for q, _ in result.questions}
    assert list(back) == [i.id for i in items]
    for item in items:
        want, got = item.data, back[item.id]
        for field in FIELDS:
            assert got.get(field) == want.get(field), (item.id, field)
        assert got["stem"].strip() == want["stem"].strip(), item.id
        assert got["rationale"].strip() == want["rationale"].strip(), item.id
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
    assert "`matching` question cannot be a cert-prep item" in notes[0].message


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
