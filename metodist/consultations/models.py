"""Requests for methodological help (обращения) and the consultations that answer them.

An educator (for themself) or an organization's administrator (for the organization or a group of its staff)
files a request; the methodological service assigns it to a methodologist, a tutor, an association head or a
mentor, schedules it, records the consultation (individual or group, possibly answering several requests at
once) with its follow-up, and closes it; the requester rates the help. Every status change is kept in
`RequestEvent` (append-only); a methodologist's private notes are visible to their author only.
"""

from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel
from metodist.difficulties.models import Topical


class RequesterKind(models.TextChoices):
    EDUCATOR = "educator", "Педагог (для себя)"  # filed from the educator's cabinet
    ORGANIZATION = "organization", "Образовательная организация"  # by its administrator, for it or a group of staff


class HelpForm(models.TextChoices):
    """The form of help wanted by the requester, and the form of a consultation held."""

    INDIVIDUAL = "individual", "Индивидуальная консультация"
    GROUP = "group", "Групповая консультация"
    LESSON_VISIT = "lesson_visit", "Посещение урока (занятия)"
    SEMINAR = "seminar", "Семинар"
    SCHOOL_VISIT = "school_visit", "Выезд в образовательную организацию"


class Urgency(models.TextChoices):
    NORMAL = "normal", "В обычном порядке"
    URGENT = "urgent", "Срочно"  # the service answers first


class RequestStatus(models.TextChoices):
    NEW = "new", "Новый"  # filed, nobody assigned yet
    ASSIGNED = "assigned", "Назначен исполнитель"
    SCHEDULED = "scheduled", "Назначена дата"
    DONE = "done", "Помощь оказана"  # a consultation is recorded; the requester may rate it
    CLOSED = "closed", "Закрыт"  # final
    DECLINED = "declined", "Отклонён"  # final; the requester sees the reason


OPEN = (RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.SCHEDULED)
FINAL = (RequestStatus.CLOSED, RequestStatus.DECLINED)


class AssigneeKind(models.TextChoices):
    METHODOLOGIST = "methodologist", "Методист"
    TUTOR = "tutor", "Тьютор"
    ASSOCIATION_HEAD = "association_head", "Руководитель методического объединения"
    MENTOR = "mentor", "Наставник"


class HelpRequestQuerySet(models.QuerySet):
    def in_scope(self, user):
        """The service's territory; an organization's administrator the requests of their organizations; an
        educator their own; an assignee (tutor, association head, mentor) also the requests assigned to them."""
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        assigned = Q(assignee_id=user.pk)
        if level == ScopeLevel.REGION:
            return self.filter(Q(region_id=user.region_id) | assigned) if user.region_id else self.filter(assigned)
        if level == ScopeLevel.MUNICIPALITY:
            if not user.municipality_id:
                return self.filter(assigned)
            return self.filter(Q(municipality_id=user.municipality_id) | assigned)
        if level == ScopeLevel.ORGANIZATIONS:
            return self.filter(Q(organization_id__in=user.organizations.values("pk")) | assigned)
        own = Q(educator_id=user.educator_id) if user.educator_id else Q(pk__in=[])
        return self.filter(own | assigned)

    def open(self):
        return self.filter(status__in=OPEN)


