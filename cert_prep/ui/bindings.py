"""Key bindings shared by screens. Every binding has an id, so keys can be remapped."""

from __future__ import annotations

from textual.binding import Binding

CHOOSE = Binding.Group("Choose", compact=True)


def choice_bindings(prefix: str, letters: str = "abcdef") -> list[Binding]:
    """`a`.. and `1`-`6` choose (toggle in multi items) the choice shown with that letter."""
    bindings = [
        Binding(k, f"choose('{k.upper()}')", f"Choose {k.upper()}", id=f"{prefix}.choose-{k}",
                group=CHOOSE)
        for k in letters
    ]
    bindings += [
        Binding(str(n), f"choose('{n}')", f"Choose choice {n}", show=False,
                id=f"{prefix}.choose-{n}")
        for n in range(1, 7)
    ]
    return bindings
