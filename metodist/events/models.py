"""Methodological events (seminars, master classes, conferences, internships, …), educators' participation in
them (registration, waiting list, approval, apologies, attendance, the speakers and hosts of criterion 5.3),
their materials and the short feedback form whose ratings give the educators' satisfaction with the
methodological service (an expected result in seed 000).

Registration, cancellation, promotion from the waiting list and attendance go through `actions.py`, which
locks the event row so that two registrations cannot both take the last seat.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone

from metodist.accounts.models import Role, ScopeLevel


class EventKind(models.TextChoices):
    SEMINAR = "seminar", "Семинар"  # incl. practice-oriented seminars on deficits (seed 000)
    MASTER_CLASS = "master_class", "Мастер-класс"  # criterion 5.3
    CONFERENCE = "conference", "Конференция"  # scientific-practical conferences (seed 001, 5.2)
    ROUND_TABLE = "round_table", "Круглый стол"
    WEBINAR = "webinar", "Вебинар"
    INTERNSHIP = "internship", "Стажировка"  # on an internship site (стажировочная площадка), criterion 5.3 / 5.7
    METHOD_DAY = "method_day", "Методический день"
    MARATHON = "marathon", "Методический марафон"
    FESTIVAL = "festival", "Фестиваль (форум лучших практик)"  # forums of best practices (seed 000)
    OPEN_LESSON = "open_lesson", "Открытый урок (занятие)"
    LABORATORY = "laboratory", "Творческая лаборатория"  # seed 001, 5.2
    WORKSHOP = "workshop", "Педагогическая мастерская"
    HORIZONTAL = "horizontal", "Сессия «горизонтального обучения»"  # exchange of experience in communities (seed 002)
    MEETING = "meeting", "Совещание"  # public communications of the methodological service (seed 002)
    OTHER = "other", "Другое"


# The kinds where a presenter conducts the event for colleagues (seed 002, criterion 5.3).
CONDUCTED_KINDS = (EventKind.INTERNSHIP, EventKind.MASTER_CLASS)


class EventLevel(models.TextChoices):
    ORGANIZATION = "organization", "Уровень организации"
    MUNICIPAL = "municipal", "Муниципальный"
    REGIONAL = "regional", "Региональный"
    FEDERAL = "federal", "Федеральный"


class OrganizerKind(models.TextChoices):
    SERVICE = "service", "Муниципальная методическая служба"  # the methodological service (ИМЦ, РМК)
    ASSOCIATION = "association", "Методическое объединение (сообщество)"  # Event.association
    ORGANIZATION = "organization", "Образовательная организация"  # Event.organization


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"  # seen by its organizers only
    PUBLISHED = "published", "Опубликовано"  # in the calendar, open for registration
    CANCELLED = "cancelled", "Отменено"  # kept for the record, no registration


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", "Участник"
    SPEAKER = "speaker", "Выступающий (докладчик)"  # criterion 5.3
    HOST = "host", "Ведущий (проводит мастер-класс, стажировку)"  # criterion 5.3


PRESENTER_ROLES = (ParticipationRole.SPEAKER, ParticipationRole.HOST)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Зарегистрирован"  # holds a seat
    WAITING = "waiting", "В листе ожидания"  # `waiting_position` in the queue
    PENDING = "pending", "Ожидает согласования администратора ОО"  # holds a seat until approved or refused
    EXCUSED = "excused", "Предупредил об отсутствии"  # apologies in advance: frees the seat
    CANCELLED = "cancelled", "Регистрация отменена"  # by the educator, their administrator or refused
    ATTENDED = "attended", "Присутствовал"
    ABSENT = "absent", "Отсутствовал"  # did not come without apologies


# The statuses that take a seat of the capacity.
SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.PENDING, RegistrationStatus.ATTENDED)
# Still signed up: may cancel, apologise, be marked.
ACTIVE = (*SEATED, RegistrationStatus.WAITING)
# Committed (the commitment rate's numerator): came or warned in advance.
COMMITTED = (RegistrationStatus.ATTENDED, RegistrationStatus.EXCUSED)
# Registered for a past event (the denominator): everything but a cancelled registration and the queue.
ACCOUNTED = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.PENDING,
    RegistrationStatus.EXCUSED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.ABSENT,
)

ORGANIZER_ROLES = {Role.ADMIN, Role.REGIONAL_OPERATOR, Role.COORDINATOR, Role.METHODOLOGIST}


class EventQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Events `user` may see: everything for the system's administrator; the region's for a regional
        operator; for the municipality's roles, the municipality's events and the regional and federal ones of
        their region; for everyone else the published events they may register for (of the municipalities
        where their organizations are, and regional or federal ones of the region), plus the drafts of the
        associations they head."""
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level == ScopeLevel.MUNICIPALITY:
            if not user.municipality_id:
                return self.none()
            wide = Q(level__in=(EventLevel.REGIONAL, EventLevel.FEDERAL), region_id=user.municipality.region_id)
            return self.filter(Q(municipality_id=user.municipality_id) | wide)
        from metodist.orgs.models import Organization

        organizations = Organization.objects.filter(user.organization_q())
        municipalities = organizations.values("municipality_id")
        regions = organizations.values("municipality__region_id")
        visible = Q(municipality_id__in=municipalities) | Q(
            level__in=(EventLevel.REGIONAL, EventLevel.FEDERAL), region_id__in=regions
        )
        # an organization-level event is for its own staff only
        visible &= ~Q(level=EventLevel.ORGANIZATION) | Q(organization_id__in=organizations.values("pk"))
        own = Q(association__head_user_id=user.pk)
        if user.educator_id:
            # a subquery, not a join: a join on participations would narrow a later Count of the seats
            mine = Participation.objects.filter(educator_id=user.educator_id).values("event_id")
            own |= Q(pk__in=mine)
        return self.filter((Q(status=EventStatus.PUBLISHED) & visible) | own)

    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def manageable_by(self, user):
        """Events `user` may edit and mark attendance of: the territory roles' events in scope, and an
        association head's events of the associations they head."""
        if user.is_superuser or user.role in ORGANIZER_ROLES:
            return self.in_scope(user)
        if user.role == Role.ASSOCIATION_HEAD:
            return self.filter(association__head_user_id=user.pk)
        return self.none()

    def between(self, start, end):
        """Events that start within [start, end) (aware datetimes)."""
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def with_seats(self):
        return self.annotate(
            seats_taken=Count(
                "participations",
                filter=Q(participations__status__in=SEATED, participations__role=ParticipationRole.PARTICIPANT),
            ),
            waiting_count=Count("participations", filter=Q(participations__status=RegistrationStatus.WAITING)),
        )


