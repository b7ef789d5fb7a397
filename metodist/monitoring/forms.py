"""Forms of the monitoring pages: a new campaign, an information card built from its data elements, the
coordinator's comment, and the filters of the results and data-quality pages."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import Q

from metodist.accounts.models import Role
from metodist.lib.forms import BootstrapFormMixin, LongSelect
from metodist.orgs.models import Municipality, Organization, Region

from . import evidence
from .cards import MUNICIPAL_ROLES, is_admin
from .display import CARD_KEYS
from .models import Campaign, Catalogue, DataElement, ValueType

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


def evidence_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        validators=[FileExtensionValidator(evidence.EXTENSIONS), evidence.check],
        help_text=f"{', '.join(evidence.EXTENSIONS)}; {evidence.limit_text()}",
    )


def _whole(value) -> None:
    if value is not None and value != value.to_integral_value():
        raise ValidationError("Укажите целое число: здесь считаются люди (или должности, программы) — без дробей.")


class CardForm(BootstrapFormMixin, forms.Form):
    """The fields of an information card, one per data element (a yes/no answer and a document also take a
    file and a link), and per element the respondent's explanation of its warnings. Only the types (and
    whole numbers) are checked here: rules and required values are checked by cards.check on the stored
    values, so that a draft can be saved half-filled."""

    def __init__(self, elements: list[DataElement], stored: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            value = stored.get(element.code)
            for name, field in self._fields_of(element).items():
                self.fields[name] = field
            self._apply_classes(element)
            self.fields[f"{element.code}__explanation"] = forms.CharField(
                label="Пояснение: почему значение верно",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            if value is not None:
                self.initial.update(self._initial(element, value))
                self.initial[f"{element.code}__explanation"] = value.explanation

    def _fields_of(self, element: DataElement) -> dict:
        code, label = element.code, element.name
        if element.value_type == ValueType.NUMBER:
            field = forms.DecimalField(label=label, required=False, max_digits=14, decimal_places=2)
            if element.rules.get("integer"):
                field.validators.append(_whole)
                field.widget.attrs["step"] = 1
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
        """The cleaned values in the shape actions.save_card_values expects; an empty upload keeps the file,
        and an explanation the page did not show (its element had no warning) is left as it is."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.endswith("__explanation") or name in self.data
        }

    def rows(self) -> list[dict]:
        """Per element: its main field and its evidence fields, in the order of the catalogue."""
        return [
            {
                "element": element,
                "field": self[element.code],
                "file": self[f"{element.code}__file"] if f"{element.code}__file" in self.fields else None,
                "link": self[f"{element.code}__link"] if f"{element.code}__link" in self.fields else None,
                "explanation": self[f"{element.code}__explanation"],
            }
            for element in self.elements
        ]


class ResultsFilterForm(BootstrapFormMixin, forms.Form):
    """The level whose values the results page shows: an organization, a municipality, or the whole area."""

    municipality = forms.ModelChoiceField(label="Муниципальное образование", queryset=None, required=False)
    organization = forms.ModelChoiceField(label="Организация", queryset=None, required=False, widget=LongSelect)

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
        if campaign.municipality_id is None:
            self._offer_one_municipality()

    def _offer_one_municipality(self) -> None:
        """A regional campaign lists the organizations of the chosen municipality only: all of a region's
        (about 1,500) would make every results page a quarter of a megabyte. Validation still accepts any
        organization in scope, so a link to one keeps working; choosing another municipality drops it."""
        field = self.fields["organization"]
        data = self.data if self.is_bound else {}
        municipality = (
            data.get("municipality")
            or data.get("organization")
            and (field.queryset.filter(pk=data["organization"]).values("municipality_id")[:1])
        )
        offered = field.queryset.filter(municipality_id=municipality) if municipality else field.queryset.none()
        if not municipality:
            field.empty_label = "сначала выберите муниципальное образование"
        field.widget.choices = [("", field.empty_label)] + [(org.pk, field.label_from_instance(org)) for org in offered]
        self.fields["municipality"].widget.attrs["data-autosubmit"] = ""

    def clean(self):
        data = super().clean()
        municipality, organization = data.get("municipality"), data.get("organization")
        if municipality and organization and organization.municipality_id != municipality.pk:
            data["organization"] = None
        return data

    def chosen(self) -> tuple:
        """(municipality, organization) chosen, or (None, None) when the form is not valid."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data["municipality"], self.cleaned_data["organization"]


class QualityFilterForm(BootstrapFormMixin, forms.Form):
    """The filters of the data-quality page: a respondent, an indicator (its card elements) or one element,
    and the kind of problem; only respondents whose cards the user sees are offered."""

    KINDS = [("", "все"), ("error", "ошибки"), ("warning", "предупреждения"), ("registry", "расхождения с реестром")]

    organization = forms.ModelChoiceField(label="Организация", queryset=None, required=False, empty_label="все")
    indicator = forms.ModelChoiceField(label="Показатель", queryset=None, required=False, empty_label="все")
    element = forms.ModelChoiceField(label="Элемент карты", queryset=None, required=False, empty_label="все")
    kind = forms.ChoiceField(label="Что", choices=KINDS, required=False)

    def __init__(self, *args, campaign: Campaign, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=submissions.filter(organization__isnull=False).values("organization_id")
        ).order_by("short_name")
        used = Q()
        for key in CARD_KEYS:
            used |= Q(definition__has_key=key)
        self.fields["indicator"].queryset = campaign.catalogue.indicators.filter(used).order_by("order")
        self.fields["indicator"].label_from_instance = lambda indicator: f"{indicator.number} {indicator.name[:90]}"
        self.fields["element"].queryset = DataElement.objects.filter(card__catalogue=campaign.catalogue)
        self.fields["element"].label_from_instance = lambda element: element.name[:100]

    def describe(self) -> str:
        """The filters in words, for the title of an export."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        parts = [f"{self.fields[name].label.lower()}: {self.fields[name].label_from_instance(data[name])}"
                 for name in ("organization", "indicator", "element") if data.get(name)]  # fmt: skip
        if data.get("kind"):
            parts.append(dict(self.KINDS)[data["kind"]])
        return "; ".join(parts) or "все карты"

    def chosen(self) -> dict:
        """The cleaned filters; `element_codes` is None when no element or indicator narrows the list."""
        data = self.cleaned_data if self.is_valid() else {}
        codes = None
        if data.get("element"):
            codes = {data["element"].code}
        if data.get("indicator"):
            spec = data["indicator"].definition
            named = {spec[key] for key in CARD_KEYS if key in spec}
            codes = named if codes is None else codes & named
        return {"organization": data.get("organization"), "element_codes": codes, "kind": data.get("kind", "")}
