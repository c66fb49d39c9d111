"""Seeded assembly of mock exams and drills.

A mock exam draws each blueprint domain's `count` questions, preferring items the
student has not met in earlier mock exams, keeps a case's questions together (beside
their record), and presents domains in blueprint order. `--questions`/`--minutes` make
a shorter practice exam that keeps the domain proportions (largest-remainder
apportionment). Randomness comes only from the seed, so one seed gives one exam.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cert_prep.bank.enemies import enemy_map
from cert_prep.bank.loader import ExamBank, Item, Library
from cert_prep.bank.roots import resolved
from cert_prep.engine import DEFAULT_DRILL_COUNT
from cert_prep.errors import UserError
from cert_prep.store import NewItem
from cert_prep.wording import TERMINAL, Wording

if TYPE_CHECKING:  # pydantic models: not imported before the first screen
    from cert_prep.bank.models import Blueprint


class AssemblyError(UserError):
    """An exam or drill that cannot be put together (bad options, too few questions)."""


@dataclass(frozen=True)
class ExamOptions:
    seed: int
    questions: int | None = None
    minutes: int | None = None
    shuffle: bool = False
    pausable: bool = False
    # The code book is off for this attempt (rehearsing with paper books).
    closed_book: bool = False


@dataclass(frozen=True)
class Shortfall:
    """A domain with fewer questions in the banks than the exam wants."""

    domain: str
    name: str
    wanted: int
    available: int


@dataclass(frozen=True)
class ExamOutline:
    """What an exam's instructions say: its length, time, pretest items and shortfalls.

    It follows from the blueprint, the options and how many items each domain may draw,
    so it is known before any item is drawn: `cert-prep exam` paints the instructions
    from a preview of those numbers while the banks load (see bank.preview), then checks
    that the plan drawn from the banks has the same outline.
    """

    count: int
    wanted: int
    time_limit_s: float
    pretest: int
    shortfalls: tuple[Shortfall, ...]
    practice: bool
    options: ExamOptions


@dataclass(frozen=True)
class ExamPlan:
    exam: str
    name: str
    items: list[Item]
    choice_orders: list[list[str] | None]
    time_limit_s: float
    options: ExamOptions
    wanted: int
    shortfalls: list[Shortfall] = field(default_factory=list)
    # Unscored pretest items mixed in among the others, unmarked until submission.
    pretest: frozenset[str] = frozenset()
    # Shorter or differently timed than the blueprint: a practice exam, kept apart from
    # full mock exams in progress, readiness and the report's trend.
    practice: bool = False

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def outline(self) -> ExamOutline:
        """What the instructions say about this plan (equal to `outline_exam` of its bank)."""
        return ExamOutline(
            count=self.count,
            wanted=self.wanted,
            time_limit_s=self.time_limit_s,
            pretest=len(self.pretest),
            shortfalls=tuple(self.shortfalls),
            practice=self.practice,
            options=self.options,
        )

    def new_items(self) -> list[NewItem]:
        from cert_prep.bank.models import key_hash  # pydantic: not before the first screen

        return [
            NewItem(item.id, item.domain, key_hash(item.question), order)
            for item, order in zip(self.items, self.choice_orders, strict=True)
        ]

    def settings(self) -> dict[str, Any]:
        opts = self.options
        return {
            "seed": opts.seed,
            "shuffle": opts.shuffle,
            "questions": opts.questions,
            "minutes": opts.minutes,
            "wanted": self.wanted,
            "pretest": sorted(self.pretest),
            "practice": self.practice,
            "closed_book": opts.closed_book,
        }


# ---- sizes ------------------------------------------------------------------------------


def apportion(weights: Sequence[int], total: int) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties to the earlier)."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0 for _ in weights]
    quotas = [w * total / whole for w in weights]
    shares = [int(q) for q in quotas]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares


def practice_size(
    full_questions: int, full_minutes: int, questions: int | None, minutes: int | None
) -> tuple[int, int]:
    """(questions, minutes) of an exam; a shorter one keeps the pace of the full one."""
    if questions is not None and not 1 <= questions <= full_questions:
        raise AssemblyError(
            f"--questions must be between 1 and {full_questions} (the full exam's length)",
            exit_code=2,
        )
    if minutes is not None and not 1 <= minutes <= 24 * 60:
        raise AssemblyError("--minutes must be between 1 and 1440", exit_code=2)
    if questions is None and minutes is None:
        return full_questions, full_minutes
    if questions is None:
        assert minutes is not None
        questions = max(1, min(full_questions, round(full_questions * minutes / full_minutes)))
    if minutes is None:
        # Round up: a short exam never gives less time per question than the real one.
        minutes = max(1, -(-full_minutes * questions // full_questions))
    return questions, minutes


def is_practice(blueprint: Blueprint, options: ExamOptions) -> bool:
    """A practice exam: shorter or timed differently from the blueprint's full exam."""
    full = (blueprint.total_questions, blueprint.time_limit_minutes)
    return practice_size(*full, options.questions, options.minutes) != full


