"""`cert-prep serve` on the command line: refusals before anything listens."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cert_prep.cli import serve_commands
from cert_prep.cli.main import main
from cert_prep.cli.serve_commands import session_argv, session_environment, shown_url
from cert_prep.context import AppContext
from cert_prep.paths import ENV_BANKS, resolve_locations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CERT_PREP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CERT_PREP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CERT_PREP_BANKS", raising=False)


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(["serve", *argv])
    captured = capsys.readouterr()
    return code, captured.err


def test_listening_on_the_network_without_a_class_is_refused(capsys):
    code, err = run(capsys, "--host", "0.0.0.0")
    assert code == 2
    assert "without --class" in err and "Traceback" not in err


def test_a_class_on_the_network_needs_a_passphrase_file(capsys, tmp_path: Path):
    code, err = run(capsys, "--host", "0.0.0.0", "--class", str(tmp_path / "class"))
    assert code == 2
    assert "--passphrase-file" in err
    assert not (tmp_path / "class").exists()  # nothing made before the refusal


def test_a_bad_passphrase_file_is_one_line_naming_it(capsys, tmp_path: Path):
    bad = tmp_path / "pass.bin"
    bad.write_bytes(b"\x00\x01\x02")
    code, err = run(
        capsys, "--host", "0.0.0.0", "--class", str(tmp_path / "c"), "--passphrase-file", str(bad)
    )
    assert code == 2
    assert str(bad) in err and err.count("\n") == 1


def test_a_class_dir_that_is_a_file_is_refused(capsys, tmp_path: Path):
    file = tmp_path / "class.txt"
    file.write_text("x")
    code, err = run(capsys, "--class", str(file))
    assert code == 2
    assert "is not a folder" in err


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_ports_are_checked(capsys, port: str):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", port])
    assert exit_.value.code == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def test_a_port_in_use_is_said(tmp_path: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=str(ROOT), CERT_PREP_HOME=str(tmp_path / "home"))
        done = subprocess.run(
            [sys.executable, "-m", "cert_prep", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    assert done.returncode == 1
    assert done.stderr == (
        f"cert-prep: cannot listen on 127.0.0.1 port {port}: the port is already in use "
        "(another program, or another cert-prep serve); choose another with --port\n"
    )


def test_each_tab_runs_this_python_without_a_shell(tmp_path: Path):
    context = AppContext(resolve_locations(data_dir=str(tmp_path / "me"), environ={}))
    argv = session_argv(context, None, None)
    assert argv[:3] == [sys.executable, "-m", "cert_prep.ui.served"]
    assert argv[argv.index("--data-dir") + 1] == str(tmp_path / "me")

    secret = tmp_path / "pass.txt"
    secret.write_text("blue heron\n")
    argv = session_argv(context, tmp_path / "class", secret)
    assert argv[argv.index("--class") + 1] == str(tmp_path / "class")
    assert argv[argv.index("--passphrase-file") + 1] == str(secret.resolve())
    assert "blue heron" not in " ".join(argv)  # never on a command line others can read


def test_each_tab_reads_the_instructors_banks(tmp_path: Path):
    banks = ROOT / "tests" / "serve" / "fixtures" / "root"
    context = AppContext(
        resolve_locations(banks=[str(banks)], data_dir=str(tmp_path / "me"), environ={})
    )
    assert session_environment(context) == {ENV_BANKS: str(banks.resolve())}


@pytest.mark.parametrize("name", ["lba", "\udcff"])  # a typo; a byte that is not UTF-8
def test_a_missing_class_folder_is_refused_not_made(capsys, tmp_path: Path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    code, err = run(capsys, "--class", name, "--port", "18699")
    assert code == 2
    assert "no such folder" in err
    assert ("mkdir -p lba" in err) == (name == "lba")
    assert err.count("\n") == 1 and "\udcff" not in err
    assert not (tmp_path / name).exists()


def test_on_the_network_the_addresses_students_can_reach_are_shown(monkeypatch):
    monkeypatch.setattr(serve_commands, "network_addresses", lambda: ["192.0.2.2", "10.1.2.3"])
    monkeypatch.setattr(serve_commands.socket, "gethostname", lambda: "vm")
    assert serve_commands.listening_lines("0.0.0.0", 8080) == [
        "cert-prep serve: students open http://192.0.2.2:8080/ in a browser",
        "  or http://10.1.2.3:8080/",
        "  (or http://vm:8080/ on computers that know this machine's name)",
    ]
    assert serve_commands.listening_lines("127.0.0.1", 8080) == [
        "cert-prep serve: open http://127.0.0.1:8080/ in a browser"
    ]


def test_the_network_addresses_are_not_loopback():
    for address in serve_commands.network_addresses():
        assert not address.startswith("127.")


def test_the_url_to_share():
    assert shown_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert shown_url("::1", 8001) == "http://[::1]:8001/"
    assert shown_url("0.0.0.0", 80).startswith("http://") and "0.0.0.0" not in shown_url(
        "0.0.0.0", 80
    )


def test_serve_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "serve" in capsys.readouterr().out
