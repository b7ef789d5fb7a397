"""Demo data of the module (called by metodist/demo/growth.py SEEDERS; rerun-safe): seed 003's template loaded
into «Городской округ Энск», with invented official contacts of its information and methodological centre, heads
from the registry (the demo coordinator's or methodist's educator when they have one, otherwise managerial staff
of the municipality), the associations body linked to the ГМК, the communities body to the network community, the
specialists body listing the municipality's tutors and the pairs of СОШ № 1 drawn from its mentorships.

A body already given contacts is left as it is, so a rerun changes nothing.
"""

from datetime import date

from django.db import transaction

from . import actions
from .models import SystemBody

DEMO_MUNICIPALITY = "Городской округ Энск"
SCHOOL = "МБОУ СОШ № 1"
SERVICE = "Информационно-методический центр управления образования г. Энска (ИМЦ)"
ADDRESS = "г. Энск, ул. Ленина, д. 12"
# template key → official contacts (invented: a fictional city's numbers and addresses)
CONTACTS = {
    "service": {
        "name": SERVICE, "head_title": "директор ИМЦ управления образования г. Энска",
        "phone": "+7 (4852) 45-12-30", "email": "imc@uo-ensk.ru", "address": ADDRESS,
        "website": "https://imc.uo-ensk.ru",
    },
    "councils-associations": {
        "head_title": "председатель Городского методического совета", "phone": "+7 (4852) 45-12-31",
        "email": "gmk@uo-ensk.ru", "address": f"{ADDRESS}, каб. 14",
    },
    "sites": {
        "head_title": "заместитель директора ИМЦ по инновационной деятельности", "phone": "+7 (4852) 45-12-33",
        "email": "innov@uo-ensk.ru",
    },
    "communities": {
        "head_title": "руководитель сетевого сообщества «Цифровая школа»", "email": "set@uo-ensk.ru",
        "website": "https://imc.uo-ensk.ru/soobshchestva",
    },
    "specialists": {
        "head_title": "заведующий отделом методического сопровождения ИМЦ", "phone": "+7 (4852) 45-12-35",
        "email": "tutor@uo-ensk.ru", "address": f"{ADDRESS}, каб. 9",
    },
    "leaders": {"head_title": "методист ИМЦ по конкурсному движению", "phone": "+7 (4852) 45-12-36"},
    "org-council": {
        "name": f"Методический совет {SCHOOL}", "head_title": f"заместитель директора по УВР {SCHOOL}",
        "phone": "+7 (4852) 31-05-17", "email": "school1@uo-ensk.ru",
    },
    "pairs": {"name": f"«Пары» педагогов {SCHOOL}", "head_title": f"руководитель ШМО {SCHOOL}"},
}  # fmt: skip
PAIRS = 4  # mentorships of the school drawn as its pairs


def seed(*, today: date, progress) -> list[str]:
    from metodist.orgs.models import Municipality

    place = Municipality.objects.filter(name=DEMO_MUNICIPALITY).first()
    if place is None:
        return ["Структура системы: нет муниципалитета «Городской округ Энск» — пропущено."]
    with transaction.atomic():
        created, kept = actions.load_template(place)
        bodies = {body.template_key: body for body in SystemBody.objects.filter(municipality=place)}
        filled = [body for key, body in bodies.items() if key in CONTACTS and not body.head_title]
        if filled:
            _fill(place, bodies, {body.template_key for body in filled}, today)
    progress(f"Структура системы: создано {created}, было {kept}, заполнено {len(filled)}")
    return [f"Структура системы {place}: субъектов {len(bodies)} (новых {created}), с контактами {len(filled)}."]


def _fill(place, bodies: dict[str, SystemBody], keys: set[str], today: date) -> None:
    from metodist.accounts.models import User
    from metodist.community.models import Association, AssociationKind
    from metodist.mentoring.models import Mentorship
    from metodist.orgs.models import Organization
    from metodist.people.models import Educator, Position

    organizations = Organization.objects.filter(municipality=place)
    school = organizations.filter(short_name=SCHOOL).first()
    managers = Educator.objects.working_in(organizations, today).order_by("pk")
    own = list(
        User.objects.filter(username__in=["coordinator", "methodist"], educator__isnull=False).values_list(
            "educator_id", flat=True
        )
    )
    heads = list(managers.with_position(Position.objects.get(code="head"), today).values_list("pk", flat=True)[:4])
    deputies = Educator.objects.with_position(Position.objects.get(code="deputy_head"), today).order_by("pk")
    associations = Association.objects.filter(municipality=place)
    council = associations.filter(kind=AssociationKind.CITY_COUNCIL).first()
    network = associations.filter(kind=AssociationKind.NETWORK).first()
    links = {
        "service": {"head_id": (own or heads or [None])[0]},
        "councils-associations": {"association": council, "head_id": council.head_id if council else None},
        "communities": {"association": network, "head_id": network.head_id if network else None},
        "sites": {"head_id": heads[1] if len(heads) > 1 else None},
        "org-council": {
            "organization": school,
            "head_id": deputies.working_in([school], today).values_list("pk", flat=True).first() if school else None,
        },
        "pairs": {"organization": school},
    }
    for key in keys:
        body = bodies[key]
        for field, value in {**CONTACTS[key], **links.get(key, {})}.items():
            setattr(body, field, value)
        body.save()
    if "specialists" in keys:
        tutors = User.objects.filter(role="tutor", educator__employments__organization__municipality=place)
        bodies["specialists"].members.set(set(tutors.values_list("educator_id", flat=True)))
    if "pairs" in keys and school is not None:
        pairs = Mentorship.objects.filter(municipality=place, mentor__employments__organization=school).distinct()
        members = set()
        for mentorship in pairs.order_by("pk").prefetch_related("mentees")[:PAIRS]:
            members |= {mentorship.mentor_id, *(mentee.pk for mentee in mentorship.mentees.all())}
        bodies["pairs"].members.set(members)


def clear() -> None:
    """Deletes the module's data before seed_demo --replace deletes the registry it points to."""
    SystemBody.objects.all().delete()
