"""Build the book's index in a process of its own: `python -m cert_prep.book.build_index DIR`.

Reading the tabular list imports simple-icd-10-cm (seconds and ~190 MB) and holds the
interpreter's lock most of that time: in the app's own process it would freeze the
screen, and keys typed meanwhile, while a student reads an exam's instructions. Progress
goes to stdout as "DONE TOTAL" lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cert_prep.book.book import Book


def _progress(done: int, total: int) -> None:
    print(done, total, flush=True)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m cert_prep.book.build_index CACHE_DIR", file=sys.stderr)
        return 2
    Book.open(Path(argv[0]), _progress).close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
