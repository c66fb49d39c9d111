"""The class dashboard: JSON contract, escaped labels, classroom folders, bad input."""

from __future__ import annotations

import json

import html5lib
import pytest

from cert_prep.cli.main import main
from cert_prep.instructor.results_file import FORMAT

ITEMS = [
    ("cca-comp-001", "compliance"),
    ("cca-comp-002", "compliance"),
    ("cca-hr-001", "health-records"),
    ("cca-hr-002", "health-records"),
]


def _attempt(attempt_id: int, day: int, right: set[str], wrong_choice: str = "B") -> dict:
    return {
        "id": attempt_id,
        "exam": "cca",
        "submitted_at": f"2026-03-{day:02d}T10:00:00Z",
        "responses": [
            {
                "item": item,
                "domain": domain,
                "response": "A" if item in right else wrong_choice,
                "correct": item in right,
                "seconds": 30.0,
            }
            for item, domain in ITEMS
        ],
    }


def _results(folder, student: str, attempts: list[dict]):
    path = folder / f"{len(list(folder.iterdir()))}.json"
    path.write_text(json.dumps({"format": FORMAT, "student": student, "attempts": attempts}))
    return path


@pytest.fixture
def results(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    everything = {i for i, _ in ITEMS}
    _results(folder, "ana", [_attempt(1, 1, {"cca-comp-001"}), _attempt(2, 5, everything)])
    _results(folder, "<script>alert(1)</script>", [_attempt(1, 2, {"cca-hr-001"}, "C")])
    _results(folder, "ben", [_attempt(7, 3, {"cca-comp-001", "cca-comp-002", "cca-hr-001"})])
    return folder


def _run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(results, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    code, out, _ = _run(capsys, "class", str(results), "--exam", "CCA", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"exam", "students", "domains", "most_missed"}
    assert data["exam"] == "cca"
    students = {s["student"]: s for s in data["students"]}
    assert set(students["ana"]) == {
        "student",
        "attempts",
        "latest_percent",
        "best_percent",
        "passed_latest",
        "domains",
    }
    assert students["ana"] == {
        "student": "ana",
        "attempts": 2,
        "latest_percent": 100.0,
        "best_percent": 100.0,
        "passed_latest": True,
        "domains": {"compliance": 100.0, "health-records": 100.0},
    }
    assert students["ben"]["latest_percent"] == 75.0 and students["ben"]["passed_latest"]
    assert students["<script>alert(1)</script>"]["passed_latest"] is False
    domains = {d["id"]: d for d in data["domains"]}
    assert set(domains["compliance"]) == {"id", "name", "mean_percent", "students"}
    assert domains["compliance"]["students"] == 3
    assert domains["health-records"]["mean_percent"] == pytest.approx((100 + 50 + 50) / 3, 0.01)
    worst = data["most_missed"][0]
    assert set(worst) == {"item", "domain", "p", "wrong_choices"}
    assert worst["item"] == "cca-hr-002" and worst["p"] == pytest.approx(1 / 3, 0.01)
    assert worst["wrong_choices"] == {"B": 1, "C": 1}


def test_page_escapes_labels_and_shows_numbers_with_symbols(results, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    out = tmp_path / "class.html"
    code, text, _ = _run(capsys, "class", str(results), "--exam", "cca", "--out", str(out))
    assert code == 0 and "2 on track to pass" in text
    page = out.read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    html5lib.HTMLParser(strict=False).parse(page)
    assert "heat-pass" in page and "heat-low" in page and "25%" in page
    assert "http://" not in page.replace("http://www.w3.org", "")


def test_heatmap_headers_name_each_domain_in_full(results, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    out = tmp_path / "class.html"
    assert _run(capsys, "class", str(results), "--exam", "cca", "--out", str(out))[0] == 0
    root = html5lib.parse(out.read_text(), treebuilder="etree", namespaceHTMLElements=False)
    heatmap = root.find(".//table[@class='heat']")
    headers = [" ".join("".join(th.itertext()).split()) for th in heatmap.iter("th")]
    # blueprint order; "Health records and data content" was cut to "Health records and da…"
    assert headers[4:6] == ["Health records and data content", "Compliance"]


def test_default_output_goes_to_the_exports_folder(results, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CERT_PREP_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.chdir(tmp_path)
    code, text, _ = _run(capsys, "class", str(results), "--exam", "cca")
    assert code == 0
    [written] = (tmp_path / "exports").glob("class-cca-*.html")
    assert str(written) in text


def test_classroom_folder(tmp_path, capsys, monkeypatch):
    from cert_prep.bank.loader import load_library
    from cert_prep.clock import FakeClock
    from cert_prep.engine.assembly import ExamOptions, plan_exam
    from cert_prep.engine.session import ExamSession
    from cert_prep.paths import shipped_banks_dir
    from cert_prep.store import Store

    bank = load_library([shipped_banks_dir()]).exam("cca")
    for label, right in (("s01", True), ("s02", False)):
        store = Store.open(tmp_path / "room" / "students" / label / "cert-prep.sqlite3")
        session = ExamSession.start(store, bank, plan_exam(bank, ExamOptions(seed=3)), FakeClock())
        for index in range(session.count):
            session.go_to(index)
            entry = session.current
            if right and entry.kind == "single":
                session.choose(entry.letters(entry.question.answer)[0])
        session.submit()
        store.close()
    (tmp_path / "room" / "students" / "../escape").mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    code, out, _ = _run(
        capsys, "class", "--class", str(tmp_path / "room"), "--exam", "cca", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert [s["student"] for s in data["students"]] == ["s01", "s02"]
    assert data["students"][0]["latest_percent"] > data["students"][1]["latest_percent"]
    # a student who signed in but sat no mock yet is named; the page goes to the exports
    # folder, as the docs say (never the class folder: it holds every student's scores)
    Store.open(tmp_path / "room" / "students" / "s03" / "cert-prep.sqlite3").close()
    monkeypatch.setenv("CERT_PREP_EXPORTS", str(tmp_path / "exports"))
    code, out, _ = _run(capsys, "class", "--class", str(tmp_path / "room"), "--exam", "cca")
    assert code == 0
    assert not list((tmp_path / "room").glob("class-cca-*.html"))
    [page] = (tmp_path / "exports").glob("class-cca-*.html")
    assert str(page) in out and "no full mock exam yet: s03" in out
    assert "s03" in page.read_text(encoding="utf-8")
    assert max(len(line) for line in out.splitlines() if "class-cca-" not in line) <= 78


def _sat_a_mock(database, right: bool = True) -> None:
    from cert_prep.bank.loader import load_library
    from cert_prep.clock import FakeClock
    from cert_prep.engine.assembly import ExamOptions, plan_exam
    from cert_prep.engine.session import ExamSession
    from cert_prep.paths import shipped_banks_dir
    from cert_prep.store import Store

    bank = load_library([shipped_banks_dir()]).exam("cca")
    store = Store.open(database)
    session = ExamSession.start(store, bank, plan_exam(bank, ExamOptions(seed=3)), FakeClock())
    for index in range(session.count):
        session.go_to(index)
        entry = session.current
        if right and entry.kind == "single":
            session.choose(entry.letters(entry.question.answer)[0])
    session.submit()
    store.close()


def test_a_damaged_or_odd_student_folder_is_skipped_with_one_line(tmp_path, capsys, monkeypatch):
    import sqlite3

    students = tmp_path / "room" / "students"
    _sat_a_mock(students / "s01" / "cert-prep.sqlite3")
    (students / "broken").mkdir()
    (students / "broken" / "cert-prep.sqlite3").write_bytes(b"not a database at all\n" * 10)
    (students / "foreign").mkdir()
    with sqlite3.connect(students / "foreign" / "cert-prep.sqlite3") as other:
        other.execute("CREATE TABLE photos (name TEXT)")
    other.close()
    (students / "empty").mkdir()
    (students / "bad\x1bname").mkdir()
    (students / "s02\n").mkdir()
    (students / "notes.txt").write_text("a stray file is no student\n", encoding="utf-8")
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    code, out, err = _run(
        capsys, "class", "--class", str(tmp_path / "room"), "--exam", "cca", "--json"
    )
    assert code == 0, err
    assert [s["student"] for s in json.loads(out)["students"]] == ["s01"]
    lines = err.splitlines()
    assert all(line.startswith("cert-prep: warning: students/") for line in lines)
    said = {line.split(": ")[2]: line for line in lines}
    assert set(said) == {
        "students/broken",
        "students/foreign",
        "students/empty",
        "students/bad\u241bname",
        "students/s02\u2424",
    }
    assert "damaged" in said["students/broken"]
    assert "not a cert-prep study history" in said["students/foreign"]
    assert "no study history" in said["students/empty"]
    assert "not a student label" in said["students/s02\u2424"]
    assert "\x1b" not in err


def test_scores_leave_out_pretest_items_as_the_students_own_result_does(
    tmp_path, capsys, monkeypatch
):
    from cert_prep.bank.loader import load_library
    from cert_prep.clock import FakeClock
    from cert_prep.engine.assembly import ExamOptions, plan_exam
    from cert_prep.engine.session import ExamSession
    from cert_prep.paths import shipped_banks_dir
    from cert_prep.store import Store

    # A full CCA mock: 90 scored questions and 15 unscored pretest items.
    bank = load_library([shipped_banks_dir()]).exam("cca")
    store = Store.open(tmp_path / "room" / "students" / "alice" / "cert-prep.sqlite3")
    session = ExamSession.start(store, bank, plan_exam(bank, ExamOptions(seed=4)), FakeClock())
    for index in range(session.count):
        session.go_to(index)
        if session.current.kind == "single":
            session.choose("B")
    own = session.submit().score
    store.close()
    assert own.total == 90
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    code, out, _ = _run(
        capsys, "class", "--class", str(tmp_path / "room"), "--exam", "cca", "--json"
    )
    assert code == 0
    [alice] = json.loads(out)["students"]
    assert alice["latest_percent"] == own.percent
    assert alice["passed_latest"] == own.passed
    assert alice["domains"] == {d.id: round(d.percent, 1) for d in own.domains}
    # the same through a results file
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "room" / "students" / "alice"))
    exported = tmp_path / "alice.json"
    assert _run(capsys, "export-results", "--student", "alice", "--out", str(exported))[0] == 0
    code, out, _ = _run(capsys, "class", str(exported), "--exam", "cca", "--json")
    assert code == 0 and json.loads(out)["students"] == [alice]


@pytest.mark.parametrize(
    "args",
    [
        ["class", "--exam", "cca"],
        ["class", "x.json", "--class", "room", "--exam", "cca"],
        ["class", "--class", "/nonexistent-room", "--exam", "cca"],
    ],
)
def test_bad_input_is_one_line(args, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    code, _out, err = _run(capsys, *args)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_results_without_this_exam(results, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    code, _, err = _run(capsys, "class", str(results), "--exam", "cpc", "--json")
    assert code == 1 and "no full cpc mock exams" in err
