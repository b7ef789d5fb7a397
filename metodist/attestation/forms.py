"""Forms of the attestation module: a commission's decision (new or a correction), the calendar's period."""

from django import forms
from django.core.exceptions import ValidationError

from metodist.lib.forms import BootstrapFormMixin, date_widget
from metodist.people.models import Educator, Employment

from .models import Attestation
from .schedule import DEFAULT_MONTHS, MAX_MONTHS


class AttestationForm(BootstrapFormMixin, forms.ModelForm):
    """The place of work the decision is about is one of the educator's employments (in the user's scope)."""

    employment = forms.ModelChoiceField(label="Должность и организация", queryset=Employment.objects.none())

    class Meta:
        model = Attestation
        fields = ["kind", "decision", "applied_on", "decided_on", "order_number", "order_date", "note"]
        widgets = {"applied_on": date_widget(), "decided_on": date_widget(), "order_date": date_widget()}
        help_texts = {
            "applied_on": "Для категории — дата заявления педагога; для СЗД не указывается.",
            "order_number": "Приказ министерства образования региона (категории) или работодателя (СЗД).",
        }

    field_order = ["employment", "kind", "decision", "applied_on", "decided_on", "order_number", "order_date"]

    def __init__(self, *args, educator: Educator, employments, **kwargs):
        super().__init__(*args, **kwargs)
        self.educator = educator
        choices = (
            employments.filter(educator=educator).select_related("position", "organization").order_by("-start_date")
        )
        self.fields["employment"].queryset = choices
        self.fields["employment"].label_from_instance = lambda e: f"{e.position}, {e.organization}"
        if self.instance.position_id and self.instance.organization_id:
            match = choices.filter(
                position_id=self.instance.position_id, organization_id=self.instance.organization_id
            ).first()
            if match:
                self.initial["employment"] = match.pk
        elif len(choices) == 1:
            self.initial["employment"] = choices[0].pk

    def _post_clean(self):
        # the rules are checked by the action against the locked card (actions.check); here only the form
        employment = self.cleaned_data.get("employment")
        if employment is not None:
            self.instance.position_id = employment.position_id
            self.instance.organization = employment.organization
        self.instance.educator = self.educator
        super()._post_clean()

    def add_rule_errors(self, error: ValidationError) -> None:
        """The action's refusal shown on the form's fields (or above it)."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class CorrectionForm(AttestationForm):
    correction_reason = forms.CharField(
        label="Причина исправления", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class CalendarForm(forms.Form):
    months = forms.IntegerField(label="На сколько месяцев вперёд", min_value=1, max_value=MAX_MONTHS, required=False)

    def months_or_default(self) -> int:
        if self.is_valid() and self.cleaned_data["months"]:
            return self.cleaned_data["months"]
        return DEFAULT_MONTHS
