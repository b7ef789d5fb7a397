"""Forms of the self-diagnosis (the questionnaire builder, the educator's answers) and of the analytics filters."""

from django import forms

from metodist.lib.forms import BootstrapFormMixin
from metodist.orgs.models import Organization

from .analytics import Filters
from .models import Competency, DiagnosticLevel, FrameworkVersion
from .questionnaire import Audience, Questionnaire, Statement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_STATEMENTS = 20  # per competency: a questionnaire is a self-check, not an exam


class QuestionnaireForm(BootstrapFormMixin, forms.ModelForm):
    labels = forms.CharField(
        label="Подписи значений шкалы",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По одной в строке, от меньшего значения к большему (например: «не умею», «умею с помощью», "
        "«умею», «могу научить других»). Можно оставить пустым — тогда показываются числа.",
    )

    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "version",
            "intro",
            "scale_min",
            "scale_max",
            "opens_on",
            "closes_on",
            "threshold",
            "audience",
            "organizations",
        ]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "intro": forms.Textarea(attrs={"rows": 3}),
            "scale_min": forms.Select(choices=[(0, "0"), (1, "1")]),
            "organizations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "threshold": "Результат по компетенции ниже порога — профессиональный дефицит, как в любой диагностике.",
            "organizations": "Только если анкету заполняют педагоги выбранных организаций.",
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = FrameworkVersion.objects.filter(published_on__isnull=False).select_related(
            "framework"
        )
        self.fields["organizations"].queryset = Organization.objects.filter(municipality=municipality).order_by(
            "sort_name"
        )
        if self.instance.pk:
            self.initial["labels"] = "\n".join(self.instance.scale_labels or [])
        else:  # the newest published version, which a new questionnaire almost always follows
            self.initial.setdefault("version", self.fields["version"].queryset.values_list("pk", flat=True).first())

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_max", "Верхнее значение шкалы должно быть больше нижнего.")
        if opens and closes and opens > closes:
            self.add_error("closes_on", "Дата закрытия раньше даты открытия.")
        labels = [line.strip() for line in (cleaned.get("labels") or "").splitlines() if line.strip()]
        if labels and low is not None and high is not None and len(labels) != high - low + 1:
            self.add_error("labels", f"Подписей {len(labels)}, а значений шкалы от {low} до {high} — {high - low + 1}.")
        if cleaned.get("audience") == Audience.ORGANIZATIONS and not cleaned.get("organizations"):
            self.add_error("organizations", "Выберите хотя бы одну организацию.")
        cleaned["scale_labels"] = labels
        return cleaned

    def save(self, commit=True):
        self.instance.scale_labels = self.cleaned_data["scale_labels"]
        return super().save(commit)


class StatementsForm(forms.Form):
    """One text area per competency of the version: its statements, one a line."""

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        existing: dict[int, list[str]] = {}
        for statement in questionnaire.statements.all():
            existing.setdefault(statement.competency_id, []).append(statement.text)
        self.blocks = []
        competencies = Competency.objects.filter(version=questionnaire.version).select_related("parent")
        children: dict[int, list[Competency]] = {}
        blocks = []
        for competency in competencies:
            if competency.parent_id is None:
                blocks.append(competency)
            else:
                children.setdefault(competency.parent_id, []).append(competency)
        for block in blocks:
            names = []
            for competency in children.get(block.pk, []):
                name = f"c{competency.pk}"
                self.fields[name] = forms.CharField(
                    label=competency.name,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                    initial="\n".join(existing.get(competency.pk, [])),
                )
                names.append(name)
            self.blocks.append((block, [self[name] for name in names]))

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
            if len(lines) > MAX_STATEMENTS:
                self.add_error(name, f"Не больше {MAX_STATEMENTS} утверждений на компетенцию.")
            if any(len(line) > 500 for line in lines):
                self.add_error(name, "Утверждение длиннее 500 знаков: сократите его.")
            cleaned[name] = lines
        if not any(cleaned.values()) and not self.errors:
            raise forms.ValidationError("Добавьте хотя бы одно утверждение.")
        return cleaned

    def save(self) -> int:
        """Replaces the questionnaire's statements; returns how many there are."""
        rows = []
        for name, lines in self.cleaned_data.items():
            competency_id = int(name[1:])
            rows += [
                Statement(questionnaire=self.questionnaire, competency_id=competency_id, text=text, order=order)
                for order, text in enumerate(lines)
            ]
        Statement.objects.filter(questionnaire=self.questionnaire).delete()
        Statement.objects.bulk_create(rows)
        return len(rows)


def answers_from(data, statements) -> dict[int, int | None]:
    """{statement id: value or None} from the posted radio buttons `s<id>`; a non-number is None."""
    values = {}
    for statement in statements:
        raw = data.get(f"s{statement.pk}", "")
        values[statement.pk] = int(raw) if raw.isdigit() else None
    return values


class AnalyticsFilterForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label="Дефициты на дату", required=False, widget=DATE)
    level = forms.ChoiceField(
        label="Уровень процедуры", required=False, choices=[("", "Все уровни"), *DiagnosticLevel.choices]
    )
    start = forms.DateField(label="Процедуры, завершённые с", required=False, widget=DATE)
    end = forms.DateField(label="по", required=False, widget=DATE)

    def filters(self, today) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            on=data.get("on") or today,
            level=data.get("level") or "",
            start=data.get("start"),
            end=data.get("end"),
        )
