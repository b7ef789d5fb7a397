"""The bank of professional difficulties (банк затруднений): the topics educators ask for help on or report as
difficult, and the difficulties educators report themselves.

A topic is either a competency of the competency framework (diagnostics) or, where the framework has none, a
topic of the list the methodological service keeps (`Topic`). Requests for help, self-reported difficulties and
survey options carry one through the abstract `Topical`; the bank (`bank.py`) reads them together with the
diagnosed deficits, keyed by the competency's stable code or by the kept topic.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def for_municipality(self, municipality_id):
        """The list of a municipality's service, with the region's shared topics (municipality empty)."""
        from metodist.orgs.models import Municipality

        region = Municipality.objects.filter(pk=municipality_id).values("region_id")
        return self.filter(Q(municipality_id=municipality_id) | Q(municipality__isnull=True, region_id__in=region))

    def in_scope(self, user):
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level == ScopeLevel.MUNICIPALITY:
            return self.for_municipality(user.municipality_id) if user.municipality_id else self.none()
        from metodist.orgs.models import Organization

        municipalities = Organization.objects.filter(user.organization_q()).values("municipality_id")
        regions = Organization.objects.filter(user.organization_q()).values("region_id")
        return self.filter(Q(municipality_id__in=municipalities) | Q(municipality__isnull=True, region_id__in=regions))


class Topic(models.Model):
    """A topic of the list the methodological service keeps, for what the competency framework does not name
    (e.g. «Работа с родителями», «Подготовка к ГИА»)."""

    name = models.CharField("тема", max_length=300)
    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципалитет", null=True, blank=True, on_delete=models.PROTECT
    )  # empty: shared by the region's municipalities
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    archived = models.BooleanField("в архиве", default=False)  # kept for old requests, not offered for new ones
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = "тема затруднений"
        verbose_name_plural = "темы затруднений"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "region", "name"], name="topic_name_unique")]

    def __str__(self) -> str:
        return self.name


class Topical(models.Model):
    """What a request, a reported difficulty or a survey option is about: a competency of the framework or a
    topic of the kept list (at most one of them; `clean_topic` requires one where the model needs it)."""

    competency = models.ForeignKey(
        "diagnostics.Competency",
        verbose_name="компетенция",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.ForeignKey(
        Topic, verbose_name="тема", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(competency__isnull=True) | Q(topic__isnull=True), name="%(app_label)s_%(class)s_one_topic"
            )
        ]

    @property
    def topic_label(self) -> str:
        if self.competency_id:
            return self.competency.name
        if self.topic_id:
            return self.topic.name
        return "тема не указана"

    def clean_topic(self, required: bool = True) -> None:
        if self.competency_id and self.topic_id:
            raise ValidationError({"topic": "Укажите либо компетенцию, либо тему из списка, но не обе сразу."})
        if required and not (self.competency_id or self.topic_id):
            raise ValidationError({"topic": "Укажите тему: компетенцию из модели компетенций или тему из списка."})


class ReportedDifficultyQuerySet(models.QuerySet):
    def in_scope(self, user):
        """The territory's for the service, the organizations' for their administrator, one's own for an
        educator."""
        if user.scope_level == ScopeLevel.ALL:
            return self
        if user.scope_level == ScopeLevel.SELF:
            return self.filter(educator_id=user.educator_id) if user.educator_id else self.none()
        return self.filter(user.organization_q("organization__"))


class ReportedDifficulty(Topical):
    """A difficulty an educator reports themself (from their cabinet), outside any request for help."""

    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="reported_difficulties"
    )
    subject = models.ForeignKey(
        "people.Subject", verbose_name="предмет", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField("в чём затруднение", blank=True)
    reported_on = models.DateField("дата")
    # The educator's home organization on the day, copied: the bank counts by organization as it was then.
    organization = models.ForeignKey("orgs.Organization", verbose_name="организация", on_delete=models.PROTECT)
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    objects = ReportedDifficultyQuerySet.as_manager()

    class Meta(Topical.Meta):
        verbose_name = "затруднение педагога"
        verbose_name_plural = "затруднения педагогов"
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "reported_on"]), models.Index(fields=["educator"])]

    def __str__(self) -> str:
        return self.topic_label

    def clean(self) -> None:
        self.clean_topic()
