"""Import in a real browser: a broken file is refused row by row and changes nothing; the good one is
checked, then committed, and the educators appear in the list."""

import pytest
from playwright.sync_api import expect

from metodist.people.models import Educator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def download(page, link_name: str, tmp_path) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return str(target)


def check(page, live_server, path: str) -> None:
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Файл Excel (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_role("link", name="Открыть итог проверки").click()  # the check is a job: its page links here
    page.wait_for_load_state("networkidle")


def test_coordinator_imports_the_sample_after_a_broken_one_is_refused(login, live_server, cast, tmp_path):
    page = login("coordinator")
    page.goto(f"{live_server.url}/imports/")
    broken = download(page, "пример с ошибками", tmp_path)
    good = download(page, "Пример заполненного файла", tmp_path)
    before = Educator.objects.count()

    check(page, live_server, broken)

    expect(page.get_by_text("Строка 2, столбец «СНИЛС»").first).to_be_visible()
    expect(page.get_by_role("button", name="Загрузить в реестр")).to_have_count(0)
    assert Educator.objects.count() == before

    check(page, live_server, good)
    page.get_by_role("button", name="Загрузить в реестр").click()
    page.get_by_role("link", name="Открыть страницу файла").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Файл загружен")
    assert Educator.objects.count() > before
