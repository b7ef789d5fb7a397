"""The target model of mentoring (целевая модель наставничества): programs of an organization or a municipality,
mentorships (a mentor with one or more mentees, a pair or a group) and each mentor's limit of mentees.

A mentee's membership of a mentorship is dated (`MentorshipMentee.joined_on` / `left_on`), so "has a mentor" is
answerable for any day of a past period; the region and municipality are kept on the mentorship to bound the
indicators and the scope without a join through the mentor's employments.
"""

from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel


class MentoringForm(models.TextChoices):
    """The forms the documents name (the target model of mentoring, seeds 000 and 002)."""

    TEACHER_TEACHER = "teacher_teacher", "Педагог – педагог"  # a colleague helps a colleague
    EXPERIENCED_YOUNG = "experienced_young", "Опытный педагог – молодой специалист"  # the young educator's mentor
    HEAD_TEACHER = "head_teacher", "Руководитель – педагог"  # the head or a deputy mentors an educator
    MANAGEMENT = "management", "Управленческое наставничество (менторство)"  # between management teams
    PEER = "peer", "Равный – равному"  # peer mentoring
    REVERSE = "reverse", "Обратное наставничество"  # the younger colleague teaches (digital tools, …)


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", "Предложена"  # made by the whole-pool proposal, not yet published
    ACTIVE = "active", "Действует"  # published: the mentor works with the mentees
    COMPLETED = "completed", "Завершена"  # ended with the closing review
    TERMINATED = "terminated", "Прекращена досрочно"  # ended early, with a reason


# Statuses in which a mentorship counts as a mentor's load and a mentee's coverage.
CURRENT = (MentorshipStatus.ACTIVE,)


class MentorshipSource(models.TextChoices):
    MANUAL = "manual", "Назначена вручную"  # the coordinator or an administrator chose the mentor; kept by proposals
    MATCHED = "matched", "По предложению подбора"  # accepted from the whole-pool proposal


