from django import forms
from django.core.validators import FileExtensionValidator

from metodist.community.forms import offer_educators
from metodist.lib.forms import BootstrapFormMixin, LongSelect, date_widget
from metodist.monitoring import evidence
from metodist.orgs.models import Organization
from metodist.people.models import Educator

from .models import EDUCATOR_KINDS, ActivityRecord, ExpertRole, RecordKind, TargetContract

COMMON = ["organization", "started_on", "ended_on", "note", "document", "document_ref"]
DATES = {
    "started_on": date_widget(),
    "ended_on": date_widget(),
    "graduated_on": date_widget(),
    "employed_on": date_widget(),
}
ERRORS = {
    "organization": {"required": "Выберите организацию."},
    "started_on": {"required": "Укажите дату начала.", "invalid": "Дата в формате ДД.ММ.ГГГГ."},
    "ended_on": {"invalid": "Дата в формате ДД.ММ.ГГГГ."},
    "educator": {"required": "Выберите педагога."},
    "kind": {"required": "Выберите вид."},
}


class _RecordForm(BootstrapFormMixin, forms.ModelForm):
    document = forms.FileField(
        label="Документ",
        required=False,
        validators=[FileExtensionValidator(evidence.EXTENSIONS), evidence.check],
        help_text=f"{', '.join(evidence.EXTENSIONS)}; {evidence.limit_text()}",
    )

    def __init__(self, *args, user, query: str = "", **kwargs):
        """The educators of `user`'s scope: any of them accepted, a capped list found by `query` shown (see
        community.forms.offer), with the record's own educator kept in it."""
        super().__init__(*args, **kwargs)
        # the widget first: setting a queryset hands its choices to the field's widget of the moment
        self.fields["organization"].widget = LongSelect(attrs=self.fields["organization"].widget.attrs)
        self.fields["organization"].queryset = Organization.objects.active().in_scope(user).order_by("sort_name")
        self.fields["educator"].widget = LongSelect(attrs=self.fields["educator"].widget.attrs)
        self.educators = Educator.objects.in_scope(user).order_by("last_name", "first_name", "patronymic")
        self.query = query
        if self.is_bound:  # any of the scope accepted; the list a page shows is capped by for_page
            self.fields["educator"].queryset = self.educators
            self.shown_all = True
        else:
            self.shown_all = offer_educators(self, "educator", self.educators, query=query)

    def for_page(self):
        """The form as a page shows it. After a POST (shown again with its errors, or over a refused save) its
        list of educators is the whole scope that validated it: capped again here, with the chosen educator in
        it. Not in `__init__`: an import validates a form per row and shows none."""
        if self.is_bound:
            self.shown_all = offer_educators(self, "educator", self.educators, query=self.query)
        return self

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "Дата окончания раньше даты начала.")
        return cleaned


class ExpertRoleForm(_RecordForm):
    class Meta:
        model = ExpertRole
        fields = ["educator", "kind", "level", "body", *COMMON]
        widgets = DATES
        error_messages = ERRORS


class ActivityRecordForm(_RecordForm):
    class Meta:
        model = ActivityRecord
        fields = ["kind", "educator", "title", *COMMON]
        widgets = DATES
        error_messages = {**ERRORS, "title": {"required": "Укажите проект, мероприятие или программу."}}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in EDUCATOR_KINDS and not cleaned.get("educator"):
            self.add_error("educator", "Для этого вида записи укажите педагога.")
        if cleaned.get("kind") == RecordKind.TEACHER_CLASS:
            cleaned["educator"] = None
        return cleaned


class TargetContractForm(_RecordForm):
    class Meta:
        model = TargetContract
        fields = [
            "student", "institution", "organization", "started_on", "graduated_on", "employed_on", "employer",
            "educator", "ended_on", "note", "document", "document_ref",
        ]  # fmt: skip
        widgets = DATES
        labels = {
            "organization": "направившая организация",
            "started_on": "договор заключён",
            "ended_on": "договор расторгнут",
        }
        error_messages = {
            **ERRORS,
            "student": {"required": "Укажите обучающегося."},
            "institution": {"required": "Укажите колледж или вуз."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["employer"].queryset = self.fields["organization"].queryset
        self.fields["educator"].required = False

    def clean(self):
        cleaned = super().clean()
        graduated, employed = cleaned.get("graduated_on"), cleaned.get("employed_on")
        if employed and not graduated:
            self.add_error("graduated_on", "Укажите дату окончания обучения: трудоустройство — после него.")
        if graduated and cleaned.get("started_on") and graduated < cleaned["started_on"]:
            self.add_error("graduated_on", "Обучение окончено раньше, чем заключён договор.")
        if employed and not cleaned.get("employer"):
            self.add_error("employer", "Укажите, в какую организацию трудоустроен выпускник.")
        return cleaned


KINDS = {
    "experts": ("Экспертные роли", ExpertRole, ExpertRoleForm),
    "records": ("Записи о деятельности", ActivityRecord, ActivityRecordForm),
    "contracts": ("Целевое обучение", TargetContract, TargetContractForm),
}
