"""Forms of the competitions module."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from metodist.community.forms import EducatorField, offer
from metodist.lib.forms import BootstrapFormMixin, date_widget
from metodist.orgs.models import Organization
from metodist.people.models import Educator

from .models import Competition, CompetitionStage, Kind, Level, Participants, Result


def _check_dates(form, data: dict) -> dict:
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        form.add_error("ends_on", "Дата подведения итогов раньше начала этапа.")
    return data


class CompetitionForm(BootstrapFormMixin, forms.ModelForm):
    """A competition with its first stage; further stages are added on its card."""

    level = forms.ChoiceField(label="Уровень первого этапа", choices=Level.choices, initial=Level.MUNICIPAL)
    starts_on = forms.DateField(label="Начало этапа", widget=date_widget())
    ends_on = forms.DateField(label="Подведение итогов этапа", widget=date_widget())

    class Meta:
        model = Competition
        fields = ["title", "kind", "participants", "year"]
        help_texts = {"year": "Первый год учебного года: 2024 — это 2024/2025."}

    def clean(self):
        return _check_dates(self, super().clean())


class StageForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CompetitionStage
        fields = ["level", "starts_on", "ends_on"]
        widgets = {"starts_on": date_widget(), "ends_on": date_widget()}

    def clean(self):
        return _check_dates(self, super().clean())


class EntryForm(BootstrapFormMixin, forms.Form):
    """An educator found by full name or SNILS among those working in the user's territory (their organization is
    the one they represent), or an organization of the territory."""

    educator = forms.CharField(label="Педагог (ФИО или СНИЛС)", max_length=100, required=False)
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none(), required=False)
    nomination = forms.CharField(label="Номинация", max_length=200, required=False)

    def __init__(self, *args, competition: Competition, user, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition, self.user, self.on = competition, user, on
        self.fields["organization"].queryset = Organization.objects.in_scope(user).active().order_by("short_name")
        if competition.for_organizations:
            del self.fields["educator"]
            self.fields["organization"].required = True
        else:
            self.fields["organization"].help_text = "Не указана — основное место работы педагога."

    def clean(self):
        data = super().clean()
        if self.competition.for_organizations:
            return data
        query = (data.get("educator") or "").strip()
        if not query:
            self.add_error("educator", "Укажите ФИО или СНИЛС участника.")
            return data
        found = list(Educator.objects.working_in_scope(self.user, self.on).search(query)[:2])
        if not found:
            self.add_error("educator", "Среди работающих педагогов вашей территории никто не найден.")
        elif len(found) > 1:
            self.add_error("educator", "Найдено несколько педагогов: уточните ФИО или укажите СНИЛС.")
        else:
            data["found"] = found[0]
            if data.get("organization") is None:
                employment = found[0].employments.active(self.on).order_by("pk").first()
                if employment is None:
                    raise ValidationError("У педагога нет действующего места работы: укажите организацию.")
                data["organization"] = employment.organization
        return data


class ResultForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(label="Результат", choices=Result.choices)
    nomination = forms.CharField(label="Номинация", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CriterionForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Критерий", max_length=300)
    max_points = forms.DecimalField(
        label="Максимум баллов", max_digits=6, decimal_places=2, min_value=Decimal("0.01"),
        error_messages={"min_value": "Максимум баллов должен быть больше нуля."},
    )  # fmt: skip


class JuryForm(BootstrapFormMixin, forms.Form):
    """A jury member: an educator working in the organizer's territory, chosen from a list narrowed by a search
    (`query`, a name or SNILS; the associations' capped list), or any active user by login."""

    educator = EducatorField(label="Педагог из реестра", queryset=Educator.objects.none(), required=False)
    username = forms.CharField(label="или логин пользователя", max_length=150, required=False)

    def __init__(self, *args, user, on, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        working = Educator.objects.working_in_scope(user, on).order_by("last_name", "first_name", "patronymic")
        self.shown_all = offer(self.fields["educator"], working, bound=self.is_bound, query=query)

    def clean_username(self):
        from metodist.accounts.models import User

        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError("Пользователь с таким логином не найден.")
        return user

    def clean(self):
        data = super().clean()
        chosen = [data.get("educator"), data.get("username")]
        if self.errors:
            return data
        if not any(chosen):
            raise ValidationError("Выберите педагога из реестра или укажите логин пользователя.")
        if all(chosen):
            raise ValidationError("Укажите что-то одно: педагога из реестра или логин пользователя.")
        return data


def sheet_field(entry_id: int, criterion_id: int) -> str:
    return f"p_{entry_id}_{criterion_id}"


class ScoreSheetForm(forms.Form):
    """One field per entry × criterion, from 0 to the criterion's maximum; empty — not scored yet."""

    def __init__(self, *args, entries, criteria, scores: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries, self.criteria = entries, criteria
        for entry in entries:
            for criterion in criteria:
                name = sheet_field(entry.pk, criterion.pk)
                self.fields[name] = forms.DecimalField(
                    label=f"{entry.participant_name}: {criterion.name}", required=False, min_value=0,
                    max_value=criterion.max_points, max_digits=6, decimal_places=2,
                    initial=scores.get((entry.pk, criterion.pk)),
                    error_messages={
                        "min_value": "Не меньше 0.", "max_value": f"Не больше {criterion.max_points}.",
                        "invalid": "Введите число.", "max_decimal_places": "Не больше двух знаков после запятой.",
                    },
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.5",
                                                    "min": 0, "max": criterion.max_points}),
                )  # fmt: skip

    def rows(self):
        for entry in self.entries:
            yield entry, [self[sheet_field(entry.pk, criterion.pk)] for criterion in self.criteria]

    def points(self) -> dict[int, dict[int, Decimal]]:
        by_entry: dict[int, dict[int, Decimal]] = {}
        for entry in self.entries:
            for criterion in self.criteria:
                value = self.cleaned_data.get(sheet_field(entry.pk, criterion.pk))
                if value is not None:
                    by_entry.setdefault(entry.pk, {})[criterion.pk] = value
        return by_entry


class FilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(required=False, choices=[("", "все")] + Kind.choices)
    level = forms.ChoiceField(required=False, choices=[("", "все")] + Level.choices)
    participants = forms.ChoiceField(required=False, choices=[("", "все")] + Participants.choices)
