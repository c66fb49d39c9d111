"""Helpers for the engine and UI tests: the sample banks under tests/fixtures, contexts."""

from __future__ import annotations

from pathlib import Path

from cert_prep.bank.loader import Library, load_library
from cert_prep.clock import FakeClock
from cert_prep.context import AppContext
from cert_prep.paths import Locations

REPO = Path(__file__).resolve().parents[2]
BANKS = REPO / "tests" / "fixtures" / "banks"
MARKUP_STEM = (
    "Markup must show as typed: [bold]not bold[/] then [A] and [link=x]a link[/link] "
    "<script>x</script>"
)


def fixture_library() -> Library:
    library = load_library([BANKS], None)
    errors = [p for p in library.problems if p.severity == "error"]
    assert not errors, errors
    return library


def make_context(
    tmp_path: Path,
    clock: FakeClock,
    library: Library | None = None,
    roots: tuple[Path, ...] = (BANKS,),
) -> AppContext:
    locations = Locations(
        bank_roots=roots,
        data_dir=tmp_path / "data",
        exports_dir=tmp_path / "exports",
        cache_dir=None,
    )
    return AppContext(locations, clock, _library=library)
