"""Find bank roots' files, validate them (through the cache), and build the library.

A bank root holds one folder per exam; in it `exam.yaml` is the blueprint and every
other `*.yaml` (subfolders allowed) is a bank file. Several roots may add bank files
to the same exam; the first root that has a blueprint for it defines the exam.
"""

from __future__ import annotations

import errno
import marshal
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cert_prep.bank.blueprint_counts import BlueprintCounts
from cert_prep.bank.cache import BankCache, content_key
from cert_prep.bank.limits import MAX_FILE_BYTES
from cert_prep.bank.problems import Problem
from cert_prep.bank.roots import exam_ids_in, not_a_bank_root, resolved

if TYPE_CHECKING:
    from cert_prep.bank.models import (
        Blueprint,
        Case,
        CodeQuestion,
        MultiQuestion,
        SingleQuestion,
    )
    from cert_prep.bank.validate import FileResult

    AnyQuestion = SingleQuestion | MultiQuestion | CodeQuestion

BLUEPRINT_NAME = "exam.yaml"

# pydantic costs a third of a second to import, and a start from the warm cache needs no
# validation: the models are imported when the first model object is built.


def _question_model(data: dict[str, Any]) -> AnyQuestion:
    from cert_prep.bank.models import CodeQuestion, MultiQuestion, SingleQuestion

    kind = data["type"]
    if kind == "single":
        return SingleQuestion.model_construct(**data)
    if kind == "multi":
        return MultiQuestion.model_construct(**data)
    if kind == "code":
        return CodeQuestion.model_construct(**data)
    raise KeyError(kind)


def validate_file(raw: bytes, is_blueprint: bool, check_codes: bool = True) -> FileResult:
    from cert_prep.bank.validate import validate_file as validate

    return validate(raw, is_blueprint, check_codes)


class CachedDomain:
    """A blueprint domain read from the cache: the model's fields, without pydantic."""

    __slots__ = ("count", "id", "name")

    def __init__(self, id: str, name: str, count: int):
        self.id, self.name, self.count = id, name, count


class CachedBlueprint(BlueprintCounts):
    """A blueprint that was validated when it entered the cache, read back with the
    model's fields and helpers but without pydantic, so the first screen paints before
    pydantic is imported (it costs ~0.14 s)."""

    def __init__(self, data: dict[str, Any]):
        self.item_types: list[str] | None = None
        self.pretest = 0
        self.__dict__.update(data)
        self.domains = [CachedDomain(**d) for d in data["domains"]]
        self._data = data

    def model_dump(self) -> dict[str, Any]:
        return dict(self._data)

    def domain(self, domain_id: str) -> CachedDomain | None:
        wanted = domain_id.strip().lower()  # domain ids are lower-case slugs, as Blueprint.domain
        return next((d for d in self.domains if d.id == wanted), None)


