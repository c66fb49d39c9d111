"""What a readiness band says about passing: one verdict for reports, the TUI and the CLI."""

from __future__ import annotations

# What the predicted band says about passing, and how to say it (reports, TUI, CLI).
OUTLOOK = {
    "no-data": "no answers yet: practise to get a prediction",
    "on-track": "on track: even the low end of the range reaches the pass mark",
    "not-ready": "not ready yet: even the high end of the range is below the pass mark",
    "borderline": "borderline: the range straddles the pass mark",
}


def verdict(seen: int, low: float, high: float, pass_percent: float) -> str:
    """One of OUTLOOK's keys, from where the band lies against the pass mark."""
    if seen == 0:
        return "no-data"
    if low >= pass_percent:
        return "on-track"
    if high < pass_percent:
        return "not-ready"
    return "borderline"
