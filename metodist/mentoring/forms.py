"""Forms of the mentoring pages; every choice of people, organizations and programs is limited to the user's scope."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import Q

from metodist.accounts.models import ScopeLevel
from metodist.lib.forms import BootstrapFormMixin, LongSelect, date_widget
from metodist.monitoring import evidence as evidence_rules
from metodist.orgs.models import Organization
from metodist.people.models import Educator

from .models import RATINGS, MentorIncentive, MentoringForm, MentoringProgram, MentorshipStatus, TaskKind


def _educators(user, today):
    return Educator.objects.in_scope(user).employed(today).order_by("last_name", "first_name", "patronymic")


def programs_in_scope(user):
    return MentoringProgram.objects.filter(user.organization_q("organization__") | _municipal_q(user))


def _municipal_q(user):
    if user.scope_level == ScopeLevel.ALL:
        return Q(organization__isnull=True)
    if user.municipality_id:
        return Q(organization__isnull=True, municipality_id=user.municipality_id)
    if user.region_id:
        return Q(organization__isnull=True, region_id=user.region_id)
    return Q(pk__in=[])


class FilterForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label="Организация", queryset=Organization.objects.none(), required=False, widget=LongSelect, empty_label="все"
    )
    form = forms.ChoiceField(label="Форма", choices=[("", "все")] + MentoringForm.choices, required=False)
    status = forms.ChoiceField(label="Состояние", choices=[("", "все")] + MentorshipStatus.choices, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(user.organization_q()).order_by("sort_name")


class AssignForm(BootstrapFormMixin, forms.Form):
    program = forms.ModelChoiceField(label="Программа наставничества", queryset=MentoringProgram.objects.none())
    form = forms.ChoiceField(label="Форма наставничества", choices=MentoringForm.choices)
    mentor = forms.ModelChoiceField(label="Наставник", queryset=Educator.objects.none(), widget=LongSelect)
    mentees = forms.ModelMultipleChoiceField(
        label="Наставляемые", queryset=Educator.objects.none(), help_text="Один — пара, несколько — группа."
    )
    starts_on = forms.DateField(label="Начало", widget=date_widget())
    goals = forms.CharField(
        label="Цели (каждая с новой строки)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs_in_scope(user).order_by("title")
        people = _educators(user, today)
        self.fields["mentor"].queryset = people
        self.fields["mentees"].queryset = people
        self.fields["mentees"].widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        if data.get("mentor") and data.get("mentor") in (data.get("mentees") or []):
            self.add_error("mentees", "Наставник не может быть своим наставляемым.")
        return data

    def goal_lines(self) -> list[str]:
        return [line.strip()[:300] for line in self.cleaned_data.get("goals", "").splitlines() if line.strip()]


class ProgramForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        required=False,
        help_text="Не выбрана — муниципальная программа.",
        widget=LongSelect,
    )
    starts_on = forms.DateField(label="Начало", widget=date_widget())
    ends_on = forms.DateField(label="Окончание", required=False, widget=date_widget())
    local_act = forms.CharField(label="Локальный акт о введении (реквизиты)", max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = Organization.objects.filter(user.organization_q()).order_by("sort_name")
        if user.scope_level == ScopeLevel.ORGANIZATIONS:
            self.fields["organization"].required = True
            self.fields["organization"].help_text = ""

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Окончание раньше начала.")
        if not data.get("organization") and not self.user.municipality_id and not self.errors:
            self.add_error("organization", "Выберите организацию: муниципальную программу создаёт муниципалитет.")
        return data


class MeetingForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label="Дата", widget=date_widget())
    topic = forms.CharField(label="Тема", max_length=300)
    duration_minutes = forms.IntegerField(label="Продолжительность, мин", min_value=5, max_value=600)
    notes = forms.CharField(
        label="Личные заметки (видите только вы)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="Новая цель", max_length=300)


class TaskForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Вид", choices=TaskKind.choices)
    title = forms.CharField(label="Содержание", max_length=300)
    due_on = forms.DateField(label="Срок", widget=date_widget())


class ReviewForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="Итоговый отзыв", widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.TypedChoiceField(label="Оценка", choices=RATINGS, coerce=int)


class CompleteForm(BootstrapFormMixin, forms.Form):
    ends_on = forms.DateField(label="Дата завершения", widget=date_widget())
    results = forms.CharField(label="Результаты наставничества", widget=forms.Textarea(attrs={"rows": 3}))
    review_text = forms.CharField(
        label="Итоговый отзыв наставника", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating = forms.TypedChoiceField(label="Оценка", choices=RATINGS, coerce=int, initial=5)


class TerminateForm(BootstrapFormMixin, forms.Form):
    ends_on = forms.DateField(label="Дата прекращения", widget=date_widget())
    reason = forms.CharField(label="Причина прекращения", max_length=300)


class MenteeForm(BootstrapFormMixin, forms.Form):
    educator = forms.ModelChoiceField(label="Педагог", queryset=Educator.objects.none(), widget=LongSelect)
    on = forms.DateField(label="Дата", widget=date_widget())

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["educator"].queryset = _educators(user, today)


class IncentiveForm(BootstrapFormMixin, forms.ModelForm):
    document = forms.FileField(
        label="Файл документа",
        required=False,
        validators=[FileExtensionValidator(evidence_rules.EXTENSIONS), evidence_rules.check],
        help_text=f"{', '.join(evidence_rules.EXTENSIONS)}; {evidence_rules.limit_text()}",
    )

    class Meta:
        model = MentorIncentive
        fields = ["has_incentives", "act", "adopted_on", "document"]
        widgets = {"adopted_on": date_widget()}

    def clean(self):
        data = super().clean()
        if data.get("has_incentives") and not data.get("act"):
            self.add_error("act", "Укажите реквизиты локального акта, закрепляющего стимулирование.")
        return data


class MunicipalIncentiveForm(IncentiveForm):
    """The municipality's own act: when it fixes the incentives, its file is the evidence the indicator rests on."""

    def clean(self):
        data = super().clean()
        if data.get("has_incentives") and not data.get("document") and "document" not in self.errors:
            self.add_error("document", "Приложите файл муниципального акта, закрепляющего стимулирование.")
        return data
