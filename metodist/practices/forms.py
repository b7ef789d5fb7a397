from django import forms
from django.core.validators import FileExtensionValidator

from metodist.lib.forms import BootstrapFormMixin
from metodist.monitoring import evidence
from metodist.orgs.models import Organization
from metodist.people.models import Educator, Employment

from .models import Conclusion, Level, Practice, PracticeMaterial, Status

FIELDS = ["title", "kind", "theme", "subject", "annotation", "organization", "level"]


def author_choices(user, organizations):
    """Who may be named an author: the educators working in the organizations the user may submit for."""
    employed = Employment.objects.filter(organization__in=organizations).values("educator_id")
    return Educator.objects.filter(pk__in=employed).order_by("last_name", "first_name", "patronymic", "pk")


def submit_organizations(user):
    """An organization's administrator submits for their organizations, an educator for the organizations they
    work in; territory roles for any organization of their territory."""
    return Organization.objects.active().in_scope(user).order_by("sort_name")


class PracticeForm(BootstrapFormMixin, forms.ModelForm):
    authors = forms.ModelMultipleChoiceField(
        label="Авторы",
        queryset=Educator.objects.none(),
        help_text="Подающий практику педагог — первый автор; несколько соавторов выбирайте с клавишей Ctrl (Cmd).",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": "Укажите хотя бы одного автора."},
    )

    class Meta:
        model = Practice
        fields = FIELDS
        widgets = {"annotation": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "title": {"required": "Укажите название практики."},
            "annotation": {"required": "Напишите аннотацию: о чём практика и каков её результат."},
            "organization": {"required": "Выберите организацию."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = submit_organizations(user)
        self.fields["organization"].queryset = organizations
        self.fields["authors"].queryset = author_choices(user, organizations)
        if not self.is_bound and not self.instance.pk and len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
        if user.educator_id and not self.is_bound:
            self.fields["authors"].initial = [user.educator_id]
        self.user = user

    def clean_authors(self):
        """In the order sent, the submitting educator first."""
        sent = [str(value) for value in self.data.getlist(self.add_prefix("authors"))]
        lead = self.user.educator_id
        return sorted(self.cleaned_data["authors"], key=lambda e: (e.pk != lead, sent.index(str(e.pk))))

    def clean(self):
        cleaned = super().clean()
        authors = cleaned.get("authors")
        if (
            self.user.scope_level == "self"
            and authors is not None
            and self.user.educator_id not in {a.pk for a in authors}
        ):
            self.add_error("authors", "Подать практику можно только от своего имени: укажите себя среди авторов.")
        return cleaned


def _link(label):
    return forms.URLField(
        label=label,
        required=False,
        max_length=PracticeMaterial._meta.get_field("link").max_length,
        assume_scheme="https",
        error_messages={"invalid": "Введите адрес страницы, например https://pedsovet66.ru/…"},
    )


def _file(label):
    """A material's file, checked as an information card's evidence is: by its content and its size."""
    return forms.FileField(
        label=label,
        required=False,
        validators=[FileExtensionValidator(evidence.EXTENSIONS), evidence.check],
        help_text=f"{', '.join(evidence.EXTENSIONS)}; {evidence.limit_text()}",
    )


class SubmitForm(PracticeForm):
    """A new practice with its first materials, a file and a link (more are added on its card)."""

    link = _link("Ссылка на материалы")
    material = _file("Файл материалов")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("link") and not cleaned.get("material"):
            self.add_error("link", "Приложите файл материалов или дайте ссылку на них.")
        return cleaned

    def materials(self) -> list[dict]:
        """The materials to create, in their order: the file, then the link."""
        parts = [{"file": self.cleaned_data["material"]}] if self.cleaned_data["material"] else []
        return parts + ([{"link": self.cleaned_data["link"]}] if self.cleaned_data["link"] else [])


class MaterialForm(BootstrapFormMixin, forms.ModelForm):
    """One more material of a practice: a file or a link (the model's clean refuses both or neither)."""

    file = _file("Файл")
    link = _link("Или ссылка")

    class Meta:
        model = PracticeMaterial
        fields = ["title", "file", "link"]
        labels = {"title": "Подпись"}
        help_texts = {"title": "Например: «Конспект урока», «Презентация», «Видеозапись занятия»."}

    def _post_clean(self):
        # A refused file or link is already explained: the model's rule would only add that a material is missing.
        if not (self.has_error("file") or self.has_error("link")):
            super()._post_clean()


class ReviewForm(BootstrapFormMixin, forms.Form):
    conclusion = forms.ChoiceField(label="Заключение", choices=Conclusion.choices, widget=forms.RadioSelect)
    level = forms.ChoiceField(label="Уровень тиражирования", choices=Level.choices)
    remarks = forms.CharField(label="Замечания и обоснование", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conclusion") in (Status.RETURNED, Status.REJECTED) and not cleaned.get("remarks", "").strip():
            self.add_error("remarks", "Напишите замечания: авторам нужно знать, что исправить или почему отказано.")
        return cleaned


class FilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label="Статус", required=False, choices=[("", "Все")] + Status.choices)
    level = forms.ChoiceField(label="Уровень", required=False, choices=[("", "Все")] + Level.choices)
    q = forms.CharField(label="Поиск", required=False, max_length=100)
