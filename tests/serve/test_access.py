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
    names_this_machine,
    passphrase_matches,
    read_passphrase_file,
    student_data_dir,
    student_label,
)
from cert_prep.serve.lockout import SignInLockout


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


@pytest.mark.parametrize("typed", ["--help", "-rf", "-"])
def test_a_label_like_an_option_is_refused_saying_why(typed: str):
    with pytest.raises(LabelRefused, match="may not start with '-'"):
        student_label(typed)
    assert student_label("maria-g") == "maria-g"  # a '-' inside is fine


@pytest.mark.parametrize(
    "header", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000", "127.0.0.2:8000"]
)
def test_this_machines_names_at_our_port(header: str):
    assert names_this_machine(header, 8000)


@pytest.mark.parametrize(
    "header",
    [
        "evil.example:8000",
        "localhost.evil.example:8000",
        "127.0.0.1.nip.io:8000",
        "192.168.1.20:8000",
        "127.0.0.1:9000",  # another port
        "127.0.0.1",  # no port is port 80
        "",
        "127.0.0.1:8000:8000",
    ],
)
def test_other_names_or_ports_are_not_this_machine(header: str):
    assert not names_this_machine(header, 8000)


def test_no_port_is_port_80():
    assert names_this_machine("localhost", 80) and names_this_machine("[::1]", 80)


# ---- wrong passphrases per address ------------------------------------------------------


def test_five_wrong_passphrases_lock_an_address_out_for_ten_minutes():
    now = [0.0]
    lockout = SignInLockout(clock=lambda: now[0])
    assert lockout.tries_left("10.0.0.1") == 5
    assert [lockout.wrong("10.0.0.1") for _ in range(5)] == [False] * 4 + [True]
    assert lockout.tries_left("10.0.0.1") == 0
    assert lockout.minutes_locked("10.0.0.1") == 10
    assert lockout.tries_left("10.0.0.2") == 5  # another address is not affected
    assert lockout.wrong("10.0.0.1") is False  # already locked: said once
    now[0] += 9 * 60 + 1
    assert lockout.minutes_locked("10.0.0.1") == 1
    now[0] += 60
    assert lockout.tries_left("10.0.0.1") == 5


def test_old_mistakes_are_forgotten_and_a_right_passphrase_clears_them():
    now = [0.0]
    lockout = SignInLockout(clock=lambda: now[0])
    lockout.wrong("a")
    now[0] += 601
    lockout.wrong("a")
    assert lockout.tries_left("a") == 4
    lockout.right("a")
    assert lockout.tries_left("a") == 5
    assert lockout.addresses == {}
