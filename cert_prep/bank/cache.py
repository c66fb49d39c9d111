"""A cache of validated bank files, keyed on each file's content.

A large library is not re-parsed at every start. The cache is a hint, never trusted:
a file whose bytes changed gets a new key; a cache from another version of cert-prep or
of the ICD-10-CM data, or one that fails its checksum, is ignored and rebuilt.

To skip even reading and hashing unchanged files, the cache also remembers each file's
size and modification time with its key, as git's index does. A stat is remembered only
once the file is at least two seconds older than the cache write, so an edit that keeps
the size within the file system's timestamp resolution is still noticed.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from cert_prep import __version__

_MAGIC = b"CPBANKS3"
_MAX_ENTRIES = 20_000
_STAT_SETTLE_NS = 2_000_000_000


def content_key(raw: bytes, is_blueprint: bool, codes_checked: bool) -> str:
    import hashlib  # only on a cache miss: a warm start never hashes a file

    kind = "b" if is_blueprint else "q"
    return hashlib.sha256(raw).hexdigest() + kind + ("c" if codes_checked else "")


class BankCache:
    def __init__(self, path: Path | None):
        self.path = path
        self._salt = f"{__version__}|{icd10cm_release()}|{_schema_stamp()}"
        self._old: dict[str, dict[str, Any]] = {}
        self._new: dict[str, dict[str, Any]] = {}
        self._used: set[str] = set()
        self._old_stats: dict[str, list[Any]] = {}
        self._stats: dict[str, list[Any]] = {}
        self._load()

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            blob = self.path.read_bytes()
        except OSError:
            return
        try:
            if not blob.startswith(_MAGIC):
                return
            # A checksum against corruption (a torn write, a bad disk), not against tampering:
            # the cache lives in the user's own folder.
            checksum, payload = blob[len(_MAGIC) : len(_MAGIC) + 4], blob[len(_MAGIC) + 4 :]
            if zlib.crc32(payload).to_bytes(4, "big") != checksum:
                return
            data = marshal.loads(payload)
            if isinstance(data, dict) and data.get("salt") == self._salt:
                entries, stats = data.get("entries"), data.get("stats")
                if isinstance(entries, dict) and isinstance(stats, dict):
                    self._old = {k: v for k, v in entries.items() if isinstance(k, str)}
                    self._old_stats = {p: s for p, s in stats.items() if _stat_fits(p, s)}
        except (ValueError, EOFError, TypeError):
            self._old, self._old_stats = {}, {}

    def key_by_stat(self, path: Path, stat: os.stat_result) -> str | None:
        """The content key remembered for `path`, if its size and mtime are unchanged."""
        known = self._old_stats.get(str(path))
        if (
            known
            and known[0] == stat.st_size
            and known[1] == stat.st_mtime_ns
            and (known[2] in self._old or known[2] in self._new)
        ):
            self._stats[str(path)] = known
            digest: str = known[2]
            return digest
        return None

    def remember_stat(self, path: Path, stat: os.stat_result, key: str) -> None:
        if time.time_ns() - stat.st_mtime_ns > _STAT_SETTLE_NS:
            self._stats[str(path)] = [stat.st_size, stat.st_mtime_ns, key]

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self._new.get(key)
        if entry is None:
            entry = self._old.get(key)
            if entry is not None and not entry_fits(entry):
                del self._old[key]  # a wrong shape is rebuilt, never trusted
                entry = None
        if entry is not None:
            self._used.add(key)
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        self._new[key] = entry
        self._used.add(key)

    def save(self) -> None:
        """Write the cache if anything new was validated; failures only cost speed."""
        if self.path is None:
            return
        stats = {**self._old_stats, **self._stats}
        if not self._new and stats == self._old_stats:
            return
        entries = dict(self._new)  # newest first: old entries are evicted from the end
        entries.update((k, v) for k, v in self._old.items() if k in self._used)
        entries = keep_within_budget(entries, self._old)
        stats = {p: s for p, s in stats.items() if s[2] in entries}
        try:
            payload = marshal.dumps({"salt": self._salt, "entries": entries, "stats": stats})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".banks-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            pass  # a full disk or read-only cache dir makes the next start slower, nothing more


# ---- the cache's shape and size: never trusted, never unbounded ---------------------------

# An entry's top-level fields and their types, as `loader._CachedResult` reads them.
_ENTRY_TYPES: dict[str, type | tuple[type, ...]] = {
    "kind": str,
    "problems": list,
    "blueprint": (dict, type(None)),
    "header": (dict, type(None)),
    "cases": list,
    "domain_lines": dict,
    "index": list,
    "blobs": list,
}
_PROBLEM_TYPES = {"line": int, "column": int, "severity": str, "code": str, "message": str}
_BLUEPRINT_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "name": str,
    "certification": str,
    "provider": str,
    "time_limit_minutes": int,
    "pass_percent": (int, float),
    "domains": list,
}
_DOMAIN_TYPES = {"id": str, "name": str, "count": int}
_HEADER_TYPES: dict[str, type | tuple[type, ...]] = {
    "exam": str,
    "domain": (str, type(None)),
    "code_year": int,
}
# The cache keeps entries of files no longer read up to this many times the bytes of the
# entries in use (200 edits of one file must not grow it without end).
_BUDGET_FACTOR = 2
# Loading one small root (a lint of a course's own folder) keeps the other roots' entries
# up to this much, instead of evicting the shipped banks and revalidating them next start.
_MIN_SPARE_BYTES = 16 * 1024 * 1024


def _typed(data: object, types: dict[str, Any], exact: bool = False) -> bool:
    if not isinstance(data, dict) or (exact and set(data) != set(types)):
        return False
    return all(
        isinstance(data.get(k), t) and not (t is int and isinstance(data.get(k), bool))
        for k, t in types.items()
    )


def _stat_fits(path: object, stat: object) -> bool:
    return (
        isinstance(path, str)
        and isinstance(stat, list)
        and len(stat) == 3
        and isinstance(stat[0], int)
        and isinstance(stat[1], int)
        and isinstance(stat[2], str)
    )


def blueprint_fits(blueprint: object) -> bool:
    """Whether cached blueprint data has the fields `loader.CachedBlueprint` reads."""
    return bool(
        _typed(blueprint, _BLUEPRINT_TYPES)
        and isinstance(blueprint, dict)
        and blueprint["domains"]
        and all(_typed(d, _DOMAIN_TYPES) for d in blueprint["domains"])
    )


def entry_fits(entry: object) -> bool:
    """Whether a cache entry has the shape the loader reads; one that passed the checksum
    but does not fit (another version's layout, an edit) is rebuilt instead of used."""
    if not isinstance(entry, dict):
        return False
    present = {k: t for k, t in _ENTRY_TYPES.items() if k in entry or k not in ("index", "blobs")}
    if not _typed(entry, present):
        return False
    if not all(_typed(p, _PROBLEM_TYPES, exact=True) for p in entry["problems"]):
        return False
    blueprint, header = entry["blueprint"], entry["header"]
    if blueprint is not None and not blueprint_fits(blueprint):
        return False
    if header is not None and not _typed(header, _HEADER_TYPES):
        return False
    if not all(isinstance(c, dict) and isinstance(c.get("id"), str) for c in entry["cases"]):
        return False
    if not all(isinstance(k, str) and isinstance(v, int) for k, v in entry["domain_lines"].items()):
        return False
    index, blobs = entry.get("index", []), entry.get("blobs", [])
    if len(index) != len(blobs) or not all(isinstance(b, bytes) for b in blobs):
        return False
    return all(
        isinstance(row, list)
        and len(row) == 5
        and isinstance(row[0], str)
        and isinstance(row[1], (str, type(None)))
        and isinstance(row[2], (str, type(None)))
        and isinstance(row[3], int)
        and isinstance(row[4], str)
        for row in index
    )


def _entry_bytes(entry: dict[str, Any]) -> int:
    try:
        return len(marshal.dumps(entry))
    except ValueError:
        return 0


def keep_within_budget(
    live: dict[str, dict[str, Any]], old: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """`live` plus the most recent `old` entries while the old ones kept stay within
    (_BUDGET_FACTOR - 1) times the live entries' bytes, or _MIN_SPARE_BYTES if more (and
    _MAX_ENTRIES entries in all)."""
    spare = max(
        _MIN_SPARE_BYTES, (_BUDGET_FACTOR - 1) * sum(_entry_bytes(e) for e in live.values())
    )
    used = 0
    kept = dict(live)
    for key, entry in old.items():
        if key in kept:
            continue
        if len(kept) >= _MAX_ENTRIES:
            break
        size = _entry_bytes(entry)
        if used + size > spare:
            continue  # past the budget: evicted
        kept[key] = entry
        used += size
    return kept


def icd10cm_release() -> str:
    """Which ICD-10-CM data is installed: lint results depend on it.

    The names of simple-icd-10-cm's data files carry the release (`code-list-April-2026.txt`)
    and cost a directory listing; `importlib.metadata` would add ~40 ms to every start.
    """
    from importlib.util import find_spec

    spec = find_spec("simple_icd_10_cm")
    if spec is None or not spec.origin:  # pragma: no cover - a broken install
        return "missing"
    data = Path(spec.origin).parent / "data"
    try:
        return ",".join(sorted(n for n in os.listdir(data) if not n.startswith("_")))
    except OSError:  # pragma: no cover - a different package layout
        return Path(spec.origin).parent.name


def _schema_stamp() -> str:
    # Any change to the validation code must invalidate old cache entries: an edit changes
    # a file's size or time (reading and hashing them cost every start about a millisecond).
    here = Path(__file__).resolve().parent
    parts = []
    for name in ("models.py", "validate.py", "yaml_source.py", "codes.py", "../safe_text.py"):
        try:
            stat = (here / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(name)
    return f"{zlib.crc32('|'.join(parts).encode()):08x}"
