"""Bootstrap presentation for Django forms, shared by the apps' forms."""

from django import forms


class BootstrapFormMixin:
    """Gives widgets Bootstrap classes, and marks the fields that failed validation with `is-invalid`.

    Django itself adds aria-invalid and aria-describedby="<id>_error" to a field with errors; the template
    `shell/_field.html` renders the error text under that id.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def date_widget() -> forms.DateInput:
    # The browser's date picker sends ISO dates, which Django accepts besides the Russian format.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
