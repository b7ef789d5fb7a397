from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import Q

from metodist.lib.forms import BootstrapFormMixin, LongSelect, date_widget
from metodist.monitoring import evidence
from metodist.monitoring.models import Campaign, Indicator
from metodist.orgs.models import Municipality, Organization, OrganizationKind

from .models import Decision, DecisionKind, Measure, MeasureStatus


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """LongSelect's fast rendering for a choice of several (a region-sized municipality's organizations)."""


def _file_field(label: str) -> forms.FileField:
    """A document or a scan, checked by its content as the information cards' evidence is."""
    return forms.FileField(
        label=label,
        required=False,
        validators=[FileExtensionValidator(evidence.EXTENSIONS), evidence.check],
        help_text=f"{', '.join(evidence.EXTENSIONS)}; {evidence.limit_text()}",
    )


class DecisionForm(BootstrapFormMixin, forms.ModelForm):
    file = _file_field("Файл документа")

    class Meta:
        model = Decision
        fields = ["municipality", "campaign", "kind", "number", "date", "title", "text", "file"]
        widgets = {"date": date_widget(), "text": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "municipality": {"required": "Выберите муниципалитет."},
            "kind": {"required": "Выберите вид документа."},
            "number": {"required": "Укажите номер документа."},
            "date": {"required": "Укажите дату документа.", "invalid": "Дата в формате ДД.ММ.ГГГГ."},
            "title": {"required": "Укажите наименование документа."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.in_scope(user).order_by("name")
        self.fields["municipality"].queryset = municipalities
        if user.municipality_id and not self.instance.pk:
            self.initial.setdefault("municipality", user.municipality_id)
        self.fields["campaign"].queryset = Campaign.objects.in_scope(user).order_by("-period_end", "pk")
        self.fields["campaign"].help_text = "Кампания мониторинга, по итогам которой принято решение"

    def clean(self):
        cleaned = super().clean()
        campaign, municipality = cleaned.get("campaign"), cleaned.get("municipality")
        if campaign and municipality:
            covers = campaign.municipality_id == municipality.pk or (
                campaign.is_regional and campaign.region_id == municipality.region_id
            )
            if not covers:
                self.add_error("campaign", "Эта кампания не охватывает выбранный муниципалитет.")
        moved = self.instance.pk and municipality and municipality.pk != self.instance.municipality_id
        if moved and self.instance.measures.exists():
            self.add_error("municipality", "У решения уже есть меры для организаций своего муниципалитета.")
        return cleaned


class MeasureForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["activity", "responsible", "responsible_organization", "deadline", "expected_result",
                  "organizations", "indicators", "status"]  # fmt: skip
        widgets = {
            "deadline": date_widget(),
            "activity": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"responsible": "Ответственный (должность, ФИО)"}
        error_messages = {
            "activity": {"required": "Опишите мероприятие."},
            "deadline": {"required": "Укажите срок.", "invalid": "Дата в формате ДД.ММ.ГГГГ."},
        }

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        area = Organization.objects.filter(municipality_id=decision.municipality_id).order_by("sort_name")
        chosen = self.instance.organizations.all() if self.instance.pk else Organization.objects.none()
        # the widget first: setting a queryset hands its choices to the field's widget of the moment
        self.fields["responsible_organization"].widget = LongSelect(
            attrs=self.fields["responsible_organization"].widget.attrs
        )
        self.fields["responsible_organization"].queryset = area
        self.fields["organizations"].widget = LongSelectMultiple(attrs=self.fields["organizations"].widget.attrs)
        self.fields["organizations"].queryset = area.filter(
            Q(is_active=True) & ~Q(kind=OrganizationKind.METHODOLOGICAL) | Q(pk__in=chosen)
        )
        self.fields["organizations"].widget.attrs["size"] = 10
        self.fields["organizations"].help_text = (
            "Организации, на которые направлена мера: их показатели сравниваются с сопоставимыми организациями, "
            "на которые мера не направлена. Пусто — мера муниципалитета в целом. Несколько — с клавишей Ctrl."
        )
        catalogue = decision.campaign.catalogue_id if decision.campaign_id else None
        self.fields["indicators"].queryset = Indicator.objects.filter(catalogue_id=catalogue).order_by("order")
        self.fields["indicators"].widget.attrs["size"] = 10
        self.fields["indicators"].help_text = (
            "Показатели каталога кампании-основания, которые мера должна изменить (несколько — с клавишей Ctrl)"
            if catalogue
            else "Решение не связано с кампанией мониторинга: показатели выбрать нельзя"
        )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < self.decision.date:
            raise forms.ValidationError(
                f"Срок раньше даты решения ({self.decision.date:%d.%m.%Y}): мера не может быть выполнена до того, "
                "как её назначили."
            )
        return deadline


class StatusForm(BootstrapFormMixin, forms.ModelForm):
    """What the responsible organization records: how far the measure is, and what proves it is done."""

    evidence_file = _file_field("Файл-подтверждение")

    class Meta:
        model = Measure
        fields = ["status", "evidence", "evidence_file"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}
        labels = {"evidence": "Подтверждение выполнения (что сделано, документ, ссылка)"}

    def clean(self):
        cleaned = super().clean()
        proved = (cleaned.get("evidence") or "").strip() or cleaned.get("evidence_file")
        if cleaned.get("status") == MeasureStatus.DONE and not proved:
            self.add_error("evidence", "Выполненную меру подтвердите: опишите, что сделано, или приложите файл.")
        return cleaned


class FilterForm(BootstrapFormMixin, forms.Form):
    OVERDUE = "overdue"

    kind = forms.ChoiceField(label="Вид", required=False, choices=[("", "Все")] + list(DecisionKind.choices))
    year = forms.IntegerField(label="Год", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label="Меры",
        required=False,
        choices=[("", "Все"), *MeasureStatus.choices, (OVERDUE, "Просрочены")],
    )
    campaign = forms.ModelChoiceField(label="По итогам кампании", required=False, queryset=Campaign.objects.none(),
                                      empty_label="Все")  # fmt: skip

    def __init__(self, data, user):
        super().__init__(data)
        self.fields["campaign"].queryset = Campaign.objects.in_scope(user).order_by("-period_end", "pk")


class SignForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label="Заключение методиста",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Напишите заключение: чем объясняется результат, что делать дальше."},
    )
