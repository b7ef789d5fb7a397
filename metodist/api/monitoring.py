"""Monitoring: campaigns, their computed results and the information cards, within the caller's scope.

The same scoped queries and the same rules as the pages: a card is read by whoever sees it on the site,
filled and submitted only by its respondent (monitoring.cards.can_fill), through the same form validation
(monitoring.forms.CardForm), the same writes (monitoring.actions) and the same checks before submitting.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from metodist.lib.versions import EditConflict
from metodist.monitoring import actions, cards, lifecycle
from metodist.monitoring.forms import CardForm
from metodist.monitoring.models import (
    Campaign,
    CampaignStatus,
    CardStatus,
    CardSubmission,
    Level,
    ResultStatus,
    SnapshotValue,
    TargetStatus,
    ValueType,
)
from metodist.orgs.models import Municipality, Organization

from .schemas import (
    MAX_ID,
    ONE_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Detail,
    Id,
    MunicipalityRef,
    OrganizationRef,
    Text,
    paginated,
)


class Conflict(Detail):
    version: int = Field(description="Версия карты сейчас")


class CatalogueRef(Schema):
    code: str = Field(description="Код каталога показателей")
    title: str = Field(description="Наименование каталога")


class RegionRef(Schema):
    id: int = Field(description="Идентификатор региона")
    name: str = Field(description="Наименование региона")


class SnapshotOut(Schema):
    id: int = Field(description="Идентификатор расчёта")
    data_read_at: datetime = Field(description="Когда прочитаны данные реестра и карт")
    catalogue_version: str = Field(description="Версия каталога (хэш файла), по которой рассчитано")
    official: bool = Field(description="Официальный (утверждённый) расчёт; false — последний рабочий расчёт")


class CampaignOut(Schema):
    id: int = Field(description="Идентификатор кампании")
    title: str = Field(description="Наименование")
    catalogue: CatalogueRef = Field(description="Каталог показателей")
    period: str = Field(description="Отчётный период: «2023/24» или «2024»")
    period_start: date = Field(description="Начало периода")
    period_end: date = Field(description="Конец периода — дата, на которую считаются показатели")
    deadline: date = Field(description="Срок представления информационных карт")
    status: CampaignStatus = Field(description="draft — подготовка, open — сбор данных, closed — завершена")
    region: RegionRef = Field(description="Регион")
    municipality: MunicipalityRef | None = Field(description="Муниципалитет (null — кампания всего региона)")


class CardCountsOut(Schema):
    total: int = Field(description="Всего карт (видимых вам)")
    draft: int = Field(description="Заполняются")
    submitted: int = Field(description="Представлены")
    returned: int = Field(description="Возвращены на доработку")
    accepted: int = Field(description="Приняты")


class CampaignDetailOut(CampaignOut):
    cards: CardCountsOut = Field(description="Информационные карты по статусам (в пределах видимости)")
    snapshot: SnapshotOut | None = Field(
        description="Официальный (утверждённый) расчёт, а пока его нет — последний (null — ещё не рассчитано)"
    )


class CampaignFilters(Schema):
    status: CampaignStatus | None = Field(None, description="Статус кампании")
    period: Text | None = Field(None, description="Отчётный период, например 2023/24")

    def apply(self, campaigns):
        if self.status:
            campaigns = campaigns.filter(status=self.status)
        if self.period:
            campaigns = campaigns.filter(period=self.period)
        return campaigns


class IndicatorRef(Schema):
    code: str = Field(description="Код показателя в каталоге")
    number: str = Field(description="Номер в документе")
    name: str = Field(description="Наименование (дословно)")
    kind: str = Field(
        description="share — доля, %; count — количество; presence — наличие; value — значение; score — баллы"
    )


class CompletenessOut(Schema):
    reported: int = Field(description="Принято карт с этими данными")
    expected: int = Field(description="Ожидается карт")


class ThresholdOut(Schema):
    op: str = Field(description="Сравнение: >=, >, <=, <, ==")
    value: Decimal = Field(description="Целевое значение в этом периоде")
    label: str = Field(description="Название порога (например, «федеральный минимум»); пусто — без названия")
    status: TargetStatus = Field(description="met, not_met, unknown (не оценено)")


class ResultOut(Schema):
    snapshot_id: int = Field(description="Расчёт, из которого взято значение")
    indicator: IndicatorRef = Field(description="Показатель")
    level: Level = Field(description="Уровень: organization, municipality, region")
    organization: OrganizationRef | None = Field(description="Организация (для уровня organization)")
    municipality: MunicipalityRef | None = Field(description="Муниципалитет (для уровней organization, municipality)")
    breakdown: str = Field(description="Разрез: пусто — итог, «subject:<код>» — по учебному предмету")
    numerator: Decimal | None = Field(description="Числитель")
    denominator: Decimal | None = Field(description="Знаменатель")
    value: Decimal | None = Field(description="Значение (доля — в процентах с одним знаком); null — нет данных")
    status: ResultStatus = Field(description="ok — рассчитано; иначе почему нет данных (см. reason)")
    reason: str = Field(description="Причина, если значения нет")
    target_status: TargetStatus = Field(description="met, not_met, no_target, unknown (не оценено)")
    thresholds: list[ThresholdOut] = Field(description="Каждый порог, действующий в периоде, со своим результатом")
    completeness: CompletenessOut | None = Field(description="Полнота данных для значений из карт; иначе null")
    preliminary: bool = Field(description="Предварительное значение: полнота карт ниже порога кампании")

    @staticmethod
    def resolve_completeness(obj: SnapshotValue):
        return obj.completeness or None


class ResultFilters(Schema):
    level: Level | None = Field(None, description="Уровень значений")
    municipality: Id | None = Field(None, description="Идентификатор муниципалитета")
    organization: Id | None = Field(None, description="Идентификатор организации")
    indicator: Text | None = Field(None, description="Код показателя")
    breakdowns: bool = Field(False, description="true — вместе с разрезами (по учебным предметам)")

    def apply(self, values):
        if self.level:
            values = values.filter(level=self.level)
        if self.municipality:
            values = values.filter(municipality_id=self.municipality)
        if self.organization:
            values = values.filter(organization_id=self.organization)
        if self.indicator:
            values = values.filter(indicator__code=self.indicator)
        return values if self.breakdowns else values.filter(breakdown="")


class CardRef(Schema):
    code: str = Field(description="Код карты в каталоге")
    title: str = Field(description="Наименование карты")


class CampaignRef(Schema):
    id: int = Field(description="Идентификатор кампании")
    title: str = Field(description="Наименование кампании")


class CardOut(Schema):
    id: int = Field(description="Идентификатор карты")
    campaign: CampaignRef = Field(description="Кампания")
    card: CardRef = Field(description="Какая карта каталога")
    organization: OrganizationRef | None = Field(description="Организация-респондент (null — карта муниципалитета)")
    municipality: MunicipalityRef | None = Field(description="Муниципалитет-респондент (для карты муниципалитета)")
    status: CardStatus = Field(description="draft — заполняется, submitted, returned, accepted")
    submitted_at: datetime | None = Field(description="Когда представлена")
    accepted_at: datetime | None = Field(description="Когда принята")
    comment: str = Field(description="Комментарий координатора")
    version: int = Field(description="Версия карты: растёт с каждым сохранением; передайте её в `version` при записи")


class RegistryOut(Schema):
    count: int | None = Field(description="Число по реестру (null — посчитать нельзя, см. note)")
    on: date = Field(description="Дата, на которую считается реестр (конец периода кампании)")
    note: str = Field(description="Почему не посчитано")
    limit_of: str = Field(
        description="Пусто — реестр считает то же, что элемент; иначе номера показателей, знаменатель которых "
        "по реестру: значение элемента не должно быть больше count"
    )


class CardValueOut(Schema):
    code: str = Field(description="Код элемента данных")
    name: str = Field(description="Наименование элемента")
    type: ValueType = Field(description="number, bool, text, file")
    required: bool = Field(description="Обязательный")
    integer: bool = Field(description="Только целые числа (число людей)")
    number: Decimal | None = Field(description="Число (для type = number)")
    flag: bool | None = Field(description="Да/нет (для type = bool)")
    text: str = Field(description="Текст (для type = text)")
    link: str = Field(description="Ссылка на подтверждающий документ")
    has_file: bool = Field(description="Загружен файл подтверждающего документа (скачивается на сайте)")
    explanation: str = Field(description="Пояснение респондента к предупреждению")
    registry: RegistryOut | None = Field(description="Сверка с реестром (null — реестр этого не считает)")


class ProblemOut(Schema):
    element: str = Field(description="Код элемента")
    message: str = Field(description="Сообщение")
    severity: str = Field(description="error — мешает представить; warning — нужно пояснение")
    rule: str = Field(description="Правило: required, min, max, not_greater_than, integer, registry, registry_limit")


class CardDetailOut(CardOut):
    can_fill: bool = Field(description="Вы можете заполнять и представлять эту карту сейчас")
    elements: list[CardValueOut] = Field(description="Элементы карты с их значениями, по порядку каталога")
    problems: list[ProblemOut] = Field(description="Ошибки и предупреждения по сохранённым значениям")


class CardFilters(Schema):
    campaign: Id | None = Field(None, description="Идентификатор кампании")
    status: CardStatus | None = Field(None, description="Статус карты")
    organization: Id | None = Field(None, description="Идентификатор организации-респондента")

    def apply(self, submissions):
        if self.campaign:
            submissions = submissions.filter(campaign_id=self.campaign)
        if self.status:
            submissions = submissions.filter(status=self.status)
        if self.organization:
            submissions = submissions.filter(organization_id=self.organization)
        return submissions


Answer = bool | int | float | str | None


class CardValuesIn(Schema):
    values: dict[str, Answer] = Field(
        {}, description="Код элемента → значение: число, true/false, текст; null — очистить"
    )
    links: dict[str, str] = Field({}, description="Код элемента → ссылка на подтверждающий документ")
    explanations: dict[str, str] = Field({}, description="Код элемента → пояснение к его предупреждению")
    version: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(
        None,
        description="Версия карты, которую вы прочитали: если карту с тех пор сохранил кто-то другой, ответ — 409 "
        "и ничего не записывается (без неё проверки нет)",
    )


campaigns = Router(tags=["Мониторинг: кампании и результаты"])
card_router = Router(tags=["Мониторинг: информационные карты"])


def _campaigns(request):
    return Campaign.objects.in_scope(request.auth).select_related("catalogue", "region", "municipality")


@campaigns.get("/", response={200: list[CampaignOut], **READ_ERRORS}, summary="Кампании мониторинга")
@paginated
def list_campaigns(request, filters: Query[CampaignFilters]):
    return filters.apply(_campaigns(request)).order_by("-period_end", "pk")


@campaigns.get("/{campaign_id}/", response={200: CampaignDetailOut, **ONE_ERRORS}, summary="Кампания")
def get_campaign(request, campaign_id: Id):
    campaign = get_object_or_404(_campaigns(request), pk=campaign_id)
    by_status = {status: Count("pk", filter=Q(status=status)) for status in CardStatus.values}
    campaign.cards = (
        CardSubmission.objects.in_scope(request.auth)
        .filter(campaign=campaign)
        .aggregate(total=Count("pk"), **by_status)
    )
    campaign.snapshot = lifecycle.shown_snapshot(campaign)
    if campaign.snapshot is not None:
        campaign.snapshot.official = campaign.snapshot == lifecycle.official_snapshot(campaign)
    return campaign


@campaigns.get(
    "/{campaign_id}/results/",
    response={200: list[ResultOut], **ONE_ERRORS},
    summary="Результаты официального расчёта",
)
@paginated
def list_results(request, campaign_id: Id, filters: Query[ResultFilters]):
    """Every value of the official (approved) snapshot, or of the latest one while none is approved, at the
    places the caller sees: organizations and municipalities in scope, and the region's values of the campaign."""
    campaign = get_object_or_404(_campaigns(request), pk=campaign_id)
    snapshot = lifecycle.shown_snapshot(campaign)
    if snapshot is None:
        return SnapshotValue.objects.none()
    user = request.auth
    visible = (
        Q(level=Level.REGION)
        | Q(level=Level.MUNICIPALITY, municipality__in=Municipality.objects.in_scope(user))
        | Q(level=Level.ORGANIZATION, organization__in=Organization.objects.in_scope(user))
    )
    values = snapshot.values.filter(visible).select_related("indicator", "organization", "municipality")
    return filters.apply(values).order_by("indicator__order", "level", "municipality__name",
                                          "organization__short_name", "breakdown", "pk")  # fmt: skip


