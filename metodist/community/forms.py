from functools import partial

from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import Q

from metodist.accounts.models import Role, ScopeLevel, User
from metodist.lib.forms import BootstrapFormMixin, LongSelect, MultipleFileField, date_widget
from metodist.monitoring import evidence as evidence_rules
from metodist.orgs.models import Municipality, Organization
from metodist.people.models import Educator, Employment, Subject

from .models import (
    Association,
    AssociationKind,
    AssociationLevel,
    AssociationMeeting,
    AssociationPlanItem,
    AssociationProduct,
)

UPLOAD_HELP = f"{', '.join(evidence_rules.EXTENSIONS)}; {evidence_rules.limit_text()}"


def upload_validators():
    return [FileExtensionValidator(evidence_rules.EXTENSIONS), evidence_rules.check]


def candidates(association: Association, on):
    """Educators who may join: working on `on` in the association's organization (ШМО), municipality, or region."""
    if association.organization_id:
        place = Q(organization_id=association.organization_id)
    elif association.municipality_id:
        place = Q(organization__municipality_id=association.municipality_id)
    else:
        place = Q(organization__municipality__region_id=association.region_id)
    working = Employment.objects.active(on).filter(place).values("educator_id")
    return Educator.objects.filter(pk__in=working).order_by("last_name", "first_name", "patronymic")


class EducatorField(forms.ModelChoiceField):
    widget = LongSelect

    def label_from_instance(self, obj):
        return obj.full_name


class FilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Название", required=False)
    kind = forms.ChoiceField(label="Вид", choices=[("", "все")] + AssociationKind.choices, required=False)
    level = forms.ChoiceField(label="Уровень", choices=[("", "все")] + AssociationLevel.choices, required=False)
    subject = forms.ModelChoiceField(label="Предмет", queryset=Subject.objects.all(), required=False,
                                     empty_label="все")  # fmt: skip
    theme = forms.CharField(label="Тема (направление)", required=False)
    closed = forms.BooleanField(label="и прекратившие работу", required=False)

    def describe(self) -> str:
        """The filters applied, in words, for an export's title block."""
        if not self.is_valid():
            return ""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value:
                shown = dict(field.choices).get(value, value) if isinstance(field, forms.ChoiceField) else value
                parts.append(f"{field.label.lower()}: {'да' if value is True else shown}")
        return "; ".join(parts)


