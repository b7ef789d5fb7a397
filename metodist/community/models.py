"""Methodological associations and professional communities (РМО, ГМК, ШМО, network communities, creative and
problem groups, associations of young educators and of mentors) and their dated membership.

Membership has dates (`Membership.joined_on` / `left_on`) so that "a member of a network community" is
answerable for any period; the region and municipality are kept on the association to bound the indicators.
"""

from django.db import models
from django.db.models import Q


class AssociationKind(models.TextChoices):
    DISTRICT = "district", "Районное (городское) методическое объединение (РМО, ГМО)"  # of the municipality
    CITY_COUNCIL = "city_council", "Городской методический кабинет, совет (ГМК)"  # a municipal council
    SCHOOL = "school", "Школьное методическое объединение (ШМО)"  # within one organization
    PROFESSIONAL = "professional", "Профессиональное сообщество"  # a professional community
    NETWORK = "network", "Сетевое сообщество"  # a network community of several organizations
    CREATIVE = "creative", "Творческая группа"  # a creative group
    PROBLEM = "problem", "Проблемная группа"  # works on one problem for a period
    YOUNG = "young", "Объединение (школа) молодых педагогов"  # an association or school of young educators
    MENTORS = "mentors", "Объединение наставников"  # an association of mentors
    REGIONAL_YOUNG = "regional_young", "Региональная ассоциация молодых педагогов"  # criterion 8.9


class AssociationLevel(models.TextChoices):
    ORGANIZATION = "organization", "Уровень организации"
    MUNICIPAL = "municipal", "Муниципальный уровень"
    REGIONAL = "regional", "Региональный уровень"


class Association(models.Model):
    title = models.CharField("название", max_length=300)
    kind = models.CharField("вид", max_length=20, choices=AssociationKind.choices)
    level = models.CharField("уровень", max_length=20, choices=AssociationLevel.choices)
    subject = models.ForeignKey(
        "people.Subject", verbose_name="предмет", null=True, blank=True, on_delete=models.PROTECT
    )
    theme = models.CharField("тема (направление)", max_length=300, blank=True)  # e.g. functional literacy (5.1)
    municipality = models.ForeignKey(
        "orgs.Municipality",
        verbose_name="муниципальное образование",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )  # null: a regional association
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", null=True, blank=True, on_delete=models.PROTECT
    )  # the organization of a school association (ШМО)
    head = models.ForeignKey(
        "people.Educator",
        verbose_name="руководитель",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_associations",
    )
    head_user = models.ForeignKey(
        "accounts.User",
        verbose_name="учётная запись руководителя",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_associations",
    )  # the association head role manages the associations it heads
    founded_on = models.DateField("создано")
    closed_on = models.DateField("прекратило работу", null=True, blank=True)
    created_at = models.DateTimeField("создано в системе", auto_now_add=True)

    class Meta:
        verbose_name = "методическое объединение (сообщество)"
        verbose_name_plural = "методические объединения (сообщества)"

    def __str__(self):
        return self.title


class MembershipQuerySet(models.QuerySet):
    def during(self, start, end):
        """Memberships that overlap the period start..end."""
        return self.filter(joined_on__lte=end).filter(Q(left_on__isnull=True) | Q(left_on__gte=start))


class Membership(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.PROTECT, related_name="association_memberships"
    )
    joined_on = models.DateField("вступил")
    left_on = models.DateField("вышел", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "членство в объединении"
        verbose_name_plural = "членство в объединениях"
        indexes = [models.Index(fields=["educator", "joined_on"])]

    def __str__(self):
        return f"{self.educator} — {self.association}"
