"""Anki decks: one note per item, stable GUIDs, escaped text, type-in code cards."""

from __future__ import annotations

import sqlite3
import zipfile

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
