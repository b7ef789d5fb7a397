from django import forms

from metodist.accounts.models import ScopeLevel
from metodist.difficulties.topics import NOT_OFFERED, topic_choices, topical_of
from metodist.lib.forms import BootstrapFormMixin, date_widget
from metodist.orgs.models import Municipality, Organization
from metodist.people.models import Position, Subject

from .models import Answer, Question, QuestionKind, Survey

REQUIRED = "Ответьте на этот вопрос."
WRONG_OPTION = "Выберите вариант из предложенных."
TEXT_LIMIT = 4000


class SurveyForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "municipality",
            "title",
            "description",
            "anonymous",
            "deadline",
            "organizations",
            "positions",
            "subjects",
        ]
        widgets = {
            "deadline": date_widget(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "organizations": forms.SelectMultiple(attrs={"size": 8}),
            "positions": forms.SelectMultiple(attrs={"size": 6}),
            "subjects": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "anonymous": "В анонимном опросе ответ не связан с педагогом ни в одном разделе, выгрузке или журнале.",
            "organizations": "Не выбрано ни одной — все действующие организации муниципалитета.",
            "positions": "Не выбрано — любые должности.",
            "subjects": "Не выбрано — любые предметы.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].required = True
        if user.scope_level == ScopeLevel.MUNICIPALITY:
            del self.fields["municipality"]
            self.instance.municipality_id = user.municipality_id
            organizations = Organization.objects.filter(municipality_id=user.municipality_id)
        else:
            self.fields["municipality"].queryset = Municipality.objects.in_scope(user).order_by("name")
            organizations = Organization.objects.in_scope(user)
        self.fields["organizations"].queryset = organizations.active().order_by("sort_name")
        self.fields["positions"].queryset = Position.objects.order_by("name")
        self.fields["subjects"].queryset = Subject.objects.order_by("name")
        self.fields["organizations"].error_messages["invalid_choice"] = "Организация не найдена."

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality") or getattr(self.instance, "municipality", None)
        outside = [
            org for org in data.get("organizations", []) if municipality and org.municipality_id != municipality.pk
        ]
        if outside:
            self.add_error("organizations", f"Организация «{outside[0]}» не относится к выбранному муниципалитету.")
        return data


class QuestionForm(BootstrapFormMixin, forms.ModelForm):
    options_text = forms.CharField(
        label="Варианты ответа",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Каждый вариант с новой строки (для вопросов с выбором). Тему варианта укажите после сохранения.",
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "required", "scale_min", "scale_max", "scale_min_label", "scale_max_label"]

    def __init__(self, *args, with_options: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_options:
            del self.fields["options_text"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == QuestionKind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is not None and high is not None and not (low < high and high - low <= 10):
                self.add_error("scale_max", "Максимум шкалы должен быть больше минимума, не более чем на 10.")
        choice = kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        if "options_text" in self.fields and choice and len(self.options()) < 2:
            self.add_error("options_text", "Укажите не менее двух вариантов ответа, каждый с новой строки.")
        return data

    def options(self) -> list[str]:
        text = self.cleaned_data.get("options_text", "")
        return [line.strip()[:300] for line in text.splitlines() if line.strip()]


class OptionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="Вариант", max_length=300)
    topic = forms.ChoiceField(
        label="Тема (пополняет банк затруднений)",
        required=False,
        help_text="Компетенция действующей модели компетенций или тема из списка методической службы.",
    )

    def __init__(self, *args, municipality_id, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id
        # the builder page passes the choices read once for all its options
        self.fields["topic"].choices = choices if choices is not None else topic_choices(municipality_id, "без темы")

    def clean_topic(self) -> dict:
        try:
            return topical_of(self.cleaned_data["topic"], self.municipality_id)
        except ValueError as error:
            raise forms.ValidationError(NOT_OFFERED) from error


class AnswerForm(forms.Form):
    """The questionnaire: one field per question, named q<pk>; `answers()` gives the unsaved Answer rows."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question: Question):
        messages = {"required": REQUIRED, "invalid_choice": WRONG_OPTION}
        common = {"label": question.text, "required": question.required, "error_messages": messages}
        if question.kind == QuestionKind.SINGLE:
            choices = [(str(option.pk), option.text) for option in question.options.all()]
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect(attrs={"class": "form-check-input"}), **common
            )
        if question.kind == QuestionKind.MULTIPLE:
            choices = [(str(option.pk), option.text) for option in question.options.all()]
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}), **common
            )
        if question.kind == QuestionKind.SCALE:
            choices = [(str(value), str(value)) for value in question.scale_values]
            messages["invalid_choice"] = f"Выберите значение от {question.scale_min} до {question.scale_max}."
            return forms.TypedChoiceField(
                choices=choices, coerce=int, widget=forms.RadioSelect(attrs={"class": "form-check-input"}), **common
            )
        messages["max_length"] = f"Ответ длиннее {TEXT_LIMIT} знаков: сократите его."
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}), max_length=TEXT_LIMIT, **common
        )

    def bound_questions(self):
        return [(question, self[f"q{question.pk}"]) for question in self.questions]

    def answers(self) -> list[Answer]:
        answers = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.SINGLE:
                answers.append(Answer(question=question, option_id=int(value)))
            elif question.kind == QuestionKind.MULTIPLE:
                answers.extend(Answer(question=question, option_id=int(pk)) for pk in value)
            elif question.kind == QuestionKind.SCALE:
                answers.append(Answer(question=question, value=value))
            else:
                answers.append(Answer(question=question, text=value.strip()))
        return answers
