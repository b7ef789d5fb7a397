"""The demo seeder on the test cast: associations with dated members, the demo head's two, a plan, meetings
with attendees; rerun-safe; clear() deletes what it made."""

from datetime import date

from django.db.models import F

from metodist.accounts.models import Role
from metodist.community import demo
from metodist.community.models import Association, AssociationKind, AssociationMeeting, Membership
from metodist.people.models import Category
from metodist.testing import factories as f


def test_the_demo_seeds_the_home_municipality_and_clears(cast):
    f.UserFactory(username="methodist", role=Role.METHODOLOGIST, municipality=cast.municipality)
    for number in range(20):  # teachers of Russian in school 1 (four of the highest category: mentors' club)
        educator = f.EducatorFactory(category=Category.HIGHEST if number < 4 else Category.NONE)
        f.EmploymentFactory(educator=educator, organization=cast.school1, subjects=[f.subject("russian")])
    head = f.EducatorFactory(last_name="Руководитель")
    f.EmploymentFactory(educator=head, organization=cast.school1, subjects=[f.subject("russian")])
    assoc = f.UserFactory(username="assoc", role=Role.ASSOCIATION_HEAD, educator=head)

    lines = demo.seed(today=date(2025, 1, 15), progress=lambda line: None)
    again = demo.seed(today=date(2025, 1, 15), progress=lambda line: None)

    assert lines[0].startswith("Объединения:") and again == ["Объединения: уже есть — пропущено."]
    home = Association.objects.filter(municipality=cast.municipality)
    assert home.filter(kind=AssociationKind.YOUNG).exists() and home.filter(kind=AssociationKind.MENTORS).exists()
    assert Association.objects.filter(kind=AssociationKind.REGIONAL_YOUNG, municipality__isnull=True).exists()
    headed = Association.objects.filter(head_user=assoc)
    assert headed.count() == 2
    current = Membership.objects.current(date(2025, 1, 15)).filter(educator=head, association__in=headed)
    assert current.count() == 2
    assert AssociationMeeting.objects.filter(association__municipality=cast.municipality).exists()
    assert not Membership.objects.filter(left_on__lt=F("joined_on")).exists()

    demo.clear()

    assert not Association.objects.exists() and not Membership.objects.exists()