def _blueprint_from_cache(data: dict[str, Any]) -> Blueprint:
    # A plain-data stand-in with the same fields: building the pydantic model costs a
    # start-up the cached data does not need.
    return CachedBlueprint(data)  # type: ignore[return-value]


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

    __slots__ = (
        "_case",
        "_case_data",
        "_data",
        "_id",
        "_lazy",
        "_question",
        "code_year",
        "domain",
        "exam",
        "known_key_hash",
        "line",
        "source",
    )

    def __init__(
        self,
        question: AnyQuestion | None,
        exam: str,
        domain: str,
        code_year: int,
        case: Case | None,
        source: str,
        line: int,
        data: dict[str, Any] | None = None,
        case_data: dict[str, Any] | None = None,
        id: str | None = None,
        lazy: tuple[_FileQuestions, int] | None = None,
        known_key_hash: str | None = None,
    ):
        # The key hash kept in the bank cache: the study history compares it with every
        # card's without building 10,000 question models (None: work it out when asked).
        self.known_key_hash = known_key_hash
        self._question = question
        self._data = data
        self._lazy = lazy
        self._id: str = (
            id
            if id is not None
            else (question.id if question is not None else data["id"] if data else "")
        )
        self._case = case
        self._case_data = case_data
        self.exam = exam
        self.domain = domain
        self.code_year = code_year
        self.source = source
        self.line = line

    @property
    def data(self) -> dict[str, Any]:
        """The question as plain data (validated when it entered the cache)."""
        if self._data is None:
            if self._question is not None:
                self._data = self._question.model_dump()
            else:
                # An item is built from a question, from its data, or lazily from its file.
                assert self._lazy is not None
                questions, position = self._lazy
                self._data = questions.get(position)
        data: dict[str, Any] = self._data
        return data

    @property
    def question(self) -> AnyQuestion:
        if self._question is None:
            self._question = _question_model(self.data)
        return self._question

    @property
    def case(self) -> Case | None:
        if self._case is None and self._case_data is not None:
            from cert_prep.bank.models import Case

            self._case = Case.model_construct(**self._case_data)
        return self._case

    @property
    def id(self) -> str:
        return self._id

    @property
    def case_record(self) -> str | None:
        """The text of the item's case record, without building the Case model."""
        if self._case is not None:
            return self._case.record
        return self._case_data["record"] if self._case_data is not None else None

    @property
    def case_id(self) -> str | None:
        """The id of the item's case record, without building the Case model."""
        if self._case is not None:
            return self._case.id
        return self._case_data["id"] if self._case_data is not None else None

    @property
    def tags(self) -> list[str]:
        return self.data["tags"] if self._question is None else self._question.tags

    @property
    def enemies(self) -> list[str]:
        """Questions never put in one mock exam with this one (see the bank format)."""
        if self._question is not None:
            return self._question.enemies
        enemies: list[str] = self.data.get("enemies") or []
        return enemies

    @property
    def type(self) -> str:
        """`single`, `multi` or `code`, without building the model."""
        return self.data["type"] if self._question is None else self._question.type

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and (self.exam, self.id) == (other.exam, other.id)

    def __hash__(self) -> int:
        return hash((self.exam, self.id))

    def __repr__(self) -> str:
        return f"Item({self.id!r}, exam={self.exam!r}, domain={self.domain!r})"


class ExamBank:
    """One exam: its blueprint and its usable items."""

    def __init__(
        self,
        blueprint: Blueprint | None = None,
        blueprint_path: str = "",
        items: list[Item] | None = None,
        *,
        blueprint_data: dict[str, Any] | None = None,
    ):
        if blueprint is None and blueprint_data is None:
            raise ValueError("an exam needs a blueprint")
        self._blueprint = blueprint
        self._blueprint_data = blueprint_data
        self.blueprint_path = blueprint_path
        self.items: list[Item] = [] if items is None else items
        self._by_id: dict[str, Item] | None = None
        # Items made on demand for ids no bank file holds (lookup drills from the book):
        # called as resolver(item_id, exam_id), returns None for ids it does not know.
        self.resolver: Callable[[str, str], Item | None] | None = None

    @property
    def blueprint(self) -> Blueprint:
        if self._blueprint is None:
            # __init__ refuses an exam with neither the model nor its data.
            assert self._blueprint_data is not None
            self._blueprint = _blueprint_from_cache(self._blueprint_data)
        return self._blueprint

    @property
    def blueprint_data(self) -> dict[str, Any]:
        """The blueprint as plain data, without building the pydantic model."""
        if self._blueprint_data is None:
            self._blueprint_data = self.blueprint.model_dump()
        return self._blueprint_data

    @property
    def id(self) -> str:
        exam_id: str = self.blueprint_data["id"]
        return exam_id

    def domain_ids(self) -> list[str]:
        return [d["id"] for d in self.blueprint_data["domains"]]

    def by_domain(self) -> dict[str, list[Item]]:
        groups: dict[str, list[Item]] = {d: [] for d in self.domain_ids()}
        for item in self.items:
            groups.setdefault(item.domain, []).append(item)
        return groups

    def mock_pools(self) -> list[list[Item]]:
        """Each blueprint domain's items that a mock exam may draw (the types the blueprint
        allows), in blueprint order."""
        groups = self.by_domain()
        blueprint = self.blueprint
        return [
            [it for it in groups.get(d.id, []) if blueprint.allows(it.type)]
            for d in blueprint.domains
        ]

    def item(self, item_id: str) -> Item | None:
        if self._by_id is None or len(self._by_id) != len(self.items):
            self._by_id = {item.id: item for item in self.items}
        found = self._by_id.get(item_id)
        if found is None and self.resolver is not None:
            found = self.resolver(item_id, self.id)
        return found


