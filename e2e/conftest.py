"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

Playwright's own browser download does not work here, so the tests launch the system Chromium. Where it
is missing they are skipped with a message, unless METODIST_REQUIRE_BROWSER=1 (set by .ci/run), where the
absence is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# The sync Playwright API runs an event loop in this thread; Django refuses ORM calls from a thread with a
# running loop unless told that this is deliberate (the test's own set-up code, not the server under test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    message = f"Браузерные тесты пропущены: Chromium не найден ({CHROMIUM}); установите пакет chromium."
    if os.environ.get("METODIST_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(message)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Browser tests run in transactional mode, whose flush also empties the reference lists that the data
    migration loaded; they are loaded again before each test."""
    from metodist.people.models import Position, Speciality, Subject
    from metodist.people.reference import load_reference

    load_reference(Subject, Position, Speciality)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],  # fmt: skip
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A page that fails its test when the Content-Security-Policy blocked anything on it (Chromium reports
    every refused script, style or image to the console)."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.on("pageerror", lambda error: violations.append(f"script error: {error}"))
    yield page
    context.close()
    assert violations == []


@pytest.fixture
def login(page, live_server):
    def do_login(username: str, password: str = "pass-12345"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill(username)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state("networkidle")
        return page

    return do_login
