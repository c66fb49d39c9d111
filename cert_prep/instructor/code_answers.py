"""Code items outside cert-prep: what to tell the student, and which typed answers count.

cert-prep reads codes separated by spaces or commas, in any case, and checks the order only
for `sequence: principal-first` (the first code). Moodle's short answer compares strings,
so an export lists the spellings that count: each order the item allows, with `, `, `,` or
a space between the codes (Moodle ignores case on its own). An item with many codes would
need hundreds of orders; it asks for the codes after the principal in alphabetical order.
"""

from __future__ import annotations

from itertools import permutations
from math import factorial

MAX_ORDERS = 24  # 4 codes in any order, or 5 with the principal first
SEPARATORS = (", ", ",", " ")


def _all_orders(codes: list[str], principal_first: bool) -> bool:
    free = len(codes) - 1 if principal_first else len(codes)
    return factorial(max(free, 0)) <= MAX_ORDERS


def code_format(codes: list[str], sequence: str, anki: bool = False) -> str:
    """The sentence that tells the student how to type the answer."""
    principal_first = sequence == "principal-first"
    if principal_first:
        order = "the principal (first-listed) code first"
        if not _all_orders(codes, True):
            order += ", then the others in alphabetical order"
    elif _all_orders(codes, False):
        order = "in any order"
        if anki:
            order += " (Anki shows the key in its own order)"
    else:
        order = "in alphabetical order"
    # Anki compares the typed text with the key as written, a comma and a space apart.
    separated = "by a comma and a space" if anki else "by commas"
    return f"Type the codes separated {separated}, {order}."


def accepted_orders(codes: list[str], sequence: str) -> list[list[str]]:
    """The orders that count, the key's own order first."""
    principal_first = sequence == "principal-first"
    head, rest = (codes[:1], codes[1:]) if principal_first else ([], list(codes))
    if _all_orders(codes, principal_first):
        tails = [list(p) for p in permutations(rest)]
    else:
        tails = [rest, sorted(rest)]
    orders: list[list[str]] = []
    for tail in [rest, *tails]:
        if head + tail not in orders:
            orders.append(head + tail)
    return orders


def accepted_answers(codes: list[str], sequence: str) -> list[str]:
    """Every typed answer that counts as right, the key as written first."""
    answers: list[str] = []
    for order in accepted_orders(codes, sequence):
        for separator in SEPARATORS:
            answer = separator.join(order)
            if answer not in answers:
                answers.append(answer)
    return answers
