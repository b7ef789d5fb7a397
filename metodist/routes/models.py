"""Individual educational routes (ИОМ, and the ИППР of an organization or a municipality), their steps, the
append-only history of every change, the tutor's notices, and what a completed route leaves behind: addressed
recommendations and a post-course support plan.

A route's progress is never stored: it is derived from its steps (`LearningRouteQuerySet.with_progress`,
`LearningRoute.progress`), so a route cannot read 100 % while a step is still to be done. Status changes go
through `actions.transition`, which checks `TRANSITIONS` and writes the history.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from metodist.accounts.models import Role, ScopeLevel


class RouteBase(models.TextChoices):
    CNPPM = "cnppm", "ЦНППМ"  # an ИОМ developed at the regional centre of continuous professional growth
    MUNICIPALITY = "municipality", "Муниципальная методическая служба"  # an ИППР of the municipality
    ORGANIZATION = "organization", "Образовательная организация (ИППР)"  # an ИППР of the school (seed 002)


class RouteStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"  # being composed by the tutor or methodologist
    REVIEW = "review", "На согласовании"  # sent to be agreed
    AGREED = "agreed", "Согласован"  # agreed: developed, not yet started
    IN_PROGRESS = "in_progress", "Реализуется"  # the educator works through the steps
    COMPLETED = "completed", "Завершён"  # all steps done or cancelled; recommendations and support plan made
    EVALUATED = "evaluated", "Оценён"  # the tutor rated the route's result


# Agreed or later: the route was developed (for the indicators, «разработаны и реализуются»).
DEVELOPED = (RouteStatus.AGREED, RouteStatus.IN_PROGRESS, RouteStatus.COMPLETED, RouteStatus.EVALUATED)
FINISHED = (RouteStatus.COMPLETED, RouteStatus.EVALUATED)
# Steps may be marked done and evidence uploaded while the route is worked through.
WORKING = (RouteStatus.AGREED, RouteStatus.IN_PROGRESS)
EDITABLE = (RouteStatus.DRAFT, RouteStatus.REVIEW, RouteStatus.AGREED, RouteStatus.IN_PROGRESS)

# (from, to) → the action's code; an action that needs a reason is listed in NEEDS_REASON.
TRANSITIONS = {
    (RouteStatus.DRAFT, RouteStatus.REVIEW): "submit",
    (RouteStatus.REVIEW, RouteStatus.DRAFT): "return",
    (RouteStatus.REVIEW, RouteStatus.AGREED): "agree",
    (RouteStatus.AGREED, RouteStatus.IN_PROGRESS): "start",
    (RouteStatus.IN_PROGRESS, RouteStatus.COMPLETED): "complete",
    (RouteStatus.COMPLETED, RouteStatus.EVALUATED): "evaluate",
    (RouteStatus.COMPLETED, RouteStatus.IN_PROGRESS): "reopen",
    (RouteStatus.EVALUATED, RouteStatus.IN_PROGRESS): "reopen",
}
ACTION_TARGET = {
    "submit": RouteStatus.REVIEW,
    "return": RouteStatus.DRAFT,
    "agree": RouteStatus.AGREED,
    "start": RouteStatus.IN_PROGRESS,
    "complete": RouteStatus.COMPLETED,
    "evaluate": RouteStatus.EVALUATED,
    "reopen": RouteStatus.IN_PROGRESS,
}
ACTION_LABELS = {
    "submit": "Отправить на согласование",
    "return": "Вернуть на доработку",
    "agree": "Согласовать",
    "start": "Начать реализацию",
    "complete": "Завершить маршрут",
    "evaluate": "Оценить результат",
    "reopen": "Возобновить маршрут",
}
NEEDS_REASON = {"return", "reopen"}


class CuratorKind(models.TextChoices):
    """Who accompanies the route, as the indicators of support count them (seed 002, 4.2 and 8.10)."""

    TUTOR = "tutor", "Тьютор"  # a tutor (муниципальный тьютор, тьютор ЦНППМ)
    METHODOLOGIST = "methodologist", "Методист муниципальной методической службы"
    REGIONAL_METHODOLOGIST = "regional_methodologist", "Методист регионального методического актива"


class LearningRouteQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Routes `user` may see: the territory for the service's roles, their organizations' educators for an
        organization's administrator, and for everyone else the routes they tutor and their own."""
        from metodist.people.models import Educator

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level in (ScopeLevel.MUNICIPALITY, ScopeLevel.ORGANIZATIONS):
            return self.filter(educator_id__in=Educator.objects.in_scope(user).values("pk"))
        own = Q(tutor_id=user.pk)
        if user.educator_id:
            own |= Q(educator_id=user.educator_id)
        return self.filter(own)

    def with_progress(self):
        """Annotates `steps_total` (planned and done steps) and `steps_done`."""
        return self.annotate(
            steps_total=Count("steps", filter=Q(steps__status__in=COUNTED), distinct=True),
            steps_done=Count("steps", filter=Q(steps__status=StepStatus.DONE), distinct=True),
        )

    def with_overdue(self, today):
        late = RouteStep.objects.filter(route=OuterRef("pk"), status=StepStatus.PLANNED, due_on__lt=today)
        return self.annotate(has_overdue=Exists(late))

    def overdue(self, today):
        """Routes being worked through with a planned step past its deadline."""
        late = RouteStep.objects.filter(route=OuterRef("pk"), status=StepStatus.PLANNED, due_on__lt=today)
        return self.filter(status__in=WORKING).filter(Exists(late))

    def in_force(self, start, on):
        """Developed (agreed or later) by `on`, with a period overlapping start..on."""
        return self.filter(
            status__in=DEVELOPED, agreed_on__isnull=False, agreed_on__lte=on, starts_on__lte=on, ends_on__gte=start
        )

    def finished_between(self, start, on):
        return self.filter(status__in=FINISHED, completed_on__gte=start, completed_on__lte=on)


