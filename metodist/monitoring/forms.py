"""Forms of the monitoring pages: a new campaign, an information card built from its data elements, the
coordinator's comment, and the filters of the results page."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

from metodist.accounts.models import Role
from metodist.lib.forms import BootstrapFormMixin
from metodist.orgs.models import Municipality, Organization, Region

from .cards import MUNICIPAL_ROLES, is_admin
from .models import Campaign, Catalogue, DataElement, ValueType

EVIDENCE_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "jpg", "jpeg", "png"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
PERIOD = re.compile(r"^(\d{4})(?:/(\d{2}))?$")


def date_widget() -> forms.DateInput:
    # The browser's date picker sends ISO dates, which Django accepts besides the Russian format.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CampaignForm(BootstrapFormMixin, forms.ModelForm):
    """A coordinator or methodologist creates a campaign of their municipality; a regional operator one of
    their region (for the whole region or one municipality); the administrator any."""

    class Meta:
        model = Campaign
        fields = [
            "catalogue", "title", "period", "period_start", "period_end", "deadline", "region", "municipality",
            "completeness_threshold",
        ]  # fmt: skip
        widgets = {"period_start": date_widget(), "period_end": date_widget(), "deadline": date_widget()}
        labels = {"municipality": "муниципальное образование"}
        help_texts = {"deadline": "До этой даты организации представляют информационные карты."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = Catalogue.objects.order_by("code")
        self.fields["catalogue"].empty_label = None
        if user.role in MUNICIPAL_ROLES and not is_admin(user):
            del self.fields["region"], self.fields["municipality"]
            self.instance.municipality = user.municipality
            self.instance.region_id = user.municipality.region_id
        elif user.role == Role.REGIONAL_OPERATOR and not is_admin(user):
            del self.fields["region"]
            self.instance.region_id = user.region_id
            self.fields["municipality"].queryset = Municipality.objects.filter(region_id=user.region_id)
            self.fields["municipality"].empty_label = "весь регион"
        else:
            self.fields["region"].queryset = Region.objects.all()
            self.fields["municipality"].queryset = Municipality.objects.select_related("region")
            self.fields["municipality"].empty_label = "весь регион"

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        match = PERIOD.match(period)
        if not match or (match[2] and int(match[2]) != (int(match[1]) + 1) % 100):
            raise ValidationError("Укажите учебный год в виде «2023/24» или календарный год в виде «2024».")
        return period

    def clean(self):
        cleaned = super().clean()
        start, end, deadline = (cleaned.get(name) for name in ("period_start", "period_end", "deadline"))
        if start and end and start >= end:
            self.add_error("period_end", "Конец периода должен быть позже его начала.")
        if start and deadline and deadline < start:
            self.add_error("deadline", "Срок представления карт не может быть раньше начала периода.")
        region, municipality = cleaned.get("region"), cleaned.get("municipality")
        if region and municipality and municipality.region_id != region.pk:
            self.add_error("municipality", "Муниципальное образование не относится к выбранному региону.")
        return cleaned


def _evidence_size(upload) -> None:
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(f"Файл больше {EVIDENCE_MAX_BYTES // (1024 * 1024)} МБ.")


def evidence_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), _evidence_size],
        help_text=f"{', '.join(EVIDENCE_EXTENSIONS)}; не более {EVIDENCE_MAX_BYTES // (1024 * 1024)} МБ",
    )


class CardForm(BootstrapFormMixin, forms.Form):
    """The fields of an information card, one per data element (a yes/no answer and a document also take a
    file and a link). Only the types are checked here: rules and required values are checked by
    cards.check on the stored values, so that a draft can be saved half-filled."""

    confirm_warnings = forms.BooleanField(
        label="Значения, отмеченные предупреждениями, проверены и верны", required=False
    )

    def __init__(self, elements: list[DataElement], stored: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            value = stored.get(element.code)
            for name, field in self._fields_of(element).items():
                self.fields[name] = field
            self._apply_classes(element)
            if value is not None:
                self.initial.update(self._initial(element, value))

    def _fields_of(self, element: DataElement) -> dict:
        code, label = element.code, element.name
        if element.value_type == ValueType.NUMBER:
            field = forms.DecimalField(label=label, required=False, max_digits=14, decimal_places=2)
            if element.rules.get("severity", "error") == "error":
                # the browser helps with hard limits only: a warning must stay possible to save
                for key in ("min", "max"):
                    if key in element.rules:
                        field.widget.attrs[key] = element.rules[key]
            return {code: field}
        if element.value_type == ValueType.BOOL:
            choices = [("True", "да"), ("False", "нет")]
            return {
                code: forms.NullBooleanField(label=label, required=False, widget=forms.RadioSelect(choices=choices)),
                f"{code}__file": evidence_field("Подтверждающий документ"),
                f"{code}__link": forms.URLField(label="или ссылка на документ", required=False, assume_scheme="https"),
            }
        if element.value_type == ValueType.FILE:
            return {
                code: evidence_field(label),
                f"{code}__link": forms.URLField(label="или ссылка на документ", required=False, assume_scheme="https"),
            }
        return {code: forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))}

    def _apply_classes(self, element: DataElement) -> None:
        if element.value_type == ValueType.BOOL:
            self.fields[element.code].widget.attrs["class"] = "form-check-input"
        for name in (element.code, f"{element.code}__file", f"{element.code}__link"):
            if name in self.fields and "class" not in self.fields[name].widget.attrs:
                self.fields[name].widget.attrs["class"] = "form-control"

    @staticmethod
    def _initial(element: DataElement, value) -> dict:
        code = element.code
        if element.value_type == ValueType.NUMBER:
            return {code: format(value.number.normalize(), "f") if value.number is not None else None}
        if element.value_type == ValueType.BOOL:
            return {code: value.flag, f"{code}__link": value.link}
        if element.value_type == ValueType.FILE:
            return {f"{code}__link": value.link}
        return {code: value.text}

    def values(self) -> dict:
        """The cleaned values in the shape actions.save_card_values expects; an empty upload keeps the file."""
        return {name: value for name, value in self.cleaned_data.items() if name != "confirm_warnings"}

    def rows(self) -> list[dict]:
        """Per element: its main field and its evidence fields, in the order of the catalogue."""
        return [
            {
                "element": element,
                "field": self[element.code],
                "file": self[f"{element.code}__file"] if f"{element.code}__file" in self.fields else None,
                "link": self[f"{element.code}__link"] if f"{element.code}__link" in self.fields else None,
            }
            for element in self.elements
        ]


class ResultsFilterForm(BootstrapFormMixin, forms.Form):
    """The level whose values the results page shows: an organization, a municipality, or the whole area."""

    municipality = forms.ModelChoiceField(label="Муниципальное образование", queryset=None, required=False)
    organization = forms.ModelChoiceField(label="Организация", queryset=None, required=False)

    def __init__(self, *args, campaign: Campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = campaign.municipalities().filter(
            pk__in=Municipality.objects.in_scope(user).values("pk")
        )
        self.fields["organization"].queryset = (
            campaign.organizations().filter(pk__in=Organization.objects.in_scope(user).values("pk")).order_by(
                "municipality__name", "sort_name"
            )
        )  # fmt: skip
        self.fields["municipality"].empty_label = "все" if campaign.municipality_id is None else None
        self.fields["organization"].empty_label = "все (значение муниципалитета)"

    def chosen(self) -> tuple:
        """(municipality, organization) chosen, or (None, None) when the form is not valid."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data["municipality"], self.cleaned_data["organization"]
