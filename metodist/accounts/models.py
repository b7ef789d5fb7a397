"""Users, their roles and the scope of records each role may see.

Scope is decided here once (`User.scope_level`) and applied by the `in_scope(user)` QuerySet methods of
every model that holds personal or organizational data, so no view can forget it.
"""

import hashlib
import secrets

from django.apps import apps
from django.contrib.auth.models import AbstractUser
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор системы"  # everything, including reference data
    REGIONAL_OPERATOR = "regional_operator", "Региональный оператор"  # the whole region
    COORDINATOR = "coordinator", "Муниципальный координатор (УО / ММС)"  # the whole municipality
    METHODOLOGIST = "methodologist", "Методист муниципальной методической службы"  # the municipality
    ORG_ADMIN = "org_admin", "Администратор образовательной организации"  # their organizations
    ASSOCIATION_HEAD = (
        "association_head",
        "Руководитель методического объединения",
    )  # themself in the registry; the associations it heads (community.Association.head_user)
    TUTOR = "tutor", "Тьютор"  # themself in the registry; the routes it accompanies (routes)
    MENTOR = "mentor", "Наставник"  # themself in the registry; its mentorships (mentoring)
    EDUCATOR = "educator", "Педагог"  # themself only


class ScopeLevel(models.TextChoices):
    ALL = "all", "Все данные"
    REGION = "region", "Регион"
    MUNICIPALITY = "municipality", "Муниципалитет"
    ORGANIZATIONS = "organizations", "Свои организации"
    SELF = "self", "Только свои данные"


ROLE_SCOPE = {
    Role.ADMIN: ScopeLevel.ALL,
    Role.REGIONAL_OPERATOR: ScopeLevel.REGION,
    Role.COORDINATOR: ScopeLevel.MUNICIPALITY,
    Role.METHODOLOGIST: ScopeLevel.MUNICIPALITY,
    Role.ORG_ADMIN: ScopeLevel.ORGANIZATIONS,
    Role.ASSOCIATION_HEAD: ScopeLevel.SELF,
    Role.TUTOR: ScopeLevel.SELF,
    Role.MENTOR: ScopeLevel.SELF,
    Role.EDUCATOR: ScopeLevel.SELF,
}

# Roles that may create and edit registry records (within their scope).
EDITOR_ROLES = {Role.ADMIN, Role.REGIONAL_OPERATOR, Role.COORDINATOR, Role.METHODOLOGIST, Role.ORG_ADMIN}


class User(AbstractUser):
    role = models.CharField("роль", max_length=32, choices=Role.choices, default=Role.EDUCATOR)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", null=True, blank=True, on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципалитет", null=True, blank=True, on_delete=models.PROTECT
    )
    organizations = models.ManyToManyField(
        "orgs.Organization", verbose_name="организации", blank=True, related_name="administrators"
    )
    educator = models.OneToOneField(
        "people.Educator",
        verbose_name="педагог",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    @property
    def scope_level(self) -> str:
        if self.is_superuser:
            return ScopeLevel.ALL
        return ROLE_SCOPE[Role(self.role)]

    @property
    def sees_organizations(self) -> bool:
        """Works with organizations' data (monitoring, cards), not only with one's own record."""
        return self.scope_level != ScopeLevel.SELF

    @property
    def is_system_admin(self) -> bool:
        """The administrator of the system: reads the audit trail."""
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def can_edit_registry(self) -> bool:
        return self.is_superuser or self.role in EDITOR_ROLES

    def scope_name(self) -> str:
        """The territory this user's data are of, as an export's title block names it."""
        level = self.scope_level
        if level == ScopeLevel.ALL:
            return "все муниципальные образования"
        if level == ScopeLevel.REGION:
            return str(self.region or "регион не указан")
        if level == ScopeLevel.MUNICIPALITY:
            return str(self.municipality or "муниципалитет не указан")
        if level == ScopeLevel.ORGANIZATIONS:
            organizations = self.organizations.select_related("municipality").order_by("sort_name")
            return "; ".join(f"{org.municipality}, {org}" for org in organizations) or "организации не указаны"
        return "собственные данные"

    def organization_q(self, path: str = "") -> Q:
        """A filter on an Organization reached through `path` (e.g. 'organization__') within this user's scope.

        For the self level it is the organizations where the user's educator works.
        """
        level = self.scope_level
        if level == ScopeLevel.ALL:
            return Q()
        if level == ScopeLevel.REGION:
            return Q(**{f"{path}region_id": self.region_id}) if self.region_id else _nothing()
        if level == ScopeLevel.MUNICIPALITY:
            return Q(**{f"{path}municipality_id": self.municipality_id}) if self.municipality_id else _nothing()
        if level == ScopeLevel.ORGANIZATIONS:
            return Q(**{f"{path}pk__in": self.organizations.values("pk")})
        if self.educator_id:
            employment = apps.get_model("people", "Employment")
            own = employment.objects.filter(educator_id=self.educator_id).values("organization_id")
            return Q(**{f"{path}pk__in": own})
        return _nothing()


def _nothing() -> Q:
    return Q(pk__in=[])


class ApiTokenQuerySet(models.QuerySet):
    def matching(self, raw: str):
        return self.filter(key_hash=ApiToken.hash(raw), user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the raw value is shown once at creation."""

    user = models.ForeignKey(User, verbose_name="пользователь", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("назначение", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    last_used_at = models.DateTimeField("последнее использование", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API-токен"
        verbose_name_plural = "API-токены"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.hash(raw)), raw


class ResetThrottle(models.Model):
    """How many password reset requests one source made in one fixed window (metodist/accounts/throttle.py).

    The source (an e-mail address, a client address) is kept only as an HMAC keyed by SECRET_KEY: the table
    holds no personal data, and a list of addresses cannot be hashed to find one in it without the key."""

    key = models.CharField("источник (HMAC)", max_length=64)
    window_start = models.DateTimeField("начало окна")
    count = models.PositiveIntegerField("запросов", default=0)

    class Meta:
        verbose_name = "счётчик запросов восстановления пароля"
        verbose_name_plural = "счётчики запросов восстановления пароля"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="accounts_reset_throttle_one_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.count} с {self.window_start:%Y-%m-%d %H:%M}"

    @classmethod
    def hit(cls, key: str, window_start) -> int:
        """Counts one more request of `key` in the window and returns the window's count, this one included.

        The increment is one UPDATE … SET count = count + 1, so concurrent requests of several processes never
        lose one. The update goes first: on SQLite it takes the write lock at once (a read first could not
        upgrade its lock while another process writes); the first request of a window inserts the row, and if
        another process inserted it in between, the unique constraint sends this one back to the update."""
        window = cls.objects.filter(key=key, window_start=window_start)
        with transaction.atomic():
            if not window.update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        cls.objects.create(key=key, window_start=window_start, count=1)
                except IntegrityError:
                    window.update(count=F("count") + 1)
            return window.values_list("count", flat=True).get()
