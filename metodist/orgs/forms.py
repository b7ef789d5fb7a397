from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q

from metodist.accounts.models import ScopeLevel
from metodist.lib.forms import BootstrapFormMixin, date_widget
from metodist.orgs.actions import REQUISITES
from metodist.orgs.models import (
    ORGANIZATION_FLAGS,
    FlagPeriod,
    Municipality,
    Organization,
    OrganizationKind,
    StaffPosition,
    overlapping,
)
from metodist.people.models import Position, Subject


def scope_organizations(field: forms.ModelChoiceField, user) -> None:
    """Offers the organizations of the user's scope; where the scope spans several municipalities each is named
    with its municipality, since a region has many «МАОУ СОШ № 1»."""
    field.queryset = Organization.objects.in_scope(user).select_related("municipality")
    if user.scope_level in (ScopeLevel.ALL, ScopeLevel.REGION):
        field.label_from_instance = lambda organization: f"{organization.short_name} ({organization.municipality})"


# Orderings of the organizations list: code → (label, field). "-code" sorts the other way; empty values last.
SORTS = {
    "name": ("наименованию", "sort_name"),
    "educators": ("числу педагогов", "educator_count"),
    "rates": ("числу ставок", "staff_rates"),
    "vacant": ("вакантным ставкам", "vacant_rates"),
    "staffing": ("укомплектованности", "staffing"),
}
SORT_CHOICES = [(code, f"по {label}") for code, (label, _) in SORTS.items()] + [
    (f"-{code}", f"по {label}, по убыванию") for code, (label, _) in SORTS.items()
]


def name_variants(text: str) -> set[str]:
    """Spellings to match case-insensitively on every database.

    SQLite folds case for ASCII letters only, so «школа» would not find «Школа № 1» there; matching the
    lower, upper and capitalised forms covers the usual ways a name is written. PostgreSQL folds all letters.
    """
    return {text, text.lower(), text.upper(), text.capitalize()}


class OrganizationFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Наименование", required=False, max_length=200)
    municipality = forms.ModelChoiceField(
        label="Муниципалитет", queryset=Municipality.objects.none(), required=False, empty_label="Все муниципалитеты"
    )
    kind = forms.ChoiceField(label="Тип", required=False, choices=[("", "Все типы"), *OrganizationKind.choices])
    flag = forms.MultipleChoiceField(
        label="Признаки", required=False, choices=list(ORGANIZATION_FLAGS.items()), widget=forms.CheckboxSelectMultiple
    )
    inactive = forms.BooleanField(label="Показывать недействующие", required=False)
    sort = forms.ChoiceField(label="Сортировка", required=False, choices=[("", "по наименованию"), *SORT_CHOICES])

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["municipality"].queryset = Municipality.objects.in_scope(user)

    def filter(self, queryset, on):
        """Applies the valid filters (flags held on `on`); an invalid value (a hand-edited URL) is ignored."""
        self.is_valid()
        data = self.cleaned_data
        if not data.get("inactive"):
            queryset = queryset.filter(is_active=True)
        if data.get("municipality"):
            queryset = queryset.filter(municipality=data["municipality"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        for flag in data.get("flag") or []:
            queryset = queryset.filter(pk__in=Organization.objects.flagged([flag], on).values("pk"))
        if text := (data.get("q") or "").strip():
            match = Q()
            for variant in name_variants(text):
                match |= Q(short_name__icontains=variant) | Q(full_name__icontains=variant)
            queryset = queryset.filter(match)
        return queryset.order_by(*self.ordering(data.get("sort") or "name"))

    @staticmethod
    def ordering(sort: str) -> list:
        descending = sort.startswith("-")
        field = SORTS[sort.lstrip("-")][1]
        expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        return [expression, "sort_name", "pk"]

    def describe(self) -> list[str]:
        """The filters in force, in words, for the notes of an export."""
        self.is_valid()
        data = self.cleaned_data
        parts = []
        if data.get("municipality"):
            parts.append(f"муниципалитет: {data['municipality']}")
        if data.get("kind"):
            parts.append(f"тип: {OrganizationKind(data['kind']).label}")
        if data.get("flag"):
            parts.append("признаки: " + ", ".join(ORGANIZATION_FLAGS[flag] for flag in data["flag"]))
        if data.get("q"):
            parts.append(f"наименование содержит «{data['q']}»")
        parts.append("включая недействующие" if data.get("inactive") else "только действующие")
        return parts


class OrganizationRequisitesForm(BootstrapFormMixin, forms.ModelForm):
    """The requisites an organization's own administrator keeps up to date."""

    class Meta:
        model = Organization
        fields = REQUISITES

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get(
            "municipality", self.instance.municipality if self.instance.municipality_id else None
        )
        short_name = cleaned.get("short_name")
        if municipality and short_name:
            taken = Organization.objects.filter(municipality=municipality, short_name=short_name)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "short_name", "Организация с таким кратким наименованием в этом муниципалитете уже есть."
                )
        return cleaned


class OrganizationForm(OrganizationRequisitesForm):
    """Everything about an organization, for the municipal and regional editors."""

    class Meta:
        model = Organization
        fields = ["municipality", "short_name", "full_name", "kind", "inn", "ogrn", "address", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.in_scope(user)
        self.fields["municipality"].queryset = municipalities
        if self.instance.pk is None and len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk


class StaffPositionForm(BootstrapFormMixin, forms.ModelForm):
    """A row of the staff list for a period; the organization is set on the instance by the view."""

    class Meta:
        model = StaffPosition
        fields = ["position", "subject", "rates", "vacant_rates", "valid_from", "valid_to"]
        localized_fields = ["rates", "vacant_rates"]
        widgets = {"valid_from": date_widget(), "valid_to": date_widget()}
        help_texts = {
            "subject": "Для учителей и преподавателей: ставки по каждому предмету — отдельной строкой.",
            "valid_from": "С этой даты строка учитывается в показателях.",
            "valid_to": "Пусто — действует. Если штатное расписание изменилось, закройте эту строку "
            "датой и добавьте новую: показатели прошлых периодов сохранятся.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.all()
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["subject"].empty_label = "— без предмета —"
        self.fields["valid_from"].required = True

    def clean(self):
        cleaned = super().clean()
        position = cleaned.get("position")
        if position and "subject" in cleaned and "valid_from" in cleaned and "valid_to" in cleaned:
            line = StaffPosition(
                pk=self.instance.pk,
                organization_id=self.instance.organization_id,
                position=position,
                subject=cleaned["subject"],
            )
            same = line.same_line().filter(
                overlapping(cleaned["valid_from"], cleaned["valid_to"], "valid_from", "valid_to")
            )
            if same.exists():
                raise ValidationError(
                    "Эта должность с этим предметом уже есть в штатном расписании в этот период: закройте "
                    "прежнюю строку датой «действует по» или измените её."
                )
        return cleaned


class FlagPeriodForm(BootstrapFormMixin, forms.ModelForm):
    """A new period of a flag; the organization is set on the instance by the view."""

    class Meta:
        model = FlagPeriod
        fields = ["flag", "start_date", "end_date", "basis"]
        widgets = {"start_date": date_widget(), "end_date": date_widget()}
        help_texts = {"end_date": "Пусто — признак действует, пока период не закрыт."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].required = True


class FlagCloseForm(BootstrapFormMixin, forms.Form):
    """Closes an open period of a flag: the last day the organization held it."""

    end_date = forms.DateField(label="Действует по", widget=date_widget())

    def __init__(self, *args, period: FlagPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def clean_end_date(self):
        end_date = self.cleaned_data["end_date"]
        if self.period.start_date and end_date < self.period.start_date:
            raise ValidationError(f"Период начался {self.period.start_date:%d.%m.%Y}: дата окончания раньше.")
        return end_date