@dataclass
class Library:
    exams: dict[str, ExamBank] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def exam(self, exam_id: str) -> ExamBank:
        """Exam ids are lower-case slugs: `CPC` and ` cpc ` find `cpc`."""
        found = self.exams.get(exam_id) or self.exams.get(exam_id.strip().lower())
        if found is None:
            raise UnknownExam(exam_id, self.exams)
        return found

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def errors_of(self, exam_id: str) -> list[Problem]:
        """The errors in files of one exam's folders (of any bank root)."""
        return [p for p in self.errors if exam_id in Path(p.path).parts]

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


# Folders below an exam folder that are read; deeper ones are reported, not walked.
MAX_FOLDER_DEPTH = 8


def discover(roots: Sequence[Path]) -> tuple[list[BankSource], list[Problem]]:
    """Every bank file under `roots`, and the problems met on the way.

    Symbolic links are followed only when they resolve inside the same bank root: a link
    to anything outside is refused (its target is never read, so it never shows up in a
    message), and a loop is an error. Lint, the loader and the cache all use this one
    list, so they always see the same files. A file reached twice (a link to a file of
    the same root) is read once.
    """
    sources: list[BankSource] = []
    problems: list[Problem] = []
    usable = [root for root in roots if _is_dir(root)]
    for root in roots:
        if root not in usable:
            problems.append(
                Problem(str(root), 1, 1, "error", "missing-root", "bank folder does not exist")
            )
    known = exam_ids_in(usable)
    for root in usable:
        refused = not_a_bank_root(root, known)
        if refused:
            problems.append(Problem(str(root), 1, 1, "error", "not-a-bank-root", refused))
            continue
        walk = _Walk(root, problems)
        for exam_dir, real in walk.exam_folders():
            for path in walk.files(exam_dir, real, depth=0):
                if path.suffix == ".yml":
                    problems.append(
                        Problem(
                            str(path),
                            1,
                            1,
                            "warning",
                            "ignored-file",
                            "`.yml` files are not read; rename it to `.yaml`",
                        )
                    )
                if path.suffix != ".yaml":
                    continue
                is_blueprint = path.name == BLUEPRINT_NAME and path.parent == exam_dir
                sources.append(BankSource(path, root, exam_dir.name, is_blueprint))
    return sources, problems


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class _Walk:
    """One bank root's walk: links checked against the root, each real path visited once."""

    def __init__(self, root: Path, problems: list[Problem]):
        self.given = root
        self.root = resolved(root)
        self.problems = problems
        self.seen_files: set[Path] = set()
        self.seen_dirs: set[Path] = set()

    def _error(self, path: Path, code: str, message: str) -> None:
        self.problems.append(Problem(str(path), 1, 1, "error", code, message))

    def _target(self, path: Path) -> Path | None:
        """Where a link leads, when it may be followed; None (and a problem) otherwise."""
        try:
            real = path.resolve(strict=True)
        except RuntimeError:  # Python 3.11 reports a loop this way
            self._error(path, "link-loop", "symbolic link loop; remove the link")
            return None
        except FileNotFoundError:
            self._error(path, "broken-link", "symbolic link to nothing; remove the link")
            return None
        except OSError as exc:
            code = "link-loop" if exc.errno == errno.ELOOP else "unreadable"
            self._error(path, code, f"cannot follow the symbolic link: {exc.strerror}")
            return None
        if real != self.root and self.root not in real.parents:
            self._error(
                path,
                "link-outside-root",
                "symbolic link leads outside the bank root; links are followed "
                "only inside the root (its target is not read)",
            )
            return None
        return real

    def exam_folders(self) -> list[tuple[Path, Path]]:
        """(path, real path) of the root's visible folders, links checked."""
        folder = self.given
        try:
            with os.scandir(folder) as listing:
                names = sorted(e.name for e in listing if not e.name.startswith("."))
        except OSError as exc:
            self._error(folder, "unreadable", f"cannot read the folder: {exc.strerror}")
            return []
        found = []
        for name in names:
            path = folder / name
            try:
                if path.is_symlink():
                    real = self._target(path)
                    if real is None:
                        continue
                else:
                    real = self.root / name
                is_dir = real.is_dir()
            except OSError as exc:
                self._error(path, "unreadable", f"cannot read it: {exc.strerror}")
                continue
            if is_dir:
                found.append((path, real))
        return found

    def files(self, folder: Path, real: Path, depth: int) -> Iterable[Path]:
        """The regular files under `folder` (whose resolved path is `real`), each real file
        once, links checked. Real paths are built from `real`, so only links cost a
        `resolve`."""
        if real in self.seen_dirs:
            self._error(
                folder,
                "link-loop",
                "this folder is reached again through a symbolic link; remove the link",
            )
            return
        self.seen_dirs.add(real)
        try:
            listing = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self._error(folder, "unreadable", f"cannot read the folder: {exc.strerror}")
            return
        for entry in listing:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                target = self._target(path) if entry.is_symlink() else real / entry.name
                if target is None:
                    continue
                if target.is_dir():
                    if depth >= MAX_FOLDER_DEPTH:
                        self.problems.append(
                            Problem(
                                str(path),
                                1,
                                1,
                                "warning",
                                "too-deep",
                                f"folders more than {MAX_FOLDER_DEPTH} levels below the exam "
                                "folder are not read",
                            )
                        )
                        continue
                    yield from self.files(path, target, depth + 1)
                    continue
                regular = target.is_file()
            except OSError as exc:
                self._error(path, "unreadable", f"cannot read it: {exc.strerror}")
                continue
            if not regular:
                if path.suffix == ".yaml":
                    self.problems.append(
                        Problem(
                            str(path),
                            1,
                            1,
                            "warning",
                            "ignored-file",
                            "not a regular file; it is not read",
                        )
                    )
                continue
            if target in self.seen_files:
                continue
            self.seen_files.add(target)
            yield path


