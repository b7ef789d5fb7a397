"""An educator's absences that matter to attestation (order № 196 of 24.03.2023, п. 23 «в»–«е»): pregnancy,
maternity leave, childcare leave up to three years, more than four months of illness. What they change is
metodist/attestation/rules.py's; the registry keeps the facts.

Health and family data (152-ФЗ, special categories): seen and changed only by those who may change the
educator's card (Educator.objects.editable_by), seen read-only by the educator, never by anyone else; no
list, export or API of the registry reads them. Kept apart from models.py (past 500 lines), which re-exports
the names.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from metodist.lib.dates import add_months

from . import rules
from .models import Educator, Sex


class AbsenceKind(models.TextChoices):
    PREGNANCY = "pregnancy", "Беременность"  # п. 23 «в»: not attested while pregnant
    MATERNITY = "maternity", "Отпуск по беременности и родам"  # п. 23 «г»
    CHILDCARE = "childcare", "Отпуск по уходу за ребёнком до достижения им возраста трёх лет"  # п. 23 «д»
    ILLNESS = (
        "illness",
        "Отсутствие на рабочем месте более четырёх месяцев подряд в связи с заболеванием",
    )  # п. 23 «е»: only an absence longer than rules.ILLNESS_MIN_MONTHS counts


# «беременные женщины», «женщины, находящиеся в отпуске по беременности и родам»; childcare leave is anyone's
WOMEN_ONLY = (AbsenceKind.PREGNANCY, AbsenceKind.MATERNITY)

SHORT_ILLNESS = (
    "Болезнь освобождает от аттестации, только если отсутствие длилось более четырёх месяцев подряд: "
    "более короткую не вносите."
)
ILLNESS_HELP = (
    "Болезнь вносится, только если педагог отсутствует (отсутствовал) более четырёх месяцев подряд: более "
    "короткая от аттестации не освобождает."
)


def illness_long_enough(started_on: date, last_day: date) -> bool:
    """«более четырех месяцев подряд»: absent from `started_on` to `last_day` inclusive, more than four months
    (01.02–31.05 is four months exactly and does not count; 01.02–01.06 does)."""
    return last_day >= add_months(started_on, rules.ILLNESS_MIN_MONTHS)


class AbsenceQuerySet(models.QuerySet):
    def visible_to(self, user, on: date):
        """Those who may change the card see its absences, and the educator their own; nobody else."""
        own = Q(educator_id=user.educator_id) if user.educator_id else Q(pk__in=[])
        return self.filter(Q(educator__in=Educator.objects.editable_by(user, on).values("pk")) | own)


def may_change(user, educator: Educator, on: date) -> bool:
    """Those who may change the card change its absences; nobody their own (the educator reads them)."""
    return user.educator_id != educator.pk and Educator.objects.editable_by(user, on).filter(pk=educator.pk).exists()


class Absence(models.Model):
    educator = models.ForeignKey(Educator, verbose_name="педагог", on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField("вид", max_length=20, choices=AbsenceKind.choices)
    started_on = models.DateField("начало")
    ended_on = models.DateField(
        "окончание", null=True, blank=True, help_text="Последний день отсутствия; пусто — отсутствует по сей день."
    )
    document = models.CharField(
        "основание", max_length=300, help_text="Реквизиты документа, например: приказ № 45-к от 12.03.2024."
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="внёс", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)
    # Moved on by every save (metodist.lib.versions): a form opened at an older version is refused.
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = "отсутствие (для аттестации)"
        verbose_name_plural = "отсутствие (для аттестации)"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="absence_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        until = f" по {self.ended_on:%d.%m.%Y}" if self.ended_on else ", по сей день"
        return f"{self.get_kind_display()} с {self.started_on:%d.%m.%Y}{until}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        """The rules that need no date of today (AbsenceForm adds those that do)."""
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "Дата окончания раньше даты начала."
        elif (
            self.kind == AbsenceKind.ILLNESS
            and self.started_on
            and self.ended_on
            and not illness_long_enough(self.started_on, self.ended_on)
        ):
            errors["ended_on"] = SHORT_ILLNESS
        if self.kind in WOMEN_ONLY and self.educator_id and self.educator.sex != Sex.FEMALE:
            errors["kind"] = f"«{self.get_kind_display()}» указывается только в карточке женщины."
        if not errors and self.started_on and self._overlaps_same_kind():
            errors["started_on"] = "Отсутствие этого вида на эти даты уже записано: измените ту запись."
        if errors:
            raise ValidationError(errors)

    def _overlaps_same_kind(self) -> bool:
        others = Absence.objects.filter(educator_id=self.educator_id, kind=self.kind).exclude(pk=self.pk)
        ends_later = Q(ended_on__isnull=True) | Q(ended_on__gte=self.started_on)
        overlapping = others.filter(ends_later)
        if self.ended_on is not None:
            overlapping = overlapping.filter(started_on__lte=self.ended_on)
        return overlapping.exists()
