"""Key bindings shared by screens. Every binding has an id, so keys can be remapped."""

from __future__ import annotations

from textual.binding import Binding

CHOOSE = Binding.Group("Choose", compact=True)
CHOOSE_BY_NUMBER = Binding.Group("Choose by number", compact=True)  # one row in the help


def choice_bindings(prefix: str, letters: str = "abcdef") -> list[Binding]:
    """`a`.. (or `A`.., Caps Lock on) and `1`-`6` choose (toggle in multi items) the choice
    shown with that letter."""
    bindings = [
        Binding(
            f"{k},{k.upper()}",
            f"choose('{k.upper()}')",
            f"Choose {k.upper()}",
            id=f"{prefix}.choose-{k}",
            group=CHOOSE,
        )
        for k in letters
    ]
    bindings += [
        Binding(
            str(n),
            f"choose('{n}')",
            f"Choose choice {n}",
            show=False,
            id=f"{prefix}.choose-{n}",
            group=CHOOSE_BY_NUMBER,
        )
        for n in range(1, 7)
    ]
    return bindings


def choice_fits(parameters: tuple[object, ...], count: int) -> bool:
    """Whether a choose binding's letter (`A`) or number (`1`) names one of `count`
    choices: the footer then offers `a-d` on a four-choice question, not `a-f`."""
    key = str(parameters[0]) if parameters else ""
    index = int(key) - 1 if key.isdigit() else "ABCDEF".find(key.upper())
    return 0 <= index < count


def scroll_bindings(prefix: str) -> list[Binding]:
    """Scrolling without focusing anything: the question (arrows, PgUp/PgDn), the case ([ ])."""
    return [
        Binding(
            "down", "scroll_question(0.5)", "Scroll down", show=False, id=f"{prefix}.scroll-down"
        ),
        Binding("up", "scroll_question(-0.5)", "Scroll up", show=False, id=f"{prefix}.scroll-up"),
        Binding(
            "pagedown", "scroll_question(1)", "Page down", show=False, id=f"{prefix}.page-down"
        ),
        Binding("pageup", "scroll_question(-1)", "Page up", show=False, id=f"{prefix}.page-up"),
        Binding(
            "right_square_bracket",
            "scroll_case(0.5)",
            "Scroll the case down",
            show=False,
            id=f"{prefix}.case-down",
        ),
        Binding(
            "left_square_bracket",
            "scroll_case(-0.5)",
            "Scroll the case up",
            show=False,
            id=f"{prefix}.case-up",
        ),
    ]
