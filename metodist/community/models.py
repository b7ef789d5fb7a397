"""Methodological associations and professional communities (РМО, ГМК, ШМО, network communities, creative and
problem groups, associations of young educators and of mentors) and their dated membership.

Membership has dates (`Membership.joined_on` / `left_on`) so that "a member of a network community" is
answerable for any period; the region and municipality are kept on the association to bound the indicators.
"""

from django.db import models
from django.db.models import Count, Q

from metodist.accounts.models import Role, ScopeLevel


class AssociationKind(models.TextChoices):
    DISTRICT = "district", "Районное (городское) методическое объединение (РМО, ГМО)"  # of the municipality
    CITY_COUNCIL = "city_council", "Городской методический кабинет, совет (ГМК)"  # a municipal council
    SCHOOL = "school", "Школьное методическое объединение (ШМО)"  # within one organization
    PROFESSIONAL = "professional", "Профессиональное сообщество"  # a professional community
    NETWORK = "network", "Сетевое сообщество"  # a network community of several organizations
    CREATIVE = "creative", "Творческая группа"  # a creative group
    PROBLEM = "problem", "Проблемная группа"  # works on one problem for a period
    YOUNG = "young", "Объединение (школа) молодых педагогов"  # an association or school of young educators
    MENTORS = "mentors", "Объединение наставников"  # an association of mentors
    REGIONAL_YOUNG = "regional_young", "Региональная ассоциация молодых педагогов"  # criterion 8.9


class AssociationLevel(models.TextChoices):
    ORGANIZATION = "organization", "Уровень организации"
    MUNICIPAL = "municipal", "Муниципальный уровень"
    REGIONAL = "regional", "Региональный уровень"


# The theme of the associations criterion 5.1 of seed 002 counts («по вопросам формирования функциональной
# грамотности»); the demo and the form offer it, the predicate matches it case-insensitively inside the theme.
FUNCTIONAL_LITERACY = "функциональн"


class AssociationQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Associations `user` may see: the territory for the service's roles; for an organization's
        administrator, the associations of their organizations and those with members working there; for an
        association head, those they head; for an educator, those they are (or were) a member of."""
        from metodist.people.models import Employment

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level == ScopeLevel.MUNICIPALITY:
            return self.filter(municipality_id=user.municipality_id) if user.municipality_id else self.none()
        if level == ScopeLevel.ORGANIZATIONS:
            organizations = user.organizations.values("pk")
            working = Employment.objects.filter(organization_id__in=organizations).values("educator_id")
            members = Membership.objects.filter(educator_id__in=working).values("association_id")
            return self.filter(Q(organization_id__in=organizations) | Q(pk__in=members))
        own = Q(head_user_id=user.pk)
        if user.educator_id:
            mine = Membership.objects.filter(educator_id=user.educator_id).values("association_id")
            own |= Q(pk__in=mine) | Q(head_id=user.educator_id)
        return self.filter(own)

    def managed_by(self, user):
        """Associations `user` may change: the methodological service of the territory, and the head's own
        (an organization's administrator manages the school associations of their organizations)."""
        if user.is_superuser or user.role == Role.ADMIN:
            return self
        if user.role in (Role.COORDINATOR, Role.METHODOLOGIST, Role.REGIONAL_OPERATOR):
            return self.in_scope(user)
        if user.role == Role.ORG_ADMIN:
            return self.filter(organization_id__in=user.organizations.values("pk"))
        return self.filter(head_user_id=user.pk)

    def active(self, on):
        return self.filter(founded_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=on))

    def with_counts(self, on):
        """Annotates `members_now` (members on the day `on`) and `members_ever` (anyone who has been one)."""
        now = Q(memberships__joined_on__lte=on) & (
            Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gte=on)
        )
        return self.annotate(
            members_now=Count("memberships__educator", filter=now, distinct=True),
            members_ever=Count("memberships__educator", distinct=True),
        )


