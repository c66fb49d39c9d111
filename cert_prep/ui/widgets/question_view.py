"""One question on screen: the case record (scrollable), the stem, the choices, the code box.

The same widget serves the exam (answers highlighted, nothing revealed), drills (feedback
after the answer) and review mode (the key, the student's answer and the rationale).
A fixed set of six choice lines is reused from question to question, so moving on only
updates text (fast) instead of rebuilding widgets.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from cert_prep.bank.models import CHOICE_KEYS, CodeQuestion, MultiQuestion, answer_keys
from cert_prep.book.code_feedback import CodeLookup, CodeVerdict, code_verdicts
from cert_prep.engine.session import Choice, Entry
from cert_prep.reflow import record_text, reflow, stem_text
from cert_prep.ui.text import Hanging, data
from cert_prep.ui.widgets.code_input import CodeInput
from cert_prep.ui.widgets.more_below import HintedScroll, MoreBelow, scroll_pages

HINTS = {
    "single": "Choose one answer.",
    "multi": "Choose all that apply.",
    "code": "Enter: type codes (press Enter or e, then the codes, separated by spaces or commas).",
}
CASE_SCROLL_HINT = Text("▼ more: ] scrolls down, [ up")  # a Text: `[` is not markup
TYPING_HINT = "Typing codes: Enter saves them; Escape leaves the box."
ANSWERED_CODE_HINT = "The codes given are in the box; the key and why are below."


class ChoiceLine(Static):
    """`A. text`; classes mark the chosen answer and, when revealed, the key."""

    def show(
        self, choice: Choice | None, *, chosen: bool, key: bool | None, feedback: str | None = None
    ) -> None:
        """`feedback` (bank format v1.1) is the choice's own explanation, shown once the key
        is revealed; it belongs to the choice, so shuffling cannot separate them."""
        self.display = choice is not None
        if choice is None:
            return
        body = data(reflow(choice.text))
        if key is not None:
            notes = [n for n, on in (("your answer", chosen), ("key", key)) if on]
            if notes:
                body.append(f"   ({', '.join(notes)})", style="italic")
            if feedback:
                body.append("\n")
                body.append_text(data(reflow(feedback), "italic"))
        # A grid gives wrapped choice text a hanging indent under its letter.
        line = Table.grid(padding=(0, 1), expand=True)
        line.add_column(width=2, no_wrap=True)
        line.add_column(ratio=1)
        line.add_row(f"{choice.letter}.", body)
        self.set_class(chosen, "-chosen")
        self.set_class(bool(key), "-key")
        self.set_class(key is False and chosen, "-wrong")
        self.update(line)


class QuestionView(Vertical):
    def __init__(self, *, blink: bool = True, id: str | None = None):
        super().__init__(id=id)
        self._blink = blink
        self._shown: Entry | None = None  # the question on screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="case-box"):
            yield Static(id="case-record")
        with HintedScroll(id="question-box") as question_box:
            yield Static(id="stem")
            yield Static(id="hint")
            for i in range(len(CHOICE_KEYS)):
                yield ChoiceLine(id=f"choice-{i}", classes="choice")
            yield CodeInput(id="codes", blink=self._blink)
            yield Static(id="feedback")
        yield MoreBelow(question_box, id="more-below")

    def on_mount(self) -> None:
        for box in self.query(VerticalScroll):
            self.watch(box, "scroll_y", self._scrolled, init=False)
            self.watch(box, "virtual_size", self._scrolled, init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._scrolled)

    def _scrolled(self, *_: object) -> None:
        """A case longer than its panel says so (with a scrollbar); so does the question."""
        # Called after a refresh: the view may have been taken down meanwhile.
        boxes = self.query("#case-box").results(VerticalScroll)
        hints = self.query(MoreBelow)
        for case_box in boxes:
            more = case_box.display and case_box.scroll_y < case_box.max_scroll_y
            case_box.border_subtitle = CASE_SCROLL_HINT if more else None
        for hint in hints:
            hint.check()

    def scroll_question(self, pages: float) -> None:
        scroll_pages(self.query_one("#question-box", VerticalScroll), pages)

    def scroll_case(self, pages: float) -> None:
        box = self.query_one("#case-box", VerticalScroll)
        if box.display:
            scroll_pages(box, pages)

    @property
    def codes(self) -> CodeInput:
        return self.query_one("#codes", CodeInput)

    def show(
        self,
        entry: Entry,
        *,
        chosen: set[str] | None = None,
        reveal: bool = False,
        codes_text: str | None = None,
    ) -> None:
        """Show `entry`. `chosen` are bank keys to highlight; `reveal` marks the key.
        Another question opens at its top; the same one shown again (after a choice, a
        flag, a clear) keeps its scroll, so the choice just made stays in view."""
        moved, self._shown = entry is not self._shown, entry
        question = entry.question
        case = entry.item.case
        case_box = self.query_one("#case-box", VerticalScroll)
        case_box.display = case is not None
        if case is not None:
            case_box.border_title = Text(f"Case: {case.title}")
            self.query_one("#case-record", Static).update(data(record_text(case.record)))
            if moved:
                case_box.scroll_home(animate=False)
        self.query_one("#stem", Static).update(data(stem_text(question.stem, case)))
        answered_code = reveal and isinstance(question, CodeQuestion)
        hint = ANSWERED_CODE_HINT if answered_code else HINTS[question.type]
        if isinstance(question, MultiQuestion) and chosen and len(chosen) > len(question.answer):
            # the stem says how many ("Select TWO."); more is always marked wrong
            hint = f"{len(chosen)} chosen; the question asks for {len(question.answer)}."
        self.query_one("#hint", Static).update(hint)
        keys = set(answer_keys(question)) if reveal else set()
        choices = entry.choices()
        chosen = chosen or set()
        notes = getattr(question, "feedback", None) or {}
        for i, line in enumerate(self.query(ChoiceLine)):
            choice = choices[i] if i < len(choices) else None
            line.show(
                choice,
                chosen=choice is not None and choice.key in chosen,
                key=(choice.key in keys) if reveal and choice else None,
                feedback=notes.get(choice.key) if reveal and choice else None,
            )
        box = self.codes
        box.display = isinstance(question, CodeQuestion)
        if box.display:
            box.value = codes_text if codes_text is not None else entry.response_text()
            box.disabled = reveal
        self.show_feedback(entry if reveal else None)
        if moved:
            question_box = self.query_one("#question-box", VerticalScroll)
            question_box.scroll_home(animate=False)
            # and again once the new question is laid out: a taller old one may still
            # hold the scroll when the first call runs
            self.call_after_refresh(question_box.scroll_home, animate=False)
        self.call_after_refresh(self._scrolled)

    def bring_feedback_into_view(self) -> None:
        """After a drill answer: scroll so Correct/Incorrect, the key and as much of the
        rationale as fits are on screen (the hint below says when there is more)."""
        box = self.query_one("#question-box", VerticalScroll)
        feedback = self.query_one("#feedback", Static)
        self.call_after_refresh(lambda: box.scroll_to_widget(feedback, animate=False, top=True))

    def show_code_hint(self, *, typing: bool) -> None:
        self.query_one("#hint", Static).update(TYPING_HINT if typing else HINTS["code"])

    def show_feedback(self, entry: Entry | None) -> None:
        feedback = self.query_one("#feedback", Static)
        feedback.display = entry is not None
        if entry is not None:
            lookup = getattr(self.app, "code_lookup", lambda: None)()
            feedback.update(feedback_text(entry, lookup))


def feedback_text(entry: Entry, lookup: CodeLookup | None = None) -> Text | Group:
    """Correct or Incorrect, the student's answer, the key, code marks, the rationale.

    Code items get a line per code (`E11.9 - wrong specificity: ...`) when the book is at
    hand (`lookup`), each a row whose wrapped text hangs under it (then the feedback is a
    Group); ICD-10-CM items without it keep right/wrong/missing."""
    out = Text()
    if entry.answered:
        if entry.correct:
            out.append("Correct", style="bold green")
        else:
            out.append("Incorrect", style="bold red")
        out.append("\nYour answer: ")
        out.append_text(data(entry.response_text()))
    else:
        out.append("Not answered", style="bold yellow")
    out.append("\nKey: ")
    out.append_text(data(entry.key_text()))
    verdicts = code_verdicts(entry.question, entry.response, lookup) if entry.answered else None
    marks = entry.marks()
    rows: list[Hanging] = []
    if verdicts:
        out.append("\nCodes:")
        rows = [verdict_line(verdict) for verdict in verdicts]
    elif marks is not None and entry.answered:
        out.append("\nCodes: ")
        parts = [(c, "right", "green") for c in marks.right]
        parts += [(c, "wrong", "red") for c in marks.wrong]
        parts += [(c, "missing", "yellow") for c in marks.missing]
        for i, (code, status, colour) in enumerate(parts):
            if i:
                out.append(" · ")
            out.append_text(data(code))
            out.append(f" {status}", style=colour)
        if marks.sequence_ok is False:
            out.append("\nSequencing: ")
            out.append_text(data(entry.question.answer[0]))
            out.append(" must be entered first.")
    rationale = reflow(entry.question.rationale)
    if not rows:
        out.append_text(_rationale(rationale, "\n\n"))
        return out
    # Each row ends its own last line: one newline makes the blank line before the rationale.
    return Group(out, *rows, *([_rationale(rationale, "\n")] if rationale else []))


def _rationale(rationale: str, before: str) -> Text:
    out = Text()
    if rationale:
        out.append(f"{before}Rationale\n", style="bold")
        out.append_text(data(rationale))
    return out


def verdict_line(verdict: CodeVerdict) -> Hanging:
    """`  E11.22 - correct: Type 2 diabetes ...`, its label coloured; a long line wraps
    under the text after the code, so each code still stands out at the left."""
    text = data(verdict.explanation())
    colour = {"correct": "green", "missing": "yellow"}.get(verdict.label, "red")
    text.stylize(colour, 0, len(verdict.label))
    return Hanging([(data(f"  {verdict.code} -"), text)], gap=1)
