from django import forms

from .context import ImportContext
from .formats import FORMATS, ImportFormat
from .reading import FileRejected, check_size, check_upload


class UploadForm(forms.Form):
    format = forms.ChoiceField(
        label="Что загружаем", initial="educators", widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )
    file = forms.FileField(
        label="Файл Excel (.xlsx)", allow_empty_file=True, widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args, formats: list[ImportFormat], ctx: ImportContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.ctx = ctx
        self.fields["format"].choices = [(fmt.code, fmt.title) for fmt in formats]
        self.content = b""

    def clean(self):
        cleaned = super().clean()
        upload, code = cleaned.get("file"), cleaned.get("format")
        if upload is None or code is None:
            return cleaned
        try:
            check_size(upload.size)  # before reading, so a huge upload is never held in memory
            self.content = upload.read()
            check_upload(upload.name, self.content)
            FORMATS[code].check_file(self.content, self.ctx)
        except FileRejected as rejected:
            self.add_error("file", str(rejected))
        return cleaned

    @property
    def import_format(self) -> ImportFormat:
        return FORMATS[self.cleaned_data["format"]]
