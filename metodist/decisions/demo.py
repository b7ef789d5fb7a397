"""Demo data of the module (called by metodist/demo/cycle.py SEEDERS; rerun-safe): for «Городской округ Энск»,
an order on the approved 2022/23 results with measures aimed at the organizations weakest on the indicators below
target, a protocol of the methodological council, and the measures' effectiveness against the 2023/24 campaign.

The targeted organizations are read from the approved snapshot (the lowest values of the kind among those below
target), so the demo follows whatever the monitoring demo computed; the verdicts are whatever the data give.
"""

from datetime import date

from django.db import transaction

from metodist.accounts.models import User
from metodist.monitoring.lifecycle import official_snapshot
from metodist.monitoring.models import Campaign, Indicator, Level, ResultStatus, SnapshotValue, TargetStatus
from metodist.orgs.models import Municipality, Organization, OrganizationKind

from . import actions
from .models import Decision, DecisionKind, Measure, MeasureStatus, Verdict

MUNICIPALITY = "Городской округ Энск"
CAUSE_PERIOD = "2022/23"
ORDER_NUMBER, PROTOCOL_NUMBER = "112", "3"
TARGETED = 3  # the weakest organizations a measure is aimed at (their peers are the rest of the kind)
SCHOOL_ONE = "МБОУ СОШ № 1"  # the demo login «school» administers it: it answers for one measure

# (indicator code, kind of organizations, activity, responsible, expected result, status, evidence, deadline,
# the responsible organization: None — the first targeted one)
ORDER_MEASURES = [
    ("p-11", OrganizationKind.GENERAL,
     "Организовать прохождение педагогами курсов повышения квалификации по программам из федерального реестра "
     "ДПП с учётом выявленных профессиональных дефицитов",
     "Заместители директоров по УМР", "Не менее 30 % педагогов прошли курсы по программам ФР ДПП",
     MeasureStatus.DONE, "Курсы ИРО «Функциональная грамотность» окончили 46 педагогов; удостоверения "
     "внесены в реестр прохождения курсов", date(2024, 4, 30), None),
    ("t2-8-16", OrganizationKind.GENERAL,
     "Включить педагогов в работу сетевых профессиональных сообществ и муниципальных методических объединений",
     "Руководитель стажировочной площадки", "Доля педагогов — участников профессиональных сообществ не "
     "ниже 30 %", MeasureStatus.DONE, "Приказы о составе РМО на 2023/24 учебный год; 38 педагогов включены в РМО",
     date(2024, 2, 28), SCHOOL_ONE),
    ("t2-6-1", OrganizationKind.PRESCHOOL,
     "Закрыть вакансии педагогических работников через целевое обучение и привлечение выпускников колледжа",
     "Заведующие ДОО", "Укомплектованность педагогическими кадрами не ниже 90 %",
     MeasureStatus.IN_PROGRESS, "", date(2024, 5, 31), None),
]  # fmt: skip
COUNCIL_MEASURE = (
    "t2-7-1", "Провести цикл методических семинаров по подготовке к аттестации на квалификационные категории для "
    "молодых педагогов муниципалитета", "Информационно-методический центр",
    "Не менее половины молодых педагогов готовы к аттестации", MeasureStatus.DONE,
    "Проведено 4 семинара, 57 участников; материалы размещены на сайте ИМЦ", date(2024, 3, 31),
)  # fmt: skip
# the methodologist's conclusion on the first measure's review, by its verdict
NOTES = {
    Verdict.EFFECTIVE: "Эффект подтверждён сравнением с сопоставимыми школами, на которые мера не направлялась. "
    "Целевое значение ещё не достигнуто: продолжить курсы в 2024/25 учебном году и распространить на другие школы.",
    Verdict.NOT_EFFECTIVE: "Изменение не отличается от сопоставимых школ: мера в нынешнем виде не работает. "
    "В целях на 2024/25 учебный год — адресный план-заказ на курсы по выявленным дефицитам.",
}


