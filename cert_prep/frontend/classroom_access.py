"""Who may use a served cert-prep: student labels, the class passphrase, which hosts.

textual-serve has no authentication of its own. A class is protected by a passphrase
compared in constant time; anything stronger (TLS, accounts) belongs to a proxy in front.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import unicodedata
from pathlib import Path

from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line

# The label is a folder name under DIR/students: letters, digits, '-' and '_' only, so no
# label can climb out of DIR ('..', '/', '\\' and drive letters are all refused).
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,32}", re.ASCII)
# Names Windows keeps for devices; a folder called `con` cannot be made there.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}

LABEL_RULE = "a label is 1 to 32 letters, digits, '-' or '_' (no spaces, dots or slashes)"

# A passphrase is a line a person types; a bigger file is the wrong file.
MAX_PASSPHRASE_FILE_BYTES = 1024
PASSPHRASE_FILE_OPTION = "--passphrase-file"
UNENCRYPTED_WARNING = (
    "warning: traffic between the browsers and this server is not encrypted; "
    "put a TLS-terminating proxy (such as nginx or Caddy) in front of it"
)


class LabelRefused(ValueError):
    """The typed label cannot name a student folder; the message says why."""


def student_label(typed: str) -> str:
    """The student's label as a folder name, or LabelRefused.

    Labels are folded to lower case so `Maria` on Monday and `maria` on Tuesday are one
    student with one history (and so case-insensitive file systems never merge two).
    """
    label = typed.strip(" ")  # spaces around are a typing slip; anything else is refused
    if not label:
        raise LabelRefused("type your label first; " + LABEL_RULE)
    if not _LABEL.fullmatch(label):
        raise LabelRefused(f"{visible_line(label)[:40]!s} is refused: {LABEL_RULE}")
    if label.startswith("-"):
        # A folder named like an option: `ls *` or `rm students/*` would take it as one.
        raise LabelRefused(
            f"{visible_line(label)[:40]!s} is refused: a label may not start with '-' "
            "(the folder would look like an option to the instructor's shell commands)"
        )
    label = label.lower()
    if label in _RESERVED:
        raise LabelRefused(f"{label} is a reserved name; choose another label")
    return label


def students_root(class_dir: Path) -> Path:
    return class_dir / "students"


def student_data_dir(class_dir: Path, label: str) -> Path:
    """DIR/students/<label>, checked to stay inside DIR/students even through links."""
    root = students_root(class_dir)
    folder = root / student_label(label)
    if folder.exists() and not folder.resolve().is_relative_to(root.resolve()):
        raise LabelRefused(f"the folder for {folder.name} points outside the class folder")
    return folder


def read_passphrase_file(path: Path) -> str:
    """The class passphrase: the file's one line, stripped. Anything odd is a UserError
    naming the file (empty, binary, not UTF-8, several lines, too big, unreadable)."""
    shown = f"{PASSPHRASE_FILE_OPTION} {visible_line(str(path))}"
    try:
        if path.is_dir():
            raise UserError(f"{shown}: is a folder, not a file", exit_code=2)
        with path.open("rb") as handle:
            data = handle.read(MAX_PASSPHRASE_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{shown}: no such file", exit_code=2) from None
    except OSError as exc:
        raise UserError(f"{shown}: cannot be read ({exc.strerror or exc})", exit_code=2) from None
    if len(data) > MAX_PASSPHRASE_FILE_BYTES:
        raise UserError(
            f"{shown}: is larger than {MAX_PASSPHRASE_FILE_BYTES} bytes; it should hold "
            "one line, the passphrase",
            exit_code=2,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{shown}: is not UTF-8 text", exit_code=2) from None
    text = text.strip()
    if not text:
        raise UserError(f"{shown}: is empty; write the class passphrase on one line", exit_code=2)
    if "\n" in text or "\r" in text:
        raise UserError(f"{shown}: holds several lines; write the passphrase on one", exit_code=2)
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in text):
        raise UserError(f"{shown}: holds control or binary characters", exit_code=2)
    return unicodedata.normalize("NFC", text)


def passphrase_matches(typed: str, expected: str) -> bool:
    """Compare in constant time, so the time taken tells nothing about the passphrase."""
    given = unicodedata.normalize("NFC", typed.strip()).encode("utf-8")
    return hmac.compare_digest(given, expected.encode("utf-8"))


def is_local_host(host: str) -> bool:
    """True for names that only this machine can reach (localhost, 127.x.x.x, ::1)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def names_this_machine(host_header: str, port: int) -> bool:
    """True when an HTTP Host header names this machine's loopback at our port
    (`127.0.0.1:8000`, `localhost:8000`, `[::1]:8000`; no port means 80). A page from
    another site that reaches a loopback server through DNS rebinding sends its own name."""
    name, separator, given_port = host_header.strip().rpartition(":")
    if not separator or name.endswith(":") or (name.count(":") and not name.endswith("]")):
        name, given_port = host_header.strip(), ""  # no port (a bare IPv6 address has colons)
    if given_port and given_port != str(port):
        return False
    if not given_port and port != 80:
        return False
    return is_local_host(name)


def check_listening(host: str, class_dir: Path | None, passphrase_file: Path | None) -> bool:
    """Refuse what would expose a student's or a class's history; True when the server
    listens beyond this machine (and the unencrypted-traffic warning is due)."""
    if not host.strip():
        raise UserError("--host needs a name or an address, such as 127.0.0.1", exit_code=2)
    if passphrase_file is not None and class_dir is None:
        raise UserError(f"{PASSPHRASE_FILE_OPTION} protects a class; add --class DIR", exit_code=2)
    if is_local_host(host):
        return False
    if class_dir is None:
        raise UserError(
            f"without --class, cert-prep serve is one student's app on this machine only; "
            f"--host {visible_line(host)} is refused (use 127.0.0.1, or --class DIR "
            f"with {PASSPHRASE_FILE_OPTION} F)",
            exit_code=2,
        )
    if passphrase_file is None:
        raise UserError(
            f"listening on {visible_line(host)} (beyond this machine) needs "
            f"{PASSPHRASE_FILE_OPTION} F: a file with the class passphrase on one line",
            exit_code=2,
        )
    return True


# What a served class's tab and the server tell each other (textual-serve's meta packets,
# and the environment the tab starts with): wrong passphrases are counted by the server,
# per client address, so a reload or a second tab does not start the count again.
MAX_WRONG_PASSPHRASES = 5  # from one address within LOCKOUT_MINUTES, then it is locked out
LOCKOUT_MINUTES = 10  # for that long
TRIES_ENVIRONMENT = "CERT_PREP_SIGN_IN_TRIES"  # passphrases this tab's address may still try
MINUTES_ENVIRONMENT = "CERT_PREP_SIGN_IN_MINUTES"  # minutes until a locked-out address may
WRONG_PASSPHRASE_META = "cert-prep-wrong-passphrase"  # tab -> server
SIGNED_IN_META = "cert-prep-signed-in"  # tab -> server, with "label"
TRIES_META = "cert-prep-tries"  # server -> tab, with "tries_left" and "minutes"
