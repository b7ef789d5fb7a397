from django import forms

from metodist.lib.forms import BootstrapFormMixin, LongSelect
from metodist.people.models import Educator, Employment

from .models import RecipientKind, Recommendation, RecommendationStatus


class EducatorField(forms.ModelChoiceField):
    widget = LongSelect

    def label_from_instance(self, obj):
        return obj.full_name


class EditForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class AddForm(BootstrapFormMixin, forms.ModelForm):
    """A recommendation written by hand to a recipient of the campaign's area."""

    educator = EducatorField(label="Педагог", queryset=Educator.objects.none(), required=False,
                             help_text="Для рекомендации педагогу.")  # fmt: skip

    class Meta:
        model = Recommendation
        fields = ["recipient_kind", "organization", "educator", "title", "text"]
        widgets = {"organization": LongSelect, "text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"organization": "Для рекомендации организации; для педагога — его организация."}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        organizations = campaign.organizations().order_by("sort_name")
        self.fields["organization"].queryset = organizations
        working = Employment.objects.active(campaign.period_end).filter(organization__in=organizations.values("pk"))
        self.fields["educator"].queryset = Educator.objects.filter(pk__in=working.values("educator_id")).order_by(
            "last_name", "first_name", "patronymic"
        )

    def clean(self):
        data = super().clean()
        kind, organization, educator = data.get("recipient_kind"), data.get("organization"), data.get("educator")
        if kind == RecipientKind.EDUCATOR and educator is None:
            self.add_error("educator", "Выберите педагога.")
        if kind == RecipientKind.ORGANIZATION and organization is None:
            self.add_error("organization", "Выберите организацию.")
        if kind == RecipientKind.EDUCATOR and educator is not None and organization is None:
            data["organization"] = self._home(educator)
        if kind != RecipientKind.EDUCATOR:
            data["educator"] = None
        if kind == RecipientKind.SERVICE:
            data["organization"] = None
        place = data.get("organization")
        municipality_id = self.campaign.municipality_id or (place.municipality_id if place else None)
        if kind and municipality_id is None:
            self.add_error("organization", "Выберите организацию: по ней определяется муниципалитет адресата.")
        self.instance.municipality_id = municipality_id
        self.instance.status = RecommendationStatus.DRAFT
        return data

    def _home(self, educator):
        employment = (
            Employment.objects.active(self.campaign.period_end)
            .filter(educator=educator, organization__in=self.fields["organization"].queryset.values("pk"))
            .select_related("organization")
            .order_by("pk")
            .first()
        )
        return employment.organization if employment else None
