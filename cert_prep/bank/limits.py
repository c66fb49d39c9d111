"""Limits on what a bank file may be, shared by the reader and the loader (which checks
the size before reading, without importing the YAML reader)."""

MAX_FILE_BYTES = 2 * 1024 * 1024
