"""Analytical reports (аналитическая справка) of approved campaigns: a draft generated from the results by the
rules of reports/rules/*.toml, edited by a methodologist and approved. Every generated sentence keeps the
numbers it was made from and links to the indicator value and its drill-down list.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"  # generated, being edited by the methodologist
    APPROVED = "approved", "Утверждена"  # signed off; shown on the public portal (its aggregates)


class AnalyticReportQuerySet(models.QuerySet):
    def in_scope(self, user):
        """The reports of the campaigns the user sees; an organization administrator and the people who see only
        themselves see none (they get addressed recommendations instead)."""
        from metodist.accounts.models import ScopeLevel
        from metodist.monitoring.models import Campaign

        if user.scope_level in (ScopeLevel.SELF, ScopeLevel.ORGANIZATIONS):
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
