"""Competitions of professional mastery (конкурсы профессионального мастерства): a competition has stages by level,
each stage has entries (an educator or an organization), a jury with scoring criteria and the jury's scores.

Visibility: `in_scope(user)` on competitions and entries follows the registry's territory (the participant's
organization); jury members also see the entries of the stages they judge. Scores are read through
`Score.objects.visible_to(user)`: organizers see all, a jury member sees only their own until the stage is
closed, participants and organization administrators never see a jury member's points.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel


class Kind(models.TextChoices):
    TEACHER_OF_YEAR = "teacher_of_year", "Учитель года"  # the all-Russian competition for school teachers
    EDUCATOR_OF_YEAR = "educator_of_year", "Воспитатель года"  # for preschool educators
    HEART = "heart", "Сердце отдаю детям"  # for educators of additional education
    DEBUT = "debut", "Педагогический дебют"  # for young educators (the first years of work)
    MASTER_MENTOR = "master_mentor", "Мастер-наставник"  # for mentors
    CLASS_TEACHER = "class_teacher", "Самый классный классный"  # for class teachers
    BEST_SMO = "best_smo", "Лучшее ШМО"  # for school methodological associations (an organization's entry)
    PSYCHOLOGIST = "psychologist", "Педагог-психолог"  # for educational psychologists
    MANAGER = "manager", "Лидер в образовании"  # for managers of organizations
    OTHER = "other", "Другой конкурс"  # any other competition, named by its title


class Participants(models.TextChoices):
    EDUCATORS = "educators", "Педагоги"  # an entry is an educator (with the organization they represent)
    ORGANIZATIONS = "organizations", "Организации"  # an entry is an organization (its team, its ШМО)


class Level(models.TextChoices):
    ORGANIZATION = "organization", "Уровень организации"  # the school round
    MUNICIPAL = "municipal", "Муниципальный"
    REGIONAL = "regional", "Региональный"
    FEDERAL = "federal", "Федеральный"  # the final of an all-Russian competition


class Result(models.TextChoices):
    PARTICIPANT = "participant", "Участник"  # took part, no award
    PRIZE_WINNER = "prize_winner", "Призёр"  # second and third places, laureates
    WINNER = "winner", "Победитель"  # the first place: may go on to the next stage


AWARDED = (Result.PRIZE_WINNER, Result.WINNER)


def judging_q(user) -> Q:
    """The stages `user` judges (as a user, or as the educator they are)."""
    q = Q(jury__user_id=user.pk)
    if user.educator_id:
        q |= Q(jury__educator_id=user.educator_id)
    return q


def judged_stages(user):
    return CompetitionStage.objects.filter(judging_q(user)).values("pk")


class CompetitionQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Competitions organized on the user's territory, those with an entry the user sees, and those the user
        judges at."""
        if user.scope_level == ScopeLevel.ALL:
            return self
        entries = CompetitionEntry.objects.in_scope(user).values("stage__competition_id")
        q = Q(pk__in=entries) | Q(pk__in=CompetitionStage.objects.filter(judging_q(user)).values("competition_id"))
        if user.scope_level == ScopeLevel.REGION and user.region_id:
            q |= Q(region_id=user.region_id)
        elif user.scope_level == ScopeLevel.MUNICIPALITY and user.municipality_id:
            q |= Q(municipality_id=user.municipality_id)
        return self.filter(q)

    def managed_by(self, user):
        """The competitions `user` organizes: the region's (regional operator) or the municipality's
        (coordinator, methodologist)."""
        if user.is_superuser or user.scope_level == ScopeLevel.ALL:
            return self
        if not user.can_edit_registry:
            return self.none()
        # an account without its territory organizes nothing (a None would match the region's competitions)
        if user.scope_level == ScopeLevel.REGION and user.region_id:
            return self.filter(region_id=user.region_id)
        if user.scope_level == ScopeLevel.MUNICIPALITY and user.municipality_id:
            return self.filter(municipality_id=user.municipality_id)
        return self.none()


class Competition(models.Model):
    title = models.CharField("наименование", max_length=300)
    kind = models.CharField("конкурс", max_length=20, choices=Kind.choices)
    participants = models.CharField(
        "участники", max_length=20, choices=Participants.choices, default=Participants.EDUCATORS
    )
    year = models.PositiveSmallIntegerField("учебный год (первый год)")  # 2024 is the school year 2024/2025
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT, related_name="+")
    # The organizer's municipality; empty for a competition the region organizes.
    municipality = models.ForeignKey(
        "orgs.Municipality",
        verbose_name="муниципалитет",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = "конкурс профессионального мастерства"
        verbose_name_plural = "конкурсы профессионального мастерства"
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_label})"

    @property
    def year_label(self) -> str:
        return f"{self.year}/{self.year + 1}"

    @property
    def for_organizations(self) -> bool:
        return self.participants == Participants.ORGANIZATIONS


