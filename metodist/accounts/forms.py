from django import forms
from django.contrib.auth import forms as auth_forms

from metodist.accounts.models import ApiToken
from metodist.lib.forms import BootstrapFormMixin


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        widgets = {"name": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"})}
        help_texts = {"name": "Например: «выгрузка в региональную систему». Видно только вам."}


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    pass
