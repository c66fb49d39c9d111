"""Looking codes up and searching the tabular list, as the CLI, the UI and drills use it."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cert_prep.book import query as book_query
from cert_prep.book.lookup import Candidate, candidates
from cert_prep.book.source import read_tabular_list, source_version
from cert_prep.errors import UserError
from cert_prep.safe_text import excerpt
from cert_prep.store import book_index as index_store
from cert_prep.store.book_index import BookIndex, Hit, IndexContents, IndexDamaged, Row

MAX_QUERY = 200
MAX_LIMIT = 500
# Codes (and ranges) inside notes, such as "(E08.-)", "G30.-", "N18.1-N18.6", "I60-I69".
REFERENCE = re.compile(
    r"\b([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?:\.?-)?(?:-[A-Z][0-9][0-9A-Z]\b)?"
)


# Shapes of the code sets the book does not hold, tried only when a code is not in it.
# CPT: five digits, or four and F (Category II), T (Category III) or U (PLA).
# HCPCS Level II: a section letter (A-E, G, H, J-M, P-V; D is the dental CDT) and four
# digits. ICD-10-PCS: seven characters without I and O; an ICD-10-CM code starts with a
# letter and a digit, so only PCS codes starting otherwise are told apart.
_CPT = re.compile(r"[0-9]{4}[0-9FTU]")
_HCPCS = re.compile(r"[A-EGHJ-MP-V][0-9]{4}")
_PCS = re.compile(r"[0-9A-HJ-NP-Z]{7}")
_CM_START = re.compile(r"[A-Z][0-9]")
# A category or code a coder could report or look under; not a block ("X92-Y09") or chapter.
_CM_CODE = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?")


def references(text: str) -> list[str]:
    """The codes a note points at, in order, as they can be looked up ("E08.-" -> "E08")."""
    found: list[str] = []
    for match in REFERENCE.finditer(text):
        code = match.group(1)
        if code not in found:
            found.append(code)
    return found


# FTS5 finds every entry holding all the words (see cert_prep.book.query); the best few
# hundred by bm25 are then ranked as a coder reads them: nothing the query contradicts
# ("without heart failure" for "with heart failure"), the fewest other words (the most
# general entry that says it all; "unspecified" adds nothing, and says it is the
# default), the title before an inclusion term, the words in the order typed, billable
# first among equals.
RERANK_POOL = 300


def _terms(hit: Hit) -> list[str]:
    return [str(t) for key in ("inclusion_terms", "includes") for t in hit.notes.get(key, [])]


class BookError(UserError):
    """A look-up or search the book cannot answer (bad input, unknown code)."""


@dataclass(frozen=True)
class CodeTitle:
    code: str
    title: str


@dataclass(frozen=True)
class Child:
    code: str
    title: str
    billable: bool


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Entry:
    """A code's entry as it reads in the tabular list (the `book CODE --json` contract)."""

    code: str
    title: str
    billable: bool
    chapter: Section | None
    block: Section | None
    parents: list[CodeTitle]
    children: list[Child]
    inclusion_terms: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    excludes1: list[str] = field(default_factory=list)
    excludes2: list[str] = field(default_factory=list)
    code_first: list[str] = field(default_factory=list)
    use_additional: list[str] = field(default_factory=list)
    code_also: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seventh_characters: dict[str, str] = field(default_factory=dict)
    kind: str = "code"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("kind")
        return data

    @property
    def state(self) -> str:
        """`billable`, `needs more characters` (a header), `chapter` or `block`."""
        if self.kind in ("chapter", "block"):
            return self.kind
        return "billable" if self.billable else "needs more characters"

    def sections(self) -> list[tuple[str, list[str]]]:
        """The instructional notes in the tabular list's order, with their headings."""
        return [
            ("Inclusion terms", self.inclusion_terms),
            ("Includes", self.includes),
            ("Excludes1", self.excludes1),
            ("Excludes2", self.excludes2),
            ("Code first", self.code_first),
            ("Use additional code", self.use_additional),
            ("Code also", self.code_also),
            ("Notes", self.notes),
        ]


@dataclass(frozen=True)
class SearchResult:
    code: str
    title: str
    billable: bool
    matched: str


