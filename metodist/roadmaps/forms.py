from django import forms

from metodist.accounts.models import User
from metodist.lib.forms import BootstrapFormMixin, LongSelect
from metodist.orgs.models import Municipality

from .models import RoadmapItem

MAX_YEARS = 10


class AdoptForm(BootstrapFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none())
    # a template names the municipality it was written for: the adopted copy is titled as the adopting one's act
    title = forms.CharField(label="Наименование", max_length=500)
    document = forms.CharField(label="Документ, которым принята", max_length=500, required=False,
                               help_text="Например: Приказ управления образования от 01.09.2024 № 120")  # fmt: skip
    starts_year = forms.IntegerField(label="Год начала", min_value=2000, max_value=2100)
    ends_year = forms.IntegerField(label="Год окончания", min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].widget = LongSelect()
        self.fields["municipality"].queryset = Municipality.objects.in_scope(user).order_by("name")
        self.fields["municipality"].widget.attrs["class"] = "form-select"

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_year"), cleaned.get("ends_year")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_year", "Год окончания раньше года начала.")
            elif ends - starts >= MAX_YEARS:
                self.add_error("ends_year", f"Дорожная карта — не больше чем на {MAX_YEARS} лет.")
        return cleaned


class ItemForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = RoadmapItem
        fields = ["status", "evidence", "executors", "deadline", "result", "responsible_user"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "executors": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "deadline": "Как в документе: «ежегодно (сентябрь)», «2024-2026 (июнь-июль)», «по запросу». "
            "Сроки пересчитываются из формулировки; отметки о выполнении совпавших сроков сохраняются.",
            "evidence": "Приказ, протокол, ссылка на материалы — чем подтверждается выполнение.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_user"]
        field.widget = LongSelect()
        field.widget.attrs["class"] = "form-select"
        field.queryset = User.objects.filter(
            is_active=True, municipality_id=self.instance.roadmap.municipality_id
        ).order_by("last_name", "first_name")
        field.label_from_instance = lambda user: user.get_full_name() or user.username
