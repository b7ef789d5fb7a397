"""Analytical reports (аналитическая справка) of approved campaigns: a draft generated from the results by the
rules of reports/rules/*.toml, edited by a methodologist and approved. Every generated sentence keeps the
numbers it was made from and links to the indicator value and its drill-down list.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"  # generated, being edited by the methodologist
    APPROVED = "approved", "Утверждена"  # signed off; shown on the public portal (its aggregates)


def sees_reports(user) -> bool:
    """Reports are read over a territory: a municipality, a region, everything."""
    from metodist.accounts.models import ScopeLevel

    return user.scope_level not in (ScopeLevel.SELF, ScopeLevel.ORGANIZATIONS)


class AnalyticReportQuerySet(models.QuerySet):
    def in_scope(self, user):
        """The reports of the campaigns the user sees; an organization administrator and the people who see only
        themselves see none (they get addressed recommendations instead)."""
        from metodist.monitoring.models import Campaign

        if not sees_reports(user):
            return self.none()
        return self.filter(campaign__in=Campaign.objects.in_scope(user))

    def approved(self):
        return self.filter(status=ReportStatus.APPROVED)


class AnalyticReport(models.Model):
    """One report of one campaign over one territory (the campaign's municipality, or a municipality of a regional
    campaign, or the whole region when `municipality` is empty)."""

    campaign = models.ForeignKey("monitoring.Campaign", verbose_name="кампания", on_delete=models.PROTECT,
                                 related_name="reports")  # fmt: skip
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    snapshot = models.ForeignKey("monitoring.Snapshot", verbose_name="расчёт", on_delete=models.PROTECT,
                                 related_name="reports")  # fmt: skip
    title = models.CharField("заголовок", max_length=500)
    status = models.CharField("статус", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    generated_at = models.DateTimeField("сформирована")
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("утверждена", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")  # fmt: skip
    version = models.PositiveIntegerField("версия", default=1, editable=False)
    reopen_reason = models.TextField("причина возврата в работу", blank=True)  # the last reopening of an approval

    objects = AnalyticReportQuerySet.as_manager()

    class Meta:
        verbose_name = "аналитическая справка"
        verbose_name_plural = "аналитические справки"
        ordering = ["-generated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "municipality"], name="one_report_per_campaign_territory"),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(municipality__isnull=True), name="one_regional_report_per_campaign"
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == ReportStatus.APPROVED

    def territory(self):
        return self.municipality or self.campaign.region


# How the numbers a sentence quotes are named on its page (a name not here is shown as it is).
NUMBER_LABELS = {
    "value": "значение", "target": "целевое значение", "previous": "прошлый период", "change": "изменение",
    "direction": "направление", "organizations": "организаций", "weakest": "слабейшая организация",
    "weakest_value": "её значение", "strongest": "сильнейшая организация", "strongest_value": "её значение",
    "lowest": "организация с наименьшим значением", "lowest_value": "наименьшее значение",
    "highest": "организация с наибольшим значением", "highest_value": "наибольшее значение",
    "reported": "принято карт", "expected": "ожидалось карт", "completeness": "полнота", "threshold": "порог",
    "reason": "причина", "number": "номер", "name": "показатель", "below": "ниже цели",
    "with_target": "с целевыми значениями", "below_list": "показатели ниже цели", "indicators": "показателей",
    "computed": "рассчитано", "no_data": "нет данных", "met": "достигнуто", "educators": "педагогов",
    "count": "организаций", "members": "организации", "reasons": "основания",
}  # fmt: skip


class Sentence(models.Model):
    """One generated sentence of a report, with the numbers it quotes and the links that prove them.

    `key` is stable across regenerations (rule + indicator + place), so a regenerated report finds the sentence
    it replaces. An edit keeps the numbers it was written against (`edit_numbers`): while they differ from the
    numbers of the latest generation, the sentence is flagged «числа изменились» until the methodologist keeps
    the edit or takes the new wording.
    """

    report = models.ForeignKey(AnalyticReport, on_delete=models.CASCADE, related_name="sentences")
    section = models.CharField("раздел", max_length=300)  # the section's key
    section_title = models.CharField("заголовок раздела", max_length=600)
    section_order = models.PositiveSmallIntegerField("порядок раздела")
    order = models.PositiveIntegerField("порядок в разделе")
    key = models.CharField("ключ", max_length=300)
    generated = models.TextField("сформированный текст", blank=True)  # empty: the rule no longer gives it
    edited = models.TextField("текст в редакции методиста", null=True, blank=True)
    numbers = models.JSONField("числа", default=dict)  # {name: the value as quoted}
    edit_numbers = models.JSONField("числа, к которым написана редакция", default=dict, blank=True)
    evidence = models.JSONField("подтверждения", default=list)  # [{"label", "url"}]
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # fmt: skip
    edited_at = models.DateTimeField("отредактировано", null=True, blank=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    class Meta:
        verbose_name = "предложение справки"
        verbose_name_plural = "предложения справки"
        ordering = ["report", "section_order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="one_sentence_per_key")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.generated if self.edited is None else self.edited

    @property
    def is_edited(self) -> bool:
        return self.edited is not None

    @property
    def numbers_changed(self) -> bool:
        """An edit written against numbers the latest generation no longer gives."""
        return self.is_edited and self.edit_numbers != self.numbers

    @property
    def is_dropped(self) -> bool:
        """The rules no longer give this sentence (kept only because it was edited)."""
        return not self.generated

    def number_changes(self) -> list[tuple[str, str, str]]:
        """(name, as the edit quoted it, as now) of every number that changed since the edit."""
        names = list(self.edit_numbers) + [name for name in self.numbers if name not in self.edit_numbers]
        return [
            (NUMBER_LABELS.get(name, name), self.edit_numbers.get(name, "—"), self.numbers.get(name, "—"))
            for name in names
            if self.edit_numbers.get(name) != self.numbers.get(name)
        ]

    def quoted(self) -> list[tuple[str, str]]:
        """(label, value) of the numbers the sentence quotes now."""
        return [(NUMBER_LABELS.get(name, name), value) for name, value in self.numbers.items()]
