from django import forms
from django.core.validators import FileExtensionValidator

from metodist.community.forms import offer_educators
from metodist.lib.forms import BootstrapFormMixin, LongSelect, date_widget
from metodist.monitoring import evidence

from .models import MONTH_NAMES, Program, ProgramCohort, ProgramKind, Training, TrainingOrderRow

CERTIFICATE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


def _competencies():
    from metodist.diagnostics.models import Competency

    return (
        Competency.objects.filter(parent__isnull=False, version__published_on__isnull=False)
        .select_related("version")
        .order_by("code", "-version__number")
        .distinct()
    )


class ProgramForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "title", "provider", "provider_kind", "hours", "kind", "in_federal_registry", "registry_number", "format",
            "topics", "competencies", "subjects", "for_managers", "on_deficit_diagnostics", "on_routes",
            "for_municipal_needs", "is_active",
        ]  # fmt: skip
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "competencies": forms.SelectMultiple(attrs={"size": 10}),
            "subjects": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = _competencies()
        self.fields["competencies"].help_text = "Совпадение по коду компетенции во всех версиях модели."

    def clean(self):
        data = super().clean()
        hours, kind = data.get("hours"), data.get("kind")
        if hours and kind == ProgramKind.PK and hours < 16:
            self.add_error("hours", "Программа повышения квалификации — не менее 16 часов.")
        if hours and kind == ProgramKind.PP and hours < 250:
            self.add_error("hours", "Программа профессиональной переподготовки — не менее 250 часов.")
        return data


class CohortForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ProgramCohort
        fields = ["starts_on", "ends_on", "seats"]
        widgets = {"starts_on": date_widget(), "ends_on": date_widget()}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", "Окончание раньше начала.")
        return data


CohortFormSet = forms.inlineformset_factory(Program, ProgramCohort, form=CohortForm, extra=2, can_delete=True)


class TrainingForm(BootstrapFormMixin, forms.ModelForm):
    """A training typed by a methodologist: a program of the catalogue, or a course outside it."""

    class Meta:
        model = Training
        fields = ["educator", "program", "title", "provider", "hours", "kind", "starts_on", "ends_on", "result",
                  "certificate_number"]  # fmt: skip
        widgets = {"starts_on": date_widget(), "ends_on": date_widget(), "educator": LongSelect, "program": LongSelect}

    def __init__(self, *args, educators, programs, query: str = "", **kwargs):
        """Any of `educators` may be chosen; those found by `query` are listed (see `offer_educators`)."""
        super().__init__(*args, **kwargs)
        self.shown_all = offer_educators(self, "educator", educators, query=query)
        self.fields["program"].queryset = programs
        self.fields["program"].required = False
        self.fields["title"].help_text = "Только для курса вне каталога."

    def clean(self):
        data = super().clean()
        if not data.get("program") and not data.get("title"):
            self.add_error("program", "Выберите программу каталога или укажите наименование курса вне каталога.")
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", "Окончание раньше начала.")
        return data


class RequestForm(BootstrapFormMixin, forms.ModelForm):
    """An educator's request to count a course taken elsewhere, with the scan of the certificate."""

    certificate = forms.FileField(
        label="Скан удостоверения (диплома)",
        validators=[FileExtensionValidator(CERTIFICATE_EXTENSIONS), evidence.check],
        help_text=f"PDF, JPG или PNG, {evidence.limit_text()}.",
    )

    class Meta:
        model = Training
        fields = ["title", "provider", "hours", "kind", "starts_on", "ends_on", "certificate_number", "certificate"]
        widgets = {"starts_on": date_widget(), "ends_on": date_widget()}

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for name in ("title", "provider", "hours", "certificate_number"):
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", "Окончание раньше начала.")
        if data.get("ends_on") and data["ends_on"] > self.today:
            self.add_error("ends_on", "Курс ещё не окончен: заявку можно подать после получения удостоверения.")
        return data


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Решение", choices=[("approve", "Засчитать"), ("reject", "Отклонить")], widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Причина отклонения (её увидит педагог)", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Укажите причину отклонения: педагог увидит её в личном кабинете.")
        return data


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="Файл .xlsx")


class OrderRowForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingOrderRow
        fields = ["program", "month", "quantity", "note"]
        widgets = {
            "program": LongSelect(attrs={"class": "order-program"}),
            "month": forms.Select(
                choices=[(number, name) for number, name in enumerate(MONTH_NAMES, start=1)],
                attrs={"class": "order-month"},
            ),
            "quantity": forms.NumberInput(attrs={"class": "order-quantity"}),
        }


OrderRowFormSet = forms.modelformset_factory(TrainingOrderRow, form=OrderRowForm, extra=1, can_delete=True)
