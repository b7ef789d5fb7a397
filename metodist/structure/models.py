"""The structure of the municipal system (seed 003, table 1 «Структура Системы») as data: its bodies on the
municipal and the organization level, each with its functions as written, its head, members and official
contacts, linked to the registry (organizations, educators) and to the community module's associations.

A municipality's structure is loaded from an editable template (`data/*.toml`, seed 003's table) and then kept
by its coordinator; the diagram is drawn from `parent` links.
"""

from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel


class BodyLevel(models.TextChoices):
    MUNICIPAL = "municipal", "Муниципальный уровень"
    ORGANIZATION = "organization", "Учрежденческий уровень"


class BodyKind(models.TextChoices):
    SERVICE = "service", "Методическая служба (структура органа управления образованием)"  # РМК, ИМЦ, ММС
    COUNCIL = "council", "Методический совет"
    ASSOCIATION = "association", "Муниципальное методическое объединение"  # РМО, ГМК
    SITE = "site", "Инновационная площадка, ресурсный центр"  # ОбИП, ММРЦ
    COMMUNITY = "community", "Профессиональное объединение, сетевое сообщество, ассоциация"
    SPECIALISTS = "specialists", "Методисты и тьюторы муниципального уровня"
    LEADERS = "leaders", "Педагоги — победители конкурсов"
    ORG_COUNCIL = "org_council", "Методический совет образовательной организации"
    PAIRS = "pairs", "«Пары» педагогов"


class SystemBodyQuerySet(models.QuerySet):
    def in_scope(self, user):
        """The structure of the municipalities `user` works in (it is public information, but the page with
        heads and members is for the system's users of the territory)."""
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level == ScopeLevel.MUNICIPALITY:
            return self.filter(municipality_id=user.municipality_id) if user.municipality_id else self.none()
        from metodist.orgs.models import Organization

        return self.filter(
            municipality_id__in=Organization.objects.filter(user.organization_q()).values("municipality_id")
        )

    def published(self):
        return self.filter(public=True)

    def roots(self):
        return self.filter(parent__isnull=True)


class SystemBody(models.Model):
    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="system_bodies"
    )
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    level = models.CharField("уровень", max_length=20, choices=BodyLevel.choices, default=BodyLevel.MUNICIPAL)
    kind = models.CharField("вид", max_length=20, choices=BodyKind.choices)
    name = models.CharField("наименование", max_length=300)
    functions = models.TextField("функции (как в положении)")
    parent = models.ForeignKey(
        "self", verbose_name="входит в / подчиняется", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField("порядок", default=0)
    template_key = models.SlugField("ключ шаблона", max_length=60, blank=True)  # the row of the template it came from
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="system_bodies",
    )  # fmt: skip
    association = models.ForeignKey(
        "community.Association", verbose_name="методическое объединение", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="system_bodies",
    )  # fmt: skip
    head = models.ForeignKey(
        "people.Educator", verbose_name="руководитель", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="headed_system_bodies",
    )  # fmt: skip
    head_title = models.CharField("должность руководителя (официально)", max_length=300, blank=True)
    members = models.ManyToManyField("people.Educator", verbose_name="состав", blank=True, related_name="system_bodies")
    # Official contacts only: these are what the public page shows.
    phone = models.CharField("телефон", max_length=60, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    address = models.CharField("адрес", max_length=300, blank=True)
    website = models.URLField("сайт", blank=True)
    public = models.BooleanField("показывать на публичном портале", default=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)  # optimistic locking

    objects = SystemBodyQuerySet.as_manager()

    class Meta:
        verbose_name = "субъект системы"
        verbose_name_plural = "структура системы"
        ordering = ["municipality", "level", "order", "pk"]
        constraints = [
            # a template row is loaded into a municipality once: a rerun of the loader finds it by its key
            models.UniqueConstraint(
                fields=["municipality", "template_key"], condition=~Q(template_key=""), name="unique_body_template_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def function_lines(self) -> list[str]:
        """The functions as the document lists them, one line each (a line «- …» is an item of the list)."""
        return [line.strip() for line in self.functions.splitlines() if line.strip()]

    def function_blocks(self) -> list[tuple[str, object]]:
        """The functions as paragraphs ("p", text) and lists ("ul", [items]) for a page to print."""
        blocks: list[tuple[str, object]] = []
        for line in self.function_lines():
            if not line.startswith("- "):
                blocks.append(("p", line))
            elif blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("ul", [line[2:]]))
        return blocks

    def official_contacts(self) -> list[tuple[str, str, str]]:
        """(field, label, value) of the contacts the public portal may show: the body's own, not a person's."""
        fields = ("head_title", "phone", "email", "address", "website")
        return [
            (name, str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]
