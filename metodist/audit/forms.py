"""The filters of the audit page and its export: who, what, on which object, when."""

from django import forms

from metodist.accounts.models import User
from metodist.lib.forms import BootstrapFormMixin, date_widget

from .models import AuditAction, AuditEntry, object_type_name


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    actor = forms.ModelChoiceField(
        label="Кто", queryset=User.objects.none(), required=False, empty_label="Все пользователи"
    )
    action = forms.ChoiceField(label="Действие", choices=[("", "Все действия"), *AuditAction.choices], required=False)
    model = forms.ChoiceField(label="Объект", required=False)
    start = forms.DateField(label="С", required=False, widget=date_widget())
    end = forms.DateField(label="По", required=False, widget=date_widget())

    def __init__(self, data=None):
        super().__init__(data)
        # only those who did something, and only the kinds of objects the trail holds
        self.fields["actor"].queryset = User.objects.filter(
            pk__in=AuditEntry.objects.exclude(actor=None).values("actor")
        ).order_by("username")
        models = AuditEntry.objects.order_by().values_list("model", flat=True).distinct()
        kinds = sorted(((label, object_type_name(label)) for label in models), key=lambda kind: kind[1])
        self.fields["model"].choices = [("", "Все объекты"), *kinds]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "Конец периода раньше начала.")
        return cleaned

    def entries(self):
        """The entries that pass the valid filters, newest first; an invalid filter is shown and ignored."""
        self.is_valid()
        chosen = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
        entries = AuditEntry.objects.select_related("actor").between(chosen.get("start"), chosen.get("end"))
        if "actor" in chosen:
            entries = entries.filter(actor=chosen["actor"])
        if "action" in chosen:
            entries = entries.filter(action=chosen["action"])
        if "model" in chosen:
            entries = entries.filter(model=chosen["model"])
        return entries

    def describe(self) -> str:
        """The filters in words, for the title block of the export."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})
        parts = []
        if chosen.get("actor"):
            parts.append(f"кто: {chosen['actor'].username}")
        if chosen.get("action"):
            parts.append(f"действие: {AuditAction(chosen['action']).label}")
        if chosen.get("model"):
            parts.append(f"объект: {object_type_name(chosen['model'])}")
        if chosen.get("start"):
            parts.append(f"с {chosen['start']:%d.%m.%Y}")
        if chosen.get("end"):
            parts.append(f"по {chosen['end']:%d.%m.%Y}")
        return "; ".join(parts) or "нет"
