"""The demo logins: one user per role, and what each of them sees.

Demo users are told apart from real ones by their e-mail domain, so `--replace` deletes them and never a real
account that happens to be called «admin».
"""

import random
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db.models import Q

from metodist.accounts.models import Role, ScopeLevel, User
from metodist.orgs.models import Municipality, Organization, Region
from metodist.people.models import HIGHEST_OR_ABOVE, Category, Educator, EmploymentKind

from .catalog import catalog
from .records import YOUNG, Person
from .writer import MunicipalityData

DEMO_PASSWORD = "metodist-demo"
DEMO_EMAIL_DOMAIN = "demo.metodist.invalid"
# (username, role): the order of the table demo_logins prints.
DEMO_LOGINS = (
    ("admin", Role.ADMIN),
    ("region", Role.REGIONAL_OPERATOR),
    ("coordinator", Role.COORDINATOR),
    ("methodist", Role.METHODOLOGIST),
    ("school", Role.ORG_ADMIN),
    ("assoc", Role.ASSOCIATION_HEAD),
    ("tutor", Role.TUTOR),
    ("mentor", Role.MENTOR),
    ("teacher", Role.EDUCATOR),
)


def demo_users_q() -> Q:
    return Q(username__in=[username for username, _ in DEMO_LOGINS], email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def create_demo_users(region: Region, demo: MunicipalityData, on: date, seed: int) -> list[str]:
    """Creates the demo logins; returns warnings about usernames that belong to real accounts and were skipped."""
    school = next(org for org in demo.orgs if org.kind == "general")
    educators = _linked_educators([p for p in demo.people if p.slot.org is school], on)
    rng = random.Random(f"{seed}:users")
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    warnings = []
    for username, role in DEMO_LOGINS:
        existing = User.objects.filter(username=username).first()
        if existing and not existing.email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):
            warnings.append(f"Пользователь «{username}» уже есть и не демонстрационный — не изменён.")
            continue
        user = existing or User(username=username)
        person = educators.get(username)
        user.first_name, user.last_name = _names(person, rng)
        user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
        user.password = password
        user.role = role
        user.is_superuser = user.is_staff = role == Role.ADMIN
        user.region = region if role == Role.REGIONAL_OPERATOR else None
        user.municipality = demo.model if role in (Role.COORDINATOR, Role.METHODOLOGIST) else None
        user.educator_id = person.pk if person else None
        user.save()
        user.organizations.set([school.pk] if role == Role.ORG_ADMIN else [])
    return warnings


def _linked_educators(people: list[Person], on: date) -> dict[str, Person]:
    """Educators of the first school behind the self-scoped logins: experienced ones, and the young teacher."""
    chosen = {"teacher": next(p for p in people if p.featured)}
    experienced = sorted(
        (p for p in people if p.band != YOUNG and not p.slot.is_manager),
        key=lambda p: (p.category not in HIGHEST_OR_ABOVE, p.category == Category.NONE, -p.experience(on)),
    )

    def first(*tests) -> Person:
        taken = set(map(id, chosen.values()))
        candidates = [p for p in experienced if id(p) not in taken]
        return next((p for test in tests for p in candidates if test(p)), candidates[0])

    chosen["mentor"] = first(lambda p: p.is_teacher and p.slot.profile.code == "mathematics", lambda p: p.is_teacher)
    chosen["assoc"] = first(lambda p: p.is_teacher and p.slot.profile.code == "russian", lambda p: p.is_teacher)
    chosen["tutor"] = first(lambda p: p.slot.position == "tutor", lambda p: p.slot.position == "psychologist")
    return chosen


def _names(person: Person | None, rng: random.Random) -> tuple[str, str]:
    if person:
        return person.first_name, person.last_name
    names = catalog().names
    return rng.choice(names.female), rng.choice(names.surnames)[1]


def demo_users() -> list[User]:
    """The demo logins that exist, in the order of DEMO_LOGINS."""
    found = {u.username: u for u in User.objects.filter(demo_users_q()).select_related("region", "municipality")}
    return [found[username] for username, _ in DEMO_LOGINS if username in found]


def thousands(number: int) -> str:
    """12 345: thousands separated by a space, as Russian texts write them."""
    return f"{number:,}".replace(",", " ")


def educators_count(number: int) -> str:
    """«1 педагог», «2 педагога», «5 педагогов»: the noun agrees with the number, as Russian requires."""
    if number % 10 == 1 and number % 100 != 11:
        word = "педагог"
    elif number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        word = "педагога"
    else:
        word = "педагогов"
    return f"{thousands(number)} {word}"


def describe_scope(user: User) -> str:
    """What `user` sees, in words and counts, for the table of demo logins."""
    level = user.scope_level
    organizations = Organization.objects.in_scope(user)
    educators = educators_count(Educator.objects.in_scope(user).count())
    orgs = f"{thousands(organizations.count())} ОО"
    if level == ScopeLevel.ALL:
        return f"все данные ({orgs}, {educators}), справочники, администрирование"
    if level == ScopeLevel.REGION:
        municipalities = Municipality.objects.in_scope(user).count()
        return f"регион «{user.region}»: {municipalities} МО, {orgs}, {educators}"
    if level == ScopeLevel.MUNICIPALITY:
        return f"«{user.municipality}»: {orgs}, {educators}"
    if level == ScopeLevel.ORGANIZATIONS:
        return f"{', '.join(o.short_name for o in organizations)}: {educators}"
    if user.educator_id is None:
        return "ничего: пользователь не связан с педагогом"
    educator = user.educator
    job = (
        educator.employments.filter(kind=EmploymentKind.MAIN)
        .select_related("position", "organization")
        .prefetch_related("subjects")
        .first()
    )
    where = ""
    if job:
        subjects = ", ".join(s.name.lower() for s in job.subjects.all())
        where = f", {job.position.name.lower()}{f' ({subjects})' if subjects else ''}, {job.organization}"
    return f"только свои данные: {educator.full_name}{where}"


def login_table(users: list[User]) -> list[str]:
    """Lines of a plain-text table: login, role, what the login sees."""
    rows = [("Логин", "Роль", "Что видит")]
    rows += [(u.username, u.get_role_display(), describe_scope(u)) for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}" for row in rows]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return lines
