"""Plain mode's one command table: the words both the exam and the drill loop read.

Each loop handles the commands it knows (`handles`); a word it does not know is read as
an answer, so in a drill `time` or `flag` on a code question is an entry to check, as
letters and codes always were.
"""

from __future__ import annotations

from dataclasses import dataclass

# word typed -> command name
WORDS: dict[str, str] = {
    "q": "quit",
    "quit": "quit",
    "exit": "quit",
    "h": "help",
    "help": "help",
    "?": "help",
    "n": "next",
    "next": "next",
    "p": "back",
    "back": "back",
    "previous": "back",
    "prev": "back",
    "repeat": "repeat",
    "r": "repeat",
    "again": "repeat",
    "t": "time",
    "time": "time",
    "flag": "flag",
    "review": "review",
    "submit": "submit",
    "clear": "clear",
}


@dataclass(frozen=True)
class Command:
    """One line read: `name` is a command name, `empty` or `answer`; `text` is the line
    as typed (stripped); `number` the N of `go N`."""

    name: str
    text: str
    number: int = 0


def parse(line: str, handles: frozenset[str] | set[str]) -> Command:
    """The command `line` names, among those in `handles`; anything else is an answer."""
    text = line.strip()
    word = text.lower()
    if not text:
        return Command("empty", text)
    if word == "book" or word.startswith("book "):
        name = "book"
    elif word.startswith(("go ", "g ")) and word.split()[-1].isdigit():
        return (
            Command("go", text, int(word.split()[-1]))
            if "go" in handles
            else Command("answer", text)
        )
    else:
        name = WORDS.get(word, "answer")
    return Command(name if name in handles else "answer", text)


def is_choice_line(text: str) -> bool:
    """Letters a-f or numbers 1-6, separated by spaces or commas."""
    tokens = text.replace(",", " ").split()
    return bool(tokens) and all(
        len(t) == 1 and (t.upper() in "ABCDEF" or t in "123456") for t in tokens
    )


def letters(text: str) -> list[str]:
    return [t.upper() for t in text.replace(",", " ").split()]
