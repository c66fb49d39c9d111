"""Bank format v1: the pydantic models behind blueprints and bank files.

These models are the single source of the JSON Schema (`cert-prep schema`). They check
shape only; checks that need more than one file (duplicate ids, domains, counts, codes)
live in `cert_prep.bank.lint`.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from cert_prep.bank.blueprint_counts import BlueprintCounts

FORMAT_VERSION = "1.1"  # 1.1 adds per-choice `feedback`; every v1 bank is a valid v1.1 bank

ChoiceKey = Literal["A", "B", "C", "D", "E", "F"]
CHOICE_KEYS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
CodeSystem = Literal["icd-10-cm", "icd-10-pcs", "cpt", "hcpcs"]

# Ids become file names and HTML, so they must match whole. pydantic *searches* a
# `pattern` (an unanchored one accepts "x/../../cpc"), and with Python's regex engine `$`
# also matches before a trailing newline: the anchored pattern is for the JSON Schema,
# the fullmatch check holds whatever engine pydantic uses.
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _whole(regex: re.Pattern[str]) -> AfterValidator:
    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise ValueError(f"must match {regex.pattern} as a whole")
        return value

    return AfterValidator(check)


Slug = Annotated[
    str,
    StringConstraints(pattern=rf"^{SLUG.pattern}$", max_length=80),
    _whole(SLUG),
]
ItemId = Annotated[
    str,
    StringConstraints(pattern=rf"^{ITEM_ID.pattern}$", max_length=80),
    _whole(ITEM_ID),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
CodeText = Annotated[str, StringConstraints(min_length=1, max_length=20)]


class _Strict(BaseModel):
    # Unknown fields are errors: a typo must not silently drop data. Validators are built
    # on first validation (defer_build): a start from the warm cache never validates.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Domain(_Strict):
    id: Slug = Field(description="Lower-case id, unique in the blueprint")
    name: Text
    count: int = Field(
        ge=1, le=500, description="Questions drawn from this domain for one mock exam"
    )


class Blueprint(_Strict, BlueprintCounts):
    """`<root>/<exam>/exam.yaml`: what one full mock exam looks like."""

    id: Slug = Field(description="Lower-case exam id; must equal the folder name")
    name: Text
    certification: Text
    provider: Text
    time_limit_minutes: int = Field(ge=1, le=1440)
    pass_percent: float = Field(gt=0, le=100, description="Raw percent needed to pass")
    scaled: bool = Field(
        default=False,
        description="AHIMA exams: reports also show an estimated scaled score (100-400)",
    )
    sources: list[Text] = Field(default_factory=list)
    notes: str | None = Field(default=None, description="What is estimated and why")
    domains: list[Domain] = Field(min_length=1, description="In the order the exam presents them")
    item_types: list[Literal["single", "multi", "code"]] | None = Field(
        default=None,
        min_length=1,
        description=(
            "Item types a mock exam may draw (all when absent); drills use every type. "
            "The real CPC is single-answer only: `[single]`"
        ),
    )
    pretest: int = Field(
        default=0,
        ge=0,
        le=100,
        description=(
            "Unscored items mixed into a full mock exam, unmarked, on top of the domain "
            "counts (which add up to the scored items), as AHIMA's exams do"
        ),
    )

    def domain(self, domain_id: str) -> Domain | None:
        wanted = domain_id.strip().lower()  # domain ids are lower-case slugs
        return next((d for d in self.domains if d.id == wanted), None)


class _QuestionBase(_Strict):
    id: ItemId = Field(
        description="Unique across all banks and never reused: history is keyed on it"
    )
    stem: Text
    rationale: str = Field(
        default="",
        description="Why the key is right and why the others are wrong; name "
        "choices by their content, never by a letter (shuffled choices show other letters)",
    )
    tags: list[Slug] = Field(default_factory=list)
    difficulty: Literal[1, 2, 3] | None = Field(
        default=None, description="1 recall, 2 application, 3 analysis"
    )
    codes: list[CodeText] = Field(
        default_factory=list, description="ICD-10-CM codes the item relies on (checked by lint)"
    )
    case: Slug | None = Field(default=None, description="Id of a case record in the same file")
    domain: Slug | None = Field(default=None, description="Overrides the file's domain")
    enemies: list[ItemId] = Field(
        default_factory=list,
        description="v1.2: ids of questions that give this one's answer away, or whose "
        "answer it gives away (two questions on one case record); a mock exam never holds "
        "both. Either side may name the other",
    )


_FEEDBACK_HELP = (
    "v1.1: optional explanation per choice, shown beside its choice (it travels with the "
    "choice when choices are shuffled)"
)


class SingleQuestion(_QuestionBase):
    type: Literal["single"]
    choices: dict[ChoiceKey, Text] = Field(min_length=2, max_length=6)
    answer: ChoiceKey
    feedback: dict[ChoiceKey, Text] = Field(default_factory=dict, description=_FEEDBACK_HELP)


class MultiQuestion(_QuestionBase):
    type: Literal["multi"]
    choices: dict[ChoiceKey, Text] = Field(min_length=2, max_length=6)
    answer: list[ChoiceKey] = Field(min_length=1)
    feedback: dict[ChoiceKey, Text] = Field(default_factory=dict, description=_FEEDBACK_HELP)


class CodeQuestion(_QuestionBase):
    type: Literal["code"]
    code_system: CodeSystem
    answer: list[CodeText] = Field(min_length=1, description="The full set of codes expected")
    sequence: Literal["any", "principal-first"] = "any"


Question = Annotated[SingleQuestion | MultiQuestion | CodeQuestion, Field(discriminator="type")]


class Case(_Strict):
    id: Slug
    title: Text
    record: Text


class BankFile(_Strict):
    """Any `*.yaml` beside a blueprint (subfolders allowed) other than `exam.yaml`."""

    exam: Slug
    domain: Slug = Field(description="Default domain of the file's questions")
    code_year: int = Field(ge=2015, le=2100, description="Code-set edition the answers follow")
    questions: list[Question] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)


# ---- helpers shared by the engine, scoring and history -------------------------------

_CODE_NOISE = re.compile(r"[\s.]")


def normalize_code(code: str) -> str:
    """Codes compare case-insensitively, ignoring spaces and ICD-10-CM dots."""
    return _CODE_NOISE.sub("", code).upper()


def answer_keys(question: SingleQuestion | MultiQuestion | CodeQuestion) -> list[str]:
    """The key as a list, whatever the type."""
    return [question.answer] if isinstance(question.answer, str) else list(question.answer)


def key_hash(question: SingleQuestion | MultiQuestion | CodeQuestion) -> str:
    """A hash of what decides correctness (choices and key): a change resets history."""
    payload = {
        "type": question.type,
        "choices": getattr(question, "choices", None),
        "answer": answer_keys(question),
        "sequence": getattr(question, "sequence", None),
    }
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def bank_json_schema() -> dict[str, Any]:
    """JSON Schema for bank files (`cert-prep schema --blueprint` gives the blueprint's)."""
    schema = BankFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cert-prep question bank file (format v1.1)"
    return schema
