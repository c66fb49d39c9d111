"""Labels, the class passphrase and which hosts may be listened on."""

from __future__ import annotations

import hmac
import os
from pathlib import Path

import pytest

from cert_prep.errors import UserError
from cert_prep.frontend import classroom_access as access
from cert_prep.frontend.classroom_access import (
    LabelRefused,
    check_listening,
    is_local_host,
    passphrase_matches,
    read_passphrase_file,
    student_data_dir,
    student_label,
)


@pytest.mark.parametrize(
    ("typed", "label"),
    [("maria", "maria"), ("Maria-G", "maria-g"), ("  ben_2 ", "ben_2"), ("x" * 32, "x" * 32)],
)
def test_good_labels_are_folded_to_one_folder_name(typed: str, label: str):
    assert student_label(typed) == label


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "x" * 33,
        "..",
        "../other",
        "a/b",
        "a\\b",
        "C:",
        "a.b",
        "two words",
        "maría",  # letters outside ASCII: not a portable folder name
        "ｍａｒｉａ",  # fullwidth letters
        "١٢٣",  # Arabic-Indic digits
        "maria\n",
        "ma\x00ria",
        "\x1b[31mred",
        "con",
        "LPT1",
    ],
)
def test_labels_that_could_leave_the_class_folder_or_confuse_are_refused(typed: str):
    with pytest.raises(LabelRefused) as refused:
        student_label(typed)
    message = str(refused.value)
    assert "\n" not in message and "\x1b" not in message and "\x00" not in message


def test_the_refusal_says_what_a_label_may_hold():
    with pytest.raises(LabelRefused, match=r"1 to 32 letters, digits, '-' or '_'"):
        student_label("a/b")


def test_a_student_folder_is_under_students(tmp_path: Path):
    assert student_data_dir(tmp_path, "Ana") == tmp_path / "students" / "ana"


def test_a_student_folder_linked_outside_the_class_is_refused(tmp_path: Path):
    (tmp_path / "students").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "students" / "eve")
    with pytest.raises(LabelRefused, match="outside the class folder"):
        student_data_dir(tmp_path, "eve")


# ---- the passphrase file ---------------------------------------------------------------


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "pass.txt"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [b"blue heron\n", b"  blue heron  \r\n", b"\xef\xbb\xbfblue heron\n", b"blue heron"],
)
def test_the_passphrase_is_the_files_one_line(tmp_path: Path, data: bytes):
    assert read_passphrase_file(write(tmp_path, data)) == "blue heron"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "is empty"),
        (b" \n\n", "is empty"),
        (b"\xff\xfeb\x00l\x00", "is not UTF-8 text"),
        (b"caf\xe9\n", "is not UTF-8 text"),
        (b"ab\x00cd", "control or binary characters"),
        (b"ab\x1b[31mcd", "control or binary characters"),
        (b"one\ntwo\n", "several lines"),
        (b"x" * 5000, "larger than 1024 bytes"),
    ],
)
def test_odd_passphrase_files_are_one_line_naming_the_file(tmp_path: Path, data: bytes, said):
    path = write(tmp_path, data)
    with pytest.raises(UserError) as error:
        read_passphrase_file(path)
    message = error.value.message
    assert said in message
    assert str(path) in message
    assert "\n" not in message
    assert error.value.exit_code == 2


def test_a_missing_or_folder_passphrase_file_is_said(tmp_path: Path):
    with pytest.raises(UserError, match="no such file"):
        read_passphrase_file(tmp_path / "absent.txt")
    with pytest.raises(UserError, match="is a folder"):
        read_passphrase_file(tmp_path)


def test_a_huge_passphrase_file_is_not_read_whole(tmp_path: Path):
    path = tmp_path / "huge.bin"
    with path.open("wb") as out:
        out.seek(50 * 1024 * 1024)
        out.write(b"x")
    with pytest.raises(UserError, match="larger than"):
        read_passphrase_file(path)


def test_passphrases_are_compared_in_constant_time(monkeypatch):
    seen = []
    real = hmac.compare_digest

    def compare(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", compare)
    assert passphrase_matches("blue heron", "blue heron")
    assert passphrase_matches("  blue heron\n", "blue heron")
    assert not passphrase_matches("blue heron!", "blue heron")
    assert not passphrase_matches("", "blue heron")
    assert len(seen) == 4


# ---- hosts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "127.1.2.3"]
)
def test_loopback_hosts_are_local(host: str):
    assert is_local_host(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org", "10.0.0.1"])
def test_other_hosts_are_not_local(host: str):
    assert not is_local_host(host)


def test_localhost_needs_nothing(tmp_path: Path):
    assert check_listening("127.0.0.1", None, None) is False
    assert check_listening("localhost", tmp_path, None) is False


def test_one_students_app_stays_on_this_machine():
    with pytest.raises(UserError, match="without --class") as error:
        check_listening("0.0.0.0", None, None)
    assert error.value.exit_code == 2


def test_a_class_beyond_this_machine_needs_a_passphrase(tmp_path: Path):
    with pytest.raises(UserError, match="needs --passphrase-file") as error:
        check_listening("0.0.0.0", tmp_path, None)
    assert error.value.exit_code == 2
    assert check_listening("0.0.0.0", tmp_path, tmp_path / "pass.txt") is True


def test_a_passphrase_without_a_class_is_refused(tmp_path: Path):
    with pytest.raises(UserError, match="protects a class"):
        check_listening("127.0.0.1", None, tmp_path / "pass.txt")


def test_an_empty_host_is_refused():
    with pytest.raises(UserError, match="--host needs"):
        check_listening("  ", None, None)
