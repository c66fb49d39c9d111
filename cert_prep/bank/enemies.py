"""Enemy questions: two that give each other's answers away never share a mock exam."""

from __future__ import annotations

from collections.abc import Iterable

from cert_prep.bank.loader import Item


def enemy_map(items: Iterable[Item]) -> dict[str, set[str]]:
    """Item id -> the ids it must not share a mock exam with (either side may name the
    other in its `enemies`)."""
    out: dict[str, set[str]] = {}
    for item in items:
        for enemy in item.enemies:
            out.setdefault(item.id, set()).add(enemy)
            out.setdefault(enemy, set()).add(item.id)
    return out
