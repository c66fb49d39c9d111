"""One browser tab's cert-prep: `python -m cert_prep.ui.served`, started by the server.

Its stdin and stdout are textual-serve's pipe to the browser, so nothing but the app may
write to stdout; problems go to stderr (which the server shows) and to crash.log.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from cert_prep.errors import UserError
from cert_prep.safe_text import visible_line


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cert_prep.ui.served")
    parser.add_argument("--data-dir", type=Path, help="one student's data dir")
    parser.add_argument("--exports", type=Path, help="that student's exports folder")
    parser.add_argument("--class", dest="class_dir", type=Path, help="a classroom folder")
    parser.add_argument("--passphrase-file", type=Path)
    return parser.parse_args(argv)


def student_context(class_dir: Path, label: str) -> Any:
    """The context of one student of the class: DIR/students/<label>/, exports inside."""
    from cert_prep.context import AppContext
    from cert_prep.frontend.classroom_access import student_data_dir
    from cert_prep.paths import resolve_locations

    folder = student_data_dir(class_dir, label)
    folder.mkdir(parents=True, exist_ok=True)
    return AppContext(
        resolve_locations(data_dir=str(folder), exports=str(folder / "exports"), cwd=class_dir)
    )


def browser_opener(app: Any) -> Callable[[str], bool]:
    """Reports open in the student's browser, not on the server's screen: a report file
    is handed to the page (textual-serve's download route), other addresses opened there."""

    def open_url(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(url2pathname(parts.path))
            app.deliver_binary(path, open_method="browser", mime_type="text/html")
        else:
            # The app's `url_opener` is this very function; Textual's `open_url`
            # sends the address to the browser.
            from textual.app import App

            App.open_url(app, url)
        return True

    return open_url


def build_app(args: argparse.Namespace) -> Any:
    app = _build_app(args)
    app.url_opener = browser_opener(app)
    return app


def _build_app(args: argparse.Namespace) -> Any:
    if args.class_dir is None:
        from cert_prep.context import AppContext
        from cert_prep.paths import resolve_locations
        from cert_prep.ui.app import make_app

        context = AppContext(
            resolve_locations(
                data_dir=str(args.data_dir) if args.data_dir else None,
                exports=str(args.exports) if args.exports else None,
            )
        )
        context.store()
        return make_app(context)

    from cert_prep.frontend.classroom_access import read_passphrase_file
    from cert_prep.ui.classroom import ClassroomApp

    passphrase = problem = None
    if args.passphrase_file is not None:
        try:
            passphrase = read_passphrase_file(args.passphrase_file)
        except UserError:
            # The server checked the file at start; if it has gone bad since, nobody gets in.
            problem = "the class passphrase cannot be read; tell your instructor"
    class_dir = args.class_dir.resolve()
    return ClassroomApp(lambda label: student_context(class_dir, label), passphrase, problem)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    app = None
    try:
        app = build_app(args)
        app.run()
    except UserError as exc:
        print(f"cert-prep serve: {exc.message}", file=sys.stderr)
        return exc.exit_code
    finally:
        context = getattr(app, "context", None)
        if context is not None:
            with contextlib.suppress(Exception):
                context.close()
    if app.crash is not None:
        _report_crash(app)
        return 70
    return int(app.return_code or 0)


def _report_crash(app: Any) -> None:
    error = app.crash
    log = None
    context = app.context
    if context is not None:
        try:
            folder = context.locations.data_dir
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / "crash.log"
            with open(log, "a", encoding="utf-8") as out:
                out.writelines(traceback.format_exception(error))
        except OSError:
            log = None
    where = f"; details in {log}" if log else ""
    print(
        visible_line(
            f"cert-prep serve: a session ended with an error: {type(error).__name__}: "
            f"{error}{where}"
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":  # pragma: no cover - run by the server, one process per tab
    raise SystemExit(main())
