from django import forms
from django.utils import timezone

from metodist.accounts.models import Role
from metodist.community.models import Association
from metodist.lib.forms import BootstrapFormMixin, LongSelect, date_widget
from metodist.lib.workdays import non_working_reason
from metodist.orgs.models import Organization
from metodist.people.models import Educator

from .models import Event, EventKind, EventLevel, Feedback, Material


def datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class EventForm(BootstrapFormMixin, forms.ModelForm):
    link = forms.URLField(label="Ссылка на трансляцию", required=False, assume_scheme="https",
                          error_messages={"invalid": "Введите правильную ссылку (https://…)."})  # fmt: skip

    class Meta:
        model = Event
        fields = [
            "title", "kind", "level", "organizer_kind", "association", "organization", "network", "for_young",
            "subject", "theme", "description", "starts_at", "ends_at", "place", "link", "capacity",
            "closes_days_before", "needs_approval", "status",
        ]  # fmt: skip
        widgets = {"starts_at": datetime_widget(), "ends_at": datetime_widget(), "organization": LongSelect}
        error_messages = {
            "starts_at": {"required": "Укажите начало мероприятия.", "invalid": "Введите дату и время начала."},
            "ends_at": {"required": "Укажите окончание мероприятия.", "invalid": "Введите дату и время окончания."},
            "title": {"required": "Укажите название мероприятия."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        associations = Association.objects.filter(closed_on__isnull=True)
        if user.role == Role.ASSOCIATION_HEAD:
            associations = associations.filter(head_user=user)
            self.fields["association"].required = True
        elif user.municipality_id:
            associations = associations.filter(municipality_id=user.municipality_id)
        self.fields["association"].queryset = associations.order_by("title")
        self.fields["organization"].queryset = Organization.objects.filter(user.organization_q()).order_by("sort_name")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]

    def clean(self):
        data = super().clean()
        if self.user.role == Role.ASSOCIATION_HEAD:
            data["organizer_kind"] = "association"
        return data

    def start_warning(self) -> str | None:
        """A notice, not an error, when a valid form sets the start on a non-working day: a Saturday seminar is
        legitimate, a date in the New Year holidays more likely a slip. An edit that keeps the start says nothing."""
        starts = self.cleaned_data.get("starts_at")
        if starts is None or "starts_at" not in self.changed_data:
            return None
        reason = non_working_reason(timezone.localdate(starts))
        return f"Дата начала — нерабочий день: {reason}. Проверьте, что это не ошибка." if reason else None

    def _post_clean(self):
        # the territory of the event is the author's (a new event) or stays what it was
        if not self.instance.pk:
            municipality = self.user.municipality
            if municipality is None and self.cleaned_data.get("association"):
                municipality = self.cleaned_data["association"].municipality
            self.instance.municipality = municipality
            region = municipality.region_id if municipality else self.user.region_id
            if region is None and self.cleaned_data.get("association"):
                region = self.cleaned_data["association"].region_id
            self.instance.region_id = region
        if self.user.role == Role.ASSOCIATION_HEAD:
            self.instance.organizer_kind = "association"
        super()._post_clean()
        if self.instance.region_id is None:
            self.add_error(None, "Не определён регион мероприятия: в учётной записи не указан муниципалитет.")


class FilterForm(BootstrapFormMixin, forms.Form):
    month = forms.DateField(label="Месяц", required=False, widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m"])  # fmt: skip
    kind = forms.ChoiceField(label="Форма", required=False, choices=[("", "все")] + EventKind.choices)
    level = forms.ChoiceField(label="Уровень", required=False, choices=[("", "все")] + EventLevel.choices)
    for_young = forms.BooleanField(label="Для молодых педагогов", required=False)
    network = forms.BooleanField(label="Сетевые", required=False)
    q = forms.CharField(label="Тема или название", required=False, max_length=100)


class RegisterForm(forms.Form):
    educator = forms.ModelChoiceField(queryset=Educator.objects.none(), required=False, label="Педагог")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["educator"].queryset = Educator.objects.in_scope(user)


class FeedbackForm(BootstrapFormMixin, forms.ModelForm):
    RATINGS = [(n, str(n)) for n in range(5, 0, -1)]
    overall = forms.TypedChoiceField(label="Общая оценка мероприятия", choices=RATINGS, coerce=int,
                                     error_messages={"required": "Поставьте оценку от 1 до 5."})  # fmt: skip
    usefulness = forms.TypedChoiceField(label="Полезность для вашей работы", choices=RATINGS, coerce=int,
                                        error_messages={"required": "Поставьте оценку от 1 до 5."})  # fmt: skip

    class Meta:
        model = Feedback
        fields = ["overall", "usefulness", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}


class MaterialForm(BootstrapFormMixin, forms.ModelForm):
    url = forms.URLField(label="Ссылка", required=False, assume_scheme="https",
                         error_messages={"invalid": "Введите правильную ссылку (https://…)."})  # fmt: skip

    class Meta:
        model = Material
        fields = ["title", "file", "url"]
        error_messages = {"title": {"required": "Укажите название материала."}}


class PeriodForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(label="С", widget=date_widget(), error_messages={"invalid": "Введите дату."})
    end = forms.DateField(label="По", widget=date_widget(), error_messages={"invalid": "Введите дату."})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("Начало периода позже его окончания.")
        return data
