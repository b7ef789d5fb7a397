"""Optimistic locking of a record edited on a page: the version it was opened at travels with the form, and the
save moves the row's version on in one conditional UPDATE, so two people who opened the same record cannot both
save over each other (the second learns what changed instead of silently overwriting it).

A record that takes part has a `version` column (PositiveIntegerField, default 1). The form carries the version
and, signed, the state of the record as it was shown (`opened`), so that a refused save can list what someone
else changed since.
"""

from django import forms
from django.core import signing
from django.db import models
from django.db.models import F

CONFLICT = (
    "Запись изменена другим пользователем после того, как вы её открыли. Ваши изменения не сохранены: "
    "они остались в форме. Проверьте, что изменилось, и сохраните ещё раз."
)


class EditConflict(Exception):
    """The record moved past the version its form was opened at; `stored` is its state now."""

    def __init__(self, opened: dict, stored: dict, version: int):
        super().__init__(CONFLICT)
        self.opened, self.stored, self.version = opened, stored, version

    def changed(self) -> list[tuple[str, object, object]]:
        """(key, value when opened, value stored now) of every key whose stored value differs."""
        keys = list(self.opened) + [key for key in self.stored if key not in self.opened]
        return [
            (key, self.opened.get(key), self.stored.get(key))
            for key in keys
            if self.opened.get(key) != self.stored.get(key)
        ]


def claim(instance: models.Model, version: int | None) -> bool:
    """Moves the row's version on from `version` in one conditional UPDATE and sets it on `instance`; False
    (nothing written) when another save moved it first. `None` checks nothing: the version just moves on, so
    that the forms that do check learn about this write."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if version is not None and not rows.filter(version=version).update(version=F("version") + 1):
        return False
    if version is None:
        rows.update(version=F("version") + 1)
        version = rows.values_list("version", flat=True).get() - 1
    instance.version = version + 1
    return True


SALT = "metodist.lib.versions"


class VersionForm(forms.Form):
    """The hidden part of an edit form: the version the record was opened at and its state then (signed, so
    that the list of changes shown after a conflict cannot be made up by the browser)."""

    # Optional: a post without them (a script, a page from before the lock) is saved unchecked, as before.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, required=False)
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def of(cls, version: int, state: dict, data=None, prefix: str = "lock") -> "VersionForm":
        return cls(
            data, prefix=prefix, initial={"version": version, "opened": signing.dumps(state, salt=SALT, compress=True)}
        )

    def clean_opened(self) -> dict:
        if not self.cleaned_data["opened"]:
            return {}
        try:
            return signing.loads(self.cleaned_data["opened"], salt=SALT)
        except signing.BadSignature as error:
            raise forms.ValidationError("Форма повреждена: откройте запись заново.") from error

    def opened_version(self) -> tuple[int | None, dict]:
        """The version the form was opened at (None: not checked) and the state it showed."""
        return self.cleaned_data["version"], self.cleaned_data["opened"]

    def refreshed(self, data, conflict: EditConflict):
        """`data` (a POST) with this form's fields moved to the stored version: the next save, made knowing
        the changes, goes through unless the record moves again."""
        data = data.copy()
        data[self.add_prefix("version")] = str(conflict.version)
        data[self.add_prefix("opened")] = signing.dumps(conflict.stored, salt=SALT, compress=True)
        return data
