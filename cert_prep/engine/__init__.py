"""The exam engine: assembly, timing, sessions and scoring. Never imports textual.

This package module stays light (no bank models), so the CLI can read defaults from it.
"""

DEFAULT_DRILL_COUNT = 10