def clean_query(text: str) -> str:
    """A search query as typed, refused when it cannot be a search."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise BookError("the search contains control characters; type plain words", exit_code=2)
    text = " ".join(text.split())
    if not text:
        raise BookError(
            "give one or more words to search for, e.g. `book --search fracture femur neck`",
            exit_code=2,
        )
    if len(text) > MAX_QUERY:
        raise BookError(
            f"the search is {len(text)} characters long; use at most {MAX_QUERY}", exit_code=2
        )
    return text


class Book:
    """The ICD-10-CM tabular list, from the index in the cache (built on first use)."""

    def __init__(self, index: BookIndex):
        self.index = index

    @staticmethod
    def index_path(cache_dir: Path) -> Path:
        return cache_dir / f"icd10cm-book-{source_version()}.sqlite3"

    @classmethod
    def open(cls, cache_dir: Path, progress: Callable[[int, int], None] | None = None) -> Book:
        version = source_version()
        path = cls.index_path(cache_dir)

        def contents() -> IndexContents:
            records = list(read_tabular_list(progress))
            pairs = [(c.code, c.phrase, c.chapter, c.block) for c in candidates(records)]
            return records, pairs

        return cls(index_store.open_or_build(path, version, contents))

    def close(self) -> None:
        self.index.close()

    def lookup_candidates(self) -> list[Candidate]:
        """The unambiguous (code, phrase) pairs found when the index was built."""
        return [Candidate(*pair) for pair in self.index.lookup_pairs()]

    # ---- entries ----

    def row(self, code: str) -> Row | None:
        code = " ".join(code.split())
        if not code or len(code) > 12 or not code.isascii():
            return None
        return self.index.entry(code)

    def title(self, code: str) -> str | None:
        row = self.row(code)
        return row.title if row else None

    def entry(self, code: str) -> Entry:
        row = self.row(code)
        if row is None:
            raise BookError(self.unknown_message(code))
        chain = self._ancestors(row)
        chapter = next((Section(r.code, r.title) for r in chain if r.kind == "chapter"), None)
        block = next((Section(r.code, r.title) for r in reversed(chain) if r.kind == "block"), None)
        seventh: dict[str, str] = {}
        for r in [row, *reversed(chain)]:
            if r.notes.get("seventh_characters"):
                seventh = dict(r.notes["seventh_characters"])
                break
        n = row.notes
        return Entry(
            code=row.code,
            title=row.title,
            billable=row.billable,
            chapter=chapter,
            block=block,
            parents=[CodeTitle(r.code, r.title) for r in chain],
            children=[Child(c.code, c.title, c.billable) for c in self.index.children(row.code)],
            inclusion_terms=list(n.get("inclusion_terms", [])),
            includes=list(n.get("includes", [])),
            excludes1=list(n.get("excludes1", [])),
            excludes2=list(n.get("excludes2", [])),
            code_first=list(n.get("code_first", [])),
            use_additional=list(n.get("use_additional", [])),
            code_also=list(n.get("code_also", [])),
            notes=list(n.get("notes", [])),
            seventh_characters=seventh if row.kind not in ("chapter", "block") else {},
            kind=row.kind,
        )

    def chapter_of(self, code: str) -> str | None:
        """The id of the chapter a code is in ("4"), or None for an unknown code."""
        row = self.row(code)
        while row is not None and row.kind != "chapter":
            row = self.index.entry(row.parent) if row.parent else None
        return row.code if row is not None else None

    def _ancestors(self, row: Row) -> list[Row]:
        """From the chapter down to the direct parent."""
        chain: list[Row] = []
        parent = row.parent
        while parent:
            found = self.index.entry(parent)
            if found is None:
                break
            chain.append(found)
            parent = found.parent
        return list(reversed(chain))

    def nearest(self, code: str, count: int = 5) -> list[str]:
        """Up to `count` real codes that look most like `code`."""
        norm = index_store.normalize(code)[:8]
        if not norm or not norm.isascii():  # every code is ASCII (and SQLite wants UTF-8)
            return []
        for width in (3, 2, 1):
            pool = self.index.codes_starting(norm[:width], limit=2000)
            if pool:
                break
        else:
            return []
        by_norm = {index_store.normalize(c): c for c, _t in pool if _CM_CODE.fullmatch(c)}
        close = difflib.get_close_matches(norm, list(by_norm), n=count, cutoff=0.0)
        return [by_norm[n] for n in close]

    def other_code_set(self, code: str) -> str | None:
        """The code set `code` is shaped like ("a CPT", "a HCPCS Level II", "an ICD-10-PCS")
        when it is not in the book; None for anything else (ICD-10-CM typos included)."""
        text = code.strip().upper()
        if self.row(text) is not None:
            return None
        if _CPT.fullmatch(text):
            return "a CPT"
        if _PCS.fullmatch(text) and not _CM_START.match(text):
            return "an ICD-10-PCS"
        if _HCPCS.fullmatch(text) and not self._may_be_icd_10_cm(text):
            return "a HCPCS Level II"
        return None

    def _may_be_icd_10_cm(self, text: str) -> bool:
        """Whether letter-and-four-digits `text` may be a mistyped ICD-10-CM code: its
        first four characters are a header ("E1167": E11.6 has codes under it). J1745 is
        not (J17 has nothing under it), nor G0463 (no G04.6)."""
        prefix = self.row(text[:4])
        return prefix is not None and not prefix.billable

    def unknown_message(self, code: str) -> str:
        shown = excerpt(code, 20)
        other = self.other_code_set(code)
        if other is not None:
            return f"{shown} looks like {other} code; the book holds ICD-10-CM only"
        near = self.nearest(code)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        if _HCPCS.fullmatch(code.strip().upper()):
            hint += "; if it is HCPCS Level II, the book holds ICD-10-CM only"
        return f"not an ICD-10-CM code: {shown}{hint}"

    # ---- search ----

    def search(self, text: str, limit: int = 20) -> list[SearchResult]:
        query = book_query.parse(clean_query(text))
        if not query.slots:
            return []
        if not 1 <= limit <= MAX_LIMIT:
            raise BookError(f"--limit must be between 1 and {MAX_LIMIT}", exit_code=2)
        hits = self.index.search(query.fts(), max(RERANK_POOL, limit))
        ranked = []
        for order, hit in enumerate(hits):
            fit, matched = self._best_text(hit, query)
            ranked.append(
                (
                    (*fit, not hit.billable, order),
                    SearchResult(hit.code, hit.title, hit.billable, matched),
                )
            )
        ranked.sort(key=lambda pair: pair[0])
        return [result for _key, result in ranked[:limit]]

    @staticmethod
    def _best_text(hit: Hit, query: book_query.Query) -> tuple[tuple[int, ...], str]:
        """How well the entry fits the query, and the text that fits it best (the title,
        an inclusion term or a note that holds every word; the title when they are spread
        over several)."""
        texts = [(hit.title, 0)] + [(term, 1) for term in _terms(hit)]
        texts += [
            (str(note), 2)
            for key in ("notes", "code_first", "use_additional", "code_also")
            for note in hit.notes.get(key, [])
        ]
        best: tuple[tuple[int, ...], str] | None = None
        for text, where in texts:
            if where == 2 and best is not None:
                break  # a note only when no title or inclusion term holds the words
            if not book_query.covers(text, query):
                continue
            fit = (
                int(where >= 2),
                book_query.contradictions(text, query),
                book_query.extra_words(text, query),
                int(not book_query.says_unspecified(text)),
                where,
                int(not book_query.in_order(text, query)),
            )
            if best is None or fit < best[0]:
                best = (fit, text)
        if best is None:
            return (1, book_query.contradictions(hit.title, query), 0, 1, 3, 1), hit.title
        return best


def _build_in_a_child(cache_dir: Path, progress: Callable[[int, int], None]) -> None:
    """Build the index in another process (see cert_prep.book.build_index), passing its
    progress on. Best effort: whatever goes wrong, the caller builds it in this one."""
    argv = [sys.executable, "-m", "cert_prep.book.build_index", str(cache_dir)]
    # The child imports the same cert_prep as this process (not another installed one).
    root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    env = dict(os.environ, PYTHONPATH=root + (os.pathsep + path if path else ""))
    try:
        with subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as child:
            assert child.stdout is not None
            for line in child.stdout:
                done, _, total = line.partition(" ")
                if done.isdigit() and total.strip().isdigit():
                    progress(int(done), int(total))
    except OSError:
        return


def open_book(cache_dir: Path | None, show_progress: bool = True) -> Book:
    """The book, with a progress line on a terminal while the index is first built (in
    a child process, so that an app's screen stays responsive meanwhile). The plain mode
    says one line itself instead (`show_progress` False): a screen reader would re-read a
    line rewritten in place."""
    if cache_dir is None:
        raise BookError("the book needs a cache folder; set CERT_PREP_CACHE")

    def progress(done: int, total: int) -> None:
        if show_progress and sys.stderr.isatty():
            end = "\n" if done >= total else ""
            sys.stderr.write(
                f"\rBuilding the ICD-10-CM book index (once): "
                f"{100 * done // max(1, total):3d}%{end}"
            )
            sys.stderr.flush()

    try:
        try:
            return Book(index_store.BookIndex(Book.index_path(cache_dir), source_version()))
        except IndexDamaged:  # missing, stale or damaged: build it
            _build_in_a_child(cache_dir, progress)
        return Book.open(cache_dir, progress)  # builds it here if the child did not
    except IndexDamaged as exc:  # pragma: no cover - a freshly built index failed too
        raise BookError(f"the book index could not be built: {exc}") from None
    except OSError as exc:
        raise BookError(
            f"the book index could not be written in {cache_dir}: {exc.strerror or exc}"
        ) from None


class BookLookup:
    """The book as code-level feedback reads it (titles, billable, 7th characters)."""

    def __init__(self, book: Book):
        self.book = book

    def title(self, code: str) -> str | None:
        row = self.book.row(code)
        return row.title if row and row.kind not in ("chapter", "block") else None

    def is_billable(self, code: str) -> bool:
        row = self.book.row(code)
        return bool(row and row.billable)

    def seventh_characters(self, code: str) -> dict[str, str]:
        row = self.book.row(code)
        return self.book.entry(code).seventh_characters if row else {}
