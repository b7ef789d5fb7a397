"""Who imports, on which day, and the names they may use: reference lists, municipalities and organizations in scope.

Everything is loaded once per import, so checking 20 000 rows costs a handful of queries.
"""

from collections import defaultdict
from datetime import date
from functools import cached_property

from metodist.accounts.models import ScopeLevel
from metodist.orgs.models import Municipality, Organization
from metodist.people.models import Position, Speciality, Subject

from .cells import CellError, normalize

SEE_REFERENCE = "выберите значение из листа «Справочники» шаблона"

REFERENCES = {
    "position": (Position, "должность «{}» не найдена в справочнике должностей"),
    "subject": (Subject, "учебный предмет «{}» не найден в справочнике предметов"),
    "speciality": (Speciality, "специальность «{}» не найдена в справочнике специальностей"),
}


class ImportContext:
    def __init__(self, user, today: date, *, committing: bool = False):
        """`committing`: the plan is the commit's, in its transaction: the people it reads are locked first."""
        self.user = user
        self.today = today
        self.committing = committing
        self._tables: dict[str, dict] = {}

    @cached_property
    def wide_scope(self) -> bool:
        """Users above one municipality must name the municipality of every row."""
        return self.user.scope_level in (ScopeLevel.ALL, ScopeLevel.REGION)

    @cached_property
    def own_municipality(self) -> Municipality | None:
        if self.user.scope_level == ScopeLevel.MUNICIPALITY:
            return self.user.municipality
        return None

    def reference_items(self, kind: str) -> list:
        model, _ = REFERENCES[kind]
        return list(model.objects.all())

    def reference(self, kind: str, name: str):
        if kind not in self._tables:
            self._tables[kind] = {normalize(item.name): item for item in self.reference_items(kind)}
        found = self._tables[kind].get(normalize(name))
        if found is None:
            raise CellError(f"{REFERENCES[kind][1].format(name[:80])}: {SEE_REFERENCE}")
        return found

    @cached_property
    def municipalities(self) -> list[Municipality]:
        return list(Municipality.objects.in_scope(self.user).select_related("region"))

    @cached_property
    def _municipalities_by_name(self) -> dict[str, list[Municipality]]:
        table = defaultdict(list)
        for municipality in self.municipalities:
            table[normalize(municipality.name)].append(municipality)
        return table

    def municipality(self, name: str) -> Municipality:
        found = self._municipalities_by_name.get(normalize(name), [])
        if not found:
            raise CellError(f"муниципалитет «{name[:80]}» не найден среди доступных вам: {SEE_REFERENCE}")
        if len(found) > 1:
            raise CellError(f"муниципалитетов с названием «{name[:80]}» несколько в разных регионах")
        return found[0]

    @cached_property
    def organizations(self) -> list[Organization]:
        return list(Organization.objects.in_scope(self.user).select_related("municipality"))

    @cached_property
    def _organizations_by_name(self) -> dict[str, list[Organization]]:
        table = defaultdict(list)
        for organization in self.organizations:
            table[normalize(organization.short_name)].append(organization)
        return table

    def organization(self, name: str, municipality: Municipality | None) -> Organization:
        """An organization in scope by its short name; within `municipality` when one is given."""
        found = self._organizations_by_name.get(normalize(name), [])
        if municipality is not None:
            found = [item for item in found if item.municipality_id == municipality.pk]
        if not found:
            raise CellError(f"организация «{name[:80]}» не найдена среди доступных вам организаций: {SEE_REFERENCE}")
        if len(found) > 1:
            raise CellError(f"организаций «{name[:80]}» несколько: укажите муниципалитет в столбце «Муниципалитет»")
        return found[0]
