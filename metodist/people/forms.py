"""Forms of the educator card: the educator, their education and employments (inline formsets); an absence
that matters to attestation."""

import copy
import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Value, When
from django.forms import BaseInlineFormSet, inlineformset_factory

from metodist.lib.forms import BootstrapFormMixin, date_widget
from metodist.lib.snils import format_snils, normalize_snils
from metodist.lib.versions import VersionForm
from metodist.orgs.models import Organization

from .absences import ILLNESS_HELP, illness_long_enough
from .card_state import card_state
from .models import CORRECTABLE_FIELDS, Absence, AbsenceKind, Education, Educator, Employment, EmploymentKind, Subject

MAIN_FIRST = Case(When(kind=EmploymentKind.MAIN, then=Value(0)), default=Value(1))


class EducatorForm(BootstrapFormMixin, forms.ModelForm):
    # Wider than the model column: people type the number with its dashes and space.
    snils = forms.CharField(label="СНИЛС", required=False, max_length=20, help_text="11 цифр, например 112-233-445 95")

    class Meta:
        model = Educator
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "sex",
            "birth_date",
            "snils",
            "email",
            "phone",
            "ped_work_start",
            "category",
            "category_awarded_on",
            "category_expires_on",
        ]
        widgets = {
            "birth_date": date_widget(),
            "ped_work_start": date_widget(),
            "category_awarded_on": date_widget(),
            "category_expires_on": date_widget(),
        }
        help_texts = {
            "category_expires_on": "Если не указано, срок считается по правилам приказа № 196.",
        }

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if self.instance.snils:
            self.initial["snils"] = format_snils(self.instance.snils)

    def clean_snils(self) -> str | None:
        raw = self.cleaned_data["snils"].strip()
        if not raw:
            return None  # NULL, not "": the column is unique and many educators have no SNILS on record
        if re.search(r"[^\d\s-]", raw):
            raise ValidationError("СНИЛС может содержать только цифры, пробелы и дефисы.")
        return normalize_snils(raw)  # Educator.clean checks the length and the control number

    def clean_birth_date(self) -> date:
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > self.today:
            raise ValidationError("Дата рождения не может быть позже сегодняшнего дня.")
        return birth_date

    def clean(self):
        cleaned = super().clean()
        # A new category or award date makes the old expiry wrong: let Educator.clean compute it again,
        # unless the user typed an expiry of their own.
        category_changed = {"category", "category_awarded_on"} & set(self.changed_data)
        if category_changed and "category_expires_on" not in self.changed_data:
            cleaned["category_expires_on"] = None
        return cleaned


class EducationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Education
        fields = ["level", "is_pedagogical", "speciality", "institution", "completed_on"]
        widgets = {"completed_on": date_widget()}


