"""The name a domain id is shown by, everywhere a domain is named (question headers,
per-domain scores, reports): the blueprint's name, or for the lookup track, which lives
outside every blueprint, its own name ("ICD-10-CM lookup"), never the bare id."""

from __future__ import annotations

from cert_prep.bank.models import Blueprint
from cert_prep.book.lookup import LOOKUP_DOMAIN, LOOKUP_DOMAIN_NAME


def domain_name(blueprint: Blueprint, domain_id: str) -> str:
    domain = blueprint.domain(domain_id)
    if domain is not None:
        return domain.name
    if domain_id == LOOKUP_DOMAIN:
        return LOOKUP_DOMAIN_NAME
    return domain_id  # a domain dropped from the blueprint since: its id is all there is
