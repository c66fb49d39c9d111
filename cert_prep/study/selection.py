"""Weak-domain drills: what to practise next, and why.

Normally, in this order (docs/spaced-repetition.md has the reasoning and the measurements):

1. Due items: seen items whose FSRS due time has come, the ones last answered wrong
   though the student was sure ("confidently wrong") first, then least likely to be
   recalled first.
2. The weakest domains, weighted: each remaining question goes to the domain with the
   highest priority / (1 + questions it already got) (D'Hondt), where priority =
   blueprint weight x weakness, and weakness = the share of the domain's questions the
   student is expected to miss (seen items: 1 - mastery; items never seen: 1 - the
   student's first-try accuracy in the domain). Within a domain, items never seen come
   first, then seen items by lowest mastery; items answered less than `MIN_GAP` ago wait.
3. Anything left, by lowest mastery (only when the banks are nearly exhausted).

With an exam date still ahead, recall and mastery are predicted for exam day instead of
now, so the items and domains the student would have forgotten by then come first. In
the final stretch (less than `FINAL_STRETCH` before the exam) there is no time left for
spaced reviews: every item competes on its expected miss on exam day times its share of
the exam, items never seen included.

Ties are broken by a seeded hash of the item id: the same inputs and seed give the
same drill.
"""

from __future__ import annotations

import heapq
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cert_prep.bank.loader import ExamBank, Item
from cert_prep.errors import UserError
from cert_prep.store import Store
from cert_prep.study.card_sync import CardState, exam_cards, to_ms
from cert_prep.study.exam_date import (
    days_left_text,
    exam_moment,
    is_too_far,
    today_of,
)
from cert_prep.study.mastery import DomainMastery, Evaluation, ItemStatus, evaluate
from cert_prep.wording import TERMINAL, Wording

# A seen item that is not due is not asked again this soon after its last answer:
# recall right after an answer says little and strengthens memory little.
MIN_GAP = timedelta(hours=20)
# Closer than this to the exam, FSRS's shortest interval (a day) no longer fits twice:
# study for exam-day recall only.
FINAL_STRETCH = timedelta(days=2)
# The short screen's one line of domains names this many (most questions first), so the
# first question stays in view at 80x24.
BRIEF_DOMAINS = 3


@dataclass(frozen=True)
class WeakDrillPlan:
    items: list[Item]
    chosen_domains: list[tuple[str, str]]  # (domain id, why it was chosen), most items first
    notes: list[str] = field(default_factory=list)  # general lines for the first screen
    exam_date: date | None = None
    # The domains in one line ("Domains, with the share ...: name 51% (10 due for
    # review); ...; and 2 more"), for a short screen
    domains_line: str = ""
    ahead: int = 0  # new questions beyond today's plan (once it is done)

    @property
    def intro(self) -> list[str]:
        """The lines the drill's first screen shows: what was chosen and why."""
        lines = list(self.notes)
        if self.chosen_domains:
            lines.append("Domains in this drill:")
            lines += [f"  - {reason}" for _domain, reason in self.chosen_domains]
        return lines


@dataclass
class _Domain:
    mastery: DomainMastery
    first_try: float  # estimated chance of answering an unseen item right
    miss: float  # expected share of the domain's questions missed (at the target time)
    priority: float  # weight x miss
    due: int = 0
    new: int = 0
    again: int = 0
    first: int = 0  # position of its first question in the drill

    @property
    def picked(self) -> int:
        return self.due + self.new + self.again

    @property
    def per_item(self) -> float:
        """One item's share of the exam (the domain's weight spread over its items)."""
        m = self.mastery
        return m.weight / m.total if m.total else 0.0


def _domains(evaluation: Evaluation) -> dict[str, _Domain]:
    """Each domain's expected miss, from the readiness model (study.expectation)."""
    out = {}
    for m in evaluation.domains:
        miss = max(0.0, 1.0 - m.expected) if m.total else 0.0
        out[m.id] = _Domain(m, m.unseen_rate, miss, m.weight * miss)
    return out


def _tiebreak(seed: int, item_id: str) -> int:
    """A seeded, stable pseudo-random rank (the same in every process)."""
    return zlib.crc32(item_id.encode(), seed & 0xFFFFFFFF)


def select_weak_drill(
    store: Store,
    bank: ExamBank,
    now: datetime,
    count: int,
    exam_date: date | None = None,
    *,
    seed: int = 0,
    new_limit: int | None = None,
    wording: Wording = TERMINAL,
) -> WeakDrillPlan:
    """Up to `count` items of `bank` for a weak-domain drill (cards synced first), with at
    most `new_limit` questions never seen (None: no limit). `wording`: how its notes name
    the way to set the exam date or study ahead."""
    if count < 1:
        raise UserError("--count must be at least 1", exit_code=2)
    return plan_weak_drill(
        bank,
        exam_cards(store, bank, now),
        now,
        count,
        exam_date,
        seed,
        frozenset(store.confidently_wrong(bank.id)),
        new_limit,
        wording,
    )


