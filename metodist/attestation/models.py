"""Attestation of educators: the decisions of attestation commissions, kept as an append-only history.

A record is never edited: a mistake is corrected by a new record that replaces the old one (`replaces`), so
the history shows what was entered, when and by whom, and what stands now (`current()`). The rules (terms by
order № 196 of 24.03.2023, who is due to confirm соответствие занимаемой должности) are in `rules.py`.
"""

from datetime import date

from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel
from metodist.people.models import Category, category_expiry


class Kind(models.TextChoices):
    """What the attestation was for; the codes are those of the registry's `Category`."""

    SZD = Category.SZD.value, "Соответствие занимаемой должности"  # by the employer's commission, every 5 years
    FIRST = Category.FIRST.value, "Первая квалификационная категория"
    HIGHEST = Category.HIGHEST.value, "Высшая квалификационная категория"
    METHODIST = Category.METHODIST.value, "Педагог-методист"  # since 01.09.2023, holders of the highest only
    MENTOR = Category.MENTOR.value, "Педагог-наставник"  # since 01.09.2023, holders of the highest only


QUALIFICATION_KINDS = (Kind.FIRST, Kind.HIGHEST, Kind.METHODIST, Kind.MENTOR)  # «квалификационные категории»
ABOVE_HIGHEST = (Kind.METHODIST, Kind.MENTOR)


class Decision(models.TextChoices):
    AWARDED = "awarded", "Установлена (соответствует)"  # the category is awarded / the position is confirmed
    REFUSED = "refused", "Отказано (не соответствует)"


class AttestationQuerySet(models.QuerySet):
    def current(self):
        """The records that stand: not replaced by a correction."""
        return self.filter(replaced_by__isnull=True)

    def awarded(self):
        return self.filter(decision=Decision.AWARDED)

    def in_force(self, on: date):
        """Awards in force on `on`: decided by then and not expired."""
        return (
            self.current()
            .awarded()
            .filter(decided_on__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        )

    def in_scope(self, user):
        """Records of the educators the user sees (the registry's scope)."""
        from metodist.people.models import Educator

        if user.scope_level == ScopeLevel.ALL:
            return self
        if user.scope_level == ScopeLevel.SELF:
            return self.filter(educator_id=user.educator_id) if user.educator_id else self.none()
        return self.filter(educator__in=Educator.objects.in_scope(user))


class Attestation(models.Model):
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="attestations"
    )
    kind = models.CharField("вид аттестации", max_length=20, choices=Kind.choices)
    position = models.ForeignKey("people.Position", verbose_name="должность", on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    # None for соответствие занимаемой должности: the employer sends the educator, there is no application
    applied_on = models.DateField("дата заявления", null=True, blank=True)
    decided_on = models.DateField("дата решения аттестационной комиссии")
    decision = models.CharField("решение", max_length=10, choices=Decision.choices)
    order_number = models.CharField("номер приказа", max_length=50, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    # Derived on save from kind, decision and decided_on (rules.valid_until); never typed.
    valid_until = models.DateField("действует до", null=True, blank=True, editable=False)
    note = models.CharField("примечание", max_length=500, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name="исправляет запись",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    correction_reason = models.CharField("причина исправления", max_length=500, blank=True)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)  # bounds indicators
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="внёс", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        verbose_name = "аттестация"
        verbose_name_plural = "аттестация"
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "decided_on"]),
            models.Index(fields=["educator", "decided_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applied_on__isnull=True) | Q(applied_on__lte=models.F("decided_on")),
                name="attestation_applied_before_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_decision_display().lower()} {self.decided_on:%d.%m.%Y}"

    @property
    def is_awarded(self) -> bool:
        return self.decision == Decision.AWARDED

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "replaced_by")

    def derive_valid_until(self) -> date | None:
        """The registry's rule (people.models.category_expiry): 5 years for СЗД and for a first or highest
        category decided before 01.09.2023; no term for those decided from that day and for the two new ones."""
        return category_expiry(self.kind, self.decided_on) if self.is_awarded else None

    def in_force_on(self, on: date) -> bool:
        return self.is_awarded and self.decided_on <= on and (self.valid_until is None or self.valid_until >= on)
