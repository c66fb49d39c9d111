"""`--plain`: a line-by-line front end beside the full-screen UI, for screen readers."""

from __future__ import annotations

from cert_prep.plain.mode import PlainMode

__all__ = ["PlainMode"]
