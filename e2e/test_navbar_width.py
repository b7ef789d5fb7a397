"""In a real browser: the main menu, the reminder bell and a long user name stay in one row and never make the
page wider than the window, from the narrowest width at which the menu unfolds (1200 px) to a wide screen."""

import pytest

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


@pytest.mark.parametrize("width", [1200, 1280, 1366, 1440, 1600, 1920])
def test_the_coordinators_menu_fits_the_window(page, live_server, cast, width):
    cast.coordinator.first_name, cast.coordinator.last_name = "Елизавета", "Константинопольская"
    cast.coordinator.save(update_fields=["first_name", "last_name"])
    page.set_viewport_size({"width": width, "height": 800})

    sign_in(page, live_server, "coordinator")

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.site-navbar .nav-link')]"
        ".map(link => Math.round(link.getBoundingClientRect().top))"
    )
    assert overflow <= 0
    assert max(tops) - min(tops) < 20  # one row: no entry wrapped under the others
