"""Lookup drills generated from the book: a clinical description, and the student finds
the code.

A prompt is an inclusion term listed under exactly one billable code, so its key is
unambiguous: phrases that are also another code's inclusion term or title are skipped, as
are phrases that contain the key or its title. The mix of chapters follows the exam: each
chapter is weighted by how often the exam's ICD-10-CM items use it.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cert_prep.errors import UserError

LOOKUP_DOMAIN = "icd-10-cm-lookup"
LOOKUP_DOMAIN_NAME = "ICD-10-CM lookup"
_SPACE = re.compile(r"\s+")


class LookupError_(UserError):
    """A lookup drill that cannot be generated (unknown chapter or block)."""


def _key(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


@dataclass(frozen=True)
class LookupQuestion:
    item_id: str  # the study history's key: one card per code
    code: str
    phrase: str
    chapter: str
    block: str

    @property
    def prompt(self) -> str:
        return (
            f'The record documents: "{self.phrase}". Find it in the book and enter the '
            "ICD-10-CM code."
        )


@dataclass(frozen=True)
class Candidate:
    code: str
    phrase: str
    chapter: str
    block: str


class _Node(Protocol):
    # Read-only, so frozen dataclasses (cert_prep.book.source.Record) fit.
    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def billable(self) -> bool: ...
    @property
    def notes(self) -> Mapping[str, Any]: ...


def candidates(items: Sequence[_Node]) -> list[Candidate]:
    """Every unambiguous (code, phrase) pair of the tabular list, in book order.

    `items` is the whole list (chapters and blocks too, to place each code)."""
    by_code = {item.code: item for item in items}
    codes = [item for item in items if item.billable]
    owners: dict[str, set[str]] = defaultdict(set)
    for item in codes:
        owners[_key(item.title)].add(item.code)
        for term in item.notes.get("inclusion_terms", []):
            owners[_key(term)].add(item.code)
    found: list[Candidate] = []
    for item in codes:
        title = _key(item.title)
        bare = item.code.replace(".", "").lower()
        for term in item.notes.get("inclusion_terms", []):
            key = _key(term)
            if owners[key] != {item.code} or key == title or title in key:
                continue
            if item.code.lower() in key or bare in key.replace(".", "") or len(key) < 6:
                continue
            chapter, block = _place(item, by_code)
            found.append(Candidate(item.code, " ".join(term.split()), chapter, block))
    return found


def _place(item: _Node, by_code: Mapping[str, _Node]) -> tuple[str, str]:
    """(chapter, innermost block) of a code."""
    chapter = block = ""
    parent = item.parent
    while parent and parent in by_code:
        node = by_code[parent]
        if node.kind == "block" and not block:
            block = node.code
        if node.kind == "chapter":
            chapter = node.code
        parent = node.parent
    return chapter, block


def chapter_weights(codes: Iterable[str], chapter_of: Mapping[str, str]) -> dict[str, float]:
    """How often each chapter's codes appear among an exam's ICD-10-CM items."""
    counts = Counter(chapter_of[c] for c in codes if c in chapter_of)
    return {chapter: float(n) for chapter, n in counts.items()}


def generate(
    pool: Sequence[Candidate],
    count: int,
    seed: int,
    weights: Mapping[str, float] | None = None,
    chapter: str | None = None,
    block: str | None = None,
) -> list[LookupQuestion]:
    """`count` questions (fewer if the pool is smaller), one per code, chapters mixed by
    `weights` (every chapter of the pool at least a little)."""
    if chapter:
        pool = [c for c in pool if c.chapter == chapter]
        if not pool:
            raise LookupError_(
                f"no chapter {chapter!r}; chapters are numbered 1 to 22", exit_code=2
            )
    if block:
        pool = [c for c in pool if c.block.upper() == block.upper()]
        if not pool:
            raise LookupError_(
                f"no block {block!r} with lookup questions; blocks look like E08-E13", exit_code=2
            )
    rng = random.Random(seed)
    by_chapter: dict[str, list[Candidate]] = defaultdict(list)
    # One phrase per code, the first in book order, so a card brought back (or an attempt
    # resumed) asks the very question it was made from: the item id names only the code.
    firsts: set[str] = set()
    for cand in pool:
        if cand.code not in firsts:
            firsts.add(cand.code)
            by_chapter[cand.chapter].append(cand)
    chapters = sorted(by_chapter)
    base = [0.1 + (weights or {}).get(ch, 0.0) for ch in chapters]
    used: set[str] = set()
    out: list[LookupQuestion] = []
    attempts = 0
    while len(out) < count and attempts < count * 50 and chapters:
        attempts += 1
        ch = rng.choices(chapters, weights=base)[0]
        cand = rng.choice(by_chapter[ch])
        if cand.code in used:
            continue
        used.add(cand.code)
        out.append(
            LookupQuestion(f"lookup-{cand.code}", cand.code, cand.phrase, cand.chapter, cand.block)
        )
    return out


def exam_codes(items: Iterable[Any]) -> list[str]:
    """The ICD-10-CM codes an exam's items rely on (`codes`, and ICD-10-CM code answers)."""
    found: list[str] = []
    for item in items:
        question = item.question
        found.extend(question.codes)
        if question.type == "code" and question.code_system == "icd-10-cm":
            found.extend(question.answer)
    return found
