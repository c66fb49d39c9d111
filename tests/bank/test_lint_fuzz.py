"""Lint never raises, whatever bytes a bank file holds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cert_prep.bank.lint import lint
from cert_prep.bank.validate import validate_file

# Byte soup, and YAML-ish text built from the format's own vocabulary.
yamlish = st.lists(
    st.sampled_from(
        [
            "exam: demo\n",
            "domain: dx\n",
            "code_year: 2026\n",
            "questions:\n",
            "  - id: q1\n",
            "    type: single\n",
            "    type: code\n",
            "    stem: s\n",
            "    answer: A\n",
            "    answer: [99213, 00100]\n",
            "    choices: {A: a, B: b}\n",
            "cases:\n",
            "  - &x [1]\n",
            "    codes: [E11.9]\n",
            "\t- x\n",
            "!!python/object:os.system x\n",
            "*x\n",
            "- \n",
            ": :\n",
            "    case: c\n",
            "    domain: nope\n",
            "'",
            '"',
            "{",
            "[",
            "\ufeff",
            "\x00",
        ]
    ),
    max_size=25,
).map(lambda parts: "".join(parts).encode())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), yamlish))
def test_validate_file_never_raises(raw: bytes):
    for is_blueprint in (False, True):
        result = validate_file(raw, is_blueprint)
        assert all(p["line"] >= 1 and p["column"] >= 1 for p in result.problems)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=st.one_of(st.binary(max_size=300), yamlish))
def test_lint_never_raises_on_a_real_root(raw: bytes, demo_root: Path):
    target = demo_root / "demo" / "fuzz.yaml"
    target.write_bytes(raw)
    report, _ = lint([target], [demo_root])
    assert report.exit_code in (0, 1)