class Event(models.Model):
    title = models.CharField("название", max_length=300)
    kind = models.CharField("форма", max_length=20, choices=EventKind.choices, default=EventKind.SEMINAR)
    level = models.CharField("уровень", max_length=20, choices=EventLevel.choices, default=EventLevel.MUNICIPAL)
    organizer_kind = models.CharField(
        "организатор", max_length=20, choices=OrganizerKind.choices, default=OrganizerKind.SERVICE
    )
    association = models.ForeignKey(
        "community.Association",
        verbose_name="методическое объединение",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    # the organizing organization, or the host of an internship (стажировочная площадка, criterion 5.7)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="образовательная организация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    network = models.BooleanField(
        "на основе сетевого взаимодействия методических объединений", default=False
    )  # criterion 5.2 of seed 002
    for_young = models.BooleanField("мероприятие по поддержке молодых педагогов", default=False)
    subject = models.ForeignKey(
        "people.Subject", verbose_name="предмет", null=True, blank=True, on_delete=models.PROTECT
    )
    theme = models.CharField("тема (направление)", max_length=300, blank=True)
    description = models.TextField("описание", blank=True)
    starts_at = models.DateTimeField("начало")
    ends_at = models.DateTimeField("окончание")
    place = models.CharField("место проведения", max_length=300, blank=True)
    link = models.URLField("ссылка на трансляцию", blank=True)
    capacity = models.PositiveIntegerField("число мест", null=True, blank=True)  # empty: without a limit
    closes_days_before = models.PositiveSmallIntegerField("регистрация закрывается за (дней до начала)", default=1)
    needs_approval = models.BooleanField("регистрация согласуется администратором ОО педагога", default=False)
    municipality = models.ForeignKey(
        "orgs.Municipality",
        verbose_name="муниципальное образование",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )  # null for a regional or federal event
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    status = models.CharField("состояние", max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="создал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    # Moved on by every edit of the event's fields (metodist.lib.versions).
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "методическое мероприятие"
        verbose_name_plural = "методические мероприятия"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lte=models.F("ends_at")), name="event_times_ordered"),
        ]
        indexes = [
            models.Index(fields=["municipality", "starts_at"]),
            models.Index(fields=["region", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.starts_at > self.ends_at:
            errors["ends_at"] = "Окончание мероприятия не может быть раньше его начала."
        if self.organizer_kind == OrganizerKind.ASSOCIATION and not self.association_id:
            errors["association"] = "Укажите методическое объединение — организатора."
        if self.organizer_kind == OrganizerKind.ORGANIZATION and not self.organization_id:
            errors["organization"] = "Укажите образовательную организацию — организатора."
        if self.level == EventLevel.MUNICIPAL and not self.municipality_id:
            errors["municipality"] = "Для муниципального мероприятия укажите муниципальное образование."
        if errors:
            raise ValidationError(errors)

    def registration_closes_at(self):
        return self.starts_at - timedelta(days=self.closes_days_before)

    def registration_open(self, now=None) -> bool:
        """Published and before the closing moment N days before the start."""
        now = now or timezone.now()
        return self.status == EventStatus.PUBLISHED and now < self.registration_closes_at()

    def satisfaction(self) -> dict:
        return Feedback.objects.filter(participation__event=self).summary()


class ParticipationQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Participations whose list `user` may read: of the events they manage, and for an organization's
        administrator those of the educators of their organizations; an educator sees their own."""
        from metodist.people.models import Educator

        mine = Q(event__in=Event.objects.manageable_by(user))
        if user.scope_level == ScopeLevel.ORGANIZATIONS:
            mine |= Q(educator_id__in=Educator.objects.in_scope(user).values("pk"))
        if user.educator_id:
            mine |= Q(educator_id=user.educator_id)
        return self.filter(mine)

    def past(self, now):
        return self.filter(event__ends_at__lt=now)

    def commitment(self) -> dict:
        """{accounted, committed, attended, excused, absent, rate}: the commitment rate is the share (per cent,
        rounded half up to an integer) of committed (attended or excused) among the registrations accounted."""
        totals = self.aggregate(
            accounted=Count("pk", filter=Q(status__in=ACCOUNTED)),
            committed=Count("pk", filter=Q(status__in=COMMITTED)),
            attended=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
            excused=Count("pk", filter=Q(status=RegistrationStatus.EXCUSED)),
            absent=Count("pk", filter=Q(status=RegistrationStatus.ABSENT)),
        )
        accounted = totals["accounted"]
        totals["rate"] = (totals["committed"] * 200 + accounted) // (2 * accounted) if accounted else None
        return totals


class Participation(models.Model):
    event = models.ForeignKey(
        Event, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="participations"
    )
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.PROTECT, related_name="event_participations"
    )
    role = models.CharField(
        "роль", max_length=20, choices=ParticipationRole.choices, default=ParticipationRole.PARTICIPANT
    )
    status = models.CharField(
        "состояние регистрации",
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    waiting_position = models.PositiveIntegerField("место в листе ожидания", null=True, blank=True)
    registered_by = models.ForeignKey(
        "accounts.User",
        verbose_name="зарегистрировал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField("зарегистрирован", default=timezone.now)
    changed_at = models.DateTimeField("изменено", auto_now=True)
    marked_at = models.DateTimeField("отметка посещения", null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = "участие в мероприятии"
        verbose_name_plural = "участие в мероприятиях"
        ordering = ["event", "waiting_position", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "educator"], name="participation_once_per_event"),
        ]
        indexes = [models.Index(fields=["educator", "status"]), models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.educator} — {self.event}"

    @property
    def is_presenter(self) -> bool:
        return self.role in PRESENTER_ROLES


class Material(models.Model):
    event = models.ForeignKey(Event, verbose_name="мероприятие", on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to="events/materials/%Y/", blank=True)
    url = models.URLField("ссылка", blank=True)
    added_by = models.ForeignKey(
        "accounts.User", verbose_name="добавил", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField("добавлено", auto_now_add=True)

    class Meta:
        verbose_name = "материал мероприятия"
        verbose_name_plural = "материалы мероприятий"
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.file and not self.url:
            raise ValidationError("Приложите файл или укажите ссылку.")


# A rating of 4 or 5 counts as satisfied.
SATISFIED_FROM = 4


class FeedbackQuerySet(models.QuerySet):
    def summary(self) -> dict:
        """{answers, overall, usefulness, satisfied_share}: mean ratings (rounded to one decimal) and the per
        cent of answers with an overall rating of 4 or more (rounded half up), all in SQL."""
        totals = self.aggregate(
            answers=Count("pk"),
            mean_overall=Avg("overall"),
            mean_usefulness=Avg("usefulness"),
            satisfied=Count("pk", filter=Q(overall__gte=SATISFIED_FROM)),
        )
        answers = totals["answers"]
        return {
            "answers": answers,
            "overall": round(totals["mean_overall"], 1) if answers else None,
            "usefulness": round(totals["mean_usefulness"], 1) if answers else None,
            "satisfied_share": (totals["satisfied"] * 200 + answers) // (2 * answers) if answers else None,
        }


class Feedback(models.Model):
    participation = models.OneToOneField(
        Participation, verbose_name="участие", on_delete=models.CASCADE, related_name="feedback"
    )
    overall = models.PositiveSmallIntegerField("общая оценка (1–5)")
    usefulness = models.PositiveSmallIntegerField("полезность для работы (1–5)")
    comment = models.TextField("комментарий", blank=True)
    created_at = models.DateTimeField("оставлен", auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = "отзыв о мероприятии"
        verbose_name_plural = "отзывы о мероприятиях"
        constraints = [
            models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5), name="feedback_overall_1_to_5"),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5), name="feedback_usefulness_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.overall}/{self.usefulness}: {self.participation}"


class CalendarToken(models.Model):
    """The secret of a user's personal .ics feed: a calendar client subscribes by URL, without a session."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="calendar_token")
    key = models.CharField("ключ", max_length=64, unique=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "ключ календаря"
        verbose_name_plural = "ключи календаря"

    def __str__(self) -> str:
        return f"ключ календаря {self.user}"

    @classmethod
    def for_user(cls, user) -> "CalendarToken":
        token, _ = cls.objects.get_or_create(user=user, defaults={"key": secrets.token_urlsafe(32)})
        return token

    def renew(self) -> None:
        self.key = secrets.token_urlsafe(32)
        self.save(update_fields=["key"])
