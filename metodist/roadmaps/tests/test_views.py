"""The pages: who sees and who runs a road map, bad input, the timeline, the month's list, the annual report."""

import re
import shutil
import subprocess
from datetime import date as d
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from metodist.lib.pdf import docx_to_pdf
from metodist.roadmaps.models import ItemStatus, Roadmap, RoadmapItem

from .conftest import item

pytestmark = pytest.mark.usefixtures("on_today")  # 2025-01-15


def url(name, *args):
    return reverse(f"roadmaps:{name}", args=args)


def test_the_list_shows_templates_and_the_municipalitys_road_maps(client, cast, adopted, django_assert_num_queries):
    client.force_login(cast.methodologist)
    with django_assert_num_queries(3):  # session, user, road maps with their counts
        page = client.get(url("index")).content.decode()
    assert "Дорожная карта (шаблон)" in page and "Город N" in page
    assert f'href="{url("adopt", adopted.adopted_from_id)}"' in page


def test_an_educator_sees_no_road_map(client, cast, adopted):
    client.force_login(cast.teacher_user)
    assert not Roadmap.objects.in_scope(cast.teacher_user).exists()
    assert client.get(url("index")).status_code == 403
    assert client.get(url("detail", adopted.pk)).status_code == 403
    assert client.get(url("due")).status_code == 403


def test_another_municipalitys_coordinator_cannot_see_or_edit(client, cast, adopted, other_coordinator):
    client.force_login(other_coordinator)
    target = item(adopted, "1.1.")
    assert "Город N" not in client.get(url("index")).content.decode()
    assert client.get(url("detail", adopted.pk)).status_code == 404
    assert client.get(url("timeline", adopted.pk)).status_code == 404
    assert client.get(url("report", adopted.pk)).status_code == 404
    assert client.get(url("item", adopted.pk, target.pk)).status_code == 404
    response = client.post(url("item", adopted.pk, target.pk), {"status": "done", "deadline": "ежегодно"})
    assert response.status_code == 404
    assert client.post(url("mark_due", adopted.pk, target.dues.first().pk), {"done": "1"}).status_code == 404
    assert RoadmapItem.objects.get(pk=target.pk).status == ItemStatus.PLANNED
    assert "Город N" not in client.get(url("due") + "?month=2024-09").content.decode()


def test_an_organizations_administrator_sees_but_cannot_edit(client, cast, adopted):
    client.force_login(cast.school1_admin)
    target = item(adopted, "1.1.")
    page = client.get(url("detail", adopted.pk)).content.decode()
    assert "Мероприятие 1.1." in page and url("item", adopted.pk, target.pk) not in page
    assert "Принять" not in client.get(url("index")).content.decode()
    assert client.get(url("adopt", adopted.adopted_from_id)).status_code == 403
    assert client.get(url("item", adopted.pk, target.pk)).status_code == 403
    assert client.post(url("mark_due", adopted.pk, target.dues.first().pk), {"done": "1"}).status_code == 403
    assert not target.dues.filter(done_on__isnull=False).exists()


def test_the_coordinator_adopts_a_template(client, cast, template):
    client.force_login(cast.coordinator)
    response = client.post(url("adopt", template.pk),
                           {"municipality": cast.municipality.pk, "starts_year": 2025, "ends_year": 2027,
                            "title": "Дорожная карта Города N", "document": "Приказ от 01.09.2025 № 5"})  # fmt: skip
    roadmap = Roadmap.objects.get(municipality=cast.municipality)
    assert response.status_code == 302 and response["Location"] == url("detail", roadmap.pk)
    assert (roadmap.title, roadmap.document) == ("Дорожная карта Города N", "Приказ от 01.09.2025 № 5")
    assert list(item(roadmap, "1.1.").dues.values_list("due_on", flat=True)) == [
        d(2025, 9, 30), d(2026, 9, 30), d(2027, 9, 30)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"starts_year": 2026, "ends_year": 2025}, "Год окончания раньше года начала."),
        ({"starts_year": 2025, "ends_year": 2040}, "не больше чем на 10 лет"),
        ({"starts_year": "две тысячи", "ends_year": 2025}, "Введите целое число."),
    ],
)
def test_adopt_refuses_bad_years(client, cast, template, data, error):
    client.force_login(cast.coordinator)
    page = client.post(url("adopt", template.pk), {"municipality": cast.municipality.pk, **data}).content.decode()
    assert error in page
    assert not Roadmap.objects.filter(municipality__isnull=False).exists()


def test_adopt_refuses_another_municipality_and_an_adopted_road_map(client, cast, template, adopted):
    client.force_login(cast.coordinator)
    page = client.post(url("adopt", template.pk), {"municipality": cast.other_municipality.pk, "starts_year": 2025,
                                                    "ends_year": 2026}).content.decode()  # fmt: skip
    assert "Выберите корректный вариант" in page
    assert client.get(url("adopt", adopted.pk)).status_code == 404


