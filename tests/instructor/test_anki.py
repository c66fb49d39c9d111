"""Anki decks: one note per item, stable GUIDs, escaped text, type-in code cards."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from cert_prep.cli.main import main


def _notes(path, tmp_path):
    with zipfile.ZipFile(path) as apkg:
        apkg.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        return db.execute("SELECT guid, flds, tags FROM notes ORDER BY guid").fetchall()
    finally:
        db.close()


def test_anki_deck_of_an_exam(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    out = tmp_path / "ccs.apkg"
    assert (
        main(
            ["export", "anki", "--exam", "ccs", "--domain", "icd-10-pcs-coding", "--out", str(out)]
        )
        == 0
    )
    assert "note(s)" in capsys.readouterr().out
    first = _notes(out, tmp_path / "a")
    assert len(first) >= 40
    # Exporting again gives the same GUIDs: re-importing updates instead of duplicating.
    assert (
        main(
            [
                "export",
                "anki",
                "--exam",
                "ccs",
                "--domain",
                "icd-10-pcs-coding",
                "--out",
                str(out),
                "--force",
            ]
        )
        == 0
    )
    assert [g for g, _f, _t in _notes(out, tmp_path / "b")] == [g for g, _f, _t in first]
    tags = " ".join(t for _g, _f, t in first)
    assert "cert-prep::ccs" in tags and "ccs::icd-10-pcs-coding" in tags
    # Code items are type-in cards holding the codes.
    assert any(f.count("\x1f") == 3 for _g, f, _t in first)


def test_anki_refuses_existing_file_and_folders(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"mine")
    assert main(["export", "anki", "--exam", "cca", "--out", str(out)]) == 2
    assert out.read_bytes() == b"mine"
    folder = tmp_path / "dir.apkg"
    folder.mkdir()
    assert main(["export", "anki", "--exam", "cca", "--out", str(folder), "--force"]) == 2
    assert main(["export", "anki", "--exam", "cca", "--out", str(tmp_path / "x.zip")]) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "folder" in err and "Traceback" not in err


def test_anki_prose_is_reflowed_and_records_keep_their_lines():
    """A stem's soft line break (YAML wrapping) is a space on the card, as on screen; a
    case record keeps its lines."""
    from cert_prep.instructor.anki import AnkiItem, _back, _front

    item = AnkiItem(
        {
            "id": "x-1",
            "type": "single",
            "stem": "Which two bones does\nthis ligament connect?",
            "choices": {"A": "tibia and\nfibula", "B": "radius and ulna"},
            "answer": "A",
            "rationale": "It joins the\ntibia and fibula.\n\nSecond paragraph.",
        },
        {"title": "Note", "record": "LINE ONE\nLINE TWO"},
        "cpc",
        "anatomy",
    )
    fields = _front(item) + _back(item)
    assert "Which two bones does this ligament connect?" in fields
    assert "tibia and fibula" in fields and "It joins the tibia and fibula.<br><br>Second" in fields
    assert "LINE ONE<br>LINE TWO" in fields


def _deck(path, tmp_path):
    import json

    with zipfile.ZipFile(path) as apkg:
        apkg.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
        notes = db.execute("SELECT sfld, flds FROM notes").fetchall()
    finally:
        db.close()
    [desc] = [d["desc"] for d in decks.values() if d["name"].startswith("cert-prep")]
    return desc, notes


def test_an_instructors_own_bank_is_not_credited_to_the_cert_prep_contributors(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    fixtures = Path(__file__).parent / "fixtures" / "banks"
    own = tmp_path / "deck.apkg"
    argv = ["--banks", str(fixtures), "export", "anki", "--exam", "quiz", "--out", str(own)]
    assert main(argv) == 0
    desc, notes = _deck(own, tmp_path / "own")
    assert "contributors" not in desc and "CC BY" not in desc
    assert desc.startswith("Questions from ") and "dx.yaml" in desc
    # Anki's browser sorts by the item id, not by the front's HTML.
    assert sorted(s for s, _f in notes) == sorted(f.split("\x1f")[-1] for _s, f in notes)
    assert all(s.startswith("quiz-") for s, _f in notes)
    shipped = tmp_path / "cca.apkg"
    assert main(["export", "anki", "--exam", "cca", "--out", str(shipped)]) == 0
    desc, _notes = _deck(shipped, tmp_path / "shipped")
    assert desc.startswith("Questions from the cert-prep question banks by the cert-prep ")
    assert "CC BY 4.0" in desc and "Other questions" not in desc


def test_code_cards_say_how_to_type_the_codes_and_records_join_wrapped_lines():
    from cert_prep.instructor.anki import AnkiItem, _front

    record = (
        "NOTE\n68-year-old man with more shortness of\nbreath than usual.\nAssessment:\n  1. COPD"
    )
    item = AnkiItem(
        {
            "id": "x-2",
            "type": "code",
            "code_system": "icd-10-cm",
            "stem": "Code the diagnoses.",
            "answer": ["J44.1", "F17.210", "I10"],
            "sequence": "principal-first",
            "rationale": "",
        },
        {"title": "Office note", "record": record},
        "cca",
        "dx",
    )
    front = _front(item)
    assert (
        "Type the codes separated by a comma and a space, the principal (first-listed) code "
        "first." in front
    )
    assert "more shortness of breath than usual.<br>Assessment:<br>  1. COPD" in front


def test_notes_carry_ankis_first_field_checksum(tmp_path, capsys, monkeypatch):
    """`csum` is what Anki's duplicate check reads: the first 8 hex digits of the SHA-1 of
    the first field without its HTML, as an integer (genanki writes 0)."""
    import hashlib
    import html
    import re

    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "data"))
    out = tmp_path / "cpc.apkg"
    assert main(["export", "anki", "--exam", "cpc", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as apkg:
        apkg.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = db.execute("SELECT flds, sfld, csum FROM notes").fetchall()
    finally:
        db.close()
    assert len(notes) > 50
    for fields, sort_field, csum in notes:
        front = html.unescape(re.sub(r"<[^>]*>", "", fields.split("\x1f")[0]))
        assert csum == int(hashlib.sha1(front.encode()).hexdigest()[:8], 16), sort_field
    # The text Anki hashes: "&quot;" is a quote, "<br>" nothing at all.
    from cert_prep.instructor.anki import field_checksum

    assert field_checksum('<div class="stem">Is &quot;NEC&quot;<br>set?</div>') == int(
        hashlib.sha1(b'Is "NEC"set?').hexdigest()[:8], 16
    )
