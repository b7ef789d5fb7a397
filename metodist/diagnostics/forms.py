import re
from decimal import Decimal, InvalidOperation

from django import forms

from metodist.accounts.models import ScopeLevel
from metodist.imports.reading import FileRejected, check_size, check_upload
from metodist.lib.forms import BootstrapFormMixin, date_widget
from metodist.orgs.models import Organization, Region

from .models import Competency, CompetencyGroup, Diagnostic, DiagnosticLevel, FrameworkVersion, RuleBasis

THRESHOLD_LINE = re.compile(r"^\s*([\w.\-]+)\s*[=:]\s*([\d.,]+)\s*%?\s*$")


def thresholds_text(thresholds: dict) -> str:
    return "\n".join(f"{code} = {str(value).replace('.', ',')}" for code, value in sorted((thresholds or {}).items()))


def parse_thresholds(text: str, version: FrameworkVersion | None, basis: str) -> dict:
    """«код = процент» per line (or separated by «;»); raises ValidationError with every bad line named."""
    result, errors = {}, []
    nodes = {c.code: c for c in version.competencies.all()} if version else {}
    for _number, line in enumerate(re.split(r"[;\n]", text or ""), start=1):
        if not line.strip():
            continue
        match = THRESHOLD_LINE.match(line)
        if not match:
            errors.append(f"«{line.strip()[:60]}»: ожидается «код = процент», например «subject.content = 60»")
            continue
        code, raw = match.groups()
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            errors.append(f"«{code}»: «{raw}» не является числом")
            continue
        if not Decimal(0) <= value <= Decimal(100):
            errors.append(f"«{code}»: порог должен быть от 0 до 100 %, указано {raw}")
            continue
        node = nodes.get(code)
        if version is not None and node is None:
            errors.append(f"«{code}»: такой компетенции или блока нет в выбранной версии модели")
            continue
        if node is not None and basis == RuleBasis.BLOCK and not node.is_block:
            errors.append(f"«{code}»: при правиле «по блоку» порог задаётся для блока, а это компетенция")
            continue
        if code in result:
            errors.append(f"«{code}»: порог указан дважды")
            continue
        result[code] = float(value) if value != value.to_integral() else int(value)
    if errors:
        raise forms.ValidationError(errors)
    return result


