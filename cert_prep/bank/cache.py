"""A cache of validated bank files, keyed on each file's content.

A large library is not re-parsed at every start. The cache is a hint, never trusted:
a file whose bytes changed gets a new key; a cache from another version of cert-prep or
of the ICD-10-CM data, or one that fails its checksum, is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

from cert_prep import __version__
from cert_prep.bank.codes import icd10cm_release

_MAGIC = b"CPBANKS1"
_MAX_ENTRIES = 20_000


def content_key(raw: bytes, is_blueprint: bool, codes_checked: bool) -> str:
    kind = "b" if is_blueprint else "q"
    return hashlib.sha256(raw).hexdigest() + kind + ("c" if codes_checked else "")


class BankCache:
    def __init__(self, path: Path | None):
        self.path = path
        self._salt = f"{__version__}|{icd10cm_release()}|{_schema_stamp()}"
        self._old: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        self._used: set[str] = set()
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
            digest, payload = blob[len(_MAGIC): len(_MAGIC) + 32], blob[len(_MAGIC) + 32:]
            if hashlib.sha256(payload).digest() != digest:
                return
            data = marshal.loads(payload)
            if isinstance(data, dict) and data.get("salt") == self._salt:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    self._old = entries
        except (ValueError, EOFError, TypeError):
            self._old = {}

    def get(self, key: str) -> dict | None:
        entry = self._new.get(key) or self._old.get(key)
        if entry is not None:
            self._used.add(key)
        return entry

    def put(self, key: str, entry: dict) -> None:
        self._new[key] = entry
        self._used.add(key)

    def save(self) -> None:
        """Write the cache if anything new was validated; failures only cost speed."""
        if self.path is None or not self._new:
            return
        entries = {k: v for k, v in self._old.items() if k in self._used}
        entries.update(self._new)
        for key in list(self._old)[: max(0, _MAX_ENTRIES - len(entries))]:
            entries.setdefault(key, self._old[key])
        try:
            payload = marshal.dumps({"salt": self._salt, "entries": entries})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".banks-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            pass  # a full disk or read-only cache dir makes the next start slower, nothing more


def _schema_stamp() -> str:
    # Any change to the validation code must invalidate old cache entries.
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("models.py", "validate.py", "yaml_source.py", "codes.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]
