"""Near-duplicate items within one exam: stems (with their case record) that read almost
the same once case, numbers and white space are set aside.

Similarity is the Jaccard index of word 3-shingles. Candidate pairs come from prefix
filtering (two sets with Jaccard >= t must share one of each set's rarest
|S| - ceil(t*|S|) + 1 shingles), so a 10,000-item library is checked without comparing
every pair.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

THRESHOLD = 0.9
_WORD = re.compile(r"[a-z]+|\d+")


@dataclass(frozen=True)
class Text:
    key: str  # the item id
    text: str
    # Items on one case record share the record: they are told apart by their stems
    # alone, which the record would drown, so they are never compared with each other.
    group: str | None = None


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    similarity: float


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
    """Pairs of texts whose shingle sets have a Jaccard index of at least `threshold`."""
    return list(_near_duplicates(tuple(texts), threshold))


# Remembered per exam: linting one new file compares every exam again, and the exams it
# does not touch read the same as last time.
@lru_cache(maxsize=16)
def _near_duplicates(texts: tuple[Text, ...], threshold: float) -> tuple[Pair, ...]:
    sets = [shingles(t.text) for t in texts]
    frequency = Counter(s for group in sets for s in group)
    ordered = [sorted(group, key=lambda s: (frequency[s], s)) for group in sets]
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[Pair] = []
    for i, tokens in enumerate(ordered):
        if not tokens:
            continue
        prefix = len(tokens) - math.ceil(threshold * len(tokens)) + 1
        candidates: set[int] = set()
        for token in tokens[:prefix]:
            candidates.update(index[token])
            index[token].append(i)
        for j in sorted(candidates):
            if texts[i].group is not None and texts[i].group == texts[j].group:
                continue
            union = len(sets[i] | sets[j])
            similarity = len(sets[i] & sets[j]) / union if union else 0.0
            if similarity >= threshold:
                pairs.append(Pair(texts[j].key, texts[i].key, similarity))
    return tuple(pairs)


def item_text(stem: str, record: str | None) -> str:
    """What a student reads for an item: the stem and, when it has one, its case record."""
    return stem if not record else f"{stem}\n{record}"


def exam_texts(items: Iterable[tuple[str, str, str | None, str | None]]) -> list[Text]:
    """(id, stem, case record, case group) of each item as comparable texts."""
    return [Text(item_id, item_text(stem, record), group) for item_id, stem, record, group in items]
