"""Bootstrap presentation for Django forms, shared by the apps' forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A select of many options (a region's 1 455 organizations) with the HTML of Django's own, its options
    joined in Python: Django renders a template per option, half a second for a region on every page that
    offers the choice (results, drill-down, the educators list)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = "\n".join(
            f'<option value="{escape(option["value"])}"{flatatt(option["attrs"]) if option["attrs"] else ""}>'
            f"{escape(option['label'])}</option>"
            for _, group, _ in widget["optgroups"]
            for option in group
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', widget["name"], flatatt(widget["attrs"]), mark_safe(options)
        )


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each cleaned (and validated) as a FileField would; `max_files` limits them."""

    def __init__(self, *args, max_files: int | None = None, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        self.max_files = max_files
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.max_files is not None and len(files) > self.max_files:
            raise forms.ValidationError(f"Можно приложить не более {self.max_files} файлов.")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]
