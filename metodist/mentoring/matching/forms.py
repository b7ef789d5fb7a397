"""The coordinator's form of the matching weights (Russian labels and errors)."""

from django import forms

from metodist.lib.forms import BootstrapFormMixin

from ..models_matching import WEIGHT_FIELDS, MatchWeights
from .settings import FIELDS


class WeightsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = MatchWeights
        fields = list(FIELDS)
        labels = {
            "coverage_weight": "Покрытие дефицитов сильными сторонами наставника",
            "subject_weight": "Тот же предмет",
            "level_weight": "Тот же уровень образования",
            "place_weight": "Та же организация (в том же муниципалитете — половина)",
            "load_weight": "Свободная нагрузка наставника",
        }
        help_texts = {
            "default_limit": "Для наставников, у которых предел не указан.",
            "min_score": "Только в режиме «лучшее суммарное соответствие»: пара ниже порога не предлагается.",
        }
        error_messages = {
            name: {"max_value": "Не больше %(limit_value)s.", "min_value": "Не меньше %(limit_value)s.",
                   "required": "Укажите значение.",
                   "invalid": "Введите целое число."}
            for name in [*WEIGHT_FIELDS, "default_limit", "min_score"]
        }  # fmt: skip
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 10}) for name in WEIGHT_FIELDS}

    def clean(self):
        cleaned = super().clean()
        if all(name in cleaned for name in WEIGHT_FIELDS) and not any(cleaned[name] for name in WEIGHT_FIELDS):
            raise forms.ValidationError("Хотя бы один вес должен быть больше нуля.")
        return cleaned