def plan_weak_drill(
    bank: ExamBank,
    states: dict[str, CardState],
    now: datetime,
    count: int,
    exam_date: date | None = None,
    seed: int = 0,
    misconceptions: frozenset[str] = frozenset(),
    new_limit: int | None = None,
    wording: Wording = TERMINAL,
) -> WeakDrillPlan:
    """The selection itself, from cards already synced (pure: no store). Due items in
    `misconceptions` (confidently wrong) come first."""
    target = now
    notes: list[str] = []
    final = False
    if exam_date is not None and is_too_far(exam_date, today_of(now)):
        notes.append(
            f"The exam date {exam_date.isoformat()} is more than two years away; planning "
            f"for today. Set the real one with {wording.set_exam_date()}."
        )
    elif exam_date is not None:
        moment = exam_moment(exam_date)
        if moment > now:
            target = moment
            final = moment - now < FINAL_STRETCH
            notes.append(
                f"Exam day {exam_date.isoformat()} ({days_left_text(exam_date, now)}): "
                + (
                    "the final stretch, so this drill goes for what you would most likely miss "
                    "on the day, new questions included."
                    if final
                    else "questions you are least likely to recall on that day come first."
                )
            )
        elif exam_date == today_of(now):
            notes.append(
                f"The exam is today ({exam_date.isoformat()}): this drill goes for what you "
                "are least likely to recall now."
            )
        else:
            notes.append(
                f"The exam date {exam_date.isoformat()} has passed; planning for "
                f"today. Set a new one with {wording.set_exam_date()}."
            )
    evaluation = evaluate(bank, states, now, at=target)
    domains = _domains(evaluation)
    chosen: list[Item] = []
    ahead: list[Item] = []  # new questions beyond today's plan, once it is done

    def take(item: Item, kind: str) -> None:
        d = domains[item.domain]
        if not d.picked:
            d.first = len(chosen)
        if kind == "ahead":
            ahead.append(item)
            kind = "new"
        setattr(d, kind, getattr(d, kind) + 1)
        chosen.append(item)

    if final:
        _final_stretch(evaluation.items, domains, seed, count, take)
    else:
        _spaced(evaluation.items, domains, seed, now, count, take, misconceptions, new_limit)

    picked = sorted((d for d in domains.values() if d.picked), key=lambda d: (-d.picked, d.first))
    # With an exam date the shares are for that day (`weak` shows today's): say so.
    when = " on exam day" if target != now else ""
    reasons = [(d.mastery.id, _reason(d, when)) for d in picked]
    shown = "; ".join(
        f"{d.mastery.name} {d.mastery.expected:.0%} ({_picks(d)})" for d in picked[:BRIEF_DOMAINS]
    )
    if len(picked) > BRIEF_DOMAINS:
        shown += f"; and {len(picked) - BRIEF_DOMAINS} more"
    domains_line = f"Domains, with the share of their questions expected right{when}: {shown}"
    if chosen:
        head, *more = _what_it_holds(bank, chosen, picked, count, new_limit, wording)
        notes.insert(0, head)
        notes += more
    return WeakDrillPlan(
        chosen, reasons, notes, exam_date, domains_line if picked else "", len(ahead)
    )


def _what_it_holds(
    bank: ExamBank,
    chosen: list[Item],
    picked: list[_Domain],
    count: int,
    new_limit: int | None,
    wording: Wording,
) -> list[str]:
    """The drill's first line (how many, how many due), then why it holds what it does."""
    head = f"Weak-domain drill: {len(chosen)} question(s) of the {bank.blueprint.name}"
    due_n = sum(d.due for d in picked)
    if due_n:
        head += f", starting with {due_n} due for review"
    lines = [head + "."]
    if len(chosen) < count and new_limit is not None:
        lines.append(
            f"Today's plan leaves {len(chosen)} question(s), fewer than the {count} asked "
            f"for; the other new questions wait for the coming days ({wording.study_ahead()})."
        )
    elif len(chosen) < count:
        lines.append(
            f"Only {len(chosen)} question(s) are available, fewer than the {count} asked for."
        )
    return lines


