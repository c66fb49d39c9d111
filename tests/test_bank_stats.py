"""docs/bank-stats.md is generated from the shipped banks and kept up to date."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bank_stats.py"


def _module():
    spec = importlib.util.spec_from_file_location("bank_stats", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bank_stats"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_bank_stats_page_is_current():
    assert _module().main(["--check"]) == 0, "run: python scripts/bank_stats.py"


def test_stats_count_every_item_and_record_based_share():
    stats = {s.exam: s for s in _module().current_stats()}
    assert set(stats) == {"cpc", "ccs", "cca"}
    for s in stats.values():
        assert sum(have for _d, _count, have in s.domains) == s.items
        assert sum(s.types.values()) == s.items
        assert 0 <= s.record_based <= s.items
