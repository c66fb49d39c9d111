"""`cert-prep lint`: report every problem in the banks, as text or JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cert_prep.bank.loader import Library, load_library
from cert_prep.bank.near_duplicates import exam_texts, near_duplicates
from cert_prep.bank.problems import Problem
from cert_prep.bank.roots import exam_ids_in, resolved, root_of


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
    problems = list(library.problems)
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
    near = _near_duplicate_problems(library)
    if paths:
        near = [p for p in near if inside(p)]
    problems += near
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))
    return LintReport(problems), library


def _near_duplicate_problems(library: Library) -> list[Problem]:
    """A warning at both items of each pair of near-duplicates within one exam."""
    found: list[Problem] = []
    for bank in library.exams.values():
        places = {item.id: item for item in bank.items}
        texts = exam_texts(
            (
                item.id,
                item.data["stem"],
                item.case_record,
                f"{item.source}#{item.case_id}" if item.case_id else None,
            )
            for item in bank.items
        )
        for pair in near_duplicates(texts):
            for this, other in ((pair.first, pair.second), (pair.second, pair.first)):
                item, twin = places[this], places[other]
                found.append(
                    Problem(
                        item.source,
                        item.line,
                        1,
                        "warning",
                        "near-duplicate",
                        f"{this}: reads almost the same as {other} ({twin.source}:{twin.line}; "
                        f"{pair.similarity:.0%} of word triples shared); test a fact once per exam",
                    )
                )
    return found


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
