"""Chart geometry: bars in proportion, the pass line where the cut is, pacing and history."""

from __future__ import annotations

import itertools

import pytest

from cert_prep.report.charts import (
    NARROW,
    domain_bar_chart,
    history_chart,
    pacing_chart,
    range_chart,
    wrap,
)


def test_bars_are_proportional_and_the_pass_line_sits_at_the_cut():
    chart = domain_bar_chart(
        [("A", 50.0, False, "50% ✗"), ("B", 100.0, True, "100% ✓"), ("C", 0.0, False, "0% ✗")], 70
    )
    span = chart.plot_right - chart.plot_left
    assert [b.width for b in chart.bars] == [pytest.approx(span / 2), pytest.approx(span), 0]
    assert chart.pass_x == pytest.approx(chart.plot_left + 0.7 * span, abs=0.1)
    assert chart.pass_label == "pass 70%"
    assert [b.ok for b in chart.bars] == [False, True, False]
    ys = [b.y for b in chart.bars]
    assert ys == sorted(ys) and chart.height > ys[-1]  # one below the other, all inside


def test_long_domain_names_wrap_and_then_shorten():
    name = "Coding knowledge and skills: CPT and HCPCS for hospital outpatients"
    narrow = domain_bar_chart([(name, 40.0, False, "40%")], 70, width=NARROW)
    lines = [text for _, text in narrow.bars[0].label_lines]
    assert len(lines) == 2 and " ".join(lines).replace("…", "") in name
    wide = domain_bar_chart([(name, 40.0, False, "40%")], 70)
    assert [text for _, text in wide.bars[0].label_lines] == [name]
    assert wrap("x" * 200, 20) == ["x" * 19 + "…"]
    assert wrap("a b c d e f g h", 3, lines=2) == ["a b", "c…"]


def test_pacing_is_cumulative_against_the_even_pace():
    chart = pacing_chart([60, 120, 0, 60], limit_s=480)
    points = [tuple(map(float, p.split(","))) for p in chart.series[0].points.split()]
    assert len(points) == 5
    # y in minutes: 0, 1, 3, 3, 4 on a scale whose top is the limit (8 minutes) or above
    heights = [chart.plot_bottom - y for _, y in points]
    unit = heights[1]
    assert [round(h / unit, 1) for h in heights] == [0, 1, 3, 3, 4]
    pace = chart.references[0]
    assert (pace.x1, pace.y1) == (chart.plot_left, chart.plot_bottom)
    assert pace.x2 == points[-1][0] and round((chart.plot_bottom - pace.y2) / unit, 1) == 8
    assert pacing_chart([30, 30], None).references == []  # untimed: no even pace


def test_pacing_labels_stay_apart_on_a_long_exam():
    chart = pacing_chart([60.0] * 125, 240 * 60)
    labels = [int(t.label) for t in chart.x_ticks]
    assert labels[0] == 0 and labels[-1] == 125
    gaps = [b - a for a, b in itertools.pairwise(labels)]
    assert min(gaps) >= 10 and len(labels) <= 10


def test_history_marks_pass_fail_and_the_current_attempt():
    chart = history_chart(
        [(40.0, False, False, "a"), (80.0, True, False, "b"), (70.0, True, True, "c")], 70
    )
    shapes = [(m.shape, m.css, m.current) for m in chart.markers]
    assert shapes == [
        ("square", "fail", False),
        ("circle", "pass", False),
        ("circle", "pass", True),
    ]
    cut = chart.references[0]
    assert cut.y1 == cut.y2 == chart.markers[2].y  # 70% sits on the 70% line
    assert chart.markers[1].y < cut.y1 < chart.markers[0].y
    single = history_chart([(55.0, False, True, "only")], 70)
    assert len(single.markers) == 1 and len(single.x_ticks) == 1


def test_range_chart_orders_low_prediction_high():
    chart = range_chart(64.5, 58, 71, 70)
    assert chart.band_x < chart.predicted_x < chart.band_x + chart.band_width
    assert chart.band_x < chart.cut_x < chart.band_x + chart.band_width


def _drawn_boxes(svg: str) -> tuple[list[tuple[str, tuple[float, ...]]], list[tuple[float, ...]]]:
    """The domain chart as drawn: each text's box (x1, y1, x2, y2), estimated from its
    font size and CHAR_WIDTH, and each pass-line piece (x, y1, y2)."""
    from xml.etree import ElementTree

    from cert_prep.report.charts import CHAR_WIDTH

    root = ElementTree.fromstring(svg)
    texts, cuts = [], []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "text":
            size = 13 if el.get("class") == "tick" else 15
            width = len(el.text or "") * CHAR_WIDTH * size / 15
            x, y = float(el.get("x")), float(el.get("y"))
            x1 = {"start": x, "middle": x - width / 2, "end": x - width}[
                el.get("text-anchor") or "start"
            ]
            texts.append((el.text or "", (x1, y - 0.8 * size, x1 + width, y + 0.25 * size)))
        elif tag == "line" and el.get("class") == "cut":
            cuts.append((float(el.get("x1")), float(el.get("y1")), float(el.get("y2"))))
    assert texts and cuts
    return texts, cuts


@pytest.mark.parametrize("width", [640.0, NARROW])
@pytest.mark.parametrize("pass_percent", [70.0, 0.0, 100.0])
def test_the_domain_chart_labels_never_overlap_nor_sit_under_the_pass_line(width, pass_percent):
    from cert_prep.report.render import environment

    rows = [
        ("Coding knowledge and skills: ICD-10-CM diagnoses", 0.0, False, "0% ✗"),
        ("Coding knowledge and skills: ICD-10-PCS procedures for inpatients", 70.0, True, "70% ✓"),
        ("Provider queries", 100.0, True, "100% ✓"),
    ]
    chart = domain_bar_chart(rows, pass_percent, width)
    macros = environment().get_template("_charts.html.j2").module
    svg = str(macros.bar_chart_one(chart, "title", "wide"))
    texts, cuts = _drawn_boxes(svg)

    def overlap(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    ticks_row = chart.plot_bottom + 2  # the percent ticks sit under the plot, apart
    labels = [(t, box) for t, box in texts if box[1] < ticks_row]
    for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
        assert not overlap(box_a, box_b), f"{a!r} overlaps {b!r}"
    for text, box in labels:
        assert box[0] >= 0 and box[2] <= width, f"{text!r} runs out of the chart"
        for x, y1, y2 in cuts:
            assert not (box[0] < x < box[2] and y1 < box[3] and box[1] < y2), (
                f"the pass line runs through {text!r}"
            )
