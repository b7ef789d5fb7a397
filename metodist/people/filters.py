"""The filters, search and sorting of the educators list and its export: one GET form.

Every filter is one QuerySet method of models.py, so the list, the export and the indicators agree.
"""

from datetime import date

from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Value, When

from metodist.lib.forms import BootstrapFormMixin, LongSelect
from metodist.orgs.forms import scope_organizations
from metodist.orgs.models import Municipality, Organization, OrganizationKind

from .forms import MAIN_FIRST
from .models import (
    HIGHEST_OR_ABOVE,
    Category,
    Education,
    Educator,
    Employment,
    EmploymentKind,
    Position,
    PositionKind,
    Subject,
)


def _category(queryset, category: str, on: date):
    if category == Category.NONE:
        return queryset.without_category(on)
    if category == Category.HIGHEST:
        # the new categories presuppose the highest one, as in every figure and indicator
        return queryset.with_category(HIGHEST_OR_ABOVE, on)
    return queryset.with_category([category], on)


# Filter name → how it narrows the educators on a day; applied in this order for the fields that are set.
FILTERS = {
    "municipality": lambda qs, municipality, on: qs.working_in(municipality.organizations.active(), on),
    "organization": lambda qs, organization, on: qs.working_in([organization], on),
    "kind": lambda qs, kind, on: qs.working_in(Organization.objects.filter(kind=kind), on),
    "position": lambda qs, position, on: qs.with_position(position, on),
    "subject": lambda qs, subject, on: qs.teaching(subject, on),
    "category": _category,
    "young": lambda qs, _, on: qs.young(on),
    "experience_min": lambda qs, years, on: qs.experience_between(on, min_years=years),
    "experience_max": lambda qs, years, on: qs.experience_between(on, max_years=years),
    "part_time": lambda qs, _, on: qs.part_time(on),
    "out_of_profile": lambda qs, _, on: qs.out_of_profile(on),
    "load_min": lambda qs, hours, on: qs.load_at_least(hours, on),
    "pension": lambda qs, band, on: qs.pre_pension(on) if band == "pre" else qs.pension_age(on),
    "q": lambda qs, text, on: qs.search(text),
    "position_kind": lambda qs, kind, on: qs.pedagogical(on) if kind == PositionKind.PEDAGOGICAL else qs.managers(on),
    "teacher": lambda qs, _, on: qs.teachers(on),
    "education": lambda qs, _, on: qs.with_higher_education(on),
}

NAME_ORDER = ("last_name", "first_name", "patronymic", "pk")


def _category_rank(on: date) -> Case:
    """The category in force as a number for sorting: none (or expired) 0, then in the order of Category."""
    ranks = [When(category=value, then=Value(rank)) for rank, value in enumerate(Category.values)]
    return Case(When(category_expires_on__lt=on, then=Value(0)), *ranks, default=Value(0), output_field=IntegerField())


# Sort code → ORDER BY; the name always breaks ties, so pages are stable.
SORTS = {
    "name": lambda on: NAME_ORDER,
    "-name": lambda on: tuple(F(f).desc() for f in NAME_ORDER[:3]) + ("-pk",),
    "birth_date": lambda on: ("birth_date", *NAME_ORDER),
    "-birth_date": lambda on: ("-birth_date", *NAME_ORDER),
    "experience": lambda on: ("-ped_work_start", *NAME_ORDER),  # the later the start, the shorter
    "-experience": lambda on: ("ped_work_start", *NAME_ORDER),
    "category": lambda on: (_category_rank(on).asc(), *NAME_ORDER),
    "-category": lambda on: (_category_rank(on).desc(), *NAME_ORDER),
}
SORT_CHOICES = [
    ("name", "ФИО: А → Я"),
    ("-name", "ФИО: Я → А"),
    ("-birth_date", "Возраст: младше → старше"),
    ("birth_date", "Возраст: старше → младше"),
    ("experience", "Стаж: меньше → больше"),
    ("-experience", "Стаж: больше → меньше"),
    ("-category", "Категория: выше → ниже"),
    ("category", "Категория: ниже → выше"),
]
# Column of the table → (its ascending sort, its descending sort), by the value the column shows.
COLUMN_SORTS = {
    "name": ("name", "-name"),
    "age": ("-birth_date", "birth_date"),
    "experience": ("experience", "-experience"),
    "category": ("category", "-category"),
}

# Units the compact labels of the form leave to placeholders, spelled out in the notes of an export.
DESCRIBE_UNITS = {"experience_min": ", лет", "experience_max": ", лет", "load_min": ", ч/нед"}
CHECKBOX = {"value": "1"}  # so that a ticked box reads ?young=1 in the address


class EducatorFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label="Поиск по ФИО или СНИЛС",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Фамилия, имя, отчество или СНИЛС"}),
    )
    municipality = forms.ModelChoiceField(
        label="Муниципалитет", queryset=Municipality.objects.none(), required=False, empty_label="Все муниципалитеты"
    )
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="Все организации",
        widget=LongSelect,
    )
    kind = forms.ChoiceField(
        label="Тип организации", choices=[("", "Все типы"), *OrganizationKind.choices], required=False
    )
    position = forms.ModelChoiceField(
        label="Должность", queryset=Position.objects.all(), required=False, empty_label="Все должности"
    )
    subject = forms.ModelChoiceField(
        label="Предмет", queryset=Subject.objects.all(), required=False, empty_label="Все предметы"
    )
    category = forms.ChoiceField(
        label="Категория",
        choices=[
            ("", "Любая"),
            (Category.NONE, "Без категории (в т. ч. истекшей)"),
            (Category.SZD, Category.SZD.label),
            (Category.FIRST, Category.FIRST.label),
            (Category.HIGHEST, "Высшая (в т. ч. педагог-методист, педагог-наставник)"),
            (Category.METHODIST, Category.METHODIST.label),
            (Category.MENTOR, Category.MENTOR.label),
        ],
        required=False,
    )
    experience_min = forms.IntegerField(
        label="Стаж от", min_value=0, max_value=70, required=False, widget=forms.NumberInput({"placeholder": "лет"})
    )
    experience_max = forms.IntegerField(
        label="Стаж до", min_value=0, max_value=70, required=False, widget=forms.NumberInput({"placeholder": "лет"})
    )
    load_min = forms.IntegerField(
        label="Нагрузка от",
        min_value=0,
        max_value=60,
        required=False,
        widget=forms.NumberInput({"placeholder": "ч/нед"}),
    )
    pension = forms.ChoiceField(
        label="Возраст",
        choices=[("", "Любой"), ("pre", "Предпенсионный"), ("pension", "Пенсионный")],
        required=False,
    )
    young = forms.BooleanField(label="Молодой педагог", required=False, widget=forms.CheckboxInput(CHECKBOX))
    part_time = forms.BooleanField(label="Совместитель", required=False, widget=forms.CheckboxInput(CHECKBOX))
    out_of_profile = forms.BooleanField(
        label="Преподаёт вне профиля", required=False, widget=forms.CheckboxInput(CHECKBOX)
    )
    position_kind = forms.ChoiceField(
        label="Вид должности", choices=[("", "Любая"), *PositionKind.choices], required=False
    )
    education = forms.ChoiceField(label="Образование", choices=[("", "Любое"), ("higher", "Высшее")], required=False)
    teacher = forms.BooleanField(label="Учитель (преподаватель)", required=False, widget=forms.CheckboxInput(CHECKBOX))
    former = forms.BooleanField(label="Показывать уволенных", required=False, widget=forms.CheckboxInput(CHECKBOX))
    sort = forms.ChoiceField(label="Сортировка", choices=SORT_CHOICES, required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        scope_organizations(self.fields["organization"], user)
        self.fields["municipality"].queryset = Municipality.objects.in_scope(user)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("experience_min"), cleaned.get("experience_max")
        if low is not None and high is not None and low > high:
            self.add_error("experience_max", "Верхняя граница стажа меньше нижней.")
        return cleaned

    @property
    def active(self) -> dict:
        """The filters that are set and valid, by name."""
        self.is_valid()  # an invalid field is shown with its error and ignored; the valid ones still apply
        return {
            name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data.get(name) not in (None, "", False)
        }

    @property
    def sort_code(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or "name"

    def population(self, user, on: date):
        """Where the list starts: those working in the user's scope today, or, with «показывать уволенных»,
        everyone ever employed there."""
        self.is_valid()
        if self.cleaned_data.get("former"):
            return Educator.objects.in_scope(user)
        return Educator.objects.working_in_scope(user, on)

    def filter(self, queryset, on: date):
        for name, value in self.active.items():
            queryset = FILTERS[name](queryset, value, on)
        return queryset.order_by(*SORTS[self.sort_code](on))

    def column_sorts(self) -> dict:
        """For each sortable column: the sort its header link sets and the arrow of the current order."""
        result = {}
        for column, (ascending, descending) in COLUMN_SORTS.items():
            arrow = {ascending: "▲", descending: "▼"}.get(self.sort_code, "")
            result[column] = {"sort": descending if self.sort_code == ascending else ascending, "arrow": arrow}
        return result

    def describe(self) -> str:
        """The filters in words, for the notes line of an export."""
        parts = []
        for name, value in self.active.items():
            field = self.fields[name]
            label = f"{field.label}{DESCRIBE_UNITS.get(name, '')}"
            if isinstance(field, forms.BooleanField):
                parts.append(label)
            elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                parts.append(f"{label}: {dict(field.choices)[value]}")
            elif name == "q":
                parts.append(f"{label}: «{value}»")
            else:
                parts.append(f"{label}: {value}")
        if self.cleaned_data.get("former"):
            parts.append("включая уволенных")
        return "; ".join(parts) or "нет"


def listing(queryset, user, on: date):
    """The educators with what the list and the export show: active employments in the user's scope, the
    main one first (with organization, position, subjects and the out-of-profile mark), and the flags."""
    employments = (
        Employment.objects.active(on)
        .in_scope(user)
        .select_related("organization", "position")
        .prefetch_related("subjects")
        .annotate(is_out_of_profile=Exists(Employment.objects.out_of_profile(on).filter(pk=OuterRef("pk"))))
        .order_by(MAIN_FIRST, "start_date", "pk")
    )
    own = Employment.objects.active(on).filter(educator_id=OuterRef("pk"))
    return queryset.prefetch_related(
        Prefetch("employments", queryset=employments, to_attr="active_employments"),
        Prefetch("educations", queryset=Education.objects.select_related("speciality")),
    ).annotate(
        # correlated on the listed person's own employments, as Educator.part_time and out_of_profile are
        is_part_time=Exists(own.exclude(kind=EmploymentKind.MAIN)),
        is_out_of_profile=Exists(own.out_of_profile(on)),
    )