# ---- picking ------------------------------------------------------------------------------


def _tags(item: Item) -> list[str]:
    # Items from the bank cache answer `tags` without building their model (fast filters).
    tags = getattr(item, "tags", None)
    return item.question.tags if tags is None else tags


def tag_counts(bank: ExamBank) -> dict[str, int]:
    """How many questions of `bank` carry each tag, tags in alphabetical order."""
    counts: dict[str, int] = {}
    for item in bank.items:
        for tag in set(_tags(item)):
            counts[tag] = counts.get(tag, 0) + 1
    return dict(sorted(counts.items()))


def _folded(values: Sequence[str]) -> list[str]:
    """Exam ids, domains and tags are lower-case slugs: what the student types is folded."""
    return [v.strip().lower() for v in values if v.strip()]


def checked_filters(
    bank: ExamBank, domains: Sequence[str], tags: Sequence[str], wording: Wording = TERMINAL
) -> tuple[list[str], list[str]]:
    """`--domain` and `--tag` values folded to the ids `bank` uses (`DX` is `dx`); an
    unknown domain is refused with the exam's domains, an unknown tag with the closest
    known ones. Every command that filters by domain or tag asks here, as drill does."""
    domains, tags = _folded(domains), _folded(tags)
    unknown = [d for d in domains if bank.blueprint.domain(d) is None]
    if unknown:
        known = ", ".join(d.id for d in bank.blueprint.domains)
        raise AssemblyError(
            f"{bank.id} has no domain {', '.join(f'`{d}`' for d in unknown)}; "
            f"its domains are: {known}",
            exit_code=2,
        )
    problem = _unknown_tags(tag_counts(bank), tags, bank.id, wording) if tags else None
    if problem:
        raise AssemblyError(problem, exit_code=2)
    return domains, tags