class HelpRequest(Topical):
    requester_kind = models.CharField(
        "от кого", max_length=20, choices=RequesterKind.choices, default=RequesterKind.EDUCATOR
    )
    educator = models.ForeignKey(
        "people.Educator",
        verbose_name="педагог",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="help_requests",
    )  # the requesting educator; empty for a request of an organization
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="help_requests"
    )  # the requesting organization, or the educator's home organization on the day the request was filed
    staff = models.ManyToManyField(
        "people.Educator", verbose_name="педагоги, для которых запрошена помощь", blank=True, related_name="+"
    )  # a request of an organization for a group of its staff
    subject = models.ForeignKey(
        "people.Subject", verbose_name="предмет", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField("описание затруднения, вопрос")
    form_wanted = models.CharField(
        "желаемая форма помощи", max_length=20, choices=HelpForm.choices, default=HelpForm.INDIVIDUAL
    )
    urgency = models.CharField("срочность", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField("статус", max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW)
    decline_reason = models.TextField("причина отклонения", blank=True)  # shown to the requester
    assignee = models.ForeignKey(
        "accounts.User",
        verbose_name="исполнитель",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_help_requests",
    )
    assignee_kind = models.CharField("исполнитель — кто", max_length=20, choices=AssigneeKind.choices, blank=True)
    scheduled_for = models.DateField("назначенная дата", null=True, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name="мероприятие, на котором будет оказана помощь",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
    )  # a seminar planned from a cluster of requests (the bank of difficulties)
    filed_at = models.DateTimeField("подан")
    assigned_at = models.DateTimeField("назначен исполнитель", null=True, blank=True)
    done_at = models.DateTimeField("помощь оказана", null=True, blank=True)
    closed_at = models.DateTimeField("закрыт (отклонён)", null=True, blank=True)
    # Copied from the organization: the service's lists and statistics filter on them directly.
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="подал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("версия", default=1, editable=False)  # optimistic locking

    objects = HelpRequestQuerySet.as_manager()

    class Meta(Topical.Meta):
        verbose_name = "запрос на методическую помощь"
        verbose_name_plural = "запросы на методическую помощь"
        ordering = ["-filed_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "status", "filed_at"]),
            models.Index(fields=["region", "filed_at"]),
            models.Index(fields=["organization", "filed_at"]),
            models.Index(fields=["educator"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return f"Запрос № {self.pk}: {self.topic_label}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def requester_name(self) -> str:
        """Who asked: the educator, or the organization (for a group of its staff: with how many)."""
        if self.educator_id:
            return self.educator.full_name
        return str(self.organization)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL


class RequestAttachment(models.Model):
    request = models.ForeignKey(
        HelpRequest, verbose_name="запрос", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("файл", upload_to="consultations/%Y/")
    name = models.CharField("имя файла", max_length=255)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name="загрузил", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        verbose_name = "вложение запроса"
        verbose_name_plural = "вложения запросов"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class RequestEvent(models.Model):
    """One step of a request's history (append-only): who changed its status, when, and why."""

    request = models.ForeignKey(HelpRequest, verbose_name="запрос", on_delete=models.CASCADE, related_name="events")
    status_from = models.CharField("было", max_length=20, choices=RequestStatus.choices, blank=True)
    status_to = models.CharField("стало", max_length=20, choices=RequestStatus.choices)
    by = models.ForeignKey("accounts.User", verbose_name="кто", null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("когда")
    comment = models.TextField("комментарий", blank=True)  # shown to the requester (not a private note)

    class Meta:
        verbose_name = "событие запроса"
        verbose_name_plural = "история запросов"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_to_display()} {self.at:%d.%m.%Y}"


class PrivateNote(models.Model):
    """A methodologist's working note on a request: seen by its author only, never by the requester, an
    administrator of the organization, an export or the API."""

    request = models.ForeignKey(HelpRequest, verbose_name="запрос", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey("accounts.User", verbose_name="автор", on_delete=models.CASCADE, related_name="+")
    text = models.TextField("заметка")
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "личная заметка"
        verbose_name_plural = "личные заметки"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Заметка к запросу № {self.request_id}"


class ConsultationQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Consultations answering the requests `user` may see, and those `user` held or took part in."""
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            territory = Q(region_id=user.region_id) if user.region_id else Q(pk__in=[])
        elif level == ScopeLevel.MUNICIPALITY:
            territory = Q(municipality_id=user.municipality_id) if user.municipality_id else Q(pk__in=[])
        else:
            requests = HelpRequest.objects.in_scope(user).values("pk")
            territory = Q(
                pk__in=Consultation.requests.through.objects.filter(helprequest_id__in=requests).values(
                    "consultation_id"
                )
            )
            if user.educator_id:
                territory |= Q(
                    pk__in=Consultation.participants.through.objects.filter(educator_id=user.educator_id).values(
                        "consultation_id"
                    )
                )
        return self.filter(territory | Q(conducted_by_id=user.pk))


class Consultation(models.Model):
    """What the service did: a consultation, a lesson visit, a seminar or a visit to a school, answering one
    request or (a group consultation) several."""

    requests = models.ManyToManyField(
        HelpRequest, verbose_name="запросы", blank=True, related_name="consultations"
    )  # empty: a consultation held on the service's own initiative
    held_on = models.DateField("дата")
    form = models.CharField("форма", max_length=20, choices=HelpForm.choices, default=HelpForm.INDIVIDUAL)
    duration_minutes = models.PositiveSmallIntegerField("продолжительность, мин")
    participants = models.ManyToManyField(
        "people.Educator", verbose_name="участники", blank=True, related_name="consultations"
    )
    topic_text = models.CharField("тема консультации", max_length=300)
    advice = models.TextField("что рекомендовано")
    conducted_by = models.ForeignKey(
        "accounts.User", verbose_name="провёл", on_delete=models.PROTECT, related_name="conducted_consultations"
    )
    # Follow-up, linked where the module exists: a step of the educator's route, an event, a mentor, a course.
    follow_route_step = models.ForeignKey(
        "routes.RouteStep", verbose_name="шаг ИОМ", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_event = models.ForeignKey(
        "events.Event", verbose_name="мероприятие", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_mentorship = models.ForeignKey(
        "mentoring.Mentorship",
        verbose_name="наставничество",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_program = models.ForeignKey(
        "training.Program",
        verbose_name="курс (ДПП)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up = models.TextField("дальнейшее сопровождение", blank=True)
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    created_at = models.DateTimeField("внесена", auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = "консультация"
        verbose_name_plural = "консультации"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "held_on"]), models.Index(fields=["region", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.held_on:%d.%m.%Y}: {self.topic_text}"


class Rating(models.Model):
    """The requester's rating of the help, once the request is done (one per request)."""

    request = models.OneToOneField(HelpRequest, verbose_name="запрос", on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField("оценка (1–5)")
    solved = models.BooleanField("затруднение разрешено")
    comment = models.TextField("комментарий", blank=True)
    rated_by = models.ForeignKey("accounts.User", verbose_name="оценил", on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField("оценено")

    class Meta:
        verbose_name = "оценка помощи"
        verbose_name_plural = "оценки помощи"
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.score} из 5"
