"""Best practices: pedagogical and managerial practices and methodical developments, their authors, their
expert review and the public registry of the accepted ones.

A practice is submitted by an author or an organization's administrator, reviewed by a methodologist (an
expert conclusion), and once accepted appears in the public registry (no login) with its authors' names and
organization only. Its materials are a list (`PracticeMaterial`): files and links, each one or the other.
"""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from metodist.accounts.models import ScopeLevel


class Kind(models.TextChoices):
    PEDAGOGICAL = "pedagogical", "Лучшая педагогическая практика"  # a teacher's practice of teaching
    MANAGERIAL = "managerial", "Лучшая управленческая практика"  # of a head or deputy head
    METHODICAL = "methodical", "Методическая разработка"  # a lesson plan, a programme, a manual


class Level(models.TextChoices):
    """How far the practice is replicated (тиражируется)."""

    ORGANIZATION = "organization", "Уровень образовательной организации"
    MUNICIPAL = "municipal", "Муниципальный уровень"
    REGIONAL = "regional", "Региональный уровень"  # passed the review of РУМО, on «Педсовет 66»


REPLICATED = (Level.MUNICIPAL, Level.REGIONAL)  # seed 002, criterion 5.5: «тиражируемые на различных уровнях»


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Подана"  # waits for a methodologist
    UNDER_REVIEW = "under_review", "На экспертизе"  # a methodologist took it
    ACCEPTED = "accepted", "Принята"  # in the public registry
    RETURNED = "returned", "Возвращена на доработку"  # the authors may correct it and submit again
    REJECTED = "rejected", "Отклонена"  # final


class Conclusion(models.TextChoices):
    ACCEPTED = Status.ACCEPTED.value, "Принять"
    RETURNED = Status.RETURNED.value, "Вернуть на доработку с замечаниями"
    REJECTED = Status.REJECTED.value, "Отклонить"


OPEN = (Status.SUBMITTED, Status.UNDER_REVIEW)  # waiting for a conclusion
EDITABLE = (Status.SUBMITTED, Status.RETURNED)  # the authors may still change it
# A lesson plan, a presentation, worksheets, a video: enough for a methodical development, few enough to review.
MAX_MATERIALS = 20


class PracticeQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Status.ACCEPTED)

    def in_scope(self, user):
        """Territory roles see their territory's practices, an organization's administrator those of their
        organizations, an educator those they are an author of."""
        if user.scope_level == ScopeLevel.ALL:
            return self
        if user.scope_level == ScopeLevel.SELF:
            return self.filter(authors__educator_id=user.educator_id) if user.educator_id else self.none()
        return self.filter(user.organization_q("organization__"))

    def authored_by(self, educator_id):
        return self.filter(pk__in=PracticeAuthor.objects.filter(educator_id=educator_id).values("practice_id"))


class Practice(models.Model):
    title = models.CharField("название", max_length=300)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.PEDAGOGICAL)
    theme = models.CharField("тема (направление)", max_length=300, blank=True)
    subject = models.ForeignKey(
        "people.Subject", verbose_name="предмет", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    annotation = models.TextField("аннотация")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="practices"
    )
    level = models.CharField("уровень тиражирования", max_length=20, choices=Level.choices, default=Level.ORGANIZATION)
    status = models.CharField("статус экспертизы", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_on = models.DateField("дата подачи")
    decided_on = models.DateField("дата заключения", null=True, blank=True)
    # Copied from the organization: the indicators of a region and the municipality's lists read them directly.
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="подал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "практика"
        verbose_name_plural = "лучшие практики"
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "status", "decided_on"]),
            models.Index(fields=["municipality", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("submitted_on")),
                name="practice_decided_after_submitted",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class PracticeAuthor(models.Model):
    practice = models.ForeignKey(Practice, verbose_name="практика", on_delete=models.CASCADE, related_name="authors")
    educator = models.ForeignKey(
        "people.Educator", verbose_name="автор", on_delete=models.PROTECT, related_name="practice_authorships"
    )
    order = models.PositiveSmallIntegerField("порядок", default=1)

    class Meta:
        verbose_name = "автор практики"
        verbose_name_plural = "авторы практики"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["practice", "educator"], name="practice_author_once")]
        indexes = [models.Index(fields=["educator", "practice"])]

    def __str__(self) -> str:
        return str(self.educator)


class Review(models.Model):
    """An expert's conclusion on a practice; the practice's status follows the latest."""

    practice = models.ForeignKey(Practice, verbose_name="практика", on_delete=models.CASCADE, related_name="reviews")
    expert = models.ForeignKey("accounts.User", verbose_name="эксперт", on_delete=models.PROTECT, related_name="+")
    conclusion = models.CharField("заключение", max_length=20, choices=Conclusion.choices)
    remarks = models.TextField("замечания и обоснование", blank=True)
    reviewed_on = models.DateField("дата заключения")
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "экспертное заключение"
        verbose_name_plural = "экспертные заключения"
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_conclusion_display()} {self.reviewed_on:%d.%m.%Y}"


class PracticeMaterialQuerySet(models.QuerySet):
    def files(self):
        return self.exclude(file="")

    def of_accepted(self):
        """Those of the practices in the public registry."""
        return self.filter(practice__status=Status.ACCEPTED)


class PracticeMaterial(models.Model):
    """One material of a practice: a file (checked by content on upload) or a link, never both."""

    practice = models.ForeignKey(Practice, verbose_name="практика", on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("подпись", max_length=300, blank=True)
    file = models.FileField("файл", upload_to="practices/%Y/", blank=True)
    link = models.URLField("ссылка", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=1)
    added_at = models.DateTimeField("добавлен", default=timezone.now, editable=False)
    added_by = models.ForeignKey(
        "accounts.User", verbose_name="добавил", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PracticeMaterialQuerySet.as_manager()

    class Meta:
        verbose_name = "материал практики"
        verbose_name_plural = "материалы практик"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="practice_material_file_xor_link",
                violation_error_message="Материал — это файл или ссылка: что-то одно.",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.reference()

    def clean(self):
        if self.file and self.link:
            raise ValidationError({"link": "Материал — это файл или ссылка: добавьте их отдельными материалами."})
        if not self.file and not self.link:
            raise ValidationError({"file": "Приложите файл или дайте ссылку."})

    def reference(self) -> str:
        """The file's name or the link: what the audit trail keeps of the material."""
        return PurePosixPath(self.file.name).name if self.file else self.link

    def extension(self) -> str:
        return PurePosixPath(self.file.name).suffix.lstrip(".").lower() if self.file else ""
