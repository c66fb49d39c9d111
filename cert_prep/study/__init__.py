"""Spaced-repetition history (FSRS cards), domain mastery, readiness and weak-domain drills.

Never imports textual. `fsrs` is imported inside functions, so importing this package
costs nothing until a card is needed.
"""
