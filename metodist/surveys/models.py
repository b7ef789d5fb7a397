"""Needs surveys (анкетирование образовательных потребностей): a methodologist builds a short questionnaire,
sends it to an audience (organizations, positions, subjects) with a deadline, educators answer from their
cabinet, and the service sees response rates and results.

Anonymity is structural, not a display rule: an anonymous survey's `SurveyResponse` has no educator and no
time of submission, and the `Invitation` that records that an educator has answered (for the response rate
and the reminders) carries no link to the response and no time either, so no view, export or log can tie an
answer to a person. An aggregate over fewer than `MIN_GROUP` answers is not shown.
"""

from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel
from metodist.difficulties.models import Topical

MIN_GROUP = 5  # an aggregate over fewer answers is not shown (small-number suppression)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"  # being built; questions editable
    OPEN = "open", "Идёт опрос"  # sent; educators answer until the deadline
    CLOSED = "closed", "Завершён"  # the deadline passed or the methodologist closed it


class SurveyQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Surveys the service of `user`'s territory runs; for everyone else, the open and closed surveys they
        were invited to (an organization's administrator also those sent to their organizations)."""
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level == ScopeLevel.MUNICIPALITY:
            return self.filter(municipality_id=user.municipality_id) if user.municipality_id else self.none()
        sent = ~Q(status=SurveyStatus.DRAFT)
        if level == ScopeLevel.ORGANIZATIONS:
            organizations = user.organizations.values("pk")
            invited = Invitation.objects.filter(organization_id__in=organizations).values("survey_id")
            return self.filter(sent, pk__in=invited)
        if not user.educator_id:
            return self.none()
        return self.filter(sent, pk__in=Invitation.objects.filter(educator_id=user.educator_id).values("survey_id"))

    def invited(self, educator_id):
        """The sent surveys `educator_id` was invited to (whatever the user's role: an organization's
        administrator or a methodologist may be invited as an educator too)."""
        if not educator_id:
            return self.none()
        invited = Invitation.objects.filter(educator_id=educator_id).values("survey_id")
        return self.exclude(status=SurveyStatus.DRAFT).filter(pk__in=invited)

    def visible_to(self, user):
        """What the list shows: the scope's surveys and the ones the user is invited to answer."""
        return (self.in_scope(user) | self.invited(user.educator_id)).distinct()

    def accepting(self, today):
        """Open and the deadline not passed: answers are taken (the rule of `Survey.accepts_answers`)."""
        return self.filter(status=SurveyStatus.OPEN).filter(Q(deadline__isnull=True) | Q(deadline__gte=today))

    def overdue_open(self, today):
        """Still marked open though the deadline has passed: what `manage.py surveys close` closes."""
        return self.filter(status=SurveyStatus.OPEN, deadline__lt=today)


class Survey(models.Model):
    title = models.CharField("название", max_length=300)
    description = models.TextField("обращение к педагогам", blank=True)
    anonymous = models.BooleanField("анонимный опрос", default=True)
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    # The audience: educators working on the day of sending in these organizations, positions and subjects
    # (an empty list: no restriction by it).
    organizations = models.ManyToManyField(
        "orgs.Organization", verbose_name="организации", blank=True, related_name="+"
    )
    positions = models.ManyToManyField("people.Position", verbose_name="должности", blank=True, related_name="+")
    subjects = models.ManyToManyField("people.Subject", verbose_name="предметы", blank=True, related_name="+")
    status = models.CharField("статус", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    sent_on = models.DateField("разослан", null=True, blank=True)
    deadline = models.DateField("срок ответа", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="автор", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)  # optimistic locking

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "анкета (опрос)"
        verbose_name_plural = "анкетирование"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    def accepts_answers(self, today) -> bool:
        return self.status == SurveyStatus.OPEN and (self.deadline is None or today <= self.deadline)

    def status_on(self, today) -> str:
        """The status as the pages show it: an open survey past its deadline reads as closed even before the
        nightly `manage.py surveys close` has stored it."""
        if self.status == SurveyStatus.OPEN and not self.accepts_answers(today):
            return SurveyStatus.CLOSED
        return self.status

    def status_label_on(self, today) -> str:
        return SurveyStatus(self.status_on(today)).label

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Один вариант ответа"
    MULTIPLE = "multiple", "Несколько вариантов ответа"
    SCALE = "scale", "Шкала"
    TEXT = "text", "Свободный ответ"


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name="анкета", on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    text = models.CharField("вопрос", max_length=500)
    kind = models.CharField("тип", max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    required = models.BooleanField("обязательный", default=True)
    scale_min = models.SmallIntegerField("шкала от", default=1)
    scale_max = models.SmallIntegerField("шкала до", default=5)
    scale_min_label = models.CharField("подпись минимума", max_length=100, blank=True)
    scale_max_label = models.CharField("подпись максимума", max_length=100, blank=True)

    class Meta:
        verbose_name = "вопрос анкеты"
        verbose_name_plural = "вопросы анкеты"
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Option(Topical):
    """A choice of a single- or multiple-choice question. An option with a topic (a competency or a kept topic)
    feeds the bank of difficulties each time it is chosen (e.g. «Испытываю затруднения в …»)."""

    question = models.ForeignKey(Question, verbose_name="вопрос", on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    text = models.CharField("вариант", max_length=300)

    class Meta(Topical.Meta):
        verbose_name = "вариант ответа"
        verbose_name_plural = "варианты ответа"
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """An educator of the audience, frozen when the survey is sent. `responded` says whether they answered;
    it is never linked to the response (no key, no time), so an anonymous answer stays anonymous."""

    survey = models.ForeignKey(Survey, verbose_name="анкета", on_delete=models.CASCADE, related_name="invitations")
    educator = models.ForeignKey("people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )  # the educator's home organization on the day of sending: response rates by organization
    responded = models.BooleanField("ответил(а)", default=False)

    class Meta:
        verbose_name = "приглашение к опросу"
        verbose_name_plural = "приглашения к опросу"
        constraints = [models.UniqueConstraint(fields=["survey", "educator"], name="invitation_once")]
        indexes = [models.Index(fields=["educator", "survey"]), models.Index(fields=["survey", "organization"])]

    def __str__(self) -> str:
        return f"{self.survey}: {self.educator}"


class SurveyResponse(models.Model):
    """One filled questionnaire. Anonymous: no educator and no date; named: both."""

    survey = models.ForeignKey(Survey, verbose_name="анкета", on_delete=models.CASCADE, related_name="responses")
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # empty in an anonymous survey
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )  # results by organization are shown only from MIN_GROUP answers on
    submitted_on = models.DateField("дата ответа", null=True, blank=True)  # empty in an anonymous survey

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        indexes = [models.Index(fields=["survey", "organization"])]

    def __str__(self) -> str:
        return f"Ответ на «{self.survey}»"


class AnswerQuerySet(models.QuerySet):
    def topical(self):
        """Chosen options that carry a topic: what the surveys give the bank of difficulties (by the option's
        competency or kept topic and the response's organization; never a person)."""
        return self.filter(Q(option__competency__isnull=False) | Q(option__topic__isnull=False))

    def in_scope(self, user):
        return self.filter(response__survey__in=Survey.objects.in_scope(user).values("pk"))


class Answer(models.Model):
    """The answer to one question: a chosen option (one row per option of a multiple choice), a scale value or
    a text."""

    response = models.ForeignKey(
        SurveyResponse, verbose_name="анкета", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, verbose_name="вопрос", on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, verbose_name="вариант", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.SmallIntegerField("значение шкалы", null=True, blank=True)
    text = models.TextField("ответ", blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = "ответ на вопрос"
        verbose_name_plural = "ответы на вопросы"
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"Ответ на «{self.question}»"
