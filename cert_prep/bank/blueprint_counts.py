"""What a blueprint's counts mean, shared by the pydantic Blueprint and the cache's plain
CachedBlueprint (which must not import pydantic before the first screen)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class BlueprintCounts:
    domains: Sequence[Any]
    pretest: int
    item_types: Sequence[str] | None

    @property
    def scored_questions(self) -> int:
        return sum(d.count for d in self.domains)

    @property
    def total_questions(self) -> int:
        """What a full mock exam presents: the scored items and the pretest items."""
        return self.scored_questions + self.pretest

    def allows(self, item_type: str) -> bool:
        """May a mock exam draw an item of this type?"""
        return self.item_types is None or item_type in self.item_types
