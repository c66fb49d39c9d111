"""Chart geometry for the inline SVGs: numbers, not markup.

The templates draw the SVG elements from these values with autoescaping on, so the only
bank text that reaches an SVG (domain names, as labels) goes through the escaper like any
other text. Coordinates are in the SVG's viewBox units; the SVG scales to the page width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

WIDE, NARROW = 640.0, 400.0  # two drawings of each chart: desktop/print, and phone width
CHAR_WIDTH = 8.2  # average width of a 15-unit label character, for wrapping


@dataclass(frozen=True)
class ChartPair:
    """The same chart drawn for a wide page and for a phone; CSS shows one of them."""

    wide: Any
    narrow: Any


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Bar:
    label_lines: list[tuple[float, str]]  # (y, text): a long name wraps onto two lines
    value_text: str
    ok: bool
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar]
    pass_x: float
    pass_label: str
    ticks: list[Tick]
    # The pass line is drawn only beside the bars and under its label, never through a
    # domain name: (y1, y2) of each dashed piece.
    cut_segments: list[tuple[float, float]]
    pass_label_x: float  # kept inside the chart at a cut near either end
    pass_label_y: float


@dataclass(frozen=True)
class Series:
    points: str  # "x,y x,y ...": numbers only
    css: str
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    css: str  # pass | fail | plain
    shape: str  # circle | square
    current: bool
    title: str


@dataclass(frozen=True)
class Reference:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str
    label: str
    label_x: float
    label_y: float
    anchor: str = "end"


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    series: list[Series]
    references: list[Reference]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    x_label: str
    y_label: str
    markers: list[Marker] = field(default_factory=list)


def _r(value: float) -> float:
    return round(value, 1)


def wrap(text: str, chars: int, lines: int = 2) -> list[str]:
    """Break a label into at most `lines` lines of about `chars` characters; the last one
    ends with an ellipsis when the text is longer (the tables show names whole)."""
    words, out, line = " ".join(text.split()).split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > chars:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    out = [w if len(w) <= chars else w[: chars - 1] + "…" for w in out]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: chars - 1].rstrip() + "…"
    return out


def domain_bar_chart(
    rows: Sequence[tuple[str, float, bool, str]], pass_percent: float, width: float = WIDE
) -> BarChart:
    """Horizontal bars, one per domain: (name, percent, at or above the cut, value text)."""
    # `top` leaves a row above the first name for the pass label (baseline at top - 16).
    left, right, top = 16.0, width - 80, 38.0
    line_h, bar_h, gap = 18.0, 16.0, 12.0
    chars = int((width - left - 4) / CHAR_WIDTH)
    span = right - left
    bars, y = [], top
    for name, percent, ok, value_text in rows:
        lines = wrap(name, chars)
        label_lines = [(_r(y + 14 + i * line_h), text) for i, text in enumerate(lines)]
        bar_y = y + 6 + len(lines) * line_h
        bars.append(
            Bar(
                label_lines=label_lines,
                value_text=value_text,
                ok=ok,
                x=left,
                y=_r(bar_y),
                width=_r(span * max(0.0, min(percent, 100.0)) / 100),
                height=bar_h,
                title=f"{name}: {value_text}",
            )
        )
        y = bar_y + bar_h + gap
    bottom = y
    ticks = [Tick(_r(left + span * p / 100), f"{p}%") for p in (0, 25, 50, 75, 100)]
    pass_x = _r(left + span * pass_percent / 100)
    pass_label = f"pass {pass_percent:g}%"
    half_label = len(pass_label) * CHAR_WIDTH / 2
    cut_segments = [(top - 11, top - 2)] + [(_r(b.y - 4), _r(b.y + bar_h + 4)) for b in bars]
    return BarChart(
        width=width,
        height=_r(bottom + 22),
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=_r(bottom),
        bars=bars,
        pass_x=pass_x,
        pass_label=pass_label,
        ticks=ticks,
        cut_segments=cut_segments,
        pass_label_x=_r(min(max(pass_x, left + half_label), width - 4 - half_label)),
        pass_label_y=top - 16,
    )


def _nice_step(maximum: float, target_ticks: int = 5) -> float:
    raw = maximum / target_ticks
    for step in (1, 2, 5, 10, 15, 20, 30, 60, 120, 240):
        if step >= raw:
            return float(step)
    return float(round(raw))


def pacing_chart(seconds: Sequence[float], limit_s: float | None, width: float = WIDE) -> LineChart:
    """Cumulative minutes after each question, against the even pace the limit allows."""
    left, right, top, bottom = 40.0, width - 16, 16.0, 250.0
    n = max(1, len(seconds))
    cumulative, total = [0.0], 0.0
    for s in seconds:
        total += max(0.0, s)
        cumulative.append(total / 60)
    y_max_min = max(cumulative[-1], (limit_s or 0) / 60, 1.0)
    step = _nice_step(y_max_min)
    y_top = step * -(-y_max_min // step)  # round up to a whole step

    def px(q: float) -> float:
        return _r(left + (right - left) * q / n)

    def py(minutes: float) -> float:
        return _r(bottom - (bottom - top) * minutes / y_top)

    points = " ".join(f"{px(i)},{py(m)}" for i, m in enumerate(cumulative))
    references = []
    if limit_s:
        limit_min = limit_s / 60
        references.append(
            Reference(
                px(0),
                py(0),
                px(n),
                py(limit_min),
                "pace",
                "even pace",
                px(n) - 4,
                py(limit_min) - 6,
            )
        )
    most = 8 if width >= WIDE else 5  # x labels that fit side by side
    x_every = max(1, round(n / most / 5) * 5) if n > 2 * most else max(1, -(-n // most))
    marks = list(range(0, n + 1, x_every))
    if marks[-1] != n:
        if n - marks[-1] < x_every * 0.6:  # too close to the last label to print both
            marks.pop()
        marks.append(n)
    x_ticks = [Tick(px(q), str(q)) for q in marks]
    y_ticks = []
    value = 0.0
    while value <= y_top + 1e-9:
        y_ticks.append(Tick(py(value), f"{value:g}"))
        value += step
    return LineChart(
        width=width,
        height=290.0,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        series=[Series(points, "used", "your cumulative time")],
        references=references,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        x_label="question",
        y_label="minutes",
    )


def history_chart(
    points: Sequence[tuple[float, bool | None, bool, str]],
    pass_percent: float,
    width: float = WIDE,
) -> LineChart:
    """Score of each past attempt, oldest first: (percent, passed, is current, title)."""
    # the right margin holds the pass-mark label, clear of the newest points
    left, right, top, bottom = 44.0, width - 84, 16.0, 200.0
    n = len(points)

    def px(i: int) -> float:
        if n == 1:
            return _r((left + right) / 2)
        return _r(left + 10 + (right - left - 20) * i / (n - 1))

    def py(percent: float) -> float:
        return _r(bottom - (bottom - top) * max(0.0, min(percent, 100.0)) / 100)

    line = " ".join(f"{px(i)},{py(p[0])}" for i, p in enumerate(points))
    markers = [
        Marker(
            px(i),
            py(percent),
            "plain" if passed is None else ("pass" if passed else "fail"),
            "square" if passed is False else "circle",
            current,
            title,
        )
        for i, (percent, passed, current, title) in enumerate(points)
    ]
    pass_y = py(pass_percent)
    references = [
        Reference(
            left,
            pass_y,
            right,
            pass_y,
            "cut",
            f"pass {pass_percent:g}%",
            right + 4,
            _r(pass_y + 5),
            anchor="start",
        )
    ]
    every = max(1, -(-n // (10 if width >= WIDE else 6)))
    marks = list(range(0, n, every))
    if marks and marks[-1] != n - 1:
        if n - 1 - marks[-1] < every * 0.6:  # too close to the last label to print both
            marks.pop()
        marks.append(n - 1)
    x_ticks = [Tick(px(i), str(i + 1)) for i in marks]
    y_ticks = [Tick(py(p), f"{p}%") for p in (0, 25, 50, 75, 100)]
    return LineChart(
        width=width,
        height=236.0,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        series=[Series(line, "score", "score")],
        references=references,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        x_label="attempt (oldest first)",
        y_label="score",
        markers=markers,
    )


@dataclass(frozen=True)
class RangeChart:
    """The readiness estimate on a 0-100% scale: band low-high, the prediction, the cut."""

    width: float
    height: float
    left: float
    right: float
    band_x: float
    band_width: float
    predicted_x: float
    cut_x: float
    ticks: list[Tick]


def range_chart(
    predicted: float, low: float, high: float, cut: float, width: float = WIDE
) -> RangeChart:
    left, right = 24.0, width - 24

    def px(percent: float) -> float:
        return _r(left + (right - left) * max(0.0, min(percent, 100.0)) / 100)

    low_x, high_x = px(min(low, high)), px(max(low, high))
    return RangeChart(
        width=width,
        height=64.0,
        left=left,
        right=right,
        band_x=low_x,
        band_width=_r(max(high_x - low_x, 2.0)),
        predicted_x=px(predicted),
        cut_x=px(cut),
        ticks=[Tick(px(p), f"{p}%") for p in (0, 25, 50, 75, 100)],
    )