def _submissions(request):
    return CardSubmission.objects.in_scope(request.auth).select_related(
        "campaign__catalogue", "card", "organization__municipality", "municipality"
    )


@card_router.get("/", response={200: list[CardOut], **READ_ERRORS}, summary="Информационные карты")
@paginated
def list_cards(request, filters: Query[CardFilters]):
    return filters.apply(_submissions(request)).order_by("campaign_id", "card__order", "organization__short_name",
                                                         "municipality__name", "pk")  # fmt: skip


def _detail(request, submission: CardSubmission) -> CardSubmission:
    """The card with its values, registry figures and problems, as its page shows them."""
    elements = list(submission.card.elements.all())
    stored = cards.stored_values(submission)
    figures = cards.registry_figures(submission, elements)
    on = submission.campaign.period_end
    rows = []
    for element in elements:
        value, figure = stored.get(element.code), figures.get(element.code)
        registry = None
        if figure is not None:
            registry = {"count": figure.count, "on": on, "note": figure.note, "limit_of": figure.limit}
        rows.append(
            {
                "code": element.code,
                "name": element.name,
                "type": element.value_type,
                "required": element.required,
                "integer": bool(element.rules.get("integer")),
                "number": value.number if value else None,
                "flag": value.flag if value else None,
                "text": value.text if value else "",
                "link": value.link if value else "",
                "has_file": bool(value and value.file),
                "explanation": value.explanation if value else "",
                "registry": registry,
            }
        )
    submission.elements = rows
    submission.problems = cards.problems_of(submission, elements, stored, figures)
    submission.can_fill = cards.can_fill(request.auth, submission) and not submission.is_locked
    return submission


