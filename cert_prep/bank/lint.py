"""`cert-prep lint`: report every problem in the banks, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cert_prep.bank.loader import BLUEPRINT_NAME, Library, load_library
from cert_prep.bank.problems import Problem


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
            lines.append(
                f"{self.errors} error(s), {self.warnings} warning(s) in {files} file(s)"
            )
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


def _root_of(path: Path) -> Path:
    """The bank root a path belongs to: a root, an exam folder or a file inside one."""
    path = path.resolve()
    if path.is_dir() and any((child / BLUEPRINT_NAME).is_file() for child in path.iterdir()
                             if child.is_dir()):
        return path
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, *folder.parents):
        if (candidate / BLUEPRINT_NAME).is_file():
            return candidate.parent
    # No blueprint anywhere above: treat the nearest folder as an exam folder.
    return folder.parent if path.is_file() else folder


def lint(
    paths: Sequence[Path],
    visible_roots: Sequence[Path],
    cache_file: Path | None = None,
    strict: bool = False,
) -> tuple[LintReport, Library]:
    """Lint `paths` (or every visible root when none), in the context of all banks."""
    missing = [p for p in paths if not p.exists()]
    roots = list(visible_roots)
    for p in paths:
        if p.exists():
            root = _root_of(p)
            if root.resolve() not in {r.resolve() for r in roots}:
                roots.append(root)
    library = load_library(roots, cache_file, check_codes=True)
    problems = list(library.problems)
    if paths:
        wanted = [p.resolve() for p in paths if p.exists()]

        def inside(problem: Problem) -> bool:
            where = Path(problem.path).resolve()
            return any(where == w or w in where.parents for w in wanted)

        problems = [p for p in problems if inside(p)]
    problems += [
        Problem(str(p), 1, 1, "error", "missing-path", "no such file or folder") for p in missing
    ]
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))
    return LintReport(problems), library


def files_in_scope(paths: Sequence[Path], library: Library) -> int:
    if not paths:
        return len(library.files)
    wanted = [p.resolve() for p in paths]
    return sum(
        1 for f in library.files
        if any(Path(f).resolve() == w or w in Path(f).resolve().parents for w in wanted)
    )
