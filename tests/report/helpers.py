"""Helpers of the report tests: the sample bank, attempts built through the Store API the
way the exam engine builds them, and reading a report back with a conforming parser."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cert_prep.bank.loader import Library
from cert_prep.bank.models import key_hash
from cert_prep.clock import FakeClock, to_iso
from cert_prep.context import AppContext
from cert_prep.engine.scoring import is_correct, score_attempt
from cert_prep.paths import Locations
from cert_prep.store import NewItem, Review

FIXTURES = Path(__file__).parent / "fixtures"
BANKS = FIXTURES / "banks"


def make_context(tmp_path: Path, library: Library, clock: FakeClock) -> AppContext:
    locations = Locations(
        bank_roots=(BANKS,),
        data_dir=tmp_path / "data",
        exports_dir=tmp_path / "exports",
        cache_dir=None,
    )
    return AppContext(locations, clock, _library=library)


@dataclass
class Sitting:
    """What a student does in one attempt: answers, flags, seconds, shuffles."""

    answers: Mapping[str, Any]
    flags: Iterable[str] = ()
    seconds: Mapping[str, float] | None = None
    choice_orders: Mapping[str, list[str]] | None = None
    mode: str = "exam"
    reason: str = "student"
    settings: Mapping[str, Any] | None = None  # e.g. {"pretest": [item ids]}


def sit(context: AppContext, exam: str, sitting: Sitting, default_seconds: float = 30.0) -> int:
    """Take and submit an attempt over every item of `exam`, as the engine would."""
    store, clock, bank = context.store(), context.clock, context.exam(exam)
    order = {d.id: i for i, d in enumerate(bank.blueprint.domains)}
    items = sorted(bank.items, key=lambda it: order[it.domain])
    orders = sitting.choice_orders or {}
    attempt = store.create_attempt(
        exam,
        sitting.mode,
        to_iso(clock.now()),
        [NewItem(it.id, it.domain, key_hash(it.question), orders.get(it.id)) for it in items],
        time_limit_s=bank.blueprint.time_limit_minutes * 60 if sitting.mode == "exam" else None,
        settings=dict(sitting.settings) if sitting.settings else None,
    )
    flags = set(sitting.flags)
    graded, reviews, item_correct = [], [], {}
    for seq, it in enumerate(items):
        spent = (sitting.seconds or {}).get(it.id, default_seconds)
        clock.advance(spent)
        store.move(attempt, seq + 1, left_seq=seq, seconds_on_left=spent)
        response = sitting.answers.get(it.id)
        ok = is_correct(it.question, response)
        if response is not None:
            store.save_response(attempt, seq, response, to_iso(clock.now()))
            reviews.append(
                Review(
                    it.id,
                    exam,
                    it.domain,
                    to_iso(clock.now()),
                    response,
                    ok,
                    spent,
                    sitting.mode,
                    attempt,
                    key_hash(it.question),
                )
            )
        if it.id in flags:
            store.set_flag(attempt, seq, True)
        graded.append((it.domain, ok))
        item_correct[seq] = ok
    score = score_attempt(bank.blueprint, graded)
    store.submit(
        attempt,
        to_iso(clock.now()),
        sitting.reason,
        item_correct,
        score.correct,
        score.total,
        score.percent,
        score.passed if sitting.mode == "exam" else None,
        reviews,
    )
    clock.advance(3600)
    return attempt


# A sitting of the demo exam with a bit of everything: 4 of 7 right (57.1%, FAIL at 70%).
MIXED = Sitting(
    answers={
        "demo-a-001": "B",  # right
        "demo-a-002": ["A", "D"],  # wrong: D is not a key, C missed
        "demo-a-003": ["36415", "99213"],  # the right codes, principal not first: wrong
        "demo-a-004": "B",  # right
        "demo-b-001": "B",  # right
        "demo-b-002": "C",  # wrong
        "demo-b-003": ["J1100"],  # right
    },
    flags=["demo-a-002", "demo-b-002"],
    seconds={"demo-a-001": 95, "demo-a-002": 140, "demo-a-003": 200},
)


# ---- reading a report back ------------------------------------------------------------


def parse_html(html: str):
    """Parse with html5lib (a conforming HTML5 parser); fail on any parse error."""
    import html5lib

    parser = html5lib.HTMLParser(
        strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False
    )
    root = parser.parse(html)
    assert parser.errors == []
    return root


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_id(root, element_id: str):
    found = root.find(f".//*[@id='{element_id}']")
    assert found is not None, f"no element with id {element_id}"
    return found


def has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def children_with_class(element, tag: str, name: str) -> list:
    return [e for e in element.iter(tag) if has_class(e, name)]
