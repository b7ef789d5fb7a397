from datetime import time

from django import forms
from django.db.models import Q
from django.utils import timezone

from metodist.accounts.models import Role, User
from metodist.consultations.models import AssigneeKind
from metodist.lib.dates import school_year
from metodist.lib.forms import BootstrapFormMixin, LongSelect, date_widget
from metodist.orgs.models import Organization
from metodist.people.models import Employment, Subject

from . import bank
from .topics import NOT_OFFERED, topic_choices, topical_of


class TopicForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Тема", max_length=300)


class DifficultyForm(BootstrapFormMixin, forms.Form):
    topic = forms.ChoiceField(label="Тема затруднения")
    subject = forms.ModelChoiceField(label="Предмет", queryset=Subject.objects.order_by("name"), required=False)
    description = forms.CharField(label="В чём затруднение", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id
        self.fields["topic"].choices = topic_choices(municipality_id)

    def clean_topic(self):
        try:
            topical = topical_of(self.cleaned_data["topic"], self.municipality_id)
        except ValueError as error:
            raise forms.ValidationError(NOT_OFFERED) from error
        self.competency, self.kept = topical["competency"], topical["topic"]
        return self.cleaned_data["topic"]


class BankFilterForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(label="С", required=False, widget=date_widget())
    end = forms.DateField(label="По", required=False, widget=date_widget())
    subject = forms.ModelChoiceField(
        label="Предмет", queryset=Subject.objects.order_by("name"), required=False, empty_label="все предметы"
    )
    organization = forms.ModelChoiceField(
        label="Организация",
        widget=LongSelect,
        queryset=Organization.objects.none(),
        required=False,
        empty_label="все организации",
    )
    source = forms.ChoiceField(label="Источник", required=False, choices=[("", "все источники"), *bank.SOURCES.items()])
    topic = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["organization"].queryset = Organization.objects.filter(user.organization_q()).order_by("sort_name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "Конец периода раньше его начала.")
        return data

    def filters(self) -> bank.Filters:
        """The filters asked for; by default the current school year up to today."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or bank.year_start(school_year(self.today))
        end = data.get("end") or max(self.today, start)
        return bank.Filters(
            start=start,
            end=end,
            subject_id=data["subject"].pk if data.get("subject") else None,
            organization_id=data["organization"].pk if data.get("organization") else None,
            source=data.get("source") or "",
            topic=data.get("topic") or "",
        )


def assignees(municipality_id):
    """Whom the service may assign: its coordinators and methodologists, and the tutors, association heads and
    mentors who work in the municipality's organizations."""
    staff = Q(role__in=(Role.COORDINATOR, Role.METHODOLOGIST), municipality_id=municipality_id)
    employed = Employment.objects.filter(organization__municipality_id=municipality_id).values("educator_id")
    helpers = Q(role__in=(Role.TUTOR, Role.ASSOCIATION_HEAD, Role.MENTOR), educator_id__in=employed)
    return User.objects.filter(staff | helpers, is_active=True).order_by("last_name", "first_name", "username")


class PlanForm(BootstrapFormMixin, forms.Form):
    """One step from the open requests of a topic to a group consultation or a draft seminar."""

    how = forms.ChoiceField(
        label="Что запланировать",
        choices=[("group", "Групповую консультацию"), ("event", "Методическое мероприятие (семинар)")],
        widget=forms.RadioSelect,
        initial="group",
    )
    requests = forms.ModelMultipleChoiceField(
        label="Запросы",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите хотя бы один открытый запрос."},
    )
    assignee = forms.ModelChoiceField(label="Исполнитель", queryset=User.objects.none(), widget=LongSelect)
    assignee_kind = forms.ChoiceField(label="Исполнитель — кто", choices=AssigneeKind.choices)
    on = forms.DateField(label="Дата", widget=date_widget())
    title = forms.CharField(label="Название мероприятия", max_length=300, required=False)
    subject = forms.ModelChoiceField(label="Предмет", queryset=Subject.objects.order_by("name"), required=False)
    start = forms.TimeField(label="Начало", initial=time(15, 0), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="Окончание", initial=time(16, 30), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, requests, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = requests
        self.fields["requests"].label_from_instance = _request_label
        self.fields["assignee"].queryset = assignees(municipality_id)
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.username

    def clean(self):
        data = super().clean()
        if data.get("how") == "event" and not (data.get("title") or "").strip():
            self.add_error("title", "Укажите название мероприятия.")
        return data


def _request_label(request) -> str:
    who = request.educator.full_name if request.educator_id else str(request.organization)
    return f"№ {request.pk} от {timezone.localtime(request.filed_at):%d.%m.%Y}: {who} — {request.description[:80]}"
