from datetime import date

from django import forms

from metodist.community.models import Association
from metodist.lib.forms import BootstrapFormMixin, LongSelect
from metodist.orgs.models import Organization
from metodist.people.models import Educator

from .models import SystemBody

CYCLE = "Субъект не может входить в самого себя или в подчинённый ему субъект: выберите другой вышестоящий."


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """LongSelect's fast rendering for a choice of many (the members among a municipality's educators)."""


class BodyForm(BootstrapFormMixin, forms.ModelForm):
    website = forms.URLField(label="Сайт", required=False, assume_scheme="https")

    class Meta:
        model = SystemBody
        fields = [
            "name", "level", "kind", "parent", "order", "functions", "organization", "association", "head",
            "head_title", "members", "phone", "email", "address", "website", "public",
        ]  # fmt: skip
        widgets = {
            "functions": forms.Textarea(attrs={"rows": 8}),
            "head": LongSelect,
            "members": LongSelectMultiple(attrs={"size": 10}),
            "organization": LongSelect,
        }
        help_texts = {
            "functions": "Как в положении: каждая функция с новой строки, пункт списка начинается с «- ».",
            "members": "Педагоги муниципалитета; несколько — с Ctrl (⌘ на Mac).",
            "head_title": "Например: «директор МБУ „Информационно-методический центр“». Публикуется на портале.",
            "public": "На открытом портале видны наименование, функции и официальные контакты — без имён.",
        }

    def __init__(self, *args, municipality, on: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        bodies = SystemBody.objects.filter(municipality=municipality)
        if self.instance.pk:
            bodies = bodies.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = bodies.order_by("level", "order", "pk")
        organizations = Organization.objects.filter(municipality=municipality).order_by("sort_name", "pk")
        self.fields["organization"].queryset = organizations
        self.fields["association"].queryset = Association.objects.filter(municipality=municipality).order_by("title")
        educators = Educator.objects.working_in(organizations, on) | Educator.objects.filter(
            pk__in=self._chosen_educators()
        )
        educators = educators.distinct().order_by("last_name", "first_name", "patronymic", "pk")
        self.fields["head"].queryset = educators
        self.fields["members"].queryset = educators

    def _chosen_educators(self) -> list[int]:
        """The head and members already chosen stay choosable after they leave the municipality's staff."""
        if not self.instance.pk:
            return []
        chosen = list(self.instance.members.values_list("pk", flat=True))
        return chosen + ([self.instance.head_id] if self.instance.head_id else [])

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is None or not self.instance.pk:
            return parent
        seen, current = set(), parent
        while current is not None and current.pk not in seen:
            if current.pk == self.instance.pk:
                raise forms.ValidationError(CYCLE)
            seen.add(current.pk)
            current = current.parent
        return parent
