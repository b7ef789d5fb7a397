"""Expert roles and activity records: the dated facts that criteria of the catalogues count and that no other
module holds — an educator as an expert, jury member, tutor or methodologist of the regional methodological
active; participation in network projects, burnout-prevention projects, sanatorium treatment; an
organization's psychological-pedagogical classes; targeted training contracts and whether the graduate was
employed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from metodist.accounts.models import ScopeLevel


class ExpertKind(models.TextChoices):
    SUBJECT_COMMISSION = "subject_commission", "Член предметной комиссии"  # ГИА subject commissions
    JURY = "jury", "Член жюри (конкурсной комиссии)"  # competitions of professional mastery
    ATTESTATION = "attestation", "Эксперт аттестационной комиссии"
    TUTOR = "tutor", "Тьютор регионального методического актива"
    METHODOLOGIST = "methodologist", "Методист регионального методического актива"


# Seed 002, criterion 5.4: «экспертами … предметных комиссий, … конкурсных комиссий».
COMMISSIONS = (ExpertKind.SUBJECT_COMMISSION, ExpertKind.JURY)
ACTIVE = (ExpertKind.TUTOR, ExpertKind.METHODOLOGIST)  # the regional methodological active


class ExpertLevel(models.TextChoices):
    FEDERAL = "federal", "Федеральный"
    REGIONAL = "regional", "Региональный"
    MUNICIPAL = "municipal", "Муниципальный"
    ORGANIZATION = "organization", "Уровень образовательной организации"


class RecordKind(models.TextChoices):
    """What a record says; `EDUCATOR_KINDS` are about a person, the others about an organization."""

    NETWORK_PROJECT = "network_project", "Участие в сетевом проекте региона"  # criterion 5.6 («Образовательный тур»)
    BURNOUT_PROJECT = "burnout_project", "Участие в клубе, фестивале, проекте (профилактика выгорания)"  # 3.1
    SANATORIUM = "sanatorium", "Санаторно-курортное лечение"  # 3.3, профилакторий «Юбилейный»
    TEACHER_CLASS = "teacher_class", "Психолого-педагогический (педагогический) класс"  # 7.4, an organization's


EDUCATOR_KINDS = (RecordKind.NETWORK_PROJECT, RecordKind.BURNOUT_PROJECT, RecordKind.SANATORIUM)
ORGANIZATION_KINDS = (RecordKind.TEACHER_CLASS,)


def overlaps(start, end, start_field: str = "started_on", end_field: str = "ended_on") -> Q:
    """A record [start_field, end_field] (end open when null) shares a day with [start, end]."""
    return Q(**{f"{start_field}__lte": end}) & (Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start}))


class _ScopedQuerySet(models.QuerySet):
    """Territory roles and organization administrators see the records of their organizations; an educator
    sees their own."""

    def in_scope(self, user):
        if user.scope_level == ScopeLevel.ALL:
            return self
        if user.scope_level == ScopeLevel.SELF:
            return self.filter(educator_id=user.educator_id) if user.educator_id else self.none()
        return self.filter(user.organization_q("organization__"))

    def during(self, start, end):
        return self.filter(overlaps(start, end))


class _Record(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField("с")
    ended_on = models.DateField("по", null=True, blank=True)
    note = models.CharField("примечание", max_length=500, blank=True)
    document = models.FileField("документ", upload_to="activities/%Y/", blank=True)
    document_ref = models.CharField("реквизиты документа (приказ, сертификат)", max_length=300, blank=True)
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)  # bounds indicators
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="внёс", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    class Meta:
        abstract = True


class ExpertRole(_Record):
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="expert_roles"
    )
    kind = models.CharField("роль", max_length=30, choices=ExpertKind.choices)
    level = models.CharField("уровень", max_length=20, choices=ExpertLevel.choices)
    body = models.CharField("комиссия, конкурс, актив", max_length=300, blank=True)

    objects = _ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "экспертная роль"
        verbose_name_plural = "экспертные роли"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["region", "started_on"]), models.Index(fields=["educator", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="expert_role_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_level_display().lower()})"


class ActivityRecord(_Record):
    kind = models.CharField("вид", max_length=30, choices=RecordKind.choices)
    # None for an organization's record (TEACHER_CLASS); required for the kinds about a person.
    educator = models.ForeignKey(
        "people.Educator",
        verbose_name="педагог",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activity_records",
    )
    title = models.CharField("проект, мероприятие, программа", max_length=300)

    objects = _ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "запись о деятельности"
        verbose_name_plural = "записи о деятельности"
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "kind", "started_on"]),
            models.Index(fields=["educator", "kind"]),
            models.Index(fields=["organization", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ORGANIZATION_KINDS]) | Q(educator__isnull=False),
                name="activity_of_educator_has_educator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class TargetContract(_Record):
    """A targeted training contract (договор о целевом обучении) of a graduate of the organization with a
    pedagogical college or university: `started_on` — signed, `graduated_on` — finished the studies,
    `employed_on` and `employer` — employed in an organization of the municipality that sent them."""

    student = models.CharField("обучающийся (Ф. И. О.)", max_length=200)
    institution = models.CharField("колледж или вуз", max_length=300)
    graduated_on = models.DateField("окончил обучение", null=True, blank=True)
    employed_on = models.DateField("трудоустроен", null=True, blank=True)
    employer = models.ForeignKey(
        "orgs.Organization",
        verbose_name="организация трудоустройства",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The graduate as an educator of the registry once employed: the card's figure counts them.
    educator = models.ForeignKey(
        "people.Educator",
        verbose_name="педагог (после трудоустройства)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="target_contracts",
    )

    objects = _ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "договор о целевом обучении"
        verbose_name_plural = "договоры о целевом обучении"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["region", "graduated_on"]), models.Index(fields=["municipality"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(graduated_on__isnull=True) | Q(graduated_on__gte=models.F("started_on")),
                name="target_graduated_after_signed",
            ),
            models.CheckConstraint(
                condition=Q(employed_on__isnull=True) | Q(graduated_on__isnull=False),
                name="target_employed_after_graduation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student}, {self.institution}"

    @property
    def is_employed(self) -> bool:
        return self.employed_on is not None


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Получен, проверяется"  # stored; the check (a job) has not read it yet
    CHECKED = "checked", "Проверен, не загружен"  # no errors: the report is shown, nothing written yet
    REJECTED = "rejected", "Не может быть загружен"  # the file or one of its rows is wrong: nothing is written
    COMMITTED = "committed", "Загружен"  # the records were written in one transaction


class ActivityImportQuerySet(models.QuerySet):
    def in_scope(self, user):
        """A file holds personal data: only the user who uploaded it sees it."""
        return self.filter(created_by=user) if user.is_authenticated else self.none()


class ActivityImport(models.Model):
    """An .xlsx of records of one tab (expert roles, activity records, contracts): checked, then committed."""

    tab = models.CharField("вид записей", max_length=20)  # a key of forms.KINDS
    file_name = models.CharField("имя файла", max_length=255)
    # Kept until the commit, which checks the file again inside its transaction (a record may have been entered
    # by hand since the check); erased by the commit or when the check rejects the file.
    content = models.BinaryField("содержимое файла", blank=True, default=b"")
    status = models.CharField("состояние", max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    report = models.JSONField("итог проверки", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто загрузил", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    committed_at = models.DateTimeField("записан", null=True, blank=True)

    objects = ActivityImportQuerySet.as_manager()

    class Meta:
        verbose_name = "импорт записей о деятельности"
        verbose_name_plural = "импорты записей о деятельности"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("activities:import", args=[self.pk])
