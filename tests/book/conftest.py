from __future__ import annotations

import pytest

from cert_prep.book.book import Book


@pytest.fixture
def book(book_cache):
    opened = Book.open(book_cache)
    yield opened
    opened.close()