def test_the_coordinator_edits_an_item_and_marks_an_occurrence_done(client, cast, adopted):
    client.force_login(cast.coordinator)
    target = item(adopted, "1.1.")
    form = client.get(url("item", adopted.pk, target.pk)).content.decode()
    opened = re.search(r'name="lock-opened" value="([^"]+)"', form).group(1)
    response = client.post(url("item", adopted.pk, target.pk), {
        "status": "in_progress", "evidence": "Календарь утверждён приказом № 5", "executors": "Управление образования",
        "deadline": "ежегодно (октябрь)", "result": "Календарь", "responsible_user": cast.methodologist.pk,
        "lock-version": "1", "lock-opened": opened,
    })  # fmt: skip
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.responsible_user, target.version) == ("in_progress", cast.methodologist, 2)
    assert list(target.dues.values_list("due_on", flat=True)) == [d(2024, 10, 31), d(2025, 10, 31), d(2026, 10, 31)]
    client.post(url("mark_due", adopted.pk, target.dues.first().pk), {"done": "1"})
    assert target.dues.first().done_on == d(2025, 1, 15)


def test_an_item_of_another_road_map_and_a_bad_status_are_refused(client, cast, adopted, template):
    client.force_login(cast.coordinator)
    assert client.get(url("item", adopted.pk, item(template, "1.1.").pk)).status_code == 404
    assert client.get(url("item", template.pk, item(template, "1.1.").pk)).status_code == 403
    target = item(adopted, "1.1.")
    page = client.post(url("item", adopted.pk, target.pk), {"status": "forgotten", "deadline": "x"}).content.decode()
    assert "Выберите корректный вариант" in page
    assert RoadmapItem.objects.get(pk=target.pk).version == 1


def test_the_page_shows_overdue_and_undetermined(client, cast, adopted, django_assert_num_queries):
    client.force_login(cast.methodologist)
    with django_assert_num_queries(7):  # session, user, road map, may edit, sections, items, dues
        page = client.get(url("detail", adopted.pk)).content.decode()
    row = page[page.index(f'id="item-{item(adopted, "1.1.").pk}"') :][:1500]
    assert "просрочено" in row and "30.09.2024" in row and "30.09.2025" in row
    row = page[page.index(f'id="item-{item(adopted, "2.1.").pk}"') :][:1500]
    assert "срок не определяется" in row


def test_the_timeline_colours_the_months(client, cast, adopted, django_assert_num_queries):
    item(adopted, "2.2.").dues.filter(due_on=d(2024, 7, 31)).update(done_on=d(2024, 7, 1))
    client.force_login(cast.methodologist)
    with django_assert_num_queries(6):  # session, user, road map, sections, items, dues
        page = client.get(url("timeline", adopted.pk) + "?year=2024").content.decode()
    assert 'title="30.09.2024 — просрочено"' in page and 'title="31.07.2024 — выполнено"' in page
    assert "Срок не определяется (1)" in page and "по запросу" in page
    page = client.get(url("timeline", adopted.pk) + "?year=2026").content.decode()
    assert 'title="30.09.2026"' in page
    assert client.get(url("timeline", adopted.pk) + "?year=двадцать").status_code == 200


def test_the_month_list(client, cast, adopted, django_assert_num_queries):
    client.force_login(cast.coordinator)
    with django_assert_num_queries(4):  # session, user, this month's dues, the earlier overdue ones
        page = client.get(url("due") + "?month=2024-09").content.decode()
    this_month = page.split("Просрочено ранее")[0]
    assert "30.09.2024" in this_month and "Мероприятие 1.1." in this_month and "Мероприятие 2.2." not in this_month
    page = client.get(url("due")).content.decode()  # January 2025: nothing due; September and earlier overdue
    assert "В этом месяце сроков нет." in page and "Просрочено ранее (3)" in page
    assert client.get(url("due") + "?month=2025-13").status_code == 200


def annual(client, roadmap, year):
    response = client.get(url("report", roadmap.pk) + f"?year={year}")
    assert response.status_code == 200
    return response.content


def test_the_annual_report_docx(client, cast, adopted):
    RoadmapItem.objects.filter(pk=item(adopted, "1.2.").pk).update(status=ItemStatus.DONE, evidence="Приказ № 7")
    client.force_login(cast.coordinator)
    doc = Document(BytesIO(annual(client, adopted, 2024)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Отчёт о реализации дорожной карты за 2024 год" in text
    assert "мероприятий — 4, выполнено — 1" in text and "с просроченными сроками — 2" in text
    assert [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")] == [
        "1. Общие сведения", "2. I Целеполагание", "3. II Мониторинг", "4. Просроченные мероприятия на 15.01.2025"
    ]  # fmt: skip
    first = doc.tables[0]
    assert [c.text for c in first.rows[1].cells] == ["1.1.", "Мероприятие 1.1.", "Управление образования",
                                                     "ежегодно (сентябрь)", "30.09.2024 — просрочено",
                                                     "Запланировано", ""]  # fmt: skip
    assert [c.text for c in first.rows[2].cells][4:] == ["31.05.2024 — выполнено", "Выполнено", "Приказ № 7"]
    assert doc.tables[1].rows[1].cells[4].text == "срок не определяется"


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo")), reason="LibreOffice, poppler")
def test_the_annual_report_prints_to_pdf(client, cast, adopted):
    client.force_login(cast.coordinator)
    pdf = docx_to_pdf(annual(client, adopted, 2024))
    info = subprocess.run(["pdfinfo", "-"], input=pdf, check=True, capture_output=True).stdout.decode()
    # the summary and the two sections on page 1, the overdue list and the signature on page 2; A4 landscape
    assert re.search(r"Pages:\s+2\n", info) and "841.89 x 595.304 pts (A4)" in info
