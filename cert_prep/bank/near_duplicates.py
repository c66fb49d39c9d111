"""Near-duplicate items within one exam: stems (with their case record) that read almost
the same once case, numbers and white space are set aside.

Similarity is the Jaccard index of word 3-shingles. Numbers are folded so that a reworded
copy with another age or size is still caught; but in a coding item the numbers are often
the tested fact ("CKD stage 2" against "stage 5"), so two items whose numbers (and codes)
differ and whose keys differ test different facts and are not near-duplicates.

Items are grouped, not paired: in input order, each item not yet in a group leads one, and
its near-duplicates join it. So 500 templated copies of one item make one group of 500, not
124,750 pairs, and the work grows with the number of groups, not of pairs:
- items with the same shingles are compared once, as one class;
- candidate classes come from prefix filtering (two sets with Jaccard >= t must share one
  of each set's rarest |S| - ceil(t*|S|) + 1 shingles), looked up only for a group's lead,
  and at most CANDIDATE_CAP of them, so the worst case is linear in the number of items.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

THRESHOLD = 0.9
# Classes compared with one group's lead, at most: those sharing its rarest shingles. Only
# a lead with more look-alikes than this (templates) can miss one; it bounds the work.
CANDIDATE_CAP = 2000
_WORD = re.compile(r"[a-z]+|\d+")
# A number or code as written, dots inside kept: `2`, `2.4`, `n18.31`, `e11.22`.
_FACT = re.compile(r"[a-z]*\d(?:[a-z0-9]|\.(?=[a-z0-9]))*")


@dataclass(frozen=True)
class Text:
    key: str  # the item id
    text: str
    # Items on one case record share the record: they are told apart by their stems
    # alone, which the record would drown, so they are never compared with each other.
    group: str | None = None
    # What the item's key says (see `answer_of`); None when not known. Two items whose
    # numbers differ and whose answers differ test different facts.
    answer: frozenset[str] | None = None
    facts: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", tuple(sorted(_FACT.findall(self.text.lower()))))


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    similarity: float


@dataclass(frozen=True)
class Group:
    """An item (`first`) and the items that read almost the same as it, in input order,
    each with its similarity to `first`."""

    first: str
    others: tuple[tuple[str, float], ...]


# Remembered: a long-running process (the app, a classroom server, the tests) lints and
# loads the same unchanged items again and again.
@lru_cache(maxsize=65536)
def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Word shingles of `text` with case folded and every number made `#`."""
    words = ["#" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def near_duplicates(texts: Sequence[Text], threshold: float = THRESHOLD) -> list[Pair]:
    """Each near-duplicate pair once: (first of a group, another of its group)."""
    return [
        Pair(group.first, other, similarity)
        for group in near_duplicate_groups(texts, threshold)
        for other, similarity in group.others
    ]


def near_duplicate_groups(texts: Sequence[Text], threshold: float = THRESHOLD) -> list[Group]:
    """Groups of texts whose shingle sets have a Jaccard index of at least `threshold`
    with the group's first text (and that do not test different facts)."""
    return list(_groups(tuple(texts), threshold))


# Remembered per exam: linting one new file compares every exam again, and the exams it
# does not touch read the same as last time.
@lru_cache(maxsize=16)
def _groups(texts: tuple[Text, ...], threshold: float) -> tuple[Group, ...]:
    classes = _Classes(texts, threshold)
    found: list[Group] = []
    for lead in range(len(texts)):
        if lead in classes.placed or lead not in classes.of_item:
            continue
        classes.place(lead)
        near = list(classes.near(lead))
        others = [(j, s) for j, s in near if j not in classes.placed]
        for j, _ in others:
            classes.place(j)
        # When all its look-alikes joined earlier groups, name them here all the same, so
        # that no item with a near-duplicate goes unmentioned.
        others = others or near
        if others:
            found.append(
                Group(texts[lead].key, tuple((texts[j].key, s) for j, s in sorted(others)))
            )
    return tuple(found)


class _Classes:
    """Texts with equal shingle sets, as classes, and the classes near each other."""

    def __init__(self, texts: tuple[Text, ...], threshold: float):
        self.texts = texts
        self.threshold = threshold
        ids: dict[frozenset[str], int] = {}
        self.of_item: dict[int, int] = {}
        self.sets: list[frozenset[str]] = []
        # per class: its items by their numbers, and by their answers
        self.by_facts: list[dict[tuple[str, ...], list[int]]] = []
        self.by_answer: list[dict[frozenset[str] | None, list[int]]] = []
        for i, text in enumerate(texts):
            tokens = shingles(text.text)
            if not tokens:
                continue
            c = ids.setdefault(tokens, len(ids))
            if c == len(self.sets):
                self.sets.append(tokens)
                self.by_facts.append(defaultdict(list))
                self.by_answer.append(defaultdict(list))
            self.of_item[i] = c
            self.by_facts[c][text.facts].append(i)
            self.by_answer[c][text.answer].append(i)
        self._prefixes: list[list[str]] = []
        self._index = self._prefix_index()
        # items that lead or joined a group; classes all of whose items did
        self.placed: set[int] = set()
        self.done: set[int] = set()
        self._left = Counter(self.of_item.values())

    def _prefix_index(self) -> dict[str, set[int]]:
        frequency = Counter(s for tokens in self.sets for s in tokens)
        index: dict[str, set[int]] = defaultdict(set)
        for c, tokens in enumerate(self.sets):
            ordered = sorted(tokens, key=lambda s: (frequency[s], s))
            prefix = ordered[: len(ordered) - math.ceil(self.threshold * len(ordered)) + 1]
            self._prefixes.append(prefix)
            for token in prefix:
                index[token].add(c)
        return index

    def place(self, item: int) -> None:
        self.placed.add(item)
        c = self.of_item[item]
        self._left[c] -= 1
        if not self._left[c]:
            self.done.add(c)

    def _candidates(self, c: int) -> set[int]:
        """Classes that may be near class c (c included): those sharing its rarest
        shingles first, at most CANDIDATE_CAP, preferring classes not yet placed."""
        found = {c}
        for token in self._prefixes[c]:
            members = self._index[token]
            if len(found) + len(members) > CANDIDATE_CAP:
                # A cap keeps a bank of many look-alike templates from comparing every
                # pair. Small ints iterate in a fixed order, so the pick is repeatable.
                for pick in (members - self.done - found, members - found):
                    found.update(itertools.islice(pick, max(0, CANDIDATE_CAP - len(found))))
                break
            found |= members
        return found

    def neighbours(self, c: int) -> list[tuple[int, float]]:
        """Classes (c itself included) whose sets are near class c's, with similarity."""
        mine = self.sets[c]
        size = len(mine)
        found = []
        for other in sorted(self._candidates(c)):
            theirs = self.sets[other]
            # Jaccard >= t needs t*|A| <= |B| <= |A|/t: skip the intersection otherwise.
            if not self.threshold * size <= len(theirs) <= size / self.threshold:
                continue
            shared = len(mine & theirs)
            similarity = shared / (size + len(theirs) - shared)
            if similarity >= self.threshold:
                found.append((other, similarity))
        return found

    def near(self, lead: int) -> Iterable[tuple[int, float]]:
        """Items near item `lead` (not itself), with their similarity."""
        text = self.texts[lead]
        seen: set[int] = {lead}
        for c, similarity in self.neighbours(self.of_item[lead]):
            for j in self._not_distinct(c, text):
                if j in seen:
                    continue
                seen.add(j)
                group = self.texts[j].group
                if group is not None and group == text.group:
                    continue
                yield j, similarity

    def _not_distinct(self, c: int, text: Text) -> Iterable[int]:
        """Items of class c that may test the same fact as `text`: the same numbers, or
        the same answer, or an answer that is not known."""
        if text.answer is None:
            for members in self.by_facts[c].values():
                yield from members
            return
        yield from self.by_facts[c].get(text.facts, ())
        yield from self.by_answer[c].get(text.answer, ())
        yield from self.by_answer[c].get(None, ())


def item_text(stem: str, record: str | None) -> str:
    """What a student reads for an item: the stem and, when it has one, its case record."""
    return stem if not record else f"{stem}\n{record}"


def answer_of(data: dict[str, Any]) -> frozenset[str] | None:
    """What an item's key says, independent of letters: the text of its keyed choices, or
    its codes. None when the item's data has no readable key."""
    answer = data.get("answer")
    keys = [answer] if isinstance(answer, str) else answer
    if not isinstance(keys, list):
        return None
    if data.get("type") == "code":
        return frozenset(str(k).replace(" ", "").replace(".", "").upper() for k in keys)
    choices = data.get("choices")
    if not isinstance(choices, dict):
        return None
    return frozenset(" ".join(str(choices.get(k, k)).lower().split()) for k in keys)