def _weakest(snapshot, indicator, kind, municipality) -> list[Organization]:
    """The organizations of a kind with the lowest values below target (computed values only)."""
    values = (
        SnapshotValue.objects.filter(
            snapshot=snapshot, indicator=indicator, level=Level.ORGANIZATION, breakdown="",
            status=ResultStatus.OK, target_status=TargetStatus.NOT_MET,
            organization__kind=kind, organization__municipality=municipality,
        )
        .select_related("organization")
        .order_by("value", "organization__sort_name")
    )  # fmt: skip
    return [value.organization for value in values[:TARGETED]]


def _measure(
    decision,
    indicator,
    activity,
    responsible,
    expected,
    status,
    evidence,
    deadline,
    organizations,
    responsible_organization=None,
):
    measure = Measure.objects.create(
        decision=decision, activity=activity, responsible=responsible, expected_result=expected, status=status,
        evidence=evidence, deadline=deadline,
        responsible_organization=responsible_organization or (organizations[0] if organizations else None),
    )  # fmt: skip
    measure.indicators.set([indicator])
    measure.organizations.set(organizations)
    return measure


@transaction.atomic
def seed(*, today: date, progress) -> list[str]:
    municipality = Municipality.objects.filter(name=MUNICIPALITY).first()
    cause = Campaign.objects.filter(municipality=municipality, period=CAUSE_PERIOD).first() if municipality else None
    snapshot = official_snapshot(cause) if cause else None
    if snapshot is None:
        return ["Решения и меры: нет утверждённой кампании 2022/23 «Городского округа Энск» — пропущено."]
    clear()
    methodist = User.objects.filter(username="methodist").first()
    indicators = {item.code: item for item in Indicator.objects.filter(catalogue=cause.catalogue)}
    order = Decision.objects.create(
        municipality=municipality, campaign=cause, kind=DecisionKind.ORDER, number=ORDER_NUMBER,
        date=date(2023, 9, 20), title="О мерах по итогам мониторинга 2022/23",
        text="По итогам мониторинга муниципальной системы научно-методического сопровождения педагогических "
        "работников за 2022/23 учебный год (результаты утверждены) приказываю: 1. Утвердить меры по "
        "показателям, не достигшим целевых значений (приложение). 2. Руководителям образовательных организаций "
        "обеспечить выполнение мер в установленные сроки. 3. Контроль исполнения возложить на ИМЦ.",
        created_by=methodist,
    )  # fmt: skip
    measures = []
    for code, kind, *texts, host in ORDER_MEASURES:
        if code not in indicators:
            continue
        organizations = _weakest(snapshot, indicators[code], kind, municipality)
        hosting = Organization.objects.filter(municipality=municipality, short_name=host).first() if host else None
        measures.append(_measure(order, indicators[code], *texts, organizations, hosting))
    protocol = Decision.objects.create(
        municipality=municipality, campaign=cause, kind=DecisionKind.PROTOCOL, number=PROTOCOL_NUMBER,
        date=date(2023, 10, 5), title="Протокол заседания методического совета «Об итогах мониторинга 2022/23 и "
        "задачах методической службы»", text="Решили: поддержать молодых педагогов в подготовке к аттестации.",
        created_by=methodist,
    )  # fmt: skip
    code, *rest = COUNCIL_MEASURE
    if code in indicators:
        measures.append(_measure(protocol, indicators[code], *rest, organizations=[]))
    reviews = [actions.review(measure, by=methodist) for measure in measures]
    if reviews and methodist and reviews[0].verdict in NOTES:
        actions.sign(reviews[0], NOTES[reviews[0].verdict], by=methodist)
    overdue = sum(measure.is_overdue(today) for measure in measures)
    verdicts = ", ".join(review.verdict_text for review in reviews)
    return [f"Решения и меры: решений 2, мер {len(measures)}, просрочено {overdue}; эффективность: {verdicts}."]


def clear() -> None:
    """Deletes the module's demo data before seed_demo --replace deletes the registry it points to."""
    Decision.objects.filter(municipality__name=MUNICIPALITY, number__in=[ORDER_NUMBER, PROTOCOL_NUMBER]).delete()
