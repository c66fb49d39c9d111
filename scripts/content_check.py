"""Check bank files being written or converted, against main's version of the same file.

Usage: python scripts/content_check.py FILE.yaml [...]

Errors (must be fixed):
  - an item of main's version is missing, or its id/type/answer (key) changed
  - a single/multi item lacks `feedback` for one of its choices
  - a rationale or feedback refers to a choice by a bare letter
  - a multi item's stem does not say how many to select
  - a choice is a single letter A-F
Warnings (check by eye):
  - a stem or choice text changed (allowed only for the reasons in your brief)
  - a choice pairs a code with words that look like its title
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

LETTER_REF = re.compile(
    r"(?<![\w-])(?:\(([A-F])\)|(?:[Cc]hoice|[Oo]ption|[Aa]nswer)s? ([A-F])\b|"
    r"(?:^|(?<=[.;:!?] )|(?<=^ ))([A-F])(?: and [A-F])?(?:,)? (?:is|are|was|would|describes|"
    r"reports|codes|uses|assigns|adds|omits|misses|confuses|applies|treats|picks|selects|"
    r"gives|lists|sequences|reflects|ignores|drops|includes|fails|repeats|states|counts|"
    r"bills|reverses|requires|may|must|could|does|has|invents|relies|describe|report|"
    r"code|use|assign|add|omit|miss)\b)"
)
COUNT_WORDS = re.compile(
    r"\b(select|choose|pick|mark)\s+(two|three|four|five|2|3|4|5|all that apply)\b"
    r"|\((two|three|four|five) answers?\)|\b(TWO|THREE|FOUR|FIVE)\b",
    re.IGNORECASE,
)
CODE_WITH_TITLE = re.compile(
    r"\b[A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?\s+[A-Z][a-z]+(?:\s+[a-z]+){2,}"
)


def load(text: str) -> dict:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def old_version(path: Path) -> dict | None:
    rel = path.resolve().relative_to(Path.cwd().resolve())
    proc = subprocess.run(["git", "show", f"main:{rel}"], capture_output=True, text=True)
    return load(proc.stdout) if proc.returncode == 0 else None


def letter_refs(text: str) -> list[str]:
    hits = []
    for line in (text or "").splitlines():
        for m in LETTER_REF.finditer(line.strip()):
            hits.append(m.group(0))
    return hits


def check(path: Path) -> tuple[int, int]:
    errors = warnings = 0

    def err(msg: str) -> None:
        nonlocal errors
        errors += 1
        print(f"{path}: error: {msg}")

    def warn(msg: str) -> None:
        nonlocal warnings
        warnings += 1
        print(f"{path}: warning: {msg}")

    new = load(path.read_text())
    old = old_version(path)
    new_items = {q["id"]: q for q in new.get("questions") or []}
    if old:
        for q in old.get("questions") or []:
            n = new_items.get(q["id"])
            if n is None:
                err(f"{q['id']}: item of main's version is missing")
                continue
            if n.get("type") != q.get("type") or n.get("answer") != q.get("answer"):
                err(f"{q['id']}: type or answer changed ({q.get('answer')} -> {n.get('answer')})")
            if " ".join(str(n.get("stem")).split()) != " ".join(str(q.get("stem")).split()):
                warn(f"{q['id']}: stem changed")
            oc, nc = q.get("choices") or {}, n.get("choices") or {}
            if list(oc) != list(nc):
                err(f"{q['id']}: choice letters changed")
            for k in oc:
                if k in nc and str(oc[k]).strip() != str(nc[k]).strip():
                    warn(f"{q['id']}: choice {k} changed: {oc[k]!r} -> {nc[k]!r}")
    for q in new.get("questions") or []:
        qid = q.get("id")
        for hit in letter_refs(q.get("rationale", "")):
            err(f"{qid}: rationale names a choice by letter: {hit!r}")
        choices = q.get("choices") or {}
        fb = q.get("feedback") or {}
        for k, v in fb.items():
            for hit in letter_refs(str(v)):
                err(f"{qid}: feedback {k} names a choice by letter: {hit!r}")
        if q.get("type") in ("single", "multi"):
            missing = [k for k in choices if k not in fb]
            if missing:
                err(f"{qid}: no feedback for choice(s) {', '.join(missing)}")
            for k, v in choices.items():
                if str(v).strip() in list("ABCDEF"):
                    err(f"{qid}: choice {k} is a bare letter {v!r}; word it")
                if CODE_WITH_TITLE.search(str(v)):
                    warn(f"{qid}: choice {k} may pair a code with its title: {v!r}")
        if q.get("type") == "multi" and not COUNT_WORDS.search(str(q.get("stem"))):
            err(f"{qid}: multi item's stem does not say how many to select")
    for case in new.get("cases") or []:
        words = len(str(case.get("record", "")).split())
        print(f"{path}: info: case {case.get('id')} record has {words} words")
    return errors, warnings


def main() -> int:
    total_e = total_w = 0
    for arg in sys.argv[1:]:
        e, w = check(Path(arg))
        total_e += e
        total_w += w
    print(f"{total_e} error(s), {total_w} warning(s)")
    return 1 if total_e else 0


if __name__ == "__main__":
    sys.exit(main())
