"""Exam previews kept beside the bank cache: what `cert-prep exam` paints its instructions
from before the library loads. A hint, never trusted: other roots, another version or a
damaged file give nothing, and an exam whose banks have errors has none."""

from __future__ import annotations

import shutil

import pytest

from cert_prep.bank import preview as preview_module
from cert_prep.bank.loader import load_library
from cert_prep.bank.preview import ExamPreview, previews_of, read_previews, write_previews
from cert_prep.clock import FakeClock
from cert_prep.context import AppContext
from cert_prep.paths import Locations
from tests.engine.support import BANKS


@pytest.fixture
def kept(tmp_path, library):
    path = tmp_path / "cache" / "exams.preview"
    previews = previews_of(library)
    write_previews(path, [BANKS], previews)
    return path, previews


def test_previews_hold_each_exams_blueprint_and_drawable_counts(library):
    previews = previews_of(library)
    assert set(previews) == set(library.exams)
    tiny = previews["tiny"]
    assert tiny.exam == "tiny" and tiny.blueprint.name == "Tiny mock exam"
    assert tiny.pools == tuple(len(p) for p in library.exam("tiny").mock_pools())
    assert tiny.blueprint.total_questions == 6


def test_kept_previews_read_back_for_the_same_roots(kept):
    path, previews = kept
    assert read_previews(path, [BANKS]) == previews


def test_nothing_for_other_roots_another_version_or_no_file(kept, tmp_path, monkeypatch):
    path, _ = kept
    assert read_previews(path, [BANKS, tmp_path]) == {}
    assert read_previews(path, []) == {}
    assert read_previews(tmp_path / "missing", [BANKS]) == {}
    assert read_previews(None, [BANKS]) == {}
    monkeypatch.setattr(preview_module, "__version__", "0.0.0-other")
    assert read_previews(path, [BANKS]) == {}


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]),  # a flipped bit: the checksum fails
        lambda blob: blob[:20],  # torn
        lambda blob: b"not a preview",
        lambda blob: b"",
    ],
)
def test_a_damaged_file_gives_nothing(kept, damage):
    path, _ = kept
    path.write_bytes(damage(path.read_bytes()))
    assert read_previews(path, [BANKS]) == {}


def test_an_entry_of_the_wrong_shape_is_left_out(kept, library):
    path, previews = kept
    tiny = previews["tiny"]
    bad = {
        **previews,
        "tiny": ExamPreview(tiny.blueprint_data, tiny.pools[:-1]),  # a domain short
        "other": ExamPreview({**tiny.blueprint_data, "id": "other", "domains": []}, ()),
        "renamed": tiny,  # filed under another exam's id
    }
    write_previews(path, [BANKS], bad)
    assert set(read_previews(path, [BANKS])) == set(previews) - {"tiny"}


def test_an_exam_whose_banks_have_errors_has_no_preview(tmp_path):
    root = tmp_path / "banks"
    shutil.copytree(BANKS, root)
    (root / "tiny" / "broken.yaml").write_text("questions: [\n")
    library = load_library([root], None)
    assert library.errors_of("tiny") and not library.errors_of("mini")
    assert set(previews_of(library)) == {"mini"}


def test_the_context_writes_previews_only_when_they_change(tmp_path, library, monkeypatch):
    locations = Locations((BANKS,), tmp_path / "data", tmp_path / "exports", tmp_path / "cache")
    context = AppContext(locations, FakeClock(), _library=library)
    writes = []
    real_write = preview_module.write_previews
    monkeypatch.setattr(
        preview_module, "write_previews", lambda *a: (writes.append(a), real_write(*a))
    )
    assert context.exam_preview("tiny") is None  # nothing kept yet
    fresh = context.keep_exam_previews()
    assert len(writes) == 1 and fresh["tiny"] == previews_of(library)["tiny"]
    assert context.keep_exam_previews() == fresh and len(writes) == 1

    again = AppContext(locations, FakeClock(), _library=library)
    assert again.exam_preview("tiny") == fresh["tiny"]  # the next start reads it
    again.keep_exam_previews()
    assert len(writes) == 1
