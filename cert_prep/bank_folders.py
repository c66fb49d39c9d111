"""Extra bank folders a student keeps (`cert-prep banks add DIR`), remembered in a small
JSON file in the data dir so an instructor's bank is one command away, not `--banks` on
every call. A folder that has gone away is reported, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

SETTINGS_NAME = "bank-folders.json"


def settings_file(data_dir: Path) -> Path:
    return data_dir / SETTINGS_NAME


def saved_folders(data_dir: Path) -> list[Path]:
    """The folders added with `banks add`, in the order added (unreadable file: none)."""
    try:
        data = json.loads(settings_file(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    folders = data.get("bank_folders") if isinstance(data, dict) else None
    if not isinstance(folders, list):
        return []
    return [Path(f) for f in folders if isinstance(f, str) and f.strip()]


def save_folders(data_dir: Path, folders: list[Path]) -> None:
    from cert_prep.files import write_atomic

    data_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"bank_folders": [str(f) for f in folders]}, indent=1) + "\n"
    write_atomic(settings_file(data_dir), text, "settings file")
