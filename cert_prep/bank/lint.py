"""`cert-prep lint`: report every problem in the banks, as text or JSON."""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cert_prep.bank.enemies import enemy_map
from cert_prep.bank.limits import MAX_FILE_BYTES
from cert_prep.bank.loader import Item, Library, load_library
from cert_prep.bank.near_duplicates import Group, Text, answer_of, item_text, near_duplicate_groups
from cert_prep.bank.problems import Problem, Severity
from cert_prep.bank.roots import exam_ids_in, resolved, root_of
from cert_prep.bank.validate import Outline, outline
from cert_prep.safe_text import excerpt


@dataclass
class LintReport:
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def as_text(self, files: int) -> str:
        lines = [p.as_text() for p in self.problems]
        if self.problems:
            lines.append(f"{self.errors} error(s), {self.warnings} warning(s) in {files} file(s)")
        else:
            lines.append(f"no problems in {files} file(s)")
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps(
            {
                "problems": [p.as_dict() for p in self.problems],
                "errors": self.errors,
                "warnings": self.warnings,
            },
            indent=2,
        )


def lint(
    paths: Sequence[Path],
    visible_roots: Sequence[Path],
    cache_file: Path | None = None,
    strict: bool = False,
) -> tuple[LintReport, Library]:
    """Lint `paths` (or every visible root when none), in the context of all banks."""
    missing = [p for p in paths if not _present(p)]
    roots = list(visible_roots)
    known = exam_ids_in(roots)
    rootless: list[Path] = []
    for p in paths:
        if _present(p):
            root = root_of(p, known)
            if root is None:
                rootless.append(p)
            elif resolved(root) not in {resolved(r) for r in roots}:
                roots.append(root)
    library = load_library(roots, cache_file, check_codes=True)
    problems = _placed(library)
    if paths:
        wanted = _both([p for p in paths if _present(p)])

        def inside(problem: Problem) -> bool:
            # A link is matched as written too: a link that leads out of its root is
            # reported under the folder that holds it.
            return any(
                where == w or w in where.parents
                for where in _both([Path(problem.path)])
                for w in wanted
            )

        problems = [p for p in problems if inside(p)]
    problems += [
        Problem(str(p), 1, 1, "error", "missing-path", "no such file or folder") for p in missing
    ]
    problems += [
        Problem(
            str(p),
            1,
            1,
            "error",
            "no-bank-root",
            "not inside a bank root: put it in `<root>/<exam>/` beside or under the exam's "
            "exam.yaml, or under a folder named after a known exam "
            f"({', '.join(sorted(known)) or 'none'})",
        )
        for p in rootless
    ]
    near = _near_duplicate_problems(library) + enemy_problems(library)
    if paths:
        near = [p for p in near if inside(p)]
    problems += near
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))
    return LintReport(problems), library


def enemy_problems(library: Library) -> list[Problem]:
    """`enemies` that name no question of the exam (errors), and questions on one case
    record whose text names a code of another's key without being marked enemies."""
    found: list[Problem] = []
    for bank in library.exams.values():
        ids = {item.id for item in bank.items}
        enemies_of = enemy_map(bank.items)
        cases: dict[tuple[str, str], list[Item]] = {}
        for item in bank.items:
            for enemy in item.enemies:
                if enemy == item.id or enemy not in ids:
                    why = "itself" if enemy == item.id else f"`{enemy}`, no question of {bank.id}"
                    message = f"`enemies` names {why}"
                    found.append(_item_problem(item, "error", "enemy-unknown", message))
            if item.case_id is not None:
                cases.setdefault((item.source, item.case_id), []).append(item)
        for group in cases.values():
            found += _case_cues(group, enemies_of)
    return found


def _plain_code(code: str) -> str:
    return re.sub(r"[\s.]", "", code).upper()


def _case_cues(group: list[Item], enemies_of: dict[str, set[str]]) -> list[Problem]:
    found = []
    for coded in (it for it in group if it.type == "code"):
        codes = {_plain_code(c): c for c in coded.data["answer"]}
        for other in group:
            if other is coded or other.type == "code" or coded.id in enemies_of.get(other.id, ()):
                continue
            words = {_plain_code(w) for w in re.findall(r"[\w.]+", _shown_text(other))}
            named = [codes[c] for c in codes if c in words]
            if named:
                found.append(
                    _item_problem(
                        other,
                        "warning",
                        "case-cue",
                        f"{other.id} names {', '.join(named)}, in the key of {coded.id} on the "
                        f"same case record: one mock exam holding both gives that answer away; "
                        f"add `enemies: [{coded.id}]` to either (a mock exam then draws one), "
                        "or reword",
                    )
                )
    return found