class MentoringProgram(models.Model):
    """A program of the target model of mentoring: an organization's, or the municipality's (organization null)."""

    title = models.CharField("название", max_length=300)
    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципальное образование", on_delete=models.PROTECT
    )
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_programs",
    )  # null: a municipal program
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание", null=True, blank=True)
    local_act = models.CharField("локальный акт о введении (реквизиты)", max_length=300, blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "программа наставничества"
        verbose_name_plural = "программы наставничества"

    def __str__(self):
        return self.title


class MentorCapacity(models.Model):
    """How many mentees a mentor may have at once (the matching respects it); no row: the municipality's default."""

    educator = models.OneToOneField(
        "people.Educator", verbose_name="наставник", on_delete=models.CASCADE, related_name="mentor_capacity"
    )
    limit = models.PositiveSmallIntegerField("наибольшее число наставляемых", default=2)
    available = models.BooleanField("готов принимать наставляемых", default=True)

    class Meta:
        verbose_name = "нагрузка наставника"
        verbose_name_plural = "нагрузка наставников"

    def __str__(self):
        return f"{self.educator}: до {self.limit}"


class MentorshipQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Mentorships `user` may see: the territory's for the service's roles (by the mentorship's municipality
        or region); for an organization's administrator those whose mentor or a mentee works in their
        organizations; for everyone else their own, as the mentor or as a mentee."""
        from metodist.people.models import Employment

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level == ScopeLevel.MUNICIPALITY:
            return self.filter(municipality_id=user.municipality_id) if user.municipality_id else self.none()
        if level == ScopeLevel.ORGANIZATIONS:
            staff = Employment.objects.filter(organization__in=user.organizations.values("pk")).values("educator_id")
            mentee_of = MentorshipMentee.objects.filter(educator_id__in=staff).values("mentorship_id")
            return self.filter(Q(mentor_id__in=staff) | Q(pk__in=mentee_of))
        if not user.educator_id:
            return self.none()
        own = MentorshipMentee.objects.filter(educator_id=user.educator_id).values("mentorship_id")
        return self.filter(Q(mentor_id=user.educator_id) | Q(pk__in=own))

    def during(self, start, on):
        """In force on some day of start..on (published, started by `on`, not ended before `start`)."""
        return (
            self.exclude(status=MentorshipStatus.PROPOSED)
            .filter(starts_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        )

    def current(self):
        return self.filter(status__in=CURRENT)

    def on(self, day):
        """In force on `day` (started, not yet ended), whatever its status now; completed ones count for their dates."""
        return (
            self.filter(starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .exclude(status=MentorshipStatus.PROPOSED)
        )


class Mentorship(models.Model):
    """A mentor with one or more mentees (a pair or a group) within a program."""

    program = models.ForeignKey(
        MentoringProgram, verbose_name="программа", on_delete=models.PROTECT, related_name="mentorships"
    )
    form = models.CharField("форма наставничества", max_length=20, choices=MentoringForm.choices)
    mentor = models.ForeignKey(
        "people.Educator", verbose_name="наставник", on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    mentees = models.ManyToManyField(
        "people.Educator", through="MentorshipMentee", related_name="mentorships_as_mentee", verbose_name="наставляемые"
    )
    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципальное образование", on_delete=models.PROTECT
    )
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)  # bounds indicators
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание", null=True, blank=True)
    status = models.CharField(
        "состояние", max_length=12, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    source = models.CharField(
        "как назначена", max_length=10, choices=MentorshipSource.choices, default=MentorshipSource.MANUAL
    )
    reason = models.CharField("обоснование подбора", max_length=300, blank=True)  # the proposal's one-line reason
    goals = models.TextField("цели", blank=True)
    results = models.TextField("результаты", blank=True)  # written when the mentorship is completed
    end_reason = models.CharField("причина прекращения", max_length=300, blank=True)  # terminated early
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="создал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = "наставническая пара (группа)"
        verbose_name_plural = "наставнические пары (группы)"
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["municipality", "status"])]

    def __str__(self):
        return f"{self.mentor} — {self.get_form_display()}"


class MentorshipMenteeQuerySet(models.QuerySet):
    def during(self, start, on):
        """Memberships in force on some day of start..on, of mentorships in force then."""
        return self.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=start),
            joined_on__lte=on,
            mentorship__in=Mentorship.objects.during(start, on),
        )

    def on(self, day):
        return self.during(day, day)


class MentorshipMentee(models.Model):
    """A mentee in a mentorship, with the dates they were in it (a group may change)."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="memberships")
    educator = models.ForeignKey(
        "people.Educator", verbose_name="наставляемый", on_delete=models.PROTECT, related_name="mentee_memberships"
    )
    joined_on = models.DateField("с")
    left_on = models.DateField("по", null=True, blank=True)

    objects = MentorshipMenteeQuerySet.as_manager()

    class Meta:
        verbose_name = "наставляемый"
        verbose_name_plural = "наставляемые"
        constraints = [models.UniqueConstraint(fields=["mentorship", "educator"], name="mentee_once_per_mentorship")]

    def __str__(self):
        return str(self.educator)


# ---- the life of a mentorship: goals, plan, meetings, reviews, history (migration 0003)

# Statuses that end a mentorship; the action that makes each needs what its label says.
FINISHED = (MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED)
RATINGS = [(value, str(value)) for value in range(1, 6)]


class MentorshipGoal(models.Model):
    """A goal as a checklist item: the mentee checks it off, the mentor confirms it."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goal_items")
    text = models.CharField("цель", max_length=300)
    checked_by_mentee_at = models.DateTimeField("отмечена наставляемым", null=True, blank=True)
    confirmed_by_mentor_at = models.DateTimeField("подтверждена наставником", null=True, blank=True)

    class Meta:
        verbose_name = "цель наставничества"
        verbose_name_plural = "цели наставничества"
        ordering = ["pk"]

    def __str__(self):
        return self.text

    @property
    def reached(self) -> bool:
        return self.confirmed_by_mentor_at is not None


class TaskKind(models.TextChoices):
    MEETING = "meeting", "Встреча"  # a planned meeting of the plan
    TASK = "task", "Задание"  # a task for the mentee


class MentorshipTask(models.Model):
    """An item of the plan of meetings and tasks, with a due date; done when `done_on` is set."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField("вид", max_length=10, choices=TaskKind.choices, default=TaskKind.TASK)
    title = models.CharField("содержание", max_length=300)
    due_on = models.DateField("срок")
    done_on = models.DateField("выполнено", null=True, blank=True)

    class Meta:
        verbose_name = "пункт плана"
        verbose_name_plural = "план встреч и заданий"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    def is_overdue(self, today) -> bool:
        return self.done_on is None and self.due_on < today


class MentoringMeeting(models.Model):
    """A meeting logged by the mentor. `notes` are the mentor's own: never shown to anyone else (the coordinator
    sees the cadence — dates, topics, durations — only)."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("дата")
    topic = models.CharField("тема", max_length=300)
    duration_minutes = models.PositiveSmallIntegerField("продолжительность, мин")
    notes = models.TextField("личные заметки наставника", blank=True)
    created_at = models.DateTimeField("записана", auto_now_add=True)

    class Meta:
        verbose_name = "встреча наставника"
        verbose_name_plural = "встречи наставников"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["mentorship", "held_on"])]

    def __str__(self):
        return f"{self.held_on}: {self.topic}"


class MentorshipReview(models.Model):
    """The closing review of one side: the mentor's (mentee null) or a mentee's."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey("people.Educator", verbose_name="автор", on_delete=models.PROTECT, related_name="+")
    by_mentor = models.BooleanField("отзыв наставника")
    text = models.TextField("отзыв")
    rating = models.PositiveSmallIntegerField("оценка (1–5)", choices=RATINGS)
    created_at = models.DateTimeField("дан", auto_now_add=True)

    class Meta:
        verbose_name = "итоговый отзыв"
        verbose_name_plural = "итоговые отзывы"
        constraints = [models.UniqueConstraint(fields=["mentorship", "author"], name="one_review_per_author")]

    def __str__(self):
        return f"{self.author}: {self.rating}"


class EventKind(models.TextChoices):
    CREATED = "created", "Назначен наставник"  # the mentorship was made
    MENTEE_ADDED = "mentee_added", "Добавлен наставляемый"
    MENTEE_LEFT = "mentee_left", "Наставляемый вышел"
    MEETING = "meeting", "Записана встреча"
    GOAL_CHECKED = "goal_checked", "Цель отмечена наставляемым"
    GOAL_CONFIRMED = "goal_confirmed", "Цель подтверждена наставником"
    COMPLETED = "completed", "Наставничество завершено"
    TERMINATED = "terminated", "Наставничество прекращено"


class MentorshipEvent(models.Model):
    """Append-only history of a mentorship: what happened, when, by whom, with the reason where there is one."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("событие", max_length=20, choices=EventKind.choices)
    text = models.CharField("подробности", max_length=500, blank=True)
    by = models.ForeignKey(
        "accounts.User", verbose_name="кто", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "событие наставничества"
        verbose_name_plural = "история наставничества"
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()


class MentorIncentiveQuerySet(models.QuerySet):
    def municipal(self):
        """The municipalities' own records (a municipal act), not an organization's."""
        return self.filter(organization__isnull=True)


class MentorIncentive(models.Model):
    """Whether an organization's local acts (or the municipality's, organization null) fix indicators of
    incentives for mentors — seed 002, criterion 8.6 — with the act's requisites and, optionally, its file."""

    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципальное образование", on_delete=models.PROTECT
    )
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    organization = models.OneToOneField(
        "orgs.Organization",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentor_incentive",
    )  # null: the municipality's own act
    has_incentives = models.BooleanField("показатели стимулирования наставников закреплены", default=False)
    act = models.CharField("локальный акт (вид, дата, номер, название)", max_length=300, blank=True)
    adopted_on = models.DateField("дата принятия", null=True, blank=True)
    document = models.FileField("файл документа", upload_to="mentoring/%Y/", blank=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = MentorIncentiveQuerySet.as_manager()

    class Meta:
        verbose_name = "стимулирование наставников"
        verbose_name_plural = "стимулирование наставников"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(organization__isnull=True), name="one_municipal_incentive"
            )
        ]

    def __str__(self):
        return f"{self.organization or self.municipality}: {'да' if self.has_incentives else 'нет'}"


from .models_matching import MatchWeights  # noqa: F401, E402
