"""Helpers shared by the browser journeys."""


def sign_in(page, live_server, username):
    """Signs `username` in (password of the test cast), after signing out whoever was signed in.

    The page's late requests (the navbar's reminder counter is loaded after the page) must not answer after the
    cookies are cleared: one that did put back the previous user's session under the login form."""
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_load_state("networkidle")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("pass-12345")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state("networkidle")