def validate_sources(
    sources: Sequence[BankSource], cache: BankCache, check_codes: bool
) -> dict[Path, _CachedResult]:
    """Each file's result: from the cache when its content is known, else validated now."""
    results: dict[Path, _CachedResult] = {}
    for source in sources:
        try:
            results[source.path] = _result_for(source, cache, check_codes)
        except OSError as exc:
            results[source.path] = _CachedResult.broken(f"cannot read the file: {exc.strerror}")
    return results


def _too_large(size: int) -> _CachedResult:
    return _CachedResult.broken(
        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}. Split it into several "
        "bank files.",
        code="file-too-large",
    )


def _read_limited(path: Path) -> bytes:
    """At most one byte over the limit: a huge (or growing) file is never read whole."""
    with open(path, "rb") as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def _result_for(source: BankSource, cache: BankCache, check_codes: bool) -> _CachedResult:
    stat = source.path.stat()
    if stat.st_size > MAX_FILE_BYTES:
        return _too_large(stat.st_size)
    raw: bytes | None = None
    key = cache.key_by_stat(source.path, stat)
    if key is not None and check_codes and not key.endswith("c"):
        key = None  # lint needs a result whose codes were checked
    if key is None:
        raw = _read_limited(source.path)
        key = content_key(raw, source.is_blueprint, check_codes)
        if cache.get(key) is None and not check_codes:
            # A result from lint (codes checked too) serves a plain load as well.
            lint_key = content_key(raw, source.is_blueprint, True)
            if cache.get(lint_key) is not None:
                key = lint_key
    cached = cache.get(key)
    if cached is not None:
        try:
            result = _CachedResult(cached)
            cache.remember_stat(source.path, stat, key)
            return result
        except (TypeError, ValueError, KeyError, EOFError):
            pass  # a malformed entry is rebuilt, never trusted
    if raw is None:
        raw = _read_limited(source.path)
        key = content_key(raw, source.is_blueprint, check_codes)
    plain = _for_cache(validate_file(raw, source.is_blueprint, check_codes).as_plain())
    cache.put(key, plain)
    cache.remember_stat(source.path, stat, key)
    return _CachedResult(plain)


def _for_cache(plain: dict[str, Any]) -> dict[str, Any]:
    """Store each question as its own marshalled blob, beside a small index.

    Starting an exam needs every item's id and domain but the full text of only ~100,
    drawn from every file, so each question's text is unpacked on first use.
    """
    questions = plain.pop("questions")
    from cert_prep.bank.models import key_hash

    plain["index"] = [
        [q["id"], q.get("domain"), q.get("case"), line, key_hash(_question_model(q))]
        for q, line in questions
    ]
    plain["blobs"] = [marshal.dumps(q) for q, _ in questions]
    return plain


