"""The command table that lets a start import only its own command's module."""

from __future__ import annotations

import argparse
import importlib

import pytest

from cert_prep.cli.main import COMMANDS, _common_options, build_parser, command_word


@pytest.mark.parametrize("module", sorted(set(COMMANDS.values())))
def test_the_table_names_exactly_what_each_module_registers(module):
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).register(sub, _common_options())
    assert sorted(sub.choices) == sorted(c for c, m in COMMANDS.items() if m == module)


def test_the_full_parser_lists_every_command_in_table_order():
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == list(COMMANDS)


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["exam", "cpc"], "exam"),
        (["--data-dir", "exam", "drill"], "drill"),
        (["--banks", "b1", "--banks=b2", "--exports", "x", "weak"], "weak"),
        (["--version"], None),
        ([], None),
        (["--", "exam"], None),
        (["nonsense", "exam"], "nonsense"),
    ],
)
def test_the_command_word_skips_global_options_and_their_values(argv, word):
    assert command_word(argv) == word


def test_a_known_command_builds_only_its_module_and_parses_as_before():
    args = build_parser("exam").parse_args(["--data-dir", "d", "exam", "cpc", "--seed", "3"])
    assert (args.command, args.exam, args.seed, args.data_dir) == ("exam", "cpc", 3, "d")
    sub = next(
        a for a in build_parser("exam")._actions if isinstance(a, argparse._SubParsersAction)
    )
    assert sorted(sub.choices) == ["drill", "exam", "history", "resume"]


def test_an_unknown_command_is_refused_with_the_whole_list(capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser("nonsense").parse_args(["nonsense"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nonsense'" in err and "'class'" in err and "'exam-date'" in err
