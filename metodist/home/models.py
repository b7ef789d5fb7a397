"""Counts of the registry over a whole territory on a day, kept until the next registry write.

The start page and the comparison of municipalities count every person of the user's territory; for a
region that is one pass over tens of thousands of people on every request. The counts change only when the
registry does, so they are kept here (in the database, so that every server process shares them) and
marked stale in the writing transaction by the same signal that marks the facts stale
(metodist/facts/signals.py, `registry_changed`); the next reader counts again.
"""

from django.db import models


class CountsQuerySet(models.QuerySet):
    def mark_stale(self, **kwargs) -> None:
        self.filter(stale=False).update(stale=True)


class CachedCounts(models.Model):
    key = models.CharField("что и по какой территории", max_length=100)
    on = models.DateField("на дату")
    counts = models.JSONField(null=True)
    stale = models.BooleanField(default=True)

    objects = CountsQuerySet.as_manager()

    class Meta:
        verbose_name = "счёт реестра по территории"
        verbose_name_plural = "счёты реестра по территориям"
        constraints = [models.UniqueConstraint(fields=["key", "on"], name="home_cached_counts_unique")]

    def __str__(self) -> str:
        return f"{self.key} на {self.on:%d.%m.%Y}"