class _FileQuestions:
    """The question dicts of one file, each unpacked from the cache on first use."""

    __slots__ = ("_blobs", "_dicts")

    def __init__(self, blobs: list[bytes]):
        self._blobs = blobs
        self._dicts: dict[int, dict[str, Any]] = {}

    def get(self, position: int) -> dict[str, Any]:
        found = self._dicts.get(position)
        if found is None:
            found = self._dicts[position] = marshal.loads(self._blobs[position])
        return found


class _CachedResult:
    """One file's validation result, as kept in the cache; needs no pydantic."""

    def __init__(self, plain: dict[str, Any]):
        self.kind = plain["kind"]
        self.problems = list(plain["problems"])
        self.blueprint = plain["blueprint"]
        self.header = plain["header"]
        self.index = plain.get("index", [])
        self.questions = _FileQuestions(plain.get("blobs", []))
        if len(self.questions._blobs) != len(self.index):
            raise ValueError("malformed cache entry")
        self.cases = plain["cases"]
        self.domain_lines = plain["domain_lines"]

    @classmethod
    def broken(cls, message: str, code: str = "unreadable") -> _CachedResult:
        problem = {"line": 1, "column": 1, "severity": "error", "code": code, "message": message}
        return cls(
            {
                "kind": "broken",
                "problems": [problem],
                "blueprint": None,
                "header": None,
                "cases": [],
                "domain_lines": {},
            }
        )


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
    library.problems = sorted(
        problems + library.problems, key=lambda p: (p.path, p.line, p.column, p.code)
    )
    return library


def build_library(
    sources: Sequence[BankSource], results: dict[Path, _CachedResult], check_stems: bool = True
) -> Library:
    """Assemble exams from validated files and run the checks that span files.

    Duplicate stems only matter to lint; a plain load skips that check.
    """
    library = Library(files=[str(s.path) for s in sources])
    for source in sources:
        for p in results[source.path].problems:
            library.problems.append(Problem(path=str(source.path), **p))
    blueprint_lines = _add_blueprints(library, sources, results)
    places = _Places()
    _add_questions(library, sources, results, places, check_stems)
    duplicated = _report_duplicates(library, places)
    if duplicated:
        _keep_first_copies(library, duplicated)
    _check_domain_sizes(library, blueprint_lines)
    return library


