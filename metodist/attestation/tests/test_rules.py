"""The rules of order № 196 as the module applies them; every date computed by hand."""

from datetime import date

import pytest

from metodist.attestation.models import Attestation, Decision, Kind
from metodist.attestation.rules import szd_due

D = date


@pytest.mark.parametrize(
    ("kind", "decision", "decided_on", "valid_until"),
    [
        (Kind.FIRST, Decision.AWARDED, D(2023, 8, 31), D(2028, 8, 31)),  # the last day of the old order: 5 years
        (Kind.FIRST, Decision.AWARDED, D(2023, 9, 1), None),  # order № 196 in force: no term
        (Kind.HIGHEST, Decision.AWARDED, D(2020, 2, 29), D(2025, 2, 28)),  # 29 February falls back to the 28th
        (Kind.HIGHEST, Decision.AWARDED, D(2024, 4, 10), None),
        (Kind.SZD, Decision.AWARDED, D(2024, 1, 10), D(2029, 1, 10)),  # СЗД: every 5 years, also after 01.09.2023
        (Kind.METHODIST, Decision.AWARDED, D(2024, 3, 1), None),
        (Kind.MENTOR, Decision.AWARDED, D(2025, 1, 9), None),
        (Kind.HIGHEST, Decision.REFUSED, D(2021, 5, 5), None),  # a refusal has no term
    ],
)
def test_the_term_of_an_award_follows_the_registry_rule(kind, decision, decided_on, valid_until):
    record = Attestation(kind=kind, decision=decision, decided_on=decided_on)

    assert record.derive_valid_until() == valid_until


TODAY = D(2025, 1, 15)


@pytest.mark.parametrize(
    ("case", "start", "last_szd", "category", "awarded", "expires", "due"),
    [
        ("never attested: two years after starting", D(2020, 9, 1), None, "none", None, None, D(2022, 9, 1)),
        ("new in the position: not before two years", D(2024, 3, 1), None, "none", None, None, D(2026, 3, 1)),
        ("five years after the last confirmation", D(2010, 9, 1), D(2021, 2, 10), "none", None, None, D(2026, 2, 10)),
        ("the later of two years in the position and five after the last", D(2024, 9, 2), D(2023, 1, 1), "none", None,
         None, D(2028, 1, 1)),
        ("an old-term first category: due the day after it ends", D(2010, 9, 1), None, "first", D(2021, 5, 20),
         D(2026, 5, 20), D(2026, 5, 21)),
        ("an expired category: due from the day after it ended", D(2010, 9, 1), None, "first", D(2019, 6, 30),
         D(2024, 6, 30), D(2024, 7, 1)),
        ("a category without a term: never due", D(2010, 9, 1), D(2019, 1, 1), "highest", D(2024, 1, 10), None, None),
        ("педагог-методист: never due", D(2010, 9, 1), None, "methodist", D(2024, 2, 1), None, None),
        ("an SZD is no category: its own term counts", D(2010, 9, 1), D(2019, 12, 1), "szd", D(2019, 12, 1),
         D(2024, 12, 1), D(2024, 12, 1)),
    ],
)  # fmt: skip
def test_szd_falls_due_by_order_196(case, start, last_szd, category, awarded, expires, due):
    assert (
        szd_due(
            on=TODAY,
            position_start=start,
            last_szd=last_szd,
            category=category,
            category_awarded_on=awarded,
            category_expires_on=expires,
        )
        == due
    ), case