def creators(user) -> bool:
    """Who creates associations: the methodological service (and an organization's administrator, its ШМО)."""
    return user.is_superuser or user.role in (
        Role.ADMIN, Role.REGIONAL_OPERATOR, Role.COORDINATOR, Role.METHODOLOGIST, Role.ORG_ADMIN,
    )  # fmt: skip


class Association(models.Model):
    title = models.CharField("название", max_length=300)
    kind = models.CharField("вид", max_length=20, choices=AssociationKind.choices)
    level = models.CharField("уровень", max_length=20, choices=AssociationLevel.choices)
    subject = models.ForeignKey(
        "people.Subject", verbose_name="предмет", null=True, blank=True, on_delete=models.PROTECT
    )
    theme = models.CharField("тема (направление)", max_length=300, blank=True)  # e.g. functional literacy (5.1)
    municipality = models.ForeignKey(
        "orgs.Municipality",
        verbose_name="муниципальное образование",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )  # null: a regional association
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", null=True, blank=True, on_delete=models.PROTECT
    )  # the organization of a school association (ШМО)
    head = models.ForeignKey(
        "people.Educator",
        verbose_name="руководитель",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_associations",
    )
    head_user = models.ForeignKey(
        "accounts.User",
        verbose_name="учётная запись руководителя",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_associations",
    )  # the association head role manages the associations it heads
    founded_on = models.DateField("создано")
    closed_on = models.DateField("прекратило работу", null=True, blank=True)
    created_at = models.DateTimeField("создано в системе", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking of the edit form (lib/versions.py)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = "методическое объединение (сообщество)"
        verbose_name_plural = "методические объединения (сообщества)"

    def __str__(self):
        return self.title

    def is_active(self, on) -> bool:
        return self.founded_on <= on and (self.closed_on is None or self.closed_on >= on)


class MembershipQuerySet(models.QuerySet):
    def during(self, start, end):
        """Memberships that overlap the period start..end."""
        return self.filter(joined_on__lte=end).filter(Q(left_on__isnull=True) | Q(left_on__gte=start))

    def current(self, on):
        return self.during(on, on)


class Membership(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.PROTECT, related_name="association_memberships"
    )
    joined_on = models.DateField("вступил")
    left_on = models.DateField("вышел", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking of the dates' correction (lib/versions.py)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "членство в объединении"
        verbose_name_plural = "членство в объединениях"
        indexes = [models.Index(fields=["educator", "joined_on"])]

    def __str__(self):
        return f"{self.educator} — {self.association}"

    def is_current(self, on) -> bool:
        return self.joined_on <= on and (self.left_on is None or self.left_on >= on)


class MembershipCorrection(models.Model):
    """A correction of a membership's dates recorded in the membership itself: what they were, why, who and when
    (the card's history shows it; the membership keeps the corrected dates the indicators count by)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="corrections")
    joined_was = models.DateField("дата вступления до исправления")
    joined_on = models.DateField("исправленная дата вступления")
    left_was = models.DateField("дата выхода до исправления", null=True, blank=True)
    left_on = models.DateField("исправленная дата выхода", null=True, blank=True)
    reason = models.CharField("причина исправления", max_length=500)
    corrected_by = models.ForeignKey(
        "accounts.User", verbose_name="исправил(а)", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField("исправлено", auto_now_add=True)

    class Meta:
        verbose_name = "исправление дат членства"
        verbose_name_plural = "исправления дат членства"
        ordering = ["-corrected_at", "-pk"]

    def __str__(self):
        return self.changes_text()

    def changes_text(self) -> str:
        """«исправлена дата вступления: 01.09.2024 → 15.09.2024» (and the same of the leave date if it moved)."""
        parts = []
        if self.joined_on != self.joined_was:
            parts.append(f"исправлена дата вступления: {self.joined_was:%d.%m.%Y} → {self.joined_on:%d.%m.%Y}")
        if self.left_on != self.left_was:
            parts.append(f"исправлена дата выхода: {self.left_was:%d.%m.%Y} → {self.left_on:%d.%m.%Y}")
        return "; ".join(parts)


def academic_year_of(day) -> int:
    """The first calendar year of the academic year `day` falls in (1 September – 31 August)."""
    return day.year if day.month >= 9 else day.year - 1


class AssociationPlan(models.Model):
    """The association's work plan for one academic year (starting 1 September of `year`)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveIntegerField("учебный год (год начала)")
    approved_on = models.DateField("утверждён", null=True, blank=True)

    class Meta:
        verbose_name = "план работы объединения"
        verbose_name_plural = "планы работы объединений"
        constraints = [models.UniqueConstraint(fields=["association", "year"], name="community_plan_one_per_year")]

    def __str__(self):
        return f"План на {self.year_label}"

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} учебный год"


class PlanItemForm(models.TextChoices):
    MEETING = "meeting", "Заседание"  # a regular meeting of the association
    SEMINAR = "seminar", "Семинар, практикум"
    MASTER_CLASS = "master_class", "Мастер-класс"
    OPEN_LESSON = "open_lesson", "Открытый урок (занятие)"
    ROUND_TABLE = "round_table", "Круглый стол"
    CONSULTATION = "consultation", "Консультация"
    OTHER = "other", "Другое"


class PlanItemQuerySet(models.QuerySet):
    def upcoming(self, today):
        """Items not done yet, from the current month on, the nearest first."""
        return (
            self.filter(month__gte=today.replace(day=1), done=False)
            .select_related("plan__association")
            .order_by("month", "pk")
        )


class AssociationPlanItem(models.Model):
    plan = models.ForeignKey(AssociationPlan, on_delete=models.CASCADE, related_name="items")
    month = models.DateField("месяц (дата)")  # the first of the month when only the month is planned
    topic = models.CharField("тема", max_length=300)
    form = models.CharField("форма", max_length=20, choices=PlanItemForm.choices, default=PlanItemForm.MEETING)
    responsible = models.CharField("ответственный", max_length=200, blank=True)
    done = models.BooleanField("выполнено", default=False)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = "пункт плана работы"
        verbose_name_plural = "пункты плана работы"
        ordering = ["month", "pk"]

    def __str__(self):
        return self.topic


class AssociationMeeting(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("дата")
    topic = models.CharField("тема", max_length=300)
    minutes = models.TextField("протокол", blank=True)
    attendees = models.ManyToManyField(
        "people.Educator", verbose_name="присутствовали", blank=True, related_name="association_meetings"
    )
    plan_item = models.ForeignKey(
        AssociationPlanItem, verbose_name="пункт плана", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "заседание объединения"
        verbose_name_plural = "заседания объединений"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y} — {self.topic}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(AssociationMeeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("файл", upload_to="community/meetings/%Y/")
    name = models.CharField("имя файла", max_length=255)

    class Meta:
        verbose_name = "приложение к протоколу"
        verbose_name_plural = "приложения к протоколам"

    def __str__(self):
        return self.name


class ProductKind(models.TextChoices):
    METHODICAL = "methodical", "Методическая разработка"  # lesson plans, guidelines
    COLLECTION = "collection", "Сборник материалов"
    BANK = "bank", "Банк заданий"  # e.g. tasks of functional literacy
    RECOMMENDATIONS = "recommendations", "Методические рекомендации"
    PROGRAM = "program", "Программа"
    OTHER = "other", "Другое"


class AssociationProduct(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="products")
    title = models.CharField("название", max_length=300)
    kind = models.CharField("вид", max_length=20, choices=ProductKind.choices, default=ProductKind.METHODICAL)
    file = models.FileField("файл", upload_to="community/products/%Y/", blank=True)
    link = models.URLField("ссылка", blank=True)
    made_on = models.DateField("дата")

    class Meta:
        verbose_name = "продукт объединения"
        verbose_name_plural = "продукты объединений"
        ordering = ["-made_on", "-pk"]

    def __str__(self):
        return self.title
