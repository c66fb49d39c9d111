"""What can stop a session's write, in a module of its own.

Front ends catch these around every engine call; keeping them apart from the session module
lets the first screen paint before the sessions (and pydantic, which the bank models need)
are imported.
"""

from __future__ import annotations

from cert_prep.errors import UserError


class AttemptClosed(UserError):
    """The attempt was submitted or discarded (perhaps by another cert-prep window)."""


class AttemptMoved(AttemptClosed):
    """Another cert-prep window took the attempt over; this one must stop writing."""


class AlreadyAnswered(UserError):
    """Drill answers are final once feedback is shown."""
