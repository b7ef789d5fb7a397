"""Properties of the computation on random small worlds (hypothesis): every share lies in [0, 100], no
numerator exceeds its denominator, organizations add up to their municipality and municipalities to the
region. Each example runs in a transaction that is rolled back (hypothesis.extra.django.TestCase)."""

import tempfile
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from metodist.lib.dates import add_years
from metodist.monitoring.compute import CampaignComputation
from metodist.monitoring.models import Campaign, IndicatorKind, Level, ResultStatus
from metodist.orgs.models import OrganizationKind
from metodist.people.models import EmploymentKind
from metodist.testing import factories as f

from .builders import ON, PERIOD_START, load_test_catalogue

SUBJECTS = ["mathematics", "physics", "russian"]
SPECIALITIES = ["Математика", "Русский язык и литература"]
POSITIONS = ["teacher", "teacher", "educator", "head", "additional_teacher"]
KINDS = [OrganizationKind.GENERAL, OrganizationKind.PRESCHOOL]

person = st.fixed_dictionaries(
    {
        "birth": st.dates(date(1955, 1, 1), date(2004, 12, 31)),
        "start": st.dates(date(1975, 1, 1), ON),
        "hired": st.dates(date(2000, 1, 1), date(2025, 1, 1)),  # some start after the period: not counted
        "organization": st.integers(0, 3),
        "position": st.sampled_from(POSITIONS),
        "hours": st.integers(0, 36),
        "subjects": st.lists(st.sampled_from(SUBJECTS), max_size=2, unique=True),
        "speciality": st.none() | st.sampled_from(SPECIALITIES),
        "part_time_at": st.none() | st.integers(0, 3),
    }
)
world = st.fixed_dictionaries(
    {
        "municipalities": st.integers(1, 2),
        "kinds": st.lists(
            st.sampled_from([OrganizationKind.GENERAL, OrganizationKind.PRESCHOOL]), min_size=2, max_size=4
        ),  # fmt: skip
        "rates": st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=4, max_size=4),
        "people": st.lists(person, max_size=12),
    }
)


class ComputationProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        with tempfile.TemporaryDirectory() as directory:
            cls.catalogue = load_test_catalogue(Path(directory))

    def build(self, spec) -> Campaign:
        region = f.RegionFactory(name="Случайная область", code="RND")
        municipalities = [f.MunicipalityFactory(region=region) for _ in range(spec["municipalities"])]
        organizations = []
        for index, kind in enumerate(spec["kinds"]):
            organization = f.OrganizationFactory(municipality=municipalities[index % len(municipalities)], kind=kind)
            rates, vacant = spec["rates"][index]
            f.StaffPositionFactory(
                organization=organization, rates=Decimal(rates), vacant_rates=Decimal(min(rates, vacant))
            )
            organizations.append(organization)
        for data in spec["people"]:
            educator = f.EducatorFactory(
                birth_date=data["birth"], ped_work_start=max(data["start"], add_years(data["birth"], 18))
            )
            if data["speciality"]:
                f.EducationFactory(educator=educator, speciality=f.speciality(data["speciality"]))
            home = organizations[data["organization"] % len(organizations)]
            subjects = [f.subject(code) for code in data["subjects"]] if data["position"] == "teacher" else []
            f.EmploymentFactory(
                educator=educator,
                organization=home,
                position=f.position(data["position"]),
                start_date=data["hired"],
                weekly_hours=Decimal(data["hours"]),
                subjects=subjects,
            )
            if data["part_time_at"] is not None:
                f.EmploymentFactory(
                    educator=educator,
                    organization=organizations[data["part_time_at"] % len(organizations)],
                    kind=EmploymentKind.EXTERNAL,
                    rate=Decimal("0.5"),
                    weekly_hours=Decimal(6),
                )
        return Campaign.objects.create(
            catalogue=self.catalogue,
            title="Случайный мир",
            period="2023/24",
            period_start=PERIOD_START,
            period_end=ON,
            region=region,
            deadline=ON,
        )

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(spec=world)
    def test_shares_are_bounded_and_counts_add_up_over_the_territory(self, spec):
        campaign = self.build(spec)

        rows = list(CampaignComputation(campaign).rows())

        org_municipality = dict(campaign.organizations().values_list("pk", "municipality_id"))
        sums = defaultdict(lambda: [Decimal(0), Decimal(0)])
        municipal, regional = {}, {}
        for row in rows:
            if row.numerator is not None and row.denominator is not None:
                assert 0 <= row.numerator <= row.denominator, (row.indicator.code, row.level, row.breakdown)
            if row.status == ResultStatus.OK and row.indicator.kind == IndicatorKind.SHARE:
                assert Decimal(0) <= row.value <= Decimal(100)
            if row.breakdown or row.numerator is None:
                continue
            key = row.indicator.code
            if row.level == Level.ORGANIZATION:
                total = sums[(key, org_municipality[row.organization_id])]
                total[0] += row.numerator
                total[1] += row.denominator
            elif row.level == Level.MUNICIPALITY:
                municipal[(key, row.municipality_id)] = (row.numerator, row.denominator)
            else:
                regional[key] = (row.numerator, row.denominator)
        for (code, municipality_id), (numerator, denominator) in sums.items():
            assert municipal[(code, municipality_id)] == (numerator, denominator), code
        for code, (numerator, denominator) in regional.items():
            parts = [value for (other, _), value in municipal.items() if other == code]
            assert (sum(n for n, _ in parts), sum(d for _, d in parts)) == (numerator, denominator), code
        assert {code for code, _ in sums} >= {"young", "profile", "part_time", "load27", "staffing"}
