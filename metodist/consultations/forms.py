"""Forms of the module: a request, the service's triage, a consultation, a rating, a private note, the filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import Q

from metodist.accounts.models import Role
from metodist.difficulties.topics import NOT_OFFERED, topic_choices, topical_of
from metodist.lib.forms import BootstrapFormMixin, LongSelect, MultipleFileField, date_widget
from metodist.monitoring import evidence
from metodist.orgs.models import Organization
from metodist.people.models import Educator, Employment, Subject

from .models import AssigneeKind, HelpForm, HelpRequest, RequestStatus, Urgency

MAX_FILES = 5
# the role of a user → what kind of executor they are
ASSIGNEE_KINDS = {
    Role.METHODOLOGIST: AssigneeKind.METHODOLOGIST,
    Role.COORDINATOR: AssigneeKind.METHODOLOGIST,
    Role.TUTOR: AssigneeKind.TUTOR,
    Role.ASSOCIATION_HEAD: AssigneeKind.ASSOCIATION_HEAD,
    Role.MENTOR: AssigneeKind.MENTOR,
}


def _topic(value: str, municipality_id):
    """(competency, topic) of a topic choice; a value not offered is a form error."""
    try:
        topical = topical_of(value, municipality_id)
    except ValueError as error:
        raise ValidationError(NOT_OFFERED) from error
    return topical["competency"], topical["topic"]


def staff_of(organization_ids):
    """Educators working (or to work) in these organizations."""
    working = Employment.objects.filter(organization_id__in=organization_ids, end_date__isnull=True)
    return Educator.objects.filter(pk__in=working.values("educator_id")).order_by(
        "last_name", "first_name", "patronymic", "pk"
    )


class RequestForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.none(),
        widget=LongSelect,
        error_messages={"required": "Выберите организацию, от которой подаётся запрос."},
    )
    staff = forms.ModelMultipleChoiceField(
        label="Для кого из педагогов (необязательно)",
        queryset=Educator.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Пусто — запрос от организации в целом. Несколько педагогов выбирайте с клавишей Ctrl (Cmd).",
        error_messages={"invalid_choice": "Педагог «%(value)s» не работает в выбранной организации."},
    )
    topic = forms.ChoiceField(
        label="Тема",
        help_text="Компетенция из модели компетенций или тема из перечня методической службы.",
        error_messages={"required": "Выберите тему запроса.", "invalid_choice": "Выберите тему из списка."},
    )
    subject = forms.ModelChoiceField(
        label="Предмет", queryset=Subject.objects.order_by("name"), required=False, empty_label="— не относится —"
    )
    description = forms.CharField(
        label="Описание затруднения, вопрос",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Опишите затруднение или вопрос: с чем нужна помощь."},
    )
    form_wanted = forms.ChoiceField(label="Желаемая форма помощи", choices=HelpForm.choices)
    urgency = forms.ChoiceField(label="Срочность", choices=Urgency.choices, widget=forms.RadioSelect)
    files = MultipleFileField(
        max_files=MAX_FILES,
        label="Вложения",
        required=False,
        validators=[FileExtensionValidator(evidence.EXTENSIONS), evidence.check],
        help_text=f"До {MAX_FILES} файлов: {', '.join(evidence.EXTENSIONS)}; каждый {evidence.limit_text()}.",
    )

    def __init__(self, *args, organizations, municipality_id, for_organization: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id
        self.fields["topic"].choices = topic_choices(municipality_id)
        self.initial.setdefault("urgency", Urgency.NORMAL)
        if for_organization:
            self.fields["organization"].queryset = organizations
            self.fields["staff"].queryset = staff_of(organizations.values("pk"))
            self.fields["staff"].label_from_instance = lambda educator: educator.full_name
            if len(organizations) == 1 and not self.is_bound:
                self.initial["organization"] = organizations[0].pk
        else:
            del self.fields["organization"], self.fields["staff"]

    def clean_topic(self):
        competency, topic = _topic(self.cleaned_data["topic"], self.municipality_id)
        probe = HelpRequest(competency=competency, topic=topic)
        probe.clean_topic()
        return competency, topic

    def clean(self):
        cleaned = super().clean()
        organization, staff = cleaned.get("organization"), cleaned.get("staff")
        if organization and staff:
            working = set(staff_of([organization.pk]).values_list("pk", flat=True))
            strangers = [educator.full_name for educator in staff if educator.pk not in working]
            if strangers:
                self.add_error("staff", f"Не работают в организации «{organization}»: {', '.join(strangers)}.")
        return cleaned


def assignee_choices(municipality_id):
    """Who may be an executor in the municipality: its methodologists and coordinators, and the tutors,
    association heads and mentors who belong to it (by their account or by their place of work)."""
    service = Q(role__in=(Role.METHODOLOGIST, Role.COORDINATOR), municipality_id=municipality_id)
    working = Employment.objects.filter(organization__municipality_id=municipality_id).values("educator_id")
    helpers = Q(role__in=(Role.TUTOR, Role.ASSOCIATION_HEAD, Role.MENTOR)) & (
        Q(municipality_id=municipality_id) | Q(educator_id__in=working)
    )
    from metodist.accounts.models import User

    return User.objects.filter(service | helpers, is_active=True).order_by("role", "last_name", "first_name", "pk")


def _user_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} — {AssigneeKind(ASSIGNEE_KINDS[user.role]).label.lower()}"


class AssignForm(BootstrapFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(
        label="Исполнитель",
        queryset=None,
        widget=LongSelect,
        error_messages={"required": "Выберите исполнителя.", "invalid_choice": "Выберите исполнителя из списка."},
    )
    scheduled_for = forms.DateField(
        label="Дата консультации (необязательно)",
        required=False,
        widget=date_widget(),
        error_messages={"invalid": "Введите дату в виде ДД.ММ.ГГГГ."},
    )
    comment = forms.CharField(label="Комментарий для подавшего запрос", required=False, max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignee_choices(municipality_id)
        self.fields["assignee"].label_from_instance = _user_label

    def assignee_kind(self) -> str:
        return ASSIGNEE_KINDS[self.cleaned_data["assignee"].role]


class ScheduleForm(BootstrapFormMixin, forms.Form):
    scheduled_for = forms.DateField(
        label="Дата консультации",
        widget=date_widget(),
        error_messages={"required": "Укажите дату.", "invalid": "Введите дату в виде ДД.ММ.ГГГГ."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeclineForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Причина отклонения (её увидит подавший запрос)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Напишите причину отклонения: её увидит тот, кто подал запрос."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConsultationForm(BootstrapFormMixin, forms.Form):
    requests = forms.ModelMultipleChoiceField(
        label="Запросы, на которые отвечает консультация",
        queryset=HelpRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Отметьте хотя бы один запрос."},
    )
    held_on = forms.DateField(
        label="Дата",
        widget=date_widget(),
        error_messages={"required": "Укажите дату консультации.", "invalid": "Введите дату в виде ДД.ММ.ГГГГ."},
    )
    form = forms.ChoiceField(label="Форма", choices=HelpForm.choices)
    duration_minutes = forms.IntegerField(
        label="Продолжительность, мин",
        min_value=5,
        max_value=600,
        error_messages={
            "required": "Укажите продолжительность в минутах.",
            "min_value": "Не меньше 5 минут.",
            "max_value": "Не больше 600 минут.",
        },
    )
    participants = forms.ModelMultipleChoiceField(
        label="Участники (педагоги)",
        queryset=Educator.objects.none(),
        required=False,
        help_text="Подавшие запросы и педагоги их организации; несколько выбирайте с клавишей Ctrl (Cmd).",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    topic_text = forms.CharField(
        label="Тема консультации", max_length=300, error_messages={"required": "Укажите тему консультации."}
    )
    advice = forms.CharField(
        label="Что рекомендовано",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Напишите, что рекомендовано педагогу (педагогам)."},
    )
    follow_route_step = forms.ModelChoiceField(
        empty_label="— нет —", label="Шаг ИОМ участника", queryset=None, required=False
    )
    follow_event = forms.ModelChoiceField(empty_label="— нет —", label="Мероприятие", queryset=None, required=False)
    follow_mentorship = forms.ModelChoiceField(
        empty_label="— нет —", label="Наставничество", queryset=None, required=False
    )
    follow_program = forms.ModelChoiceField(empty_label="— нет —", label="Курс (ДПП)", queryset=None, required=False)
    follow_up = forms.CharField(
        label="Дальнейшее сопровождение", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, requests, participants, municipality_id, region_id, **kwargs):
        super().__init__(*args, **kwargs)
        from metodist.events.models import Event
        from metodist.mentoring.models import Mentorship
        from metodist.routes.models import RouteStep
        from metodist.training.models import Program

        self.fields["requests"].queryset = requests
        self.fields["requests"].label_from_instance = lambda r: f"№ {r.pk}: {r.topic_label} — {r.requester_name}"
        self.fields["participants"].queryset = participants
        self.fields["participants"].label_from_instance = lambda educator: educator.full_name
        people = participants.values("pk")
        self.fields["follow_route_step"].queryset = RouteStep.objects.filter(
            route__educator_id__in=people
        ).select_related("route__educator")
        self.fields["follow_route_step"].label_from_instance = lambda s: f"{s.route.educator.full_name}: {s}"
        self.fields["follow_event"].queryset = Event.objects.filter(
            Q(municipality_id=municipality_id) | Q(municipality__isnull=True, region_id=region_id)
        ).order_by("-starts_at", "-pk")
        self.fields["follow_mentorship"].queryset = Mentorship.objects.filter(
            Q(mentor_id__in=people) | Q(memberships__educator_id__in=people)
        ).distinct()
        self.fields["follow_program"].queryset = Program.objects.order_by("title")

    def fields_for_model(self) -> dict:
        names = ["held_on", "form", "duration_minutes", "topic_text", "advice", "follow_up"]
        names += ["follow_route_step", "follow_event", "follow_mentorship", "follow_program"]
        return {name: self.cleaned_data[name] for name in names}


class RatingForm(BootstrapFormMixin, forms.Form):
    score = forms.TypedChoiceField(
        label="Оценка помощи",
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"required": "Поставьте оценку от 1 до 5."},
    )
    solved = forms.TypedChoiceField(
        label="Затруднение разрешено?",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Да"), ("no", "Нет")],
        widget=forms.RadioSelect,
        error_messages={"required": "Ответьте, разрешено ли затруднение."},
    )
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label="Личная заметка (видна только вам)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Заметка пуста."},
    )


class FilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "Все"), ("open", "Открытые")] + RequestStatus.choices
    )
    urgency = forms.ChoiceField(label="Срочность", required=False, choices=[("", "Любая")] + Urgency.choices)
    organization = forms.ModelChoiceField(
        label="Организация", required=False, queryset=Organization.objects.none(), widget=LongSelect, empty_label="Все"
    )
    assignee = forms.ModelChoiceField(label="Исполнитель", required=False, queryset=None, empty_label="Все")
    topic = forms.ChoiceField(label="Тема", required=False)

    def __init__(self, *args, user, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id
        self.fields["organization"].queryset = Organization.objects.in_scope(user).order_by("sort_name")
        self.fields["assignee"].queryset = assignee_choices(municipality_id)
        self.fields["assignee"].label_from_instance = _user_label
        choices = topic_choices(municipality_id)
        self.fields["topic"].choices = [("", "Все")] + choices[1:]

    def clean_topic(self):
        value = self.cleaned_data["topic"]
        return _topic(value, self.municipality_id)
