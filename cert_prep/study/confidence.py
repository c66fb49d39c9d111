"""Confidence ratings (certainty-based marking, opt-in): how sure the student said they
were before the feedback, how often they were right at each level, and the items they
were sure of and got wrong (a misconception, not a slip: they come back first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cert_prep.store import Store
from cert_prep.study.cards import GUESS, SURE, UNSURE

LEVELS = {GUESS: "guess", UNSURE: "unsure", SURE: "sure"}
# The words the plain mode accepts (and the keys the drill screen binds), per level.
ANSWERS = {"1": GUESS, "guess": GUESS, "2": UNSURE, "unsure": UNSURE, "3": SURE, "sure": SURE}
SETTING = "confidence_ratings"


@dataclass(frozen=True)
class Level:
    name: str
    answered: int
    right: int

    @property
    def accuracy(self) -> float | None:
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class Calibration:
    levels: list[Level]  # sure, unsure, guess
    confidently_wrong: list[str]  # item ids, most recent first

    @property
    def answered(self) -> int:
        return sum(level.answered for level in self.levels)

    def as_json(self) -> dict[str, Any]:
        return {
            "calibration": {
                level.name: {
                    "answered": level.answered,
                    "accuracy": None if level.accuracy is None else round(level.accuracy, 4),
                }
                for level in self.levels
            },
            "confidently_wrong": list(self.confidently_wrong),
        }


def calibration(store: Store, exam: str) -> Calibration:
    counts = store.confidence_counts(exam)
    levels = [Level(LEVELS[c], *counts.get(c, (0, 0))) for c in (SURE, UNSURE, GUESS)]
    return Calibration(levels, store.confidently_wrong(exam))


def parse_confidence(text: str) -> int | None:
    """The level the student typed (a digit or a word); None for a skip (empty)."""
    word = text.strip().lower()
    if not word:
        return None
    if word not in ANSWERS:
        raise ValueError("answer 1 (guess), 2 (unsure), 3 (sure), or Enter to skip")
    return ANSWERS[word]


def confidence_on(store: Store) -> bool:
    return store.get_setting(SETTING) == "on"


def set_confidence(store: Store, on: bool) -> None:
    store.set_setting(SETTING, "on" if on else "off")
