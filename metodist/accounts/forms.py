from django import forms

from metodist.accounts.models import ApiToken


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        widgets = {"name": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"})}
        help_texts = {"name": "Например: «выгрузка в региональную систему». Видно только вам."}