@dataclass
class _Places:
    """Where each question id and each stem (with its case record, in its exam) appears."""

    ids: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    stems: dict[tuple[str, str, str], list[tuple[str, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def _add_blueprints(
    library: Library, sources: Sequence[BankSource], results: dict[Path, _CachedResult]
) -> dict[str, dict[str, int]]:
    """One ExamBank per blueprint (the first root's wins); each domain's line, by exam."""
    add = library.problems.append
    blueprint_lines: dict[str, dict[str, int]] = {}
    for source in (s for s in sources if s.is_blueprint):
        result = results[source.path]
        if result.blueprint is None:
            continue
        exam_id = result.blueprint["id"]
        if exam_id != source.exam_folder:
            add(
                Problem(
                    str(source.path),
                    1,
                    1,
                    "error",
                    "blueprint-id",
                    f"blueprint id `{exam_id}` must equal its folder name `{source.exam_folder}`",
                )
            )
            continue
        if exam_id in library.exams:
            add(
                Problem(
                    str(source.path),
                    1,
                    1,
                    "warning",
                    "blueprint-shadowed",
                    f"exam `{exam_id}` is already defined by "
                    f"{library.exams[exam_id].blueprint_path}; this blueprint is ignored",
                )
            )
            continue
        library.exams[exam_id] = ExamBank(
            blueprint_path=str(source.path), blueprint_data=result.blueprint
        )
        blueprint_lines[exam_id] = result.domain_lines

    return blueprint_lines


def _add_questions(
    library: Library,
    sources: Sequence[BankSource],
    results: dict[Path, _CachedResult],
    places: _Places,
    check_stems: bool,
) -> None:
    """Every question file's items into its exam, noting where ids and stems appear."""
    for source in (s for s in sources if not s.is_blueprint):
        result = results[source.path]
        if result.header is not None:
            _add_question_file(library, source, result, places, check_stems)


def _add_question_file(
    library: Library,
    source: BankSource,
    result: _CachedResult,
    places: _Places,
    check_stems: bool,
) -> None:
    add = library.problems.append
    id_places, stem_places = places.ids, places.stems
    path = str(source.path)
    exam_id = result.header["exam"]
    if exam_id != source.exam_folder:
        add(
            Problem(
                path,
                1,
                1,
                "error",
                "exam-mismatch",
                f"the file says `exam: {exam_id}` but sits in the `{source.exam_folder}` "
                "folder; move it or fix `exam`",
            )
        )
        return
    bank = library.exams.get(exam_id)
    if bank is None:
        add(
            Problem(
                path,
                1,
                1,
                "error",
                "missing-blueprint",
                f"no bank root has `{exam_id}/{BLUEPRINT_NAME}` for exam `{exam_id}`",
            )
        )
        return
    domains = set(bank.domain_ids())
    default_domain = result.header["domain"]
    if default_domain not in domains:
        add(
            Problem(
                path,
                1,
                1,
                "error",
                "unknown-domain",
                f"domain `{default_domain}` is not in the {exam_id} blueprint "
                f"({', '.join(sorted(domains))})",
            )
        )
    cases = {c["id"]: c for c in result.cases}
    for position, (qid, own_domain, case_id, line, known_hash) in enumerate(result.index):
        id_places[qid].append((path, line))
        domain = own_domain or default_domain
        case = cases.get(case_id) if case_id else None
        if check_stems:
            stem = result.questions.get(position)["stem"]
            stem_key = (
                exam_id,  # one fact may be tested in two exams, as an instructor's quiz does
                " ".join(stem.lower().split()),
                " ".join(case["record"].lower().split()) if case else "",
            )
            stem_places[stem_key].append((path, line, qid))
        if domain not in domains:
            if own_domain:
                add(
                    Problem(
                        path,
                        line,
                        1,
                        "error",
                        "unknown-domain",
                        f"{qid}: domain `{domain}` is not in the {exam_id} blueprint "
                        f"({', '.join(sorted(domains))})",
                    )
                )
            continue
        bank.items.append(
            Item(
                None,
                exam_id,
                domain,
                result.header["code_year"],
                None,
                path,
                line,
                case_data=case,
                id=qid,
                lazy=(result.questions, position),
                known_key_hash=known_hash,
            )
        )


def _report_duplicates(library: Library, places: _Places) -> set[str]:
    """Duplicate ids and stems, reported at every place (so linting one file shows them
    too); the duplicated ids."""
    add = library.problems.append
    id_places, stem_places = places.ids, places.stems
    duplicated = {qid for qid, where in id_places.items() if len(where) > 1}
    for qid in duplicated:
        where = id_places[qid]
        for path, line in where:
            others = ", ".join(f"{p}:{ln}" for p, ln in where if (p, ln) != (path, line))
            add(
                Problem(
                    path,
                    line,
                    1,
                    "error",
                    "duplicate-id",
                    f"{qid}: id also used at {others}; ids are unique and never reused",
                )
            )
    for same in stem_places.values():
        if len(same) > 1:
            for path, line, qid in same:
                others = ", ".join(f"{q} ({p}:{ln})" for p, ln, q in same if q != qid or p != path)
                add(
                    Problem(
                        path,
                        line,
                        1,
                        "error",
                        "duplicate-stem",
                        f"{qid}: the same stem as {others}",
                    )
                )
    return duplicated


def _keep_first_copies(library: Library, duplicated: set[str]) -> None:
    """Keep one copy of a duplicated id (the first seen) so the others stay usable."""
    for bank in library.exams.values():
        kept: set[str] = set()
        unique = []
        for item in bank.items:
            if item.id in duplicated and item.id in kept:
                continue
            kept.add(item.id)
            unique.append(item)
        bank.items = unique


def _check_domain_sizes(library: Library, blueprint_lines: dict[str, dict[str, int]]) -> None:
    """Every blueprint domain needs at least `count` usable questions."""
    add = library.problems.append
    for exam_id, bank in library.exams.items():
        types = bank.blueprint_data.get("item_types")
        available = {
            d: sum(1 for it in items if types is None or it.type in types)
            for d, items in bank.by_domain().items()
        }
        for domain in bank.blueprint_data["domains"]:
            have = available.get(domain["id"], 0)
            if have < domain["count"]:
                add(
                    Problem(
                        bank.blueprint_path,
                        blueprint_lines[exam_id].get(domain["id"], 1),
                        1,
                        "warning",
                        "domain-too-small",
                        f"domain `{domain['id']}` has {have} usable question(s)"
                        + (f" of the types mock exams draw ({', '.join(types)})" if types else "")
                        + f"; one mock exam draws {domain['count']}",
                    )
                )