class EmploymentForm(BootstrapFormMixin, forms.ModelForm):
    subjects = forms.ModelMultipleChoiceField(
        label="Преподаваемые предметы",
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Employment
        fields = ["organization", "position", "kind", "rate", "weekly_hours", "subjects", "start_date", "end_date"]
        widgets = {"start_date": date_widget(), "end_date": date_widget()}
        labels = {"weekly_hours": "Нагрузка, ч/нед"}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def selected_subjects(self) -> list[str]:
        """Names of the subjects ticked (or saved), for the folded summary of the row."""
        chosen = {str(getattr(value, "pk", value)) for value in self["subjects"].value() or []}
        return [str(label) for value, label in self.fields["subjects"].choices if str(value) in chosen]


class BootstrapInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # added after the form's own __init__ styled the rest
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


class EmploymentFormSetBase(BootstrapInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.instance.pk or form.has_changed() for form in self.forms):
            raise ValidationError(
                "Укажите хотя бы одно место работы в организации из вашей зоны доступа: "
                "без него запись педагога не увидит никто из пользователей."
            )


EducationFormSet = inlineformset_factory(
    Educator, Education, form=EducationForm, formset=BootstrapInlineFormSet, extra=1, can_delete=True
)
# A place of work is closed with its end date, never deleted: it is history the indicators count on.
EmploymentFormSet = inlineformset_factory(
    Educator, Employment, form=EmploymentForm, formset=EmploymentFormSetBase, extra=1, can_delete=False
)


class EducatorForms:
    """The educator form with its two inline formsets, bound and validated together.

    Only the employments in the user's scope are shown and editable, and new ones may be added only
    in the organizations of that scope (so an organization's administrator edits their own staff only).
    An existing card also carries its version (`lock`), with the state shown limited to those employments.
    """

    def __init__(self, user, today: date, data=None, instance: Educator | None = None):
        instance = instance or Educator()
        self.visible_employments = Employment.objects.in_scope(user)
        self.lock = None
        if instance.pk:  # read before validation writes the typed values into `instance`
            self.lock = VersionForm.of(instance.version, card_state(instance, self.visible_employments), data)
        self.educator = EducatorForm(data, instance=instance, today=today)
        self.educations = EducationFormSet(data, instance=instance)
        self.employments = EmploymentFormSet(
            data,
            instance=instance,
            queryset=self.visible_employments.select_related("organization", "position")
            .prefetch_related("subjects")
            .order_by(F("end_date").desc(nulls_first=True), MAIN_FIRST, "-start_date", "pk"),  # current, main first
            form_kwargs={"organizations": Organization.objects.in_scope(user)},
        )
        if instance.pk:  # an existing card shows its rows; the «add» buttons give blank ones
            self.educations.extra = self.employments.extra = 0

    def is_valid(self) -> bool:
        results = [self.educator.is_valid(), self.educations.is_valid(), self.employments.is_valid()]
        if self.lock is not None:
            results.append(self.lock.is_valid())
        return all(results)  # every part validated, so every error is shown at once

    @property
    def has_errors(self) -> bool:
        return bool(
            (self.lock is not None and self.lock.errors)
            or self.educator.errors
            or any(self.educations.errors)
            or self.educations.non_form_errors()
            or any(self.employments.errors)
            or self.employments.non_form_errors()
        )


class ContactsForm(BootstrapFormMixin, forms.ModelForm):
    """What an educator corrects on their own card without asking anyone."""

    class Meta:
        model = Educator
        fields = ["email", "phone"]


class CorrectionForm(BootstrapFormMixin, forms.ModelForm):
    """An educator's request: new values for some facts of the card, and a comment about the rest.

    Bound to a copy of the educator, so the card's own rules (a category needs its award date, …) check the
    proposal while the card itself stays untouched until an administrator confirms.
    """

    comment = forms.CharField(
        label="Что исправить и почему",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Опишите ошибку; если неверны образование, место работы, должность или нагрузка — напишите, "
        "как правильно. Приложите реквизиты документа (диплом, приказ), если они есть.",
    )

    class Meta:
        model = Educator
        fields = list(CORRECTABLE_FIELDS)
        widgets = {
            "birth_date": date_widget(),
            "ped_work_start": date_widget(),
            "category_awarded_on": date_widget(),
        }

    def __init__(self, *args, educator: Educator, **kwargs):
        super().__init__(*args, instance=copy.copy(educator), **kwargs)
        self.educator = educator

    def proposed(self) -> tuple[dict, dict]:
        """(proposed, previous): the fields whose typed value differs from the card, with the typed values and
        the card's ones, as text (dates in ISO form, choices by code, None for empty)."""
        proposed, previous = {}, {}
        for name in CORRECTABLE_FIELDS:
            field = Educator._meta.get_field(name)
            new, old = _text(field.value_to_string(self.instance)), _text(field.value_to_string(self.educator))
            if new != old:
                proposed[name], previous[name] = new, old
        return proposed, previous


def _text(value: str) -> str | None:
    return None if value in ("", "None") else value


class DeclineForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="Причина отказа", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AbsenceForm(BootstrapFormMixin, forms.ModelForm):
    """An absence that matters to attestation, bound to an Absence with its educator: the model checks the
    dates against each other, the form what needs today."""

    class Meta:
        model = Absence
        fields = ["kind", "started_on", "ended_on", "document"]
        widgets = {"started_on": date_widget(), "ended_on": date_widget()}
        help_texts = {"kind": ILLNESS_HELP}

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def _value(self, name: str):
        return self.cleaned_data.get(name) if name in self.fields else getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        started, ended = self._value("started_on"), self._value("ended_on")
        if self._value("kind") == AbsenceKind.ILLNESS and started:
            if ended is not None and ended > self.today:
                self.add_error(
                    "ended_on" if "ended_on" in self.fields else None,
                    "Окончание болезни не может быть позже сегодняшнего дня: укажите его, когда педагог выйдет "
                    "на работу.",
                )
            elif ended is None and not illness_long_enough(started, self.today):
                self.add_error(
                    "started_on" if "started_on" in self.fields else None,
                    "Болезнь освобождает от аттестации, только если отсутствие длится более четырёх месяцев "
                    "подряд: на сегодня их ещё не прошло — внесите её позже.",
                )
        return cleaned


class AbsenceEndForm(AbsenceForm):
    """The last day of an absence still open."""

    class Meta(AbsenceForm.Meta):
        fields = ["ended_on"]
        labels = {"ended_on": "Последний день отсутствия"}
        help_texts = {"ended_on": "На следующий день педагог вышел (выйдет) на работу."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
