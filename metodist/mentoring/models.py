"""The target model of mentoring (целевая модель наставничества): programs of an organization or a municipality,
mentorships (a mentor with one or more mentees, a pair or a group) and each mentor's limit of mentees.

A mentee's membership of a mentorship is dated (`MentorshipMentee.joined_on` / `left_on`), so "has a mentor" is
answerable for any day of a past period; the region and municipality are kept on the mentorship to bound the
indicators and the scope without a join through the mentor's employments.
"""

from django.db import models
from django.db.models import Q


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


class MentorshipMentee(models.Model):
    """A mentee in a mentorship, with the dates they were in it (a group may change)."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="memberships")
    educator = models.ForeignKey(
        "people.Educator", verbose_name="наставляемый", on_delete=models.PROTECT, related_name="mentee_memberships"
    )
    joined_on = models.DateField("с")
    left_on = models.DateField("по", null=True, blank=True)

    class Meta:
        verbose_name = "наставляемый"
        verbose_name_plural = "наставляемые"
        constraints = [models.UniqueConstraint(fields=["mentorship", "educator"], name="mentee_once_per_mentorship")]

    def __str__(self):
        return str(self.educator)


from .models_matching import MatchWeights  # noqa: F401, E402
