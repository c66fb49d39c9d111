"""What every command and the app need: locations, a clock, the library and the store.

Built by the CLI and by tests alike; nothing here touches the disk until asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cert_prep.bank.loader import ExamBank, Item, Library, load_library
from cert_prep.clock import Clock, SystemClock
from cert_prep.paths import Locations

if TYPE_CHECKING:
    from cert_prep.bank.preview import ExamPreview
    from cert_prep.book.lookup_items import LookupItems
    from cert_prep.store import Store


class LazyLookupItems:
    """The banks' resolver for lookup-item ids: the lookup machinery (and the book) is
    imported only when an id the banks do not hold is asked for, not on every start."""

    def __init__(self, cache_dir: Path | None):
        self._cache_dir = cache_dir
        self._items: LookupItems | None = None

    def __call__(self, item_id: str, exam: str) -> Item | None:
        if self._items is None:
            from cert_prep.book.lookup_items import LookupItems

            self._items = LookupItems.for_cache(self._cache_dir)
        return self._items(item_id, exam)

    def close(self) -> None:
        if self._items is not None:
            self._items.close()


@dataclass
class AppContext:
    locations: Locations
    clock: Clock = field(default_factory=SystemClock)
    _library: Library | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)
    _lookup_items: LazyLookupItems | None = field(default=None, repr=False)
    _previews: dict[str, ExamPreview] | None = field(default=None, repr=False)

    def library(self) -> Library:
        if self._library is None:
            self._library = load_library(self.locations.bank_roots, self.locations.bank_cache_file)
        if self._lookup_items is None:
            self._install_lookup_items(self._library)
        return self._library

    def use_library(self, library: Library) -> None:
        """Work on another library from now on (a bank file's own root, say)."""
        self._library = library
        self._install_lookup_items(library)

    def _install_lookup_items(self, library: Library) -> None:
        """Lookup-drill items (generated from the book, in no bank file) are rebuilt by id
        when an attempt, a summary or the history asks for one; the book opens only then."""
        items = self._lookup_items or LazyLookupItems(self.locations.cache_dir)
        for bank in library.exams.values():
            bank.resolver = items
        self._lookup_items = items

    def exam(self, exam_id: str) -> ExamBank:
        """The exam's bank, or a UserError naming the exams that exist."""
        from cert_prep.bank.loader import UnknownExam
        from cert_prep.errors import UserError

        try:
            return self.library().exam(exam_id)
        except UnknownExam as exc:
            raise UserError(str(exc)) from None

    def exam_preview(self, exam_id: str) -> ExamPreview | None:
        """What `exam_id`'s instructions need, as the last full load of these bank roots
        found it (None: nothing kept, or its banks had errors). A hint, read without
        loading the library: `keep_exam_previews` tells whether it still holds."""
        return self._kept_previews().get(exam_id)

    def keep_exam_previews(self) -> dict[str, ExamPreview]:
        """The library's exam previews, written for the next start if they changed."""
        from cert_prep.bank.preview import previews_of, write_previews

        fresh = previews_of(self.library())
        if fresh != self._kept_previews():
            write_previews(self.locations.exam_preview_file, self.locations.bank_roots, fresh)
            self._previews = fresh
        return fresh

    def _kept_previews(self) -> dict[str, ExamPreview]:
        if self._previews is None:
            from cert_prep.bank.preview import read_previews

            self._previews = read_previews(
                self.locations.exam_preview_file, self.locations.bank_roots
            )
        return self._previews

    def store(self) -> Store:
        """The student's SQLite store, opened on first use."""
        if self._store is None:
            from cert_prep.store import Store

            self._store = Store.open(self.locations.database)
        return self._store

    def close(self) -> None:
        if self._lookup_items is not None:
            self._lookup_items.close()
        if self._store is not None:
            self._store.close()
            self._store = None
