"""The student's SQLite store: attempts, their items and answers, reviews, cards, settings.

The only package that speaks SQL or imports sqlite3. One module per table group:

- `core`: opening a file (checked before anything is written), pragmas, migrations,
  transactions; `schema` holds the migrations, `connection` the error-mapping connection;
- `attempts`: attempts and attempt_items; `reviews`: the answers; `settings`;
- `cards`: the study layer's cards, card_sync and readiness_history;
- `book_index`: the code book's own index file (a cache, not the study history);
- `anki_collection`: the checksums of the notes in an Anki deck genanki writes;
- `errors`: SQLite's errors as `StoreError`, with one message table.
"""

from __future__ import annotations

from cert_prep.store.attempts import AttemptTables
from cert_prep.store.cards import CardLink, CardTables, MockPrediction
from cert_prep.store.connection import StoreConnection, connect
from cert_prep.store.errors import StoreError
from cert_prep.store.reviews import ReviewTables
from cert_prep.store.rows import AttemptItemRow, AttemptRow, NewItem, OpenExamExists, Review
from cert_prep.store.schema import APPLICATION_ID, MIGRATIONS
from cert_prep.store.settings import SettingsTable

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "AttemptItemRow",
    "AttemptRow",
    "CardLink",
    "MockPrediction",
    "NewItem",
    "OpenExamExists",
    "Review",
    "Store",
    "StoreConnection",
    "StoreError",
    "connect",
]


class Store(AttemptTables, ReviewTables, SettingsTable, CardTables):
    """The study history: `Store.open(path)` or `Store.memory()`."""
