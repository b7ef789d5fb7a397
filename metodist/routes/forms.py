from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import Q

from metodist.accounts.models import User
from metodist.community.forms import EducatorField, offer_educators
from metodist.lib.forms import BootstrapFormMixin, LongSelect, date_widget
from metodist.monitoring import evidence as evidence_rules
from metodist.orgs.models import Organization, OrganizationFlag
from metodist.people.models import Educator
from metodist.training.models import Program

from .models import (
    TUTOR_ROLES,
    CuratorKind,
    LearningRoute,
    RouteBase,
    RouteStatus,
    RouteStep,
    StepKind,
    SupportItem,
)


def tutor_choices(user, region_id=None):
    """Tutors and methodologists of the user's territory (the region's, for a regional operator)."""
    people = User.objects.filter(is_active=True, role__in=TUTOR_ROLES)
    if user.municipality_id:
        people = people.filter(Q(municipality_id=user.municipality_id) | Q(municipality__isnull=True))
    region = region_id or user.region_id
    if region:
        people = people.filter(Q(region_id=region) | Q(region__isnull=True))
    return people.order_by("last_name", "first_name", "username")


class TutorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display().lower()})"


class RouteForm(BootstrapFormMixin, forms.ModelForm):
    tutor = TutorField(queryset=User.objects.none(), label="Тьютор (куратор)", required=False)

    class Meta:
        model = LearningRoute
        fields = ["goal", "base", "organization", "tutor", "curator_kind", "starts_on", "ends_on"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "starts_on": date_widget(),
            "ends_on": date_widget(),
            "organization": LongSelect,
        }
        help_texts = {"organization": "Для ИППР образовательной организации — организация, где он разработан."}

    def __init__(self, *args, user, region_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutor"].queryset = tutor_choices(user, region_id)
        self.fields["organization"].queryset = Organization.objects.in_scope(user).active().order_by("sort_name")


class EducatorChoiceForm(BootstrapFormMixin, forms.Form):
    """The educator a new route is drafted for: any of `educators` (the scope's; a link may name one with
    ?educator=), listed among `candidates` found by `query` (see `offer_educators`)."""

    educator = EducatorField(label="Педагог", queryset=Educator.objects.none(), empty_label=None)

    def __init__(self, *args, educators, candidates, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_all = offer_educators(self, "educator", educators, shown=candidates, query=query)


class DeficitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return (
            f"{obj.competency.name} — {obj.percent} % при пороге {obj.threshold} % "
            f"({obj.diagnostic.name}, {obj.diagnostic.ends_on:%d.%m.%Y})"
        )


class NewRouteForm(RouteForm):
    deficits = DeficitsField(queryset=None, label="Дефициты, которые закрывает маршрут")

    def __init__(self, *args, deficits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deficits"].queryset = deficits
        self.fields["deficits"].initial = list(deficits.values_list("pk", flat=True))
        self.order_fields(["deficits"])


class StepForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = RouteStep
        fields = ["kind", "form", "title", "program", "site", "deficits", "due_on"]
        widgets = {"due_on": date_widget(), "deficits": forms.CheckboxSelectMultiple, "program": LongSelect}

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deficits"].queryset = route.deficits.select_related("competency")
        self.fields["deficits"].label_from_instance = lambda row: row.competency.name
        self.fields["program"].queryset = Program.objects.filter(is_active=True).filter(
            Q(region__isnull=True) | Q(region_id=route.region_id)
        )
        self.fields["site"].queryset = Organization.objects.filter(
            region_id=route.region_id, flag_periods__flag=OrganizationFlag.INTERNSHIP_SITE
        ).distinct()
        self.fields["title"].required = False
        self.fields["title"].help_text = "Для курса можно не заполнять: возьмётся название программы."

    def clean(self):
        data = super().clean()
        if data.get("kind") == StepKind.COURSE and not data.get("program"):
            self.add_error("program", "Выберите программу из каталога.")
        if not data.get("title"):
            if data.get("program"):
                data["title"] = data["program"].title
                self.instance.title = data["title"]
            else:
                self.add_error("title", "Опишите содержание шага.")
        if data.get("kind") == StepKind.INTERNSHIP and not data.get("site"):
            self.add_error("site", "Укажите стажировочную площадку.")
        return data


class DoneForm(BootstrapFormMixin, forms.Form):
    evidence = forms.FileField(
        label="Подтверждающий документ",
        required=False,
        validators=[FileExtensionValidator(evidence_rules.EXTENSIONS), evidence_rules.check],
        help_text=f"{', '.join(evidence_rules.EXTENSIONS)}; {evidence_rules.limit_text()}",
    )
    link = forms.URLField(label="или ссылка на подтверждение", required=False, assume_scheme="https")
    reflection = forms.CharField(
        label="Рефлексия: что получилось, что применяю", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step

    def clean(self):
        data = super().clean()
        has_before = self.step is not None and self.step.has_evidence
        if not data.get("evidence") and not data.get("link") and not has_before and not self.errors:
            raise forms.ValidationError("Приложите подтверждение: файл или ссылку.")
        return data


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label="Комментарий тьютора", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label="Подтверждаю выполнение шага", required=False)


class TransitionForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=1000)
    rating = forms.IntegerField(required=False, min_value=1, max_value=5)


class SupportForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SupportItem
        fields = ["kind", "planned_on", "note"]
        widgets = {"planned_on": date_widget()}


class FilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label="Состояние", required=False, choices=[("", "любое"), *RouteStatus.choices])
    base = forms.ChoiceField(label="База", required=False, choices=[("", "любая"), *RouteBase.choices])
    organization = forms.ModelChoiceField(
        label="Организация", required=False, queryset=Organization.objects.none(), widget=LongSelect
    )
    tutor = TutorField(label="Тьютор", required=False, queryset=User.objects.none())
    curator = forms.ChoiceField(label="Кто сопровождает", required=False, choices=[("", "все"), *CuratorKind.choices])
    overdue = forms.BooleanField(label="С просроченными шагами", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.in_scope(user).active().order_by("sort_name")
        self.fields["organization"].empty_label = "все"
        self.fields["tutor"].queryset = tutor_choices(user)
        self.fields["tutor"].empty_label = "все"
