"""The bank cache: reused when files are unchanged, rebuilt when they change or it breaks."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cert_prep.bank import loader
from cert_prep.bank.loader import load_library


@pytest.fixture
def count_validations(monkeypatch):
    calls: list[bool] = []
    real = loader.validate_file

    def counting(raw: bytes, is_blueprint: bool, check_codes: bool = True):
        calls.append(is_blueprint)
        return real(raw, is_blueprint, check_codes)

    monkeypatch.setattr(loader, "validate_file", counting)
    return calls


def test_warm_cache_validates_nothing(demo_root: Path, tmp_path: Path, count_validations):
    cache = tmp_path / "cache" / "banks.cache"
    first = load_library([demo_root], cache)
    assert len(count_validations) == 3 and cache.exists()
    count_validations.clear()
    second = load_library([demo_root], cache)
    assert count_validations == []
    assert [i.id for i in second.exam("demo").items] == [i.id for i in first.exam("demo").items]
    assert second.exam("demo").items[0].question == first.exam("demo").items[0].question


def test_changed_file_is_revalidated(demo_root: Path, tmp_path: Path, count_validations):
    cache = tmp_path / "banks.cache"
    load_library([demo_root], cache)
    count_validations.clear()
    dx = demo_root / "demo" / "dx.yaml"
    dx.write_text(dx.read_text().replace("answer: A", "answer: B"))
    library = load_library([demo_root], cache)
    assert count_validations == [False]
    assert library.exam("demo").item("demo-dx-001").question.answer == "B"


@pytest.mark.parametrize("garbage", [b"", b"CPBANKS1" + b"\0" * 40, b"not a cache at all" * 100])
def test_corrupt_cache_is_ignored_and_rebuilt(demo_root, tmp_path, count_validations, garbage):
    cache = tmp_path / "banks.cache"
    cache.write_bytes(garbage)
    library = load_library([demo_root], cache)
    assert len(count_validations) == 3
    assert len(library.exam("demo").items) == 3
    assert cache.read_bytes() != garbage


def test_tampered_cache_fails_its_checksum(demo_root, tmp_path, count_validations):
    cache = tmp_path / "banks.cache"
    load_library([demo_root], cache)
    blob = bytearray(cache.read_bytes())
    blob[-5] ^= 0xFF
    cache.write_bytes(bytes(blob))
    count_validations.clear()
    load_library([demo_root], cache)
    assert len(count_validations) == 3


def test_unwritable_cache_only_costs_speed(demo_root, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    library = load_library([demo_root], blocker / "banks.cache")
    assert len(library.exam("demo").items) == 3


def test_lint_result_serves_a_plain_load(demo_root, tmp_path, count_validations):
    cache = tmp_path / "banks.cache"
    load_library([demo_root], cache, check_codes=True)
    count_validations.clear()
    load_library([demo_root], cache)
    assert count_validations == []


def _age(root: Path, seconds: float = 3600) -> None:
    old = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (old, old))


def test_settled_unchanged_files_are_not_even_read(demo_root, tmp_path, monkeypatch):
    cache = tmp_path / "banks.cache"
    _age(demo_root)
    load_library([demo_root], cache)  # validates, remembers sizes and mtimes
    reads: list[Path] = []
    real = loader._read_limited

    def counting(path: Path) -> bytes:
        if path.suffix == ".yaml":
            reads.append(path)
        return real(path)

    monkeypatch.setattr(loader, "_read_limited", counting)
    library = load_library([demo_root], cache)
    assert reads == []
    assert library.exam("demo").item("demo-dx-001").question.answer == "A"


def test_an_edit_is_noticed_even_after_stats_were_remembered(
    demo_root, tmp_path, count_validations
):
    cache = tmp_path / "banks.cache"
    _age(demo_root)
    load_library([demo_root], cache)
    load_library([demo_root], cache)
    count_validations.clear()
    dx = demo_root / "demo" / "dx.yaml"
    dx.write_text(dx.read_text().replace("answer: A", "answer: C"))  # same size, new mtime
    library = load_library([demo_root], cache)
    assert count_validations == [False]
    assert library.exam("demo").item("demo-dx-001").question.answer == "C"


def test_fresh_files_are_not_trusted_by_stat(demo_root, tmp_path, monkeypatch):
    # A file written within the last two seconds could change again within the file
    # system's timestamp resolution: its stat is not remembered.
    cache = tmp_path / "banks.cache"
    _age(demo_root, seconds=0)  # written just now
    load_library([demo_root], cache)
    reads: list[Path] = []
    real = loader._read_limited
    monkeypatch.setattr(loader, "_read_limited", lambda path: reads.append(path) or real(path))
    load_library([demo_root], cache)
    assert len([p for p in reads if p.suffix == ".yaml"]) == 3


def test_loading_another_small_root_keeps_the_shipped_banks_cached(
    demo_root: Path, tmp_path: Path, count_validations
):
    """A lint of a course's own small folder must not evict the shipped banks' entries:
    the next start would validate every shipped file again (seconds)."""
    from cert_prep.paths import shipped_banks_dir

    cache_file = tmp_path / "banks.cache"
    load_library([shipped_banks_dir()], cache_file, check_codes=True)
    load_library([demo_root], cache_file, check_codes=True)
    count_validations.clear()
    load_library([shipped_banks_dir()], cache_file, check_codes=True)
    assert count_validations == []
