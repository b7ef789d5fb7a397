"""What the routes module gives an attestation portfolio (contract with metodist.attestation)."""


def completed_routes(educator) -> list[dict]:
    """Completed routes of `educator` as portfolio lines: {"title", "date", "detail"}, newest first."""
    return []