class CompetitionStage(models.Model):
    competition = models.ForeignKey(
        Competition, verbose_name="конкурс", on_delete=models.CASCADE, related_name="stages"
    )
    level = models.CharField("уровень", max_length=20, choices=Level.choices)
    order = models.PositiveSmallIntegerField("порядок")  # 1 is the first stage; a winner goes to order + 1
    starts_on = models.DateField("начало")
    # The date of the stage's results: what the indicators date an entry by.
    ends_on = models.DateField("подведение итогов")
    closed_at = models.DateTimeField("этап закрыт", null=True, blank=True)

    class Meta:
        verbose_name = "этап конкурса"
        verbose_name_plural = "этапы конкурса"
        ordering = ["competition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "order"], name="unique_competition_stage_order"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="competition_stage_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.competition.title}: {self.get_level_display().lower()} этап"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Дата подведения итогов раньше начала этапа."})


class EntryQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Entries of the user's territory (by the participant's organization), the user's own entries, and the
        entries of the stages the user judges."""
        if user.scope_level == ScopeLevel.ALL:
            return self
        if user.scope_level == ScopeLevel.SELF:
            own = Q(educator_id=user.educator_id) if user.educator_id else Q(pk__in=[])
        else:
            own = user.organization_q("organization__")
        return self.filter(own | Q(stage__in=judged_stages(user)))

    def awarded(self):
        return self.filter(result__in=AWARDED)


class CompetitionEntry(models.Model):
    stage = models.ForeignKey(CompetitionStage, verbose_name="этап", on_delete=models.CASCADE, related_name="entries")
    # Empty for an organization's entry.
    educator = models.ForeignKey(
        "people.Educator",
        verbose_name="участник-педагог",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_entries",
    )
    # The organization entered, or the one the educator represents.
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="competition_entries"
    )
    nomination = models.CharField("номинация", max_length=200, blank=True)
    result = models.CharField("результат", max_length=20, choices=Result.choices, default=Result.PARTICIPANT)
    # Filled when the stage is closed: the mean of the jury members' totals and the place by it.
    total = models.DecimalField("итоговый балл", max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("место в рейтинге", null=True, blank=True)
    advanced_from = models.OneToOneField(
        "self",
        verbose_name="выдвинут с этапа",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advanced_to",
    )
    version = models.PositiveIntegerField(default=1)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "участие в конкурсе"
        verbose_name_plural = "участие в конкурсах"
        ordering = ["stage", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "educator"], condition=Q(educator__isnull=False), name="unique_entry_educator"
            ),
            models.UniqueConstraint(
                fields=["stage", "organization"], condition=Q(educator__isnull=True), name="unique_entry_organization"
            ),
        ]

    def __str__(self) -> str:
        return self.participant_name

    @property
    def participant_name(self) -> str:
        return self.educator.full_name if self.educator_id else self.organization.short_name


class JuryMember(models.Model):
    stage = models.ForeignKey(CompetitionStage, verbose_name="этап", on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "член жюри"
        verbose_name_plural = "жюри"
        ordering = ["stage", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(educator__isnull=False), name="jury_member_is_someone"
            ),
        ]

    def __str__(self) -> str:
        if self.educator_id:
            return self.educator.full_name
        return self.user.get_full_name() or self.user.username

    def is_user(self, user) -> bool:
        return self.user_id == user.pk or bool(user.educator_id and self.educator_id == user.educator_id)

    @property
    def needs_account(self) -> bool:
        """No active account can open this member's scoring sheet: a registry educator without one (yet)."""
        account = self.user if self.user_id else getattr(self.educator, "user", None)
        return account is None or not account.is_active


class ScoringCriterion(models.Model):
    stage = models.ForeignKey(CompetitionStage, verbose_name="этап", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("критерий", max_length=300)
    max_points = models.DecimalField(
        "максимум баллов", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    order = models.PositiveSmallIntegerField("порядок", default=1)

    class Meta:
        verbose_name = "критерий оценивания"
        verbose_name_plural = "критерии оценивания"
        ordering = ["stage", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} (до {self.max_points})"


class ScoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organizers see every score; a jury member sees their own, and the whole stage's once it is closed;
        everybody else (participants, organization administrators) sees none."""
        managed = Competition.objects.managed_by(user).values("pk")
        q = Q(entry__stage__competition__in=managed)
        mine = Q(jury__user_id=user.pk)
        if user.educator_id:
            mine |= Q(jury__educator_id=user.educator_id)
        q |= mine
        q |= Q(entry__stage__in=judged_stages(user), entry__stage__closed_at__isnull=False)
        return self.filter(q)


class Score(models.Model):
    jury = models.ForeignKey(JuryMember, verbose_name="член жюри", on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(
        CompetitionEntry, verbose_name="участник", on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        ScoringCriterion, verbose_name="критерий", on_delete=models.CASCADE, related_name="scores"
    )
    points = models.DecimalField("баллы", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))])

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = "оценка жюри"
        verbose_name_plural = "оценки жюри"
        constraints = [
            models.UniqueConstraint(fields=["jury", "entry", "criterion"], name="unique_score"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.points}"

    def clean(self):
        if self.points is not None and self.points > self.criterion.max_points:
            raise ValidationError({"points": f"Не больше {self.criterion.max_points} баллов по критерию."})