@card_router.get(
    "/{card_id}/", response={200: CardDetailOut, **ONE_ERRORS}, summary="Информационная карта со значениями"
)
def get_card(request, card_id: Id):
    return _detail(request, get_object_or_404(_submissions(request), pk=card_id))


def _fillable(request, card_id: int) -> CardSubmission:
    submission = get_object_or_404(_submissions(request), pk=card_id)
    if not cards.can_fill(request.auth, submission):
        raise PermissionDenied("Эту карту заполняет её респондент: администратор организации или муниципалитет.")
    if submission.is_locked:
        raise PermissionDenied("Карта представлена или принята и не может изменяться.")
    return submission


def _form_data(submission: CardSubmission, payload: CardValuesIn) -> tuple[dict, list[str]]:
    """The payload in the shape of the card form's POST data; unknown element codes are reported."""
    elements = {element.code: element for element in submission.card.elements.all()}
    data, unknown = {}, []
    for key, part in (("", payload.values), ("__link", payload.links), ("__explanation", payload.explanations)):
        for code, answer in part.items():
            if code not in elements:
                unknown.append(code)
                continue
            data[f"{code}{key}"] = "" if answer is None else str(answer)
            if key == "__link" and elements[code].value_type == ValueType.FILE:
                data.setdefault(code, "")  # a document given by its link only: the stored file stays
    return data, sorted(set(unknown))


