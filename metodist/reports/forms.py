from django import forms

from metodist.lib.forms import BootstrapFormMixin


class SentenceForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="Текст предложения", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="Причина возврата в работу", widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)  # fmt: skip
