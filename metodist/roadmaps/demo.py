"""Demo data of the module (called by metodist/demo/cycle.py SEEDERS; rerun-safe): the seeds' road maps loaded
as templates, seed 000's and seed 002's adopted by «Городской округ Энск» for the years their documents give,
and run up to `today`: most past occurrences done with evidence, some left overdue, this year's items in
progress. Which ones is fixed by the item's place in the road map, so a rerun gives the same picture."""

from datetime import date

from django.db import transaction

from metodist.accounts.models import User

from . import actions
from .library import load_templates
from .models import ItemStatus, Roadmap, RoadmapDue

DEMO_MUNICIPALITY = "Городской округ Энск"
ADOPTED = ("egorlyk-2021-2025", "alapaevsk-2024-2026")
# the adopting municipality's own title and act (a template names the municipality it was written for)
TITLES = {
    "egorlyk-2021-2025": (
        "План мероприятий («дорожная карта») по развитию муниципальной системы обеспечения профессионального "
        "развития педагогических работников Городского округа Энск на 2021-2025 годы",
        "Приказ управления образования Городского округа Энск от 25.08.2021 № 87",
    ),
    "alapaevsk-2024-2026": (
        "Комплекс мероприятий Программы методического сопровождения профессионального развития педагогов и "
        "кадрового обеспечения системы образования Городского округа Энск на 2024-2026 годы",
        "Распоряжение управления образования Городского округа Энск от 30.01.2024 № 01-04/12",
    ),
}
LEFT_OVERDUE = 5  # every fifth item with past occurrences keeps its latest one not done


@transaction.atomic
def seed(*, today: date, progress) -> list[str]:
    from metodist.orgs.models import Municipality

    templates = {roadmap.code: roadmap for roadmap, _ in load_templates()}
    lines = [f"Дорожные карты: шаблонов {len(templates)}"]
    municipality = Municipality.objects.filter(name=DEMO_MUNICIPALITY).first()
    coordinator = User.objects.filter(username="coordinator").first()
    if municipality is None:
        return lines
    for code in ADOPTED:
        template = templates[code]
        if Roadmap.objects.filter(municipality=municipality, adopted_from=template).exists():
            continue
        title, document = TITLES[code]
        roadmap = actions.adopt(template, municipality=municipality, starts_year=template.starts_year,
                                ends_year=template.ends_year, by=coordinator, title=title,
                                document=document)  # fmt: skip
        overdue = _run(roadmap, today)
        lines.append(f"Дорожная карта «{roadmap.title[:60]}…» принята для {municipality}: просрочено {overdue}")
    return lines


def _run(roadmap: Roadmap, today: date) -> int:
    """Marks the occurrences up to `today` done, bar the latest of every LEFT_OVERDUE-th item; returns how many
    items are left overdue."""
    overdue = 0
    for index, item in enumerate(roadmap.items.order_by("section__order", "order"), start=1):
        dues = list(item.dues.order_by("due_on"))
        past = [due for due in dues if due.due_on < today]
        if not dues:
            if index % 3 == 0:
                item.status = ItemStatus.IN_PROGRESS
                item.evidence = "Проводится по запросам организаций; учёт в журнале ММС."
                item.save(update_fields=["status", "evidence"])
            continue
        keep_open = past[-1:] if past and index % LEFT_OVERDUE == 0 else []
        for due in past:
            if due not in keep_open:
                due.done_on = due.due_on
        RoadmapDue.objects.bulk_update(past, ["done_on"])
        if keep_open:
            overdue += 1
            item.status = ItemStatus.IN_PROGRESS
        elif len(past) == len(dues):
            item.status = ItemStatus.DONE
            item.evidence = (
                f"Приказ Управления образования от {past[-1].due_on:%d.%m.%Y} № {100 + index}-о; "
                "материалы размещены на сайте ММС."
            )
        else:
            item.status = ItemStatus.IN_PROGRESS if past else ItemStatus.PLANNED
            if past:
                item.evidence = f"Выполнено за {past[-1].due_on.year} г.: отчёт ММС от {past[-1].due_on:%d.%m.%Y}."
        item.save(update_fields=["status", "evidence"])
    return overdue


def clear() -> None:
    """Deletes the module's demo data before seed_demo --replace deletes the registry it points to."""
    Roadmap.objects.filter(municipality__name=DEMO_MUNICIPALITY).delete()
