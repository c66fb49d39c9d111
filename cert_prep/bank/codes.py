"""Checks of the codes an item relies on.

simple-icd-10-cm costs ~2.5 s and ~190 MB to import, so it is imported only when an
ICD-10-CM code actually has to be checked (and the results are cached with the bank).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cert_prep.bank.cache import icd10cm_release
from cert_prep.bank.models import normalize_code

# ICD-10-PCS: 7 characters, digits and letters except I and O.
_PCS = re.compile(r"^[0-9A-HJ-NP-Z]{7}$")
# CPT Category I (5 digits), II (4 digits + F), III (4 digits + T), PLA (4 digits + U),
# optionally followed by modifiers such as -RT or -59.
_CPT = re.compile(r"^\d{4}[0-9FTU](-[0-9A-Z]{2})*$")
_HCPCS = re.compile(r"^[A-V]\d{4}(-[0-9A-Z]{2})*$")
_ICD10CM_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z]([0-9A-Z]{1,4})?$")


@cache
def _icd10cm() -> Any:
    import simple_icd_10_cm  # lazy: seconds to import

    return simple_icd_10_cm


def check_icd10cm(code: str) -> tuple[str, str] | None:
    """None when `code` is a billable ICD-10-CM code, else (problem code, message)."""
    norm = normalize_code(code)
    if not _ICD10CM_SHAPE.match(norm):
        return (
            "icd10cm-unknown",
            f"`{code}` is not shaped like an ICD-10-CM code (letter, digit, then 1-5 more)",
        )
    cm = _icd10cm()
    if not cm.is_valid_item(norm):
        return (
            "icd10cm-unknown",
            f"`{code}` is not in the ICD-10-CM release cert-prep ships ({icd10cm_release()})",
        )
    if not cm.is_leaf(norm):
        children = cm.get_children(norm)[:3]
        shown = ", ".join(cm.add_dot(c) for c in children)
        hint = f"; it has subcodes such as {shown}" if children else ""
        return ("icd10cm-not-billable", f"`{code}` is a category, not a billable code{hint}")
    return None


def icd10cm_title(code: str) -> str | None:
    """The official title of an ICD-10-CM code or category, None when there is none."""
    norm = normalize_code(code)
    if not _ICD10CM_SHAPE.match(norm):
        return None
    cm = _icd10cm()
    return cm.get_description(norm) if cm.is_valid_item(norm) else None


def check_code_shape(system: str, code: str) -> tuple[str, str] | None:
    """Shape checks for the code sets we have no tables for."""
    norm = normalize_code(code)
    if system == "icd-10-pcs" and not _PCS.match(norm):
        return (
            "pcs-invalid",
            f"`{code}` is not a valid ICD-10-PCS code: it needs exactly 7 characters, "
            "digits and letters other than I and O",
        )
    if system == "cpt" and not _CPT.match(norm):
        return (
            "code-format",
            f"`{code}` is not shaped like a CPT code (5 characters: 4 digits and a digit, "
            "F, T or U; modifiers as -XX)",
        )
    if system == "hcpcs" and not _HCPCS.match(norm):
        return (
            "code-format",
            f"`{code}` is not shaped like a HCPCS Level II code (a letter A-V and 4 digits)",
        )
    return None
