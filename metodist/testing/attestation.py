"""Builders of attestation records for tests: saved directly (no rules checked), the term derived as the
module derives it."""

from datetime import date

from metodist.attestation.models import Attestation, Decision


def attestation(
    educator,
    kind: str,
    decided_on: date,
    *,
    organization,
    decision: str = Decision.AWARDED,
    position=None,
    applied_on: date | None = None,
    replaces: Attestation | None = None,
) -> Attestation:
    from metodist.testing.factories import position as position_by_code

    record = Attestation(
        educator=educator,
        kind=kind,
        decided_on=decided_on,
        decision=decision,
        organization=organization,
        position=position or position_by_code("teacher"),
        applied_on=applied_on,
        replaces=replaces,
        region_id=organization.municipality.region_id,
    )
    record.valid_until = record.derive_valid_until()
    record.save()
    return record
