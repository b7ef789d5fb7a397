"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

Playwright's own browser download does not work here, so the tests launch the system Chromium. Where it
is missing they are skipped with a message, unless METODIST_REQUIRE_BROWSER=1 (set by .ci/run), where the
absence is a failure.
"""

import os
import shutil
import threading
import time

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
def new_page(browser):
    """Opens a page in a browser context of its own (a separate session: another user at another desk). Every
    page fails its test when the Content-Security-Policy blocked anything on it (Chromium reports every refused
    script, style or image to the console); the contexts are closed, and the server's requests waited for, at
    teardown."""
    contexts, violations = [], []

    def open_page():
        context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
        page.on("pageerror", lambda error: violations.append(f"script error: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    wait_for_requests_in_flight()
    assert violations == []


@pytest.fixture
def page(new_page):
    return new_page()


def wait_for_requests_in_flight(timeout: float = 30.0):
    """Wait until the live server has finished every request the browser started.

    On in-memory SQLite the live server's request threads share the test thread's one connection object.
    A request still running when the transactional test's flush begins interleaves with it on that
    connection: its transaction swallows the flush, and the next test starts on the previous one's rows
    (a flaky UNIQUE error in a fixture). Closing the browser context does not stop a request the server
    has already accepted, so the teardown waits for those threads (named after socketserver's
    process_request_thread) to end.
    """
    deadline = time.monotonic() + timeout
    while any("process_request_thread" in thread.name for thread in threading.enumerate()):
        assert time.monotonic() < deadline, f"a live-server request still runs {timeout:.0f} s after its test ended"
        time.sleep(0.05)


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
