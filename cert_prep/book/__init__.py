"""The ICD-10-CM code book: the tabular list with its instructional notes, and search.

What it is, honestly: the April 2026 ICD-10-CM tabular list as simple-icd-10-cm ships it,
with full-text search over titles, inclusion terms and notes. It is not the Alphabetic
Index, the Table of Drugs and Chemicals or the Neoplasm Table (their data is not shipped),
and it holds no CPT or HCPCS codes (CPT descriptors are the AMA's and never shipped).

simple-icd-10-cm costs seconds and ~190 MB to import, so the book is read from a compact
SQLite index built once in the cache (keyed by the package's version); looking a code up
or searching never imports it.
"""

from __future__ import annotations

CLOSED_BOOK = "Closed-book exam: the code book is off"

BOOK_SCOPE = (
    "ICD-10-CM tabular list (April 2026) with search over titles, inclusion terms and "
    "notes. Not the Alphabetic Index, Table of Drugs or Neoplasm Table; no CPT or HCPCS."
)