def _spaced(
    items: list[ItemStatus],
    domains: dict[str, _Domain],
    seed: int,
    now: datetime,
    count: int,
    take: Callable[[Item, str], None],
    misconceptions: frozenset[str] = frozenset(),
    new_limit: int | None = None,
) -> None:
    """Due items, then the weakest domains (D'Hondt), then anything left; at most
    `new_limit` items never seen. With `new_limit` 0 (today's plan is done) the drill is
    extra practice: seen items, then new ones ahead of the plan, and only then items
    answered in the last MIN_GAP (an answer just seen teaches little)."""
    now_ms, gap_ms = to_ms(now), MIN_GAP // timedelta(milliseconds=1)
    due: list[tuple[float, float, int, Item]] = []
    queues: dict[str, list[tuple[int, float, int, Item]]] = defaultdict(list)
    ahead: dict[str, list[tuple[int, float, int, Item]]] = defaultdict(list)
    leftovers: list[tuple[float, int, Item]] = []
    for status in items:
        item, state = status.item, status.state
        if state is None:
            rank = (0, 0.0, _tiebreak(seed, item.id), item)
            (ahead if new_limit == 0 else queues)[status.domain].append(rank)
        elif status.due:
            due.append(
                (status.recall, -domains[status.domain].priority, _tiebreak(seed, item.id), item)
            )
        elif state.last_reviewed_ms is not None and now_ms - state.last_reviewed_ms < gap_ms:
            leftovers.append((status.mastery, _tiebreak(seed, item.id), item))
        else:
            queues[status.domain].append((1, status.mastery, _tiebreak(seed, item.id), item))

    due.sort(key=lambda t: (t[3].id not in misconceptions, *t[:3]))
    for *_key, item in due[:count]:
        take(item, "due")

    left = _weakest_first(queues, domains, count - min(count, len(due)), take, new_limit)
    left = _weakest_first(ahead, domains, left, lambda item, _kind: take(item, "ahead"), None)
    leftovers.sort(key=lambda t: t[:2])
    for *_key, item in leftovers[:left]:
        take(item, "again")


def _weakest_first(
    queues: dict[str, list[tuple[int, float, int, Item]]],
    domains: dict[str, _Domain],
    left: int,
    take: Callable[[Item, str], None],
    new_limit: int | None,
) -> int:
    """Up to `left` items to the weakest domains by D'Hondt, at most `new_limit` never
    seen; returns how many places are still open."""
    order = {domain_id: i for i, domain_id in enumerate(domains)}
    heap = []
    for domain_id, queue in queues.items():
        queue.sort(key=lambda t: t[:3], reverse=True)  # pop() from the end takes the best
        heap.append((-domains[domain_id].priority, order[domain_id], domain_id))
    heapq.heapify(heap)
    given: dict[str, int] = defaultdict(int)
    new_taken = 0
    while left > 0 and heap:
        neg, pos, domain_id = heapq.heappop(heap)
        tier, *_rest, item = queues[domain_id].pop()
        if tier == 0 and new_limit is not None:
            if new_taken >= new_limit:  # today's new questions are done: seen ones only
                queues[domain_id] = [q for q in queues[domain_id] if q[0] != 0]
                if queues[domain_id]:
                    heapq.heappush(heap, (neg, pos, domain_id))
                continue
            new_taken += 1
        take(item, "new" if tier == 0 else "again")
        left -= 1
        given[domain_id] += 1
        if queues[domain_id]:
            heapq.heappush(
                heap, (-domains[domain_id].priority / (1 + given[domain_id]), pos, domain_id)
            )
    return left


def _final_stretch(
    items: list[ItemStatus],
    domains: dict[str, _Domain],
    seed: int,
    count: int,
    take: Callable[[Item, str], None],
) -> None:
    """Every item by expected miss on exam day x its share of the exam."""
    ranked = []
    for status in items:
        d = domains[status.domain]
        seen = status.state is not None
        miss = 1.0 - (status.mastery if seen else d.first_try)
        ranked.append((-miss * d.per_item, _tiebreak(seed, status.item.id), status.item, seen))
    ranked.sort(key=lambda t: t[:2])
    for _value, _rank, item, seen in ranked[:count]:
        take(item, "again" if seen else "new")


def _picks(d: _Domain) -> str:
    """What the drill takes from the domain: "2 due for review, 1 new"."""
    parts = []
    if d.due:
        parts.append(f"{d.due} due for review")
    if d.new:
        parts.append(f"{d.new} new")
    if d.again:
        parts.append(f"{d.again} to strengthen")
    return ", ".join(parts)


def _reason(d: _Domain, when: str) -> str:
    m = d.mastery
    return (
        f"{m.name}: about {m.expected:.0%} of its questions expected right{when} "
        f"({m.seen} of {m.total} seen), {m.weight:.0%} of the exam; " + _picks(d)
    )
