from django import forms

from . import preferences
from .models import Channel
from .sources import SOURCES


def field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class PreferencesForm(forms.Form):
    """A checkbox per kind and channel; the e-mail ones are disabled for a user without an address."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = preferences.choices(user)
        for kind, source in SOURCES.items():
            for channel in Channel.values:
                self.fields[field_name(kind, channel)] = forms.BooleanField(
                    label=f"{source.label}: {Channel(channel).label.lower()}",
                    required=False,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                    initial=chosen[(kind, channel)],
                    disabled=channel == Channel.EMAIL and not user.email,
                )

    def rows(self):
        """(label, field of the interface, field of e-mail) per kind, for the table of the page."""
        return [
            (source.label, self[field_name(kind, Channel.WEB)], self[field_name(kind, Channel.EMAIL)])
            for kind, source in SOURCES.items()
        ]

    def chosen(self) -> dict[tuple[str, str], bool]:
        return {
            (kind, channel): self.cleaned_data[field_name(kind, channel)]
            for kind in SOURCES
            for channel in Channel.values
        }
