"""Item checks about how a question reads, beyond its shape.

- `multi-count`: a multiple-response stem must say how many to choose, as AHIMA's do.
- `code-with-title`: a choice that prints a code beside its official title turns a coding
  question into a reading question; titles belong in the feedback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from cert_prep.bank.models import MultiQuestion, SingleQuestion

_NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
}
_ICD_CODE = re.compile(r"\b([A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)\b")


def multi_count_problem(question: MultiQuestion) -> str | None:
    """A message when the stem does not state how many of the choices are keys."""
    keys = len(question.answer)
    if keys < 2:
        return None  # `multi-needs-two-answers` already says what is wrong
    word = _NUMBER_WORDS.get(keys, str(keys))
    pattern = rf"\b(?:{word}|{keys})\b"
    if re.search(pattern, question.stem, re.IGNORECASE):
        return None
    return (
        f"a multiple-response item must say how many to choose: the key has {keys} "
        f'choices, so the stem should say, for example, "Select {word.upper()}."'
    )


def choices_with_titles(
    question: SingleQuestion | MultiQuestion, title_of: Callable[[str], str | None]
) -> Iterator[tuple[str, str]]:
    """(choice letter, code) for each choice that carries an ICD-10-CM code and its title."""
    for letter, text in question.choices.items():
        lowered = " ".join(text.lower().split())
        for match in _ICD_CODE.finditer(text):
            title = title_of(match.group(1))
            if title and len(title) >= 12 and " ".join(title.lower().split()) in lowered:
                yield letter, match.group(1)
                break
