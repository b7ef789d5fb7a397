"""The growth modules' panels on the own start page (metodist/home/panels.py)."""

from django.urls import reverse

from metodist.home import panels


def test_the_teacher_sees_the_attestation_panel_with_her_portfolio_link(client, cast, on_today):
    client.force_login(cast.teacher_user)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert 'id="attestation-panel"' in html
    assert reverse("attestation:portfolio", args=[cast.teacher.pk]) in html


def test_a_module_with_nothing_to_show_adds_no_panel(cast, today, monkeypatch):
    monkeypatch.setattr(panels, "PANELS", [("metodist.home.tests.test_panels.nothing", "unused.html")])

    assert panels.cabinet_panels(cast.teacher_user, today) == []


def nothing(user, today):
    return None
