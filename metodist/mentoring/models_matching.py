"""The coordinator's settings of mentor matching, one row per municipality (no row: the defaults below).

A proposal's score is the weighted mean of the criteria (each in [0, 1]) with these weights; see
metodist/mentoring/matching/score.py and docs/matching.md.
"""

from django.core.validators import MaxValueValidator
from django.db import models


class MatchMode(models.TextChoices):
    BEST_TOTAL = "best_total", "Лучшее суммарное соответствие"  # a pair below the minimum score is not made
    EVERYONE = "everyone", "Никто не остаётся без наставника"  # every mentee gets a mentor while places last


WEIGHT_FIELDS = ("coverage_weight", "subject_weight", "level_weight", "place_weight", "load_weight")


def _weight(label: str, default: int):
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(10)])


class MatchWeights(models.Model):
    municipality = models.OneToOneField(
        "orgs.Municipality", verbose_name="муниципальное образование", on_delete=models.CASCADE,
        related_name="match_weights",
    )  # fmt: skip
    coverage_weight = _weight("вес: покрытие дефицитов сильными сторонами наставника", 5)
    subject_weight = _weight("вес: тот же предмет", 3)
    level_weight = _weight("вес: тот же уровень образования", 2)
    place_weight = _weight("вес: та же организация или муниципалитет", 2)
    load_weight = _weight("вес: свободная нагрузка наставника", 1)
    default_limit = models.PositiveSmallIntegerField(
        "наставляемых у наставника по умолчанию", default=2, validators=[MaxValueValidator(10)]
    )  # used where a mentor has no MentorCapacity row
    mode = models.CharField("режим подбора", max_length=12, choices=MatchMode.choices, default=MatchMode.BEST_TOTAL)
    min_score = models.PositiveSmallIntegerField(
        "наименьшее соответствие пары, %", default=30, validators=[MaxValueValidator(100)]
    )  # only in the mode «лучшее суммарное соответствие»
    updated_by = models.ForeignKey(
        "accounts.User", verbose_name="изменил", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    class Meta:
        verbose_name = "веса подбора наставников"
        verbose_name_plural = "веса подбора наставников"

    def __str__(self):
        return f"Веса подбора: {self.municipality}"

    @classmethod
    def for_municipality(cls, municipality_id: int) -> "MatchWeights":
        """The municipality's saved weights, or the defaults (unsaved) when the coordinator has set none."""
        return cls.objects.filter(municipality_id=municipality_id).first() or cls(municipality_id=municipality_id)

    def weights(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in WEIGHT_FIELDS}
