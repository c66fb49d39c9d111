from __future__ import annotations

from pathlib import Path

import pytest

from cert_prep.book.book import Book


@pytest.fixture(scope="session")
def book_cache(tmp_path_factory) -> Path:
    """A cache folder with the book index built once for the whole session (~5 s)."""
    cache = tmp_path_factory.mktemp("book-cache")
    Book.open(cache).close()
    return cache


@pytest.fixture
def book(book_cache):
    opened = Book.open(book_cache)
    yield opened
    opened.close()
