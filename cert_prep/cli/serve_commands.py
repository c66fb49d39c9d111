"""`cert-prep serve`: the full-screen app in a browser, for one student or a class.

aiohttp and textual-serve are imported inside the command, never at the top.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from cert_prep.cli.numbers import whole
from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="the app in a browser, for one student or a class",
        description="Serve the full-screen app in a web browser (textual-serve); each "
        "browser tab runs its own cert-prep. Without --class it is your own app, on this "
        "machine only. With --class DIR the first screen asks each student's label (1 to 32 "
        "letters, digits, - or _) and the class passphrase when one is set; each student's "
        "history is kept in DIR/students/<label>/ and resumes from any tab, any day. "
        "Listening beyond this machine needs --passphrase-file; the traffic is not "
        "encrypted, so put a TLS-terminating proxy in front. The page loads nothing from "
        "other hosts. Ctrl+C stops the server; every answer is already saved.",
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}, this machine only; "
        "0.0.0.0 for the whole network, which needs --class and --passphrase-file)",
    )
    serve.add_argument(
        "--port",
        type=whole("--port", 1, 65535),
        default=DEFAULT_PORT,
        help=f"the port to listen on (default {DEFAULT_PORT})",
    )
    serve.add_argument(
        "--class",
        dest="class_dir",
        metavar="DIR",
        type=Path,
        help="serve a class (DIR must exist): each student signs in with a label and studies in "
        "DIR/students/<label>/ (`cert-prep class --class DIR` reads them all)",
    )
    serve.add_argument(
        "--passphrase-file",
        metavar="F",
        type=Path,
        help="a file holding the class passphrase on one line; students type it to sign in",
    )
    serve.set_defaults(func=run_serve)


def session_argv(context: Any, class_dir: Path | None, passphrase_file: Path | None) -> list[str]:
    """The command each browser tab runs: this Python, this cert-prep, no shell."""
    argv = [sys.executable, "-m", "cert_prep.ui.served"]
    if class_dir is None:
        locations = context.locations
        argv += ["--data-dir", str(locations.data_dir), "--exports", str(locations.exports_dir)]
    else:
        argv += ["--class", str(class_dir)]
        if passphrase_file is not None:
            argv += ["--passphrase-file", str(passphrase_file.resolve())]
    return argv


def session_environment(context: Any) -> dict[str, str]:
    """Every tab reads the banks this command reads (--banks, the environment and the
    folders added with `banks add`), whichever data dir it studies in."""
    from cert_prep.paths import ENV_BANKS

    extra = context.locations.bank_roots[1:]
    return {ENV_BANKS: os.pathsep.join(str(root.resolve()) for root in extra)}


WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


def shown_url(host: str, port: int) -> str:
    """The address to give students: a wildcard host becomes this machine's name."""
    name = host.strip()
    if name in WILDCARD_HOSTS:
        name = socket.gethostname()
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    return f"http://{name}:{port}/"


def network_addresses() -> list[str]:
    """This machine's IPv4 addresses that other machines can reach (not loopback), found
    without asking any outside service: the source address of the default route (a UDP
    socket "connected" sends nothing) and the addresses the host name has here."""
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only the route is looked up
        found.append(probe.getsockname()[0])
    with contextlib.suppress(OSError):
        for *_, socket_address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(socket_address[0]))
    usable = []
    for text in dict.fromkeys(found):
        with contextlib.suppress(ValueError):
            ip = ipaddress.ip_address(text)
            if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local):
                usable.append(text)
    return usable


def listening_lines(host: str, port: int) -> list[str]:
    """Where students open the app: on a wildcard host, the network addresses first
    (the machine's name may resolve only on this machine), then the name."""
    name_url = shown_url(host, port)
    if host.strip() not in WILDCARD_HOSTS:
        return [f"cert-prep serve: open {name_url} in a browser"]
    urls = [f"http://{address}:{port}/" for address in network_addresses()]
    if not urls:
        return [f"cert-prep serve: open {name_url} in a browser"]
    lines = [f"cert-prep serve: students open {urls[0]} in a browser"]
    lines += [f"  or {url}" for url in urls[1:]]
    lines.append(f"  (or {name_url} on computers that know this machine's name)")
    return lines


def cannot_listen(host: str, port: int, exc: OSError) -> UserError:
    """One line, the reason once (asyncio repeats the address inside its own message)."""
    where = f"cannot listen on {visible_line(host)} port {port}"
    if exc.errno == errno.EADDRINUSE:
        reason = "the port is already in use (another program, or another cert-prep serve)"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied (ports below 1024 need an administrator)"
    elif exc.errno == errno.EADDRNOTAVAIL:
        return UserError(f"{where}: this machine has no such address; check --host")
    elif exc.errno:
        reason = os.strerror(exc.errno).lower()
    else:
        reason = visible_line(str(exc.strerror or exc))
    return UserError(f"{where}: {reason}; choose another with --port")


def _prepare_class_dir(class_dir: Path) -> Path:
    from cert_prep.frontend.classroom_access import students_root

    class_dir = class_dir.expanduser()
    shown = visible_line(str(class_dir))
    if class_dir.exists() and not class_dir.is_dir():
        raise UserError(f"--class {shown}: is not a folder", exit_code=2)
    if not class_dir.exists():
        # A typo (~/lba for ~/lab) must not start an empty class that students then fill.
        create = f", or create it first with `mkdir -p {shlex.quote(shown)}`"
        raise UserError(
            f"--class {shown}: no such folder; check the name"
            + (create if shown == str(class_dir) else ""),  # no command for a name unshowable
            exit_code=2,
        )
    try:
        students_root(class_dir).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"--class {visible_line(str(class_dir))}: cannot be used ({exc.strerror or exc})"
        ) from None
    return class_dir.resolve()


def run_serve(args: argparse.Namespace, context: Any) -> int:
    from cert_prep.frontend.classroom_access import (
        UNENCRYPTED_WARNING,
        check_listening,
        read_passphrase_file,
    )

    host = args.host.strip()
    beyond = check_listening(host, args.class_dir, args.passphrase_file)
    if args.passphrase_file is not None:
        read_passphrase_file(args.passphrase_file)  # a bad file is said now, not per tab
    class_dir = None if args.class_dir is None else _prepare_class_dir(args.class_dir)
    if class_dir is None:
        context.store()  # a damaged history is said here, before any tab opens

    from cert_prep.serve.server import ClassroomServer, configure_logging

    server = ClassroomServer(
        session_argv(context, class_dir, args.passphrase_file),
        host=host,
        port=args.port,
        environment=session_environment(context),
        class_dir=class_dir,
    )
    configure_logging(server.status)

    def listening() -> None:
        for line in listening_lines(host, args.port):
            print(line)
        if class_dir is None:
            shown = visible_line(str(context.locations.data_dir))
            print(f"One student's app; history in {shown}")
        else:
            shown = visible_line(str(class_dir / "students"))
            protected = "with the class passphrase" if args.passphrase_file else "no passphrase"
            print(f"A class ({protected}); each student's history in {shown}/<label>/")
        if beyond:
            print(f"cert-prep serve: {UNENCRYPTED_WARNING}", file=sys.stderr)
        print("Press Ctrl+C to stop; every answer is saved as it is given.", flush=True)

    try:
        asyncio.run(server.run(on_listening=listening))
    except OSError as exc:
        raise cannot_listen(host, args.port, exc) from None
    print("cert-prep serve: stopped; every answer is saved.")
    return 0