def _shown_text(item: Item) -> str:
    data = item.data
    return " ".join([data["stem"], *(data.get("choices") or {}).values()])


def _item_problem(item: Item, severity: Severity, code: str, message: str) -> Problem:
    return Problem(item.source, item.line, 1, severity, code, message)


def _near_duplicate_problems(library: Library) -> list[Problem]:
    """One warning per group of near-duplicates within one exam, at its first item; and,
    so that linting any one file shows it, at the first of its items in each other file."""
    found: list[Problem] = []
    for bank in library.exams.values():
        places = {item.id: item for item in bank.items}
        texts = [
            Text(
                item.id,
                item_text(item.data["stem"], item.case_record),
                f"{item.source}#{item.case_id}" if item.case_id else None,
                answer_of(item.data),
            )
            for item in bank.items
        ]
        for group in near_duplicate_groups(texts):
            found += _group_warnings(group, places)
    return found


def _group_warnings(group: Group, places: dict[str, Item]) -> list[Problem]:
    lead = places[group.first]
    low = min(s for _, s in group.others)
    shared = f"{low:.0%}" if low >= 0.995 else f"{low:.0%} or more"
    by_file: dict[str, list[str]] = {}
    for other, _ in group.others:
        if places[other].source != lead.source:
            by_file.setdefault(places[other].source, []).append(other)
    warnings = [
        _near_warning(
            lead,
            f"reads almost the same as {_names([o for o, _ in group.others], places, lead)} "
            f"({shared} of word triples shared)",
        )
    ]
    for ids in by_file.values():
        first = places[ids[0]]
        also = f", as do {_names(ids[1:], places, first)}" if ids[1:] else ""
        warnings.append(
            _near_warning(
                first, f"reads almost the same as {_names([lead.id], places, first)}{also}"
            )
        )
    return warnings


def _near_warning(item: Item, text: str) -> Problem:
    return Problem(
        item.source,
        item.line,
        1,
        "warning",
        "near-duplicate",
        f"{item.id}: {text}; test a fact once per exam",
    )


_NAMED = 3  # near-duplicates named in one warning; the rest are counted


def _names(ids: list[str], places: dict[str, Item], here: Item) -> str:
    """`nd-002 (line 11), nd-003 (other.yaml:4) and 497 more`."""
    named = []
    for other in ids[:_NAMED]:
        item = places[other]
        where = f"line {item.line}" if item.source == here.source else f"{item.source}:{item.line}"
        named.append(f"{other} ({where})")
    rest = len(ids) - len(named)
    if rest:
        return f"{', '.join(named)} and {rest} more"
    return ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]


def _placed(library: Library) -> list[Problem]:
    """The library's problems, with what the loader cannot see from the items it kept:
    `unknown-domain` at the `domain:` line, and ids that a dropped item shares."""
    erring = {p.path for p in library.problems if p.severity == "error"}
    outlines = {
        path: found
        for path in library.files
        if path in erring and (found := _outline(Path(path))) is not None
    }
    problems = [_at_domain(p, outlines.get(p.path)) for p in library.problems]
    problems += _shared_ids(library, outlines, problems)
    return problems + _dropped_items(library, outlines, problems)