@card_router.post(
    "/{card_id}/values/",
    response={200: CardDetailOut, **WRITE_ERRORS, 409: Conflict},
    summary="Заполнить карту (только переданные элементы)",
)
def fill_card(request, card_id: Id, payload: CardValuesIn):
    submission = _fillable(request, card_id)
    data, unknown = _form_data(submission, payload)
    if unknown:
        message = f"В карте нет элементов: {', '.join(unknown)}."
        return Status(422, {"detail": message, "errors": {code: ["Нет такого элемента."] for code in unknown}})
    elements = list(submission.card.elements.all())
    form = CardForm(elements, cards.stored_values(submission), data=data)
    if not form.is_valid():
        errors = {name.split("__")[0]: list(messages) for name, messages in form.errors.items()}
        return Status(422, {"detail": "Значения не сохранены: исправьте ошибки.", "errors": errors})
    given = {name: value for name, value in form.values().items() if name in data}
    try:
        actions.save_card_values(submission, given, by=request.auth, version=payload.version)
    except EditConflict as refused:
        detail = f"Карта изменена другим пользователем после версии {payload.version}: прочитайте её заново."
        return Status(409, {"detail": detail, "version": refused.version})
    return Status(200, _detail(request, submission))


@card_router.post(
    "/{card_id}/submit/",
    response={200: CardDetailOut, **WRITE_ERRORS},
    summary="Представить карту координатору",
)
def submit_card(request, card_id: Id):
    submission = _fillable(request, card_id)
    try:
        actions.submit_card(submission, by=request.auth, errors=cards.blocking_of(submission))
    except ValidationError as error:
        detail = "Карта не представлена: исправьте ошибки и поясните предупреждения."
        return Status(422, {"detail": detail, "errors": {"__all__": error.messages}})
    return Status(200, _detail(request, submission))
