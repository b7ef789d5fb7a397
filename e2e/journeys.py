"""Helpers shared by the browser journeys."""


def sign_in(page, live_server, username):
    """Signs `username` in (password of the test cast), after signing out whoever was signed in."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("pass-12345")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state("networkidle")