def _outline(path: Path) -> Outline | None:
    """A bank file's outline; read as the loader reads it (one of its files, size-capped)."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return outline(raw) if len(raw) <= MAX_FILE_BYTES and path.name != "exam.yaml" else None


def _at_domain(problem: Problem, found: Outline | None) -> Problem:
    """The loader names the item (or file) of an unknown domain: point at its `domain:`."""
    if problem.code != "unknown-domain" or found is None:
        return problem
    of_file = problem.message.startswith("domain `")  # not `<id>: domain ...`
    where = found.domain if of_file else found.domains.get(problem.line)
    return replace(problem, line=where[0], column=where[1]) if where else problem


def _dropped_items(
    library: Library, outlines: dict[str, Outline], problems: list[Problem]
) -> list[Problem]:
    """`unknown-domain` and `duplicate-stem` for items the loader dropped (an error
    elsewhere in the item), which it could not check: one run of lint reports them all."""
    if not outlines:  # no file with an error: the loader dropped nothing
        return []
    kept = {(item.source, item.line) for bank in library.exams.values() for item in bank.items}
    exams = {found.exam for found in outlines.values()}
    stems: dict[tuple[str, str, str], list[tuple[str, int, str]]] = defaultdict(list)
    for searched in (b for b in library.exams.values() if b.id in exams):
        for item in searched.items:
            key = _stem_key(searched.id, item.question.stem, item.case_record or "")
            stems[key].append((item.source, item.line, item.id))
    known = {(p.path, p.line, p.column) for p in problems if p.code == "unknown-domain"}
    added: list[Problem] = []
    dropped_stems = set()
    for path, found in outlines.items():
        bank = library.exams.get(found.exam or "")
        for item_id, line in found.items:
            if (path, line) in kept or bank is None:
                continue
            own = found.domain_names.get(line)
            where = found.domains.get(line, (line, 1))
            if own is not None and own not in bank.domain_ids() and (path, *where) not in known:
                added.append(
                    Problem(
                        path,
                        *where,
                        "error",
                        "unknown-domain",
                        f"{excerpt(item_id)}: domain `{excerpt(own, 40)}` is not in the "
                        f"{bank.id} blueprint ({', '.join(sorted(bank.domain_ids()))})",
                    )
                )
            if line in found.stems:
                key = _stem_key(bank.id, *found.stems[line])
                stems[key].append((path, line, item_id))
                dropped_stems.add(key)
    reported = {(p.path, p.line) for p in problems if p.code == "duplicate-stem"}
    for key in dropped_stems:
        same = stems[key]
        for path, line, item_id in same if len(same) > 1 else ():
            if (path, line) in reported:
                continue
            others = ", ".join(
                f"{excerpt(q)} ({p}:{n})" for p, n, q in same if (p, n) != (path, line)
            )
            added.append(
                Problem(
                    path,
                    line,
                    1,
                    "error",
                    "duplicate-stem",
                    f"{excerpt(item_id)}: the same stem as {others}",
                )
            )
    return added


def _stem_key(exam_id: str, stem: str, record: str) -> tuple[str, str, str]:
    """Stems compare once space and case are normalised, within one exam and case record."""
    return exam_id, " ".join(stem.lower().split()), " ".join(record.lower().split())


def _shared_ids(
    library: Library, outlines: dict[str, Outline], problems: list[Problem]
) -> list[Problem]:
    """`duplicate-id` for items the loader dropped (an error elsewhere in the item), which
    it could not compare: at each place of such an id not reported yet."""
    places: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for bank in library.exams.values():
        for item in bank.items:
            places[item.id].add((item.source, item.line))
    for path, found in outlines.items():
        for item_id, line in found.items:
            places[item_id].add((path, line))
    reported = {(p.path, p.line) for p in problems if p.code == "duplicate-id"}
    added = []
    for item_id, where in places.items():
        for path, line in sorted(where - reported) if len(where) > 1 else ():
            others = ", ".join(f"{p}:{n}" for p, n in sorted(where) if (p, n) != (path, line))
            added.append(
                Problem(
                    path,
                    line,
                    1,
                    "error",
                    "duplicate-id",
                    f"{excerpt(item_id)}: id also used at {others}; ids are unique and never "
                    "reused",
                )
            )
    return added


def files_in_scope(paths: Sequence[Path], library: Library) -> int:
    if not paths:
        return len(library.files)
    wanted = _both(paths)
    return sum(
        1
        for f in library.files
        if any(where == w or w in where.parents for where in _both([Path(f)]) for w in wanted)
    )


def _present(path: Path) -> bool:
    """It exists, or it is a link (whose problem, a loop or a dead end, lint reports)."""
    return path.exists() or path.is_symlink()


def _both(paths: Sequence[Path]) -> set[Path]:
    """Each path as written (made absolute) and with its links resolved."""
    return {p for path in paths for p in (Path(os.path.abspath(path)), resolved(path))}
