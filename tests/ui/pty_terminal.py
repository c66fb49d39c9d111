"""Drive a real `cert-prep` process in a pseudo-terminal (end-to-end test, benchmark)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# CSI sequences, OSC strings, charset selections and short escapes: what Textual writes.
_ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>NOPc78])"
)


def pty_available() -> bool:
    try:
        import pty  # noqa: F401

        master, slave = os.openpty()
    except (ImportError, OSError):
        return False
    os.close(master)
    os.close(slave)
    return True


class Terminal:
    """`python -m cert_prep ARGS` in a pty of a fixed size; reads what it draws."""

    def __init__(
        self,
        args: Sequence[str],
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (110, 34),
        program: Sequence[str] | None = None,
    ):
        """`program` runs another Python program instead (the benchmark's bare app)."""
        import pty

        columns, rows = size
        environment = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(rows),
            "PYTHONPATH": str(REPO),
            **(env or {}),
        }
        for noisy in ("TEXTUAL", "TEXTUAL_DRIVER", "NO_COLOR"):
            environment.pop(noisy, None)
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal, then become cert-prep
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.chdir(REPO)
                argv = list(program) if program else ["-m", "cert_prep"]
                os.execvpe(sys.executable, [sys.executable, *argv, *args], environment)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.raw = b""
        self.mark = 0  # searches look at output after the mark
        self.status: int | None = None
        self.rusage = None

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child exited
            chunk = b""
        if not chunk:
            self._reap(block=True)
            return False
        self.raw += chunk
        return True

    def text(self, since_mark: bool = True) -> str:
        raw = self.raw[self.mark :] if since_mark else self.raw
        return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 60.0) -> float:
        """Seconds until `needle` appears in the output after the mark."""
        start = time.perf_counter()
        while needle not in self.text():
            left = timeout - (time.perf_counter() - start)
            if left <= 0 or (self.status is not None and not self._read(0)):
                tail = self.text()[-2000:]
                raise AssertionError(f"{needle!r} did not appear; exit {self.status}; saw:\n{tail}")
            self._read(min(left, 0.2))
        return time.perf_counter() - start

    def send(self, keys: str | bytes) -> None:
        self.mark = len(self.raw)
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def drain(self, seconds: float = 0.3) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self._read(0.05)

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) the process has used so far (Linux), else None."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)

    def wait_exit(self, timeout: float = 30.0) -> int:
        end = time.perf_counter() + timeout
        while self.status is None and time.perf_counter() < end:
            self._read(0.1)
            self._reap(block=False)
        if self.status is None:
            self.kill()
            raise AssertionError("cert-prep did not exit")
        return self.status

    def _reap(self, block: bool) -> None:
        if self.status is not None:
            return
        pid, status, rusage = os.wait4(self.pid, 0 if block else os.WNOHANG)
        if pid:
            self.status = os.waitstatus_to_exitcode(status)
            self.rusage = rusage

    def close(self) -> None:
        self.kill()
        with contextlib.suppress(OSError):
            os.close(self.fd)
