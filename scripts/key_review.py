"""Independent key review of bank files: make blind copies, then compare a reviewer's answers.

    python scripts/key_review.py blind BANK.yaml... --out REVIEW_DIR
    python scripts/key_review.py compare BANK.yaml ANSWERS.yaml

`blind` writes REVIEW_DIR/<exam>/<file>.blind.yaml with stems, choices and case records but no
answer, rationale or codes. The reviewer, who never opens the bank, writes <file>.answers.yaml:
`item-id: {answer: B, confidence: high, note: "...", flag: ""}`. `compare` lists every item
where the reviewer's answer differs from the key; each one is fixed or dropped before it lands.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

_BLIND_FIELDS = ("id", "type", "stem", "choices", "code_system", "sequence", "case")


def blind(banks: list[Path], out: Path) -> None:
    for path in banks:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        copy = {
            "exam": data["exam"],
            "file": path.name,
            "questions": [{k: q[k] for k in _BLIND_FIELDS if k in q} for q in data["questions"]],
            "cases": data.get("cases") or [],
        }
        target = out / data["exam"] / f"{path.stem}.blind.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(copy, sort_keys=False, allow_unicode=True, width=100))
        print(f"{target}: {len(copy['questions'])} items")


def _normalise(question: dict, answer) -> list[str] | str:
    if question["type"] == "single":
        return str(answer).strip().upper()
    parts = answer if isinstance(answer, list) else re.split(r"[,\s]+", str(answer))
    values = [re.sub(r"[\s.]", "", str(p)).upper() for p in parts if str(p).strip()]
    if question["type"] == "code" and question.get("sequence") == "principal-first":
        return values[:1] + sorted(values[1:])
    return sorted(values)


def compare(bank: Path, answers: Path) -> int:
    questions = yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]
    given = yaml.safe_load(answers.read_text(encoding="utf-8")) or {}
    disagreements = []
    for q in questions:
        entry = given.get(q["id"])
        answer = entry.get("answer") if isinstance(entry, dict) else entry
        if answer is None or _normalise(q, answer) != _normalise(q, q["answer"]):
            disagreements.append((q["id"], answer, q["answer"]))
    print(f"{bank}: {len(questions) - len(disagreements)}/{len(questions)} agree")
    for qid, reviewer, key in disagreements:
        print(f"  DISAGREE {qid}: reviewer={reviewer} key={key}")
    return 1 if disagreements else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("blind")
    b.add_argument("banks", nargs="+", type=Path)
    b.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("compare")
    c.add_argument("bank", type=Path)
    c.add_argument("answers", type=Path)
    args = parser.parse_args()
    if args.command == "blind":
        blind(args.banks, args.out)
        return 0
    return compare(args.bank, args.answers)


if __name__ == "__main__":
    sys.exit(main())
