"""Errors meant for the user: main() prints the message, never a traceback."""

from __future__ import annotations

from cert_prep.safe_text import visible


class UserError(Exception):
    """Something the user can fix; `exit_code` 2 is a usage error."""

    def __init__(self, message: str, exit_code: int = 1):
        message = visible(message)  # it may quote a file name or a bank value
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
