"""Clusters of organizations among their context peers (seed 003: «кластеры ОО методической поддержки,
выравнивания, развития»). Organizations are first grouped by context (kind, size, ШНОР/ШССУ, shares of young and
pre-pension staff, staffing deficit); each is then placed by its indicator profile relative to its peers.
A placement belongs to one snapshot: the same data always give the same placements.
"""

from django.db import models


class Cluster(models.TextChoices):
    SUPPORT = "support", "Кластер методической поддержки"  # the weakest among its peers: needs targeted help
    LEVELLING = "levelling", "Кластер выравнивания"  # around its peers' level
    DEVELOPMENT = "development", "Кластер развития"  # the strongest among its peers: a source of practices


NOT_PLACED = "недостаточно данных"


class PlacementQuerySet(models.QuerySet):
    def in_scope(self, user):
        """The placements of the organizations the user sees; an educator (the self level) sees none."""
        if not user.sees_organizations:
            return self.none()
        return self.filter(user.organization_q("organization__"))

    def placed(self):
        """Placed in a cluster (not «недостаточно данных»)."""
        return self.exclude(cluster="")


class Placement(models.Model):
    snapshot = models.ForeignKey("monitoring.Snapshot", on_delete=models.CASCADE, related_name="placements")
    organization = models.ForeignKey("orgs.Organization", verbose_name="организация", on_delete=models.CASCADE,
                                     related_name="placements")  # fmt: skip
    peer_group = models.CharField("группа сопоставимых организаций", max_length=200)  # a stable key of the context
    # empty: not placed, too few indicators with data or too few peers («недостаточно данных»)
    cluster = models.CharField("кластер", max_length=12, choices=Cluster.choices, blank=True)
    score = models.DecimalField("сводная оценка среди сопоставимых", max_digits=8, decimal_places=3, null=True)
    context = models.JSONField("контекст", default=dict)  # what the peer group was built from, as shown
    reasons = models.JSONField("основания", default=list)  # one Russian sentence per reason, with indicator codes
    # the indicators compared: [{"code", "indicator", "value", "median", "percentile", "better", "worse", "peers",
    # "lower_is_better"}], weakest first (metodist/clusters/ranking.py)
    profile = models.JSONField("профиль показателей", default=list)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "размещение организации в кластере"
        verbose_name_plural = "размещения организаций в кластерах"
        ordering = ["snapshot", "peer_group", "organization__sort_name"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "organization"], name="one_placement_per_snapshot")]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_cluster_display() or NOT_PLACED}"

    @property
    def is_placed(self) -> bool:
        return bool(self.cluster)