class LearningRoute(models.Model):
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="learning_routes"
    )
    goal = models.TextField("цель маршрута")
    base = models.CharField("база разработки", max_length=20, choices=RouteBase.choices, default=RouteBase.CNPPM)
    # the school of an organization's ИППР (the one whose methodological council developed it)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", null=True, blank=True, on_delete=models.PROTECT
    )
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)  # bounds indicators
    tutor = models.ForeignKey(
        "accounts.User",
        verbose_name="тьютор (куратор)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tutored_routes",
    )
    curator_kind = models.CharField(
        "кто сопровождает", max_length=30, choices=CuratorKind.choices, default=CuratorKind.TUTOR
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    status = models.CharField("состояние", max_length=20, choices=RouteStatus.choices, default=RouteStatus.DRAFT)
    agreed_on = models.DateField("согласован", null=True, blank=True)  # the day it was developed
    completed_on = models.DateField("завершён", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("оценка результата (1–5)", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="создал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    # Moved on by every edit of the route's fields (metodist.lib.versions).
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = LearningRouteQuerySet.as_manager()

    class Meta:
        verbose_name = "индивидуальный образовательный маршрут"
        verbose_name_plural = "индивидуальные образовательные маршруты"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="route_dates_ordered"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="route_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["tutor", "status"])]

    def __str__(self) -> str:
        return f"{self.kind_name} {self.educator} ({self.starts_on:%m.%Y}–{self.ends_on:%m.%Y})"

    @property
    def kind_name(self) -> str:
        return "ИОМ" if self.base == RouteBase.CNPPM else "ИППР"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": "Окончание маршрута не может быть раньше его начала."})
        if self.base == RouteBase.ORGANIZATION and not self.organization_id:
            raise ValidationError({"organization": "Для ИППР образовательной организации укажите организацию."})

    def progress(self) -> int:
        """Per cent of counted steps done, rounded down (so 100 only when nothing is left); 0 without steps.

        Reads the `with_progress` annotation when present, else counts."""
        total = getattr(self, "steps_total", None)
        done = getattr(self, "steps_done", None)
        if total is None or done is None:
            total = self.steps.filter(status__in=COUNTED).count()
            done = self.steps.filter(status=StepStatus.DONE).count()
        return done * 100 // total if total else 0

    def is_overdue(self, today) -> bool:
        return self.status in WORKING and self.steps.filter(status=StepStatus.PLANNED, due_on__lt=today).exists()

    def actions_from_here(self) -> list[str]:
        return [action for (source, _), action in TRANSITIONS.items() if source == self.status]


class RouteDeficit(models.Model):
    """A deficit the route addresses. The deficit row itself is rewritten whenever its diagnostic is derived
    again, so the link keeps the competency (its code is stable across versions) and the diagnostic as well."""

    route = models.ForeignKey(LearningRoute, verbose_name="маршрут", on_delete=models.CASCADE, related_name="deficits")
    deficit = models.ForeignKey(
        "diagnostics.Deficit", verbose_name="дефицит", null=True, blank=True, on_delete=models.SET_NULL
    )
    competency = models.ForeignKey("diagnostics.Competency", verbose_name="компетенция", on_delete=models.PROTECT)
    code = models.SlugField("код компетенции", max_length=60)
    diagnostic = models.ForeignKey(
        "diagnostics.Diagnostic", verbose_name="диагностика", null=True, blank=True, on_delete=models.SET_NULL
    )
    measured_on = models.DateField("дата диагностики")  # the ends_on of the diagnostic that found it
    percent = models.DecimalField("результат, % максимума", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "дефицит маршрута"
        verbose_name_plural = "дефициты маршрута"
        ordering = ["route", "code"]
        constraints = [models.UniqueConstraint(fields=["route", "code"], name="route_deficit_unique")]

    def __str__(self) -> str:
        return self.competency.name


class StepKind(models.TextChoices):
    COURSE = "course", "Курс (ДПП из каталога)"
    EVENT = "event", "Методическое мероприятие"
    INTERNSHIP = "internship", "Стажировка на стажировочной площадке"
    MASTER_CLASS = "master_class", "Мастер-класс"
    MENTOR = "mentor", "Работа с наставником"
    SELF_EDUCATION = "self_education", "Самообразование"


class StepForm(models.TextChoices):
    FORMAL = "formal", "Формальное"  # a course with a certificate
    NON_FORMAL = "non_formal", "Неформальное"  # events, internships, master classes
    INFORMAL = "informal", "Информальное"  # self-education, work with a mentor


DEFAULT_FORM = {
    StepKind.COURSE: StepForm.FORMAL,
    StepKind.EVENT: StepForm.NON_FORMAL,
    StepKind.INTERNSHIP: StepForm.NON_FORMAL,
    StepKind.MASTER_CLASS: StepForm.NON_FORMAL,
    StepKind.MENTOR: StepForm.INFORMAL,
    StepKind.SELF_EDUCATION: StepForm.INFORMAL,
}


class StepStatus(models.TextChoices):
    PROPOSED = "proposed", "Предложен системой"  # waits for the tutor to accept or reject it
    PLANNED = "planned", "Запланирован"
    DONE = "done", "Выполнен"
    REJECTED = "rejected", "Отклонён"  # a proposal the tutor rejected
    CANCELLED = "cancelled", "Отменён"  # a planned step dropped


COUNTED = (StepStatus.PLANNED, StepStatus.DONE)  # the steps the progress counts


class RouteStep(models.Model):
    route = models.ForeignKey(LearningRoute, verbose_name="маршрут", on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    kind = models.CharField("вид шага", max_length=20, choices=StepKind.choices)
    form = models.CharField("форма образования", max_length=20, choices=StepForm.choices)
    title = models.CharField("содержание шага", max_length=500)
    program = models.ForeignKey(
        "training.Program", verbose_name="программа ДПП", null=True, blank=True, on_delete=models.PROTECT
    )
    cohort = models.ForeignKey(
        "training.ProgramCohort", verbose_name="поток", null=True, blank=True, on_delete=models.SET_NULL
    )
    site = models.ForeignKey(
        "orgs.Organization",
        verbose_name="стажировочная площадка",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deficits = models.ManyToManyField(RouteDeficit, verbose_name="дефициты", blank=True, related_name="steps")
    due_on = models.DateField("срок", null=True, blank=True)
    status = models.CharField("состояние", max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED)
    reason = models.CharField("почему предложен", max_length=500, blank=True)  # a proposal's one-line reason
    effect = models.CharField("измеренный эффект", max_length=300, blank=True)  # «+6,2 п.п. у 34 участников»
    evidence = models.FileField("подтверждающий документ", upload_to="routes/%Y/", blank=True)
    evidence_link = models.URLField("ссылка на подтверждение", max_length=500, blank=True)
    reflection = models.TextField("рефлексия педагога", blank=True)
    tutor_comment = models.TextField("комментарий тьютора", blank=True)
    done_on = models.DateField("выполнен", null=True, blank=True)
    confirmed_at = models.DateTimeField("подтверждён тьютором", null=True, blank=True)

    class Meta:
        verbose_name = "шаг маршрута"
        verbose_name_plural = "шаги маршрута"
        ordering = ["route", "order", "pk"]
        constraints = [
            # a step is done exactly when it has a date of completion: no «done» without a date and vice versa
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | (~Q(status="done") & Q(done_on__isnull=True)),
                name="route_step_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence) or bool(self.evidence_link)

    def is_overdue(self, today) -> bool:
        return self.status == StepStatus.PLANNED and self.due_on is not None and self.due_on < today


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("История маршрута не изменяется: записи только добавляются.")

    def delete(self):
        raise TypeError("История маршрута не удаляется: записи только добавляются.")


class EventKind(models.TextChoices):
    CREATED = "created", "Маршрут создан"
    EDITED = "edited", "Изменены сведения маршрута"
    STATUS = "status", "Смена состояния"
    STEP_ADDED = "step_added", "Добавлен шаг"
    STEP_EDITED = "step_edited", "Изменён шаг"
    PROPOSAL = "proposal", "Решение по предложенному шагу"
    STEP_DONE = "step_done", "Шаг выполнен"
    EVIDENCE = "evidence", "Загружено подтверждение"
    COMMENT = "comment", "Комментарий тьютора"
    RATING = "rating", "Оценка результата"
    RECOMMENDATIONS = "recommendations", "Адресные рекомендации"
    SUPPORT = "support", "План посткурсового сопровождения"


class RouteEvent(models.Model):
    """One line of a route's history: who, when, what. Rows are only ever added (see AppendOnlyQuerySet)."""

    route = models.ForeignKey(LearningRoute, verbose_name="маршрут", on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(
        RouteStep, verbose_name="шаг", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    actor = models.ForeignKey("accounts.User", verbose_name="кто", null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField("что", max_length=20, choices=EventKind.choices)
    from_status = models.CharField("было", max_length=20, choices=RouteStatus.choices, blank=True)
    to_status = models.CharField("стало", max_length=20, choices=RouteStatus.choices, blank=True)
    text = models.TextField("подробности", blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "запись истории маршрута"
        verbose_name_plural = "история маршрутов"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"[:120]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("История маршрута не изменяется: записи только добавляются.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("История маршрута не удаляется: записи только добавляются.")


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class RouteNotice(models.Model):
    """An in-interface notice to a route's tutor: the educator uploaded evidence of a step."""

    recipient = models.ForeignKey(
        "accounts.User", verbose_name="кому", on_delete=models.CASCADE, related_name="route_notices"
    )
    route = models.ForeignKey(LearningRoute, verbose_name="маршрут", on_delete=models.CASCADE, related_name="notices")
    step = models.ForeignKey(RouteStep, verbose_name="шаг", null=True, blank=True, on_delete=models.CASCADE)
    text = models.CharField("текст", max_length=300)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "уведомление тьютору"
        verbose_name_plural = "уведомления тьюторам"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text


class Recommendation(models.Model):
    """An addressed recommendation for the educator, made when the route is completed (rules in
    data/recommendations.toml); the tutor may edit its text."""

    route = models.ForeignKey(
        LearningRoute, verbose_name="маршрут", on_delete=models.CASCADE, related_name="recommendations"
    )
    code = models.SlugField("код компетенции", max_length=60, blank=True)  # empty: about the route as a whole
    rule = models.CharField("правило", max_length=60)
    text = models.TextField("рекомендация")
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "адресная рекомендация"
        verbose_name_plural = "адресные рекомендации"
        ordering = ["route", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class SupportKind(models.TextChoices):
    LESSON_VISIT = "lesson_visit", "Посещение уроков (занятий)"
    ASSOCIATION_TALK = "association_talk", "Выступление на ШМО / ГМК"
    PEDSOVET = "pedsovet", "Выступление на педагогическом совете"
    QUESTIONNAIRE = "questionnaire", "Анкетирование"
    CONSULTATION = "consultation", "Консультация тьютора"


class SupportItem(models.Model):
    """One item of the post-course support plan (seed 002, programme item 16: lesson visits, talks at the
    association, a questionnaire), with its date."""

    route = models.ForeignKey(LearningRoute, verbose_name="маршрут", on_delete=models.CASCADE, related_name="support")
    kind = models.CharField("вид", max_length=30, choices=SupportKind.choices)
    planned_on = models.DateField("дата")
    note = models.CharField("содержание", max_length=500, blank=True)
    done = models.BooleanField("проведено", default=False)

    class Meta:
        verbose_name = "пункт посткурсового сопровождения"
        verbose_name_plural = "посткурсовое сопровождение"
        ordering = ["route", "planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.planned_on:%d.%m.%Y}"


TUTOR_ROLES = (Role.TUTOR, Role.METHODOLOGIST, Role.COORDINATOR)
CURATOR_OF_ROLE = {Role.TUTOR: CuratorKind.TUTOR, Role.METHODOLOGIST: CuratorKind.METHODOLOGIST}
