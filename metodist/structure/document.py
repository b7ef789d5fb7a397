"""The structure of a municipality as an official .docx: a table of its bodies in the order of the diagram, with
their level, functions as written, head and official contacts (metodist/lib/docx.py)."""

from datetime import date

from metodist.lib.docx import OfficialDocument
from metodist.people.models import Educator

from .models import SystemBody

WIDTHS_CM = [4.2, 2.6, 10.5, 3.8, 4.2]


def contacts_text(body: SystemBody) -> str:
    return "\n".join(value for value in (body.phone, body.email, body.address, body.website) if value)


def structure_docx(place, outline: list[tuple[SystemBody, int]], user, on: date) -> bytes:
    """`outline` as the page lists it; a head's name only where the reader sees that educator in the registry."""
    heads = {body.head_id for body, _ in outline if body.head_id}
    visible = set(Educator.objects.in_scope(user).filter(pk__in=heads).values_list("pk", flat=True))
    document = OfficialDocument(
        authority=str(place),
        title="Структура муниципальной системы научно-методического сопровождения",
        subtitle=f"по состоянию на {on:%d.%m.%Y}",
        landscape=True,
    )
    rows = []
    for body, depth in outline:
        head = [str(body.head)] if body.head_id in visible else []
        rows.append([
            "   " * depth + body.name,
            body.get_level_display(),
            "\n".join(body.function_lines()),
            "\n".join([*head, *([body.head_title] if body.head_title else [])]) or "—",
            contacts_text(body) or "—",
        ])  # fmt: skip
    document.table(["Субъект", "Уровень", "Функции", "Руководитель", "Контакты"], rows, widths_cm=WIDTHS_CM)
    return document.bytes()


def filename(place, on: date) -> str:
    return f"structure-{place.pk}-{on:%Y-%m-%d}.docx"
