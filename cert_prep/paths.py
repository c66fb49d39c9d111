"""The one module that knows where cert-prep's files live.

Everything else receives paths from a `Locations` object, so tests can point every
path at a temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "cert-prep"
ENV_BANKS = "CERT_PREP_BANKS"
ENV_HOME = "CERT_PREP_HOME"
ENV_EXPORTS = "CERT_PREP_EXPORTS"
ENV_CACHE = "CERT_PREP_CACHE"

DATABASE_NAME = "cert-prep.sqlite3"


def shipped_banks_dir() -> Path:
    """The banks shipped with cert-prep: inside the wheel, or at the checkout's top level."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "question_banks"
    if installed.is_dir():
        return installed
    return package_dir.parent / "question_banks"


@dataclass(frozen=True)
class Locations:
    """Where banks, the student's data, exports and the bank cache live."""

    bank_roots: tuple[Path, ...]
    data_dir: Path
    exports_dir: Path
    cache_dir: Path | None = None
    # Folders added with `banks add` that have gone away: reported, not read.
    missing_bank_folders: tuple[Path, ...] = ()

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def bank_cache_file(self) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / "banks.cache"

    @property
    def exam_preview_file(self) -> Path | None:
        """What each exam's instructions need, as the last load of these roots found it."""
        return None if self.cache_dir is None else self.cache_dir / "exams.preview"


def _split_env_paths(value: str | None) -> list[Path]:
    if not value:
        return []
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def _checked_bank_options(banks: Sequence[str], base: Path) -> list[Path]:
    """`--banks` values, refused when empty or when the folder holds no exam.

    An empty path would mean the current folder, and `/` or a home folder would be
    walked to the bottom: both are mistakes, so they get a message instead.
    """
    from cert_prep.bank.roots import exam_ids_in, not_a_bank_root
    from cert_prep.errors import UserError

    paths = []
    for value in banks:
        if not value.strip():
            raise UserError("--banks needs a folder; an empty path is refused", exit_code=2)
        path = Path(value).expanduser()
        paths.append(path if path.is_absolute() else base / path)
    known = exam_ids_in([shipped_banks_dir(), *paths])
    for path in paths:
        refused = path.is_dir() and not_a_bank_root(path, known)
        if refused:
            raise UserError(f"--banks {path}: {refused}", exit_code=2)
    return paths


def resolve_locations(
    banks: Sequence[str] | None = None,
    data_dir: str | None = None,
    exports: str | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Locations:
    """Combine command-line options, environment variables and defaults.

    Command-line values win over the environment; `--banks` and CERT_PREP_BANKS both
    add to the shipped root (the shipped root comes first).
    """
    env = os.environ if environ is None else environ
    base = Path.cwd() if cwd is None else cwd

    roots: list[Path] = [shipped_banks_dir()]
    given = _checked_bank_options(banks or [], base)
    extra = _split_env_paths(env.get(ENV_BANKS)) + given
    for root in extra:
        root = root if root.is_absolute() else base / root
        if root.resolve() not in {r.resolve() for r in roots}:
            roots.append(root)

    if data_dir:
        data = Path(data_dir).expanduser()
    elif env.get(ENV_HOME):
        data = Path(env[ENV_HOME]).expanduser()
    else:
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))

    def absolute_data(p: Path) -> Path:
        return p if p.is_absolute() else base / p

    if exports:
        export_dir = Path(exports).expanduser()
    elif env.get(ENV_EXPORTS):
        export_dir = Path(env[ENV_EXPORTS]).expanduser()
    else:
        # Inside the data dir, never the folder cert-prep happens to be started from.
        export_dir = absolute_data(data) / "exports"

    if env.get(ENV_CACHE):
        cache: Path | None = Path(env[ENV_CACHE]).expanduser()
    else:
        import platformdirs

        cache = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))

    def absolute(p: Path) -> Path:
        return p if p.is_absolute() else base / p

    from cert_prep.bank_folders import saved_folders

    missing: list[Path] = []
    for folder in saved_folders(absolute(data)):
        if not folder.is_dir():
            missing.append(folder)
        elif folder.resolve() not in {r.resolve() for r in roots}:
            roots.append(folder)

    return Locations(
        bank_roots=tuple(roots),
        data_dir=absolute(data),
        exports_dir=absolute(export_dir),
        cache_dir=absolute(cache) if cache else None,
        missing_bank_folders=tuple(missing),
    )