def _unknown_tags(
    counts: Mapping[str, int], tags: Sequence[str], where: str, wording: Wording = TERMINAL
) -> str | None:
    """A message naming the tags `where` does not have, with the closest known ones
    (`counts`: how many questions carry each known tag)."""
    import difflib

    known = sorted(counts)
    missing = [t for t in tags if t not in known]
    if not missing:
        return None
    parts = []
    for tag in missing:
        close = difflib.get_close_matches(tag, known, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        parts.append(f"`{tag}`{hint}")
    noun = "tag" if len(missing) == 1 else "tags"
    # "no question of cca ...": the exam id stays lower case when the UI starts a sentence
    return f"no question of {where} has the {noun} {'; '.join(parts)}; {wording.known_tags(counts)}"


def _units(items: Iterable[Item]) -> list[list[Item]]:
    """Items grouped so that a case's questions stay together, in bank order."""
    units: list[list[Item]] = []
    by_case: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        case_id = item.case_id
        if case_id is None:
            units.append([item])
            continue
        key = (item.source, case_id)
        group = by_case.get(key)
        if group is None:
            group = by_case[key] = []
            units.append(group)
        group.append(item)
    return units


def _clashes(item: Item, others: Collection[str], enemies_of: Mapping[str, set[str]]) -> bool:
    return bool(enemies_of.get(item.id, set()) & set(others))


def _split_enemies(units: list[list[Item]], enemies_of: Mapping[str, set[str]]) -> list[list[Item]]:
    """A case whose questions give each other away becomes several units, each free of
    enemies (in bank order), so one exam draws at most one side."""
    if not enemies_of:
        return units
    out: list[list[Item]] = []
    for unit in units:
        rest = unit
        while rest:
            keep: list[Item] = []
            later: list[Item] = []
            for item in rest:
                (later if _clashes(item, [k.id for k in keep], enemies_of) else keep).append(item)
            out.append(keep)
            rest = later
    return out


def _pick_units(
    units: list[list[Item]],
    want: int,
    seen: Collection[str],
    rng: random.Random,
    last_seen: Mapping[str, int] | None = None,
    enemies_of: Mapping[str, set[str]] | None = None,
    taken_ids: set[str] | None = None,
) -> list[Item]:
    """`want` items from whole units, fresh units first; order shuffled by `rng`. With
    `last_seen` (item id -> when last answered), units met before come least recently
    met first, so repeated drills go through the whole pool before any repeat. With
    `enemies_of`, a unit holding an enemy of an item already drawn (this pool's, or
    `taken_ids` from other pools, which grows with what is drawn) is passed over."""
    enemies_of = enemies_of or {}
    drawn_ids = taken_ids if taken_ids is not None else set()
    tagged = []
    random_key = rng.random
    for unit in units:
        if len(unit) == 1:  # most units: one question without a case
            tier = 2 if unit[0].id in seen else 0
        else:
            fresh = sum(1 for it in unit if it.id not in seen)
            tier = 0 if fresh == len(unit) else (1 if fresh else 2)
        age = max((last_seen.get(it.id, 0) for it in unit), default=0) if last_seen else 0
        tagged.append((tier, age, random_key(), unit))
    tagged.sort(key=lambda t: (t[0], t[1], t[2]))
    chosen: list[list[Item]] = []
    taken: set[int] = set()
    left = want

    def fits(unit: list[Item]) -> bool:
        return not any(_clashes(it, drawn_ids, enemies_of) for it in unit)

    for *_order, unit in tagged:
        if left <= 0:
            break
        if len(unit) <= left and fits(unit):
            chosen.append(unit)
            taken.add(id(unit))
            drawn_ids.update(it.id for it in unit)
            left -= len(unit)
    if left > 0:
        # Only cases larger than what is left remain: take the first questions of one.
        for *_order, unit in tagged:
            if id(unit) not in taken and len(unit) > left and fits(unit[:left]):
                chosen.append(unit[:left])
                drawn_ids.update(it.id for it in unit[:left])
                left = 0
                break
    rng.shuffle(chosen)
    return [item for unit in chosen for item in unit]


def _choice_order(item: Item, rng: random.Random) -> list[str] | None:
    from cert_prep.bank.models import CodeQuestion  # pydantic: not before the first screen

    if isinstance(item.question, CodeQuestion):
        return None
    keys: list[str] = sorted(item.question.choices)
    rng.shuffle(keys)
    return keys


def _pretest_share(blueprint: Blueprint, questions: int | None, minutes: int | None) -> int:
    """Pretest items in an exam: the blueprint's number in a full mock, none in practice."""
    return blueprint.pretest if questions is None and minutes is None else 0


def _shares(blueprint: Blueprint, options: ExamOptions) -> tuple[int, int, list[int], list[int]]:
    """(questions, minutes, scored items wanted per domain, pretest items per domain)."""
    count, minutes = practice_size(
        blueprint.total_questions, blueprint.time_limit_minutes, options.questions, options.minutes
    )
    pretest_count = _pretest_share(blueprint, options.questions, options.minutes)
    weights = [d.count for d in blueprint.domains]
    return (
        count,
        minutes,
        apportion(weights, count - pretest_count),
        apportion(weights, pretest_count),
    )


def outline_exam(
    blueprint: Blueprint, pool_sizes: Sequence[int], options: ExamOptions
) -> ExamOutline:
    """The outline of the exam `plan_exam` draws, from the number of items each domain
    may draw (`ExamBank.mock_pools`, in blueprint order) instead of the items themselves.

    `plan_exam` draws min(wanted, available) items from each domain (whole cases first,
    then the first questions of one case), and of those, the pretest items beyond the
    domain's scored share: the same sums as here.
    """
    count, minutes, wants, extras = _shares(blueprint, options)
    drawn = pretest = 0
    shortfalls = []
    for domain, want, extra, size in zip(blueprint.domains, wants, extras, pool_sizes, strict=True):
        if size < want + extra:
            shortfalls.append(Shortfall(domain.id, domain.name, want + extra, size))
        taken = min(want + extra, size)
        drawn += taken
        pretest += min(extra, max(0, taken - want))
    return ExamOutline(
        count=drawn,
        wanted=count,
        time_limit_s=float(minutes * 60),
        pretest=pretest,
        shortfalls=tuple(shortfalls),
        practice=(count, minutes) != (blueprint.total_questions, blueprint.time_limit_minutes),
        options=options,
    )


def plan_exam(bank: ExamBank, options: ExamOptions, seen: set[str] | None = None) -> ExamPlan:
    """Assemble a mock exam of `bank`; `seen` holds items met in earlier mock exams.

    A full mock presents each domain's `count` scored items plus the blueprint's `pretest`
    items, drawn in proportion to the domain counts and mixed in among the domain's items;
    only the item types the blueprint allows are drawn. A shorter practice exam keeps the
    proportions of the scored items and has no pretest items.
    """
    blueprint = bank.blueprint
    seen = seen or set()
    _count, _minutes, wants, extras = _shares(blueprint, options)
    pools = bank.mock_pools()
    outline = outline_exam(blueprint, [len(pool) for pool in pools], options)
    rng = random.Random(options.seed)
    items: list[Item] = []
    pretest: set[str] = set()
    enemies_of = enemy_map(item for pool in pools for item in pool)
    drawn_ids: set[str] = set()
    for pool, want, extra in zip(pools, wants, extras, strict=True):
        if not want + extra:
            continue
        units = _split_enemies(_units(pool), enemies_of)
        drawn = _pick_units(
            units, min(want + extra, len(pool)), seen, rng, None, enemies_of, drawn_ids
        )
        # Which of the drawn items go unscored is random too, so nothing marks them.
        for item in rng.sample(drawn, min(extra, max(0, len(drawn) - want))):
            pretest.add(item.id)
        items.extend(drawn)
    if not items:
        raise AssemblyError(
            f"the {blueprint.id} banks hold no questions yet; add bank files or choose another exam"
        )
    shuffle_rng = random.Random(f"{options.seed}/choices")
    orders = [_choice_order(it, shuffle_rng) if options.shuffle else None for it in items]
    return ExamPlan(
        exam=blueprint.id,
        name=blueprint.name,
        items=items,
        choice_orders=orders,
        time_limit_s=outline.time_limit_s,
        options=options,
        wanted=outline.wanted,
        shortfalls=list(outline.shortfalls),
        pretest=frozenset(pretest),
        practice=outline.practice,
    )


# ---- drills -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillPlan:
    """The questions of one drill, and lines that say how they were chosen."""

    bank: ExamBank
    items: list[Item]
    intro: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    # The intro in fewer lines, for a screen too short for it beside the first question.
    brief: list[str] = field(default_factory=list)


def _matching_exams(
    library: Library, exam: str | None, domains: Sequence[str], tags: Sequence[str]
) -> list[ExamBank]:
    domains, tags = _folded(domains), _folded(tags)
    if exam:
        try:
            return [library.exam(exam)]
        except LookupError as exc:
            raise AssemblyError(str(exc), exit_code=2) from None
    banks = list(library.exams.values())
    if domains:
        banks = [b for b in banks if any(b.blueprint.domain(d) for d in domains)]
    elif tags:
        banks = [b for b in banks if any(set(tags) & set(_tags(it)) for it in b.items)]
        if not banks:
            known: Counter[str] = Counter()
            for bank in library.exams.values():
                known.update(tag_counts(bank))
            raise AssemblyError(_unknown_tags(known, tags, "no exam") or "", exit_code=2)
    return banks


def choose_drill_exam(
    library: Library,
    exam: str | None,
    domains: Sequence[str],
    tags: Sequence[str],
    last_exam: str | None = None,
) -> ExamBank:
    """The exam a drill draws from: `--exam`, or the only one the filters fit."""
    banks = _matching_exams(library, exam, domains, tags)
    if len(banks) == 1:
        return banks[0]
    if not banks:
        what = "domain " + ", ".join(domains) if domains else "tag " + ", ".join(tags)
        raise AssemblyError(f"no exam has the {what}; `cert-prep banks` lists them", exit_code=2)
    ids = [b.id for b in banks]
    if last_exam in ids:
        return library.exams[last_exam]
    raise AssemblyError(f"choose the exam with --exam ({', '.join(sorted(ids))})", exit_code=2)


def plan_drill(
    bank: ExamBank,
    domains: Sequence[str] = (),
    tags: Sequence[str] = (),
    count: int = DEFAULT_DRILL_COUNT,
    seed: int = 0,
    last_seen: Mapping[str, int] | None = None,
    wording: Wording = TERMINAL,
) -> DrillPlan:
    """Up to `count` questions of `bank` in the given domains and with any of the tags:
    questions never answered first, then those answered longest ago (`last_seen`: item id
    -> when last answered, any comparable number), ties shuffled by `seed`. `wording`: how
    a refusal names where the tags are listed."""
    if count < 1:
        raise AssemblyError("--count must be at least 1", exit_code=2)
    domains, tags = checked_filters(bank, domains, tags, wording)
    pool = [
        it
        for it in bank.items
        if (not domains or it.domain in domains) and (not tags or set(tags) & set(_tags(it)))
    ]
    if not pool:
        raise AssemblyError(
            "no question has both the chosen domains and tags; choose other domains or tags"
        )
    rng = random.Random(seed)
    seen = last_seen or {}
    items = _pick_units(_units(pool), min(count, len(pool)), seen.keys(), rng, seen)
    intro = []
    if domains or tags:
        parts = []
        if domains:
            # The plan's domains were checked against the blueprint when it was made.
            names = [bank.blueprint.domain(d).name for d in domains]  # type: ignore[union-attr]
            parts.append("domains: " + "; ".join(names))
        if tags:
            parts.append("tags: " + ", ".join(tags))
        intro.append(f"{bank.blueprint.name} drill, " + ", ".join(parts))
    if len(items) < count:
        intro.append(f"Only {len(items)} question(s) match, fewer than the {count} asked for.")
    settings = {"seed": seed, "domains": list(domains), "tags": list(tags), "count": count}
    return DrillPlan(bank, items, intro, settings)


def plan_bank_file_drill(library: Library, path: Path, count: int | None = None) -> DrillPlan:
    """The usable questions of one bank file, in file order (the first `count` of them)."""
    if count is not None and count < 1:
        raise AssemblyError("--count must be at least 1", exit_code=2)
    wanted = resolved(path)
    if not path.is_file():
        raise AssemblyError(f"no such bank file: {path}", exit_code=2)
    for bank in library.exams.values():
        items = [it for it in bank.items if resolved(it.source) == wanted]
        if items:
            if count is not None and count < len(items):
                intro = [f"Drilling the first {count} of the {len(items)} questions of {path}."]
                items = items[:count]
            else:
                intro = [f"Drilling every question of {path} ({len(items)})."]
            return DrillPlan(bank, items, intro, {"bank_file": str(path), "count": count})
    raise AssemblyError(
        f"{path} has no usable questions in a bank root cert-prep reads; add its root with "
        "--banks DIR and run `cert-prep lint` on it"
    )