class AssociationForm(BootstrapFormMixin, forms.ModelForm):
    head = EducatorField(label="Руководитель", queryset=Educator.objects.none(), required=False)

    class Meta:
        model = Association
        fields = ["title", "kind", "level", "subject", "theme", "municipality", "organization", "head", "head_user",
                  "founded_on", "closed_on"]  # fmt: skip
        widgets = {"founded_on": date_widget(), "closed_on": date_widget(), "organization": LongSelect}
        help_texts = {
            "theme": "Например: «Формирование функциональной грамотности» — так объединение учитывается в "
            "критерии 5.1.",
            "organization": "Только для школьного методического объединения (ШМО).",
            "municipality": "Не указывается для регионального объединения.",
        }

    def __init__(self, *args, user, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = Organization.objects.filter(user.organization_q()).order_by("sort_name")
        self.fields["organization"].queryset = organizations
        municipalities = Municipality.objects.order_by("name")
        if user.scope_level == ScopeLevel.REGION:
            municipalities = municipalities.filter(region_id=user.region_id)
        elif user.scope_level != ScopeLevel.ALL:
            ids = organizations.values("municipality_id") if user.role == Role.ORG_ADMIN else [user.municipality_id]
            municipalities = municipalities.filter(pk__in=ids)
        self.fields["municipality"].queryset = municipalities
        self.fields["subject"].empty_label = "—"
        heads = User.objects.filter(is_active=True, role=Role.ASSOCIATION_HEAD)
        if user.region_id:
            heads = heads.filter(Q(region_id=user.region_id) | Q(region__isnull=True))
        if user.municipality_id:
            heads = heads.filter(Q(municipality_id=user.municipality_id) | Q(municipality__isnull=True))
        self.fields["head_user"].queryset = heads.order_by("last_name", "username")
        self.fields["head_user"].label_from_instance = lambda u: u.get_full_name() or u.username
        working = Employment.objects.active(on).filter(organization__in=organizations).values("educator_id")
        self.fields["head"].queryset = Educator.objects.filter(pk__in=working).order_by("last_name", "first_name")

    def clean(self):
        data = super().clean()
        level, municipality, organization = data.get("level"), data.get("municipality"), data.get("organization")
        if data.get("kind") == AssociationKind.SCHOOL and not organization:
            self.add_error("organization", "Для ШМО укажите образовательную организацию.")
        if level != AssociationLevel.REGIONAL and not municipality and not organization:
            self.add_error("municipality", "Укажите муниципальное образование (оно не нужно только региональному).")
        if organization and municipality and organization.municipality_id != municipality.pk:
            self.add_error("organization", "Организация находится в другом муниципальном образовании.")
        closed, founded = data.get("closed_on"), data.get("founded_on")
        if closed and founded and closed < founded:
            self.add_error("closed_on", "Дата прекращения работы раньше даты создания.")
        return data

    def save(self, commit=True):
        association = super().save(commit=False)
        if association.organization_id and not association.municipality_id:
            association.municipality_id = association.organization.municipality_id
        if association.municipality_id:
            association.region_id = association.municipality.region_id
        elif not association.region_id:
            association.region_id = self.user.region_id
        if commit:
            association.save()
        return association


SHOWN = 300  # candidates listed at most in a select of educators found by a search


def offer(field: forms.ModelChoiceField, found, *, bound: bool, query: str = "") -> bool:
    """Lets `field` choose among the educators `found`. Shown (unbound), the list holds at most SHOWN of them —
    those matching `query` (a name or SNILS) when given: a region's educators are tens of thousands. Bound, any
    of them is accepted. True when the list shows every match."""
    if bound:
        field.queryset = found
        return True
    chosen = found.search(query) if query else found
    shown = list(chosen.values_list("pk", flat=True)[: SHOWN + 1])
    field.queryset = Educator.objects.filter(pk__in=shown[:SHOWN]).order_by("last_name", "first_name", "patronymic")
    return len(shown) <= SHOWN


def offer_educators(form: forms.BaseForm, name: str, found, *, query: str = "", shown=None) -> bool:
    """`community.forms.offer` for a form that is shown again when bound (refused, or a choice to complete): the
    select `name` lists at most SHOWN of the educators `shown` (default `found`) matching `query`, and the one
    chosen — posted, or the current one of an edit page — when it is among `found`. So any of `found` is accepted
    and the list stays short, bound or not. True when the list shows every match."""
    field = form.fields[name]
    shown_all = offer(field, found if shown is None else shown, bound=False, query=query)
    chosen = str(form[name].value() or "")
    if chosen.isdigit():
        kept = Q(pk__in=field.queryset.values("pk")) | Q(pk__in=found.filter(pk=chosen).values("pk"))
        field.queryset = Educator.objects.filter(kept).order_by("last_name", "first_name", "patronymic")
    return shown_all


class MemberForm(BootstrapFormMixin, forms.Form):
    educator = EducatorField(label="Педагог", queryset=Educator.objects.none())
    joined_on = forms.DateField(label="Дата вступления", widget=date_widget())
    left_on = forms.DateField(label="Дата выхода", widget=date_widget(), required=False,
                              help_text="Оставьте пустым, если педагог состоит в объединении сейчас.")  # fmt: skip

    def __init__(self, *args, association, on, query: str = "", **kwargs):
        """The candidates found by `query` (see `offer`)."""
        super().__init__(*args, **kwargs)
        self.shown_all = offer(self.fields["educator"], candidates(association, on), bound=self.is_bound, query=query)


class LeaveForm(BootstrapFormMixin, forms.Form):
    left_on = forms.DateField(label="Дата выхода", widget=date_widget())


class CorrectionForm(BootstrapFormMixin, forms.Form):
    """The corrected dates of a membership recorded wrongly: the leave date only of one who has left."""

    joined_on = forms.DateField(label="Дата вступления", widget=date_widget())
    left_on = forms.DateField(label="Дата выхода", widget=date_widget())
    reason = forms.CharField(
        label="Причина исправления",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Укажите причину исправления."},
        help_text="Например: «ошибка в дате приказа о составе». Причина видна в истории состава.",
    )

    def __init__(self, *args, membership, **kwargs):
        kwargs.setdefault("initial", {"joined_on": membership.joined_on, "left_on": membership.left_on})
        super().__init__(*args, **kwargs)
        if membership.left_on is None:
            del self.fields["left_on"]


class PlanItemForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = AssociationPlanItem
        fields = ["month", "topic", "form", "responsible"]
        widgets = {"month": date_widget()}
        labels = {"month": "Срок (дата или первое число месяца)"}


class MeetingForm(BootstrapFormMixin, forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label="Присутствовали", queryset=Educator.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    files = MultipleFileField(label="Приложения к протоколу", required=False, validators=upload_validators(),
                              help_text=UPLOAD_HELP)  # fmt: skip

    class Meta:
        model = AssociationMeeting
        fields = ["held_on", "topic", "plan_item", "minutes", "attendees"]
        widgets = {"held_on": date_widget(), "minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        members = association.memberships.values("educator_id")
        self.fields["attendees"].queryset = Educator.objects.filter(pk__in=members).order_by("last_name", "first_name")
        self.fields["attendees"].label_from_instance = lambda educator: educator.full_name
        self.fields["plan_item"].queryset = AssociationPlanItem.objects.filter(plan__association=association)
        self.fields["plan_item"].required = False


class ProductForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = AssociationProduct
        fields = ["title", "kind", "made_on", "file", "link"]
        widgets = {"made_on": date_widget()}
        field_classes = {"link": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators = upload_validators()
        self.fields["file"].help_text = UPLOAD_HELP

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError("Приложите файл продукта или укажите ссылку на него.")
        return data
