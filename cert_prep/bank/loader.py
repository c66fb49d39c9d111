"""Find bank roots' files, validate them (through the cache), and build the library.

A bank root holds one folder per exam; in it `exam.yaml` is the blueprint and every
other `*.yaml` (subfolders allowed) is a bank file. Several roots may add bank files
to the same exam; the first root that has a blueprint for it defines the exam.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cert_prep.bank.cache import BankCache, content_key
from cert_prep.bank.models import (
    Blueprint,
    Domain,
    Case,
    CodeQuestion,
    MultiQuestion,
    SingleQuestion,
)
from cert_prep.bank.problems import Problem
from cert_prep.bank.validate import FileResult, validate_file

BLUEPRINT_NAME = "exam.yaml"
_QUESTION_CLASSES = {"single": SingleQuestion, "multi": MultiQuestion, "code": CodeQuestion}

AnyQuestion = SingleQuestion | MultiQuestion | CodeQuestion


def _blueprint_from_cache(data: dict) -> Blueprint:
    """A blueprint that was validated when it entered the cache, rebuilt without re-validating."""
    domains = [Domain.model_construct(**d) for d in data["domains"]]
    return Blueprint.model_construct(**{**data, "domains": domains})


class UnknownExam(LookupError):
    def __init__(self, exam_id: str, known: Iterable[str]):
        known = sorted(known)
        listed = ", ".join(known) if known else "none: no bank root holds a blueprint"
        super().__init__(f"unknown exam `{exam_id}`; exams available: {listed}")
        self.exam_id = exam_id


class Item:
    """A question as the engine uses it: the model plus where it belongs.

    Items loaded from the cache build their pydantic model on first use: an exam touches
    ~100 of a library's thousands, and building them all would dominate start-up.
    """

    __slots__ = ("_data", "_question", "case", "code_year", "domain", "exam", "line", "source")

    def __init__(self, question: AnyQuestion | None, exam: str, domain: str, code_year: int,
                 case: Case | None, source: str, line: int, data: dict | None = None):
        self._question = question
        self._data = data
        self.exam = exam
        self.domain = domain
        self.code_year = code_year
        self.case = case
        self.source = source
        self.line = line

    @property
    def question(self) -> AnyQuestion:
        if self._question is None:
            data = self._data
            self._question = _QUESTION_CLASSES[data["type"]].model_construct(**data)
        return self._question

    @property
    def id(self) -> str:
        return self._data["id"] if self._question is None else self._question.id

    @property
    def tags(self) -> list[str]:
        return self._data["tags"] if self._question is None else self._question.tags

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and (self.exam, self.id) == (other.exam, other.id)

    def __hash__(self) -> int:
        return hash((self.exam, self.id))

    def __repr__(self) -> str:
        return f"Item({self.id!r}, exam={self.exam!r}, domain={self.domain!r})"


@dataclass
class ExamBank:
    blueprint: Blueprint
    blueprint_path: str
    items: list[Item] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.blueprint.id

    def by_domain(self) -> dict[str, list[Item]]:
        groups: dict[str, list[Item]] = {d.id: [] for d in self.blueprint.domains}
        for item in self.items:
            groups.setdefault(item.domain, []).append(item)
        return groups

    def item(self, item_id: str) -> Item | None:
        return self._index().get(item_id)

    def _index(self) -> dict[str, Item]:
        index = self.__dict__.get("_by_id")
        if index is None or len(index) != len(self.items):
            index = {item.id: item for item in self.items}
            self.__dict__["_by_id"] = index
        return index


@dataclass
class Library:
    exams: dict[str, ExamBank] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def exam(self, exam_id: str) -> ExamBank:
        try:
            return self.exams[exam_id]
        except KeyError:
            raise UnknownExam(exam_id, self.exams) from None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def find_item(self, item_id: str) -> Item | None:
        for bank in self.exams.values():
            found = bank.item(item_id)
            if found is not None:
                return found
        return None


@dataclass(frozen=True)
class BankSource:
    path: Path
    root: Path
    exam_folder: str
    is_blueprint: bool


def discover(roots: Sequence[Path]) -> tuple[list[BankSource], list[Problem]]:
    sources: list[BankSource] = []
    problems: list[Problem] = []
    for root in roots:
        if not root.is_dir():
            problems.append(Problem(str(root), 1, 1, "error", "missing-root",
                                    "bank folder does not exist"))
            continue
        for exam_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            for path in sorted(exam_dir.rglob("*")):
                if not path.is_file() or any(part.startswith(".") for part in path.relative_to(root).parts):
                    continue
                if path.suffix == ".yml":
                    problems.append(Problem(str(path), 1, 1, "warning", "ignored-file",
                                            "`.yml` files are not read; rename it to `.yaml`"))
                if path.suffix != ".yaml":
                    continue
                is_blueprint = path.name == BLUEPRINT_NAME and path.parent == exam_dir
                sources.append(BankSource(path, root, exam_dir.name, is_blueprint))
    return sources, problems


def validate_sources(
    sources: Sequence[BankSource], cache: BankCache, check_codes: bool
) -> dict[Path, FileResult]:
    results: dict[Path, FileResult] = {}
    for source in sources:
        try:
            raw = source.path.read_bytes()
        except OSError as exc:
            result = FileResult(kind="broken")
            result.add(1, 1, "error", "unreadable", f"cannot read the file: {exc.strerror}")
            results[source.path] = result
            continue
        key = content_key(raw, source.is_blueprint, check_codes)
        cached = cache.get(key)
        if cached is None and not check_codes:
            # A result from lint (codes checked too) serves a plain load as well.
            cached = cache.get(content_key(raw, source.is_blueprint, True))
        if cached is not None:
            try:
                results[source.path] = FileResult.from_plain(cached)
                continue
            except (TypeError, ValueError, KeyError):
                pass  # a malformed entry is rebuilt, never trusted
        result = validate_file(raw, source.is_blueprint, check_codes)
        cache.put(key, result.as_plain())
        results[source.path] = result
    return results


def load_library(
    roots: Sequence[Path], cache_file: Path | None = None, check_codes: bool = False
) -> Library:
    """Load every bank under `roots`. Never raises for bad bank content.

    `check_codes` also looks every ICD-10-CM code up (lint); a plain load for studying
    does not pay the seconds that costs.
    """
    sources, problems = discover(roots)
    cache = BankCache(cache_file)
    results = validate_sources(sources, cache, check_codes)
    cache.save()
    library = build_library(sources, results, check_stems=check_codes)
    library.problems = sorted(problems + library.problems,
                              key=lambda p: (p.path, p.line, p.column, p.code))
    return library


def build_library(
    sources: Sequence[BankSource], results: dict[Path, FileResult], check_stems: bool = True
) -> Library:
    """Assemble exams from validated files and run the checks that span files.

    Duplicate stems only matter to lint; a plain load skips that check.
    """
    library = Library(files=[str(s.path) for s in sources])
    add = library.problems.append

    for source in sources:
        for p in results[source.path].problems:
            add(Problem(path=str(source.path), **p))

    # Blueprints: the first root's wins.
    blueprint_lines: dict[str, dict[str, int]] = {}
    for source in (s for s in sources if s.is_blueprint):
        result = results[source.path]
        if result.blueprint is None:
            continue
        blueprint = _blueprint_from_cache(result.blueprint)
        if blueprint.id != source.exam_folder:
            add(Problem(str(source.path), 1, 1, "error", "blueprint-id",
                        f"blueprint id `{blueprint.id}` must equal its folder name "
                        f"`{source.exam_folder}`"))
            continue
        if blueprint.id in library.exams:
            add(Problem(str(source.path), 1, 1, "warning", "blueprint-shadowed",
                        f"exam `{blueprint.id}` is already defined by "
                        f"{library.exams[blueprint.id].blueprint_path}; this blueprint is ignored"))
            continue
        library.exams[blueprint.id] = ExamBank(blueprint, str(source.path))
        blueprint_lines[blueprint.id] = result.domain_lines

    # Questions.
    id_places: dict[str, list[tuple[str, int]]] = defaultdict(list)
    stem_places: dict[tuple[str, str], list[tuple[str, int, str]]] = defaultdict(list)
    for source in (s for s in sources if not s.is_blueprint):
        result = results[source.path]
        if result.header is None:
            continue
        path = str(source.path)
        exam_id = result.header["exam"]
        if exam_id != source.exam_folder:
            add(Problem(path, 1, 1, "error", "exam-mismatch",
                        f"the file says `exam: {exam_id}` but sits in the `{source.exam_folder}` "
                        "folder; move it or fix `exam`"))
            continue
        bank = library.exams.get(exam_id)
        if bank is None:
            add(Problem(path, 1, 1, "error", "missing-blueprint",
                        f"no bank root has `{exam_id}/{BLUEPRINT_NAME}` for exam `{exam_id}`"))
            continue
        domains = {d.id for d in bank.blueprint.domains}
        default_domain = result.header["domain"]
        if default_domain not in domains:
            add(Problem(path, 1, 1, "error", "unknown-domain",
                        f"domain `{default_domain}` is not in the {exam_id} blueprint "
                        f"({', '.join(sorted(domains))})"))
        cases = {c["id"]: Case.model_construct(**c) for c in result.cases}
        for data, line in result.questions:
            qid = data["id"]
            id_places[qid].append((path, line))
            domain = data.get("domain") or default_domain
            case = cases.get(data["case"]) if data.get("case") else None
            if check_stems:
                stem_key = (" ".join(data["stem"].lower().split()),
                            " ".join(case.record.lower().split()) if case else "")
                stem_places[stem_key].append((path, line, qid))
            if domain not in domains:
                if data.get("domain"):
                    add(Problem(path, line, 1, "error", "unknown-domain",
                                f"{qid}: domain `{domain}` is not in the {exam_id} blueprint"))
                continue
            bank.items.append(Item(None, exam_id, domain, result.header["code_year"],
                                   case, path, line, data))

    # Duplicates are reported at every place, so linting one file shows them too.
    duplicated = {qid for qid, places in id_places.items() if len(places) > 1}
    for qid in duplicated:
        places = id_places[qid]
        for path, line in places:
            others = ", ".join(f"{p}:{ln}" for p, ln in places if (p, ln) != (path, line))
            add(Problem(path, line, 1, "error", "duplicate-id",
                        f"{qid}: id also used at {others}; ids are unique and never reused"))
    for places in stem_places.values():
        if len(places) > 1:
            for path, line, qid in places:
                others = ", ".join(f"{q} ({p}:{ln})" for p, ln, q in places if q != qid or p != path)
                add(Problem(path, line, 1, "error", "duplicate-stem",
                            f"{qid}: the same stem as {others}"))
    if duplicated:
        # Keep one copy of a duplicated id (the first seen) so the others stay usable.
        for bank in library.exams.values():
            kept: set[str] = set()
            unique = []
            for item in bank.items:
                if item.id in duplicated and item.id in kept:
                    continue
                kept.add(item.id)
                unique.append(item)
            bank.items = unique

    # Every blueprint domain needs at least `count` usable questions.
    for exam_id, bank in library.exams.items():
        available = {d: len(items) for d, items in bank.by_domain().items()}
        for domain in bank.blueprint.domains:
            have = available.get(domain.id, 0)
            if have < domain.count:
                add(Problem(bank.blueprint_path, blueprint_lines[exam_id].get(domain.id, 1), 1,
                            "warning", "domain-too-small",
                            f"domain `{domain.id}` has {have} usable question(s); "
                            f"one mock exam draws {domain.count}"))
    return library