class DiagnosticForm(BootstrapFormMixin, forms.ModelForm):
    thresholds_text = forms.CharField(
        label="Особые пороги",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "subject.content = 60\nsubject = 70"}),
        help_text="По строке на компетенцию или блок: «код = процент». Порог компетенции важнее порога её блока, "
        "порог блока — общего порога процедуры.",
    )

    class Meta:
        model = Diagnostic
        fields = [
            "name",
            "level",
            "instrument",
            "subject",
            "version",
            "starts_on",
            "ends_on",
            "region",
            "organization",
            "rule_basis",
            "threshold",
        ]
        widgets = {"starts_on": date_widget(), "ends_on": date_widget()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["level"].choices = [c for c in DiagnosticLevel.choices if c[0] != DiagnosticLevel.SELF]
        self.fields["version"].queryset = FrameworkVersion.objects.filter(published_on__isnull=False).select_related(
            "framework"
        )
        self.fields["organization"].queryset = Organization.objects.in_scope(user).order_by("sort_name")
        self.fields["organization"].help_text = "Только для диагностики уровня образовательной организации."
        self.fields["subject"].help_text = "Для предметной диагностики; иначе оставьте пустым."
        if user.scope_level == ScopeLevel.ALL:
            self.fields["region"].queryset = Region.objects.order_by("name")
        else:
            del self.fields["region"]
        if self.instance.pk:
            self.fields["thresholds_text"].initial = thresholds_text(self.instance.thresholds)
        else:
            current = self.fields["version"].queryset.order_by("-published_on", "-number").first()
            self.fields["version"].initial = current.pk if current else None

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", "Дата окончания раньше даты начала.")
        level, organization = cleaned.get("level"), cleaned.get("organization")
        if level == DiagnosticLevel.ORGANIZATION and organization is None:
            self.add_error("organization", "Для диагностики уровня организации выберите организацию.")
        if level != DiagnosticLevel.ORGANIZATION and organization is not None:
            self.add_error("organization", "Организация указывается только для диагностики уровня организации.")
        version = cleaned.get("version")
        if self.instance.pk and version and version.pk != self.instance.version_id and self.instance.results.exists():
            self.add_error("version", "По процедуре уже загружены результаты: версию модели сменить нельзя.")
        try:
            cleaned["thresholds"] = parse_thresholds(
                cleaned.get("thresholds_text", ""), version, cleaned.get("rule_basis")
            )
        except forms.ValidationError as error:
            self.add_error("thresholds_text", error)
        return cleaned

    def save(self, commit=True):
        diagnostic = super().save(commit=False)
        diagnostic.thresholds = self.cleaned_data.get("thresholds", {})
        user = self.user
        if user.scope_level == ScopeLevel.REGION:
            diagnostic.region_id = user.region_id
        elif user.scope_level == ScopeLevel.MUNICIPALITY:
            diagnostic.region_id = user.municipality.region_id
            if diagnostic.level in (DiagnosticLevel.MUNICIPAL, DiagnosticLevel.ORGANIZATION):
                diagnostic.municipality_id = user.municipality_id
        if diagnostic.organization_id:
            diagnostic.municipality_id = diagnostic.organization.municipality_id
        return diagnostic


class CompetencyForm(BootstrapFormMixin, forms.Form):
    code = forms.SlugField(label="Код", max_length=60, help_text="Латиница, цифры, точка; не меняется между версиями.")
    name = forms.CharField(label="Наименование", max_length=500)
    parent_code = forms.ChoiceField(label="Блок", required=False)
    group = forms.ChoiceField(label="Группа (для блока)", choices=CompetencyGroup.choices, required=False)
    for_managers = forms.BooleanField(label="Только для управленческих кадров (для блока)", required=False)
    order = forms.IntegerField(label="Порядок", min_value=0, max_value=30000, initial=0)

    def __init__(self, *args, version: FrameworkVersion, node: Competency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version, self.node = version, node
        blocks = version.competencies.filter(parent__isnull=True).order_by("order")
        self.fields["parent_code"].choices = [("", "— это блок —")] + [(b.code, b.name) for b in blocks]
        self.fields["code"].validators = []
        self.fields["code"].widget.attrs["pattern"] = r"[a-z0-9_.\-]+"
        if node is not None:
            self.fields["code"].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"] if self.node is None else self.node.code
        if not re.fullmatch(r"[a-z0-9_.\-]+", code):
            raise forms.ValidationError("Код — строчная латиница, цифры, точка, дефис; например «subject.content».")
        if self.node is None:
            framework = self.version.framework
            target = self.version if self.version.is_draft else (framework.draft() or self.version)
            if target.competencies.filter(code=code).exists():
                raise forms.ValidationError("Компетенция или блок с таким кодом уже есть.")
        return code

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent_code")
        if self.node is not None and self.node.is_block and parent and self.node.children.exists():
            self.add_error("parent_code", "В блоке есть компетенции: блок нельзя сделать компетенцией.")
        if self.node is not None and parent and parent == self.node.code:
            self.add_error("parent_code", "Компетенцию нельзя перенести в неё саму.")
        if not parent and not cleaned.get("group"):
            self.add_error("group", "Для блока выберите группу компетенций.")
        return cleaned

    def fields_to_save(self) -> dict:
        data = self.cleaned_data
        fields = {"name": data["name"], "parent_code": data["parent_code"], "order": data["order"]}
        if not data["parent_code"]:
            fields.update(group=data["group"], for_managers=data["for_managers"])
        if self.node is None:
            fields["code"] = data["code"]
            if data["parent_code"]:
                fields.update(group="subject", for_managers=False)  # replaced by the block's in the action
        return fields


class LevelForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Уровень", max_length=100, required=False)
    min_percent = forms.DecimalField(
        label="От, % максимума", min_value=0, max_value=100, decimal_places=2, required=False
    )
    mastered = forms.BooleanField(label="Освоена", required=False)


class BaseLevelFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        levels = self.levels()
        if not levels:
            raise forms.ValidationError("В шкале должен быть хотя бы один уровень.")
        percents = [level["min_percent"] for level in levels]
        if len(set(percents)) != len(percents):
            raise forms.ValidationError("У двух уровней одинаковая нижняя граница: границы должны различаться.")
        if min(percents) != 0:
            raise forms.ValidationError(
                "Нижний уровень шкалы должен начинаться с 0 %, иначе часть результатов не получит уровня."
            )
        ordered = sorted(levels, key=lambda level: level["min_percent"])
        if any(low["mastered"] and not high["mastered"] for low, high in zip(ordered, ordered[1:], strict=False)):
            raise forms.ValidationError("Уровень «освоена» не может быть ниже уровня «не освоена».")

    def levels(self) -> list[dict]:
        return [
            {"name": f.cleaned_data["name"], "min_percent": f.cleaned_data["min_percent"],
             "mastered": f.cleaned_data.get("mastered", False)}
            for f in self.forms
            if f.cleaned_data.get("name") and f.cleaned_data.get("min_percent") is not None
        ]  # fmt: skip


LevelFormSet = forms.formset_factory(LevelForm, formset=BaseLevelFormSet, extra=1, max_num=10)


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Файл Excel (.xlsx)", allow_empty_file=True, widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
            self.content = upload.read()
            check_upload(upload.name, self.content)
        except FileRejected as rejected:
            raise forms.ValidationError(str(rejected)) from None
        return upload
