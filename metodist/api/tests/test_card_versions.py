"""A card written through the API at the version it was read: a write at an old version is refused with 409."""

from metodist.monitoring.tests.campaigns import campaign_fixture, card_of, catalogue_fixture  # noqa: F401 (fixtures)

from .test_monitoring import api_post  # noqa: F401 (fixture)


def test_the_api_refuses_a_write_at_an_old_version_with_409(api_get, api_post, cast, campaign):  # noqa: F811
    card = card_of(campaign, cast.school1)
    path = f"/api/v1/cards/{card.pk}/"
    version = api_get(cast.school1_admin, path).json()["version"]
    api_post(cast.school1_admin, f"{path}values/", {"values": {"staff_total": 3}, "version": version})

    stale = api_post(cast.school1_admin, f"{path}values/", {"values": {"staff_total": 5}, "version": version})

    assert stale.status_code == 409
    assert stale.json() == {
        "detail": f"Карта изменена другим пользователем после версии {version}: прочитайте её заново.",
        "version": version + 1,
    }
    assert card.values.get(element__code="staff_total").number == 3
    fresh = api_post(cast.school1_admin, f"{path}values/", {"values": {"staff_total": 5}, "version": version + 1})
    assert (fresh.status_code, fresh.json()["version"]) == (200, version + 2)


def test_a_write_without_a_version_is_not_checked(api_post, cast, campaign):  # noqa: F811
    card = card_of(campaign, cast.school1)
    path = f"/api/v1/cards/{card.pk}/values/"
    api_post(cast.school1_admin, path, {"values": {"staff_total": 3}})

    response = api_post(cast.school1_admin, path, {"values": {"staff_total": 4}})

    assert response.status_code == 200
    assert card.values.get(element__code="staff_total").number == 4
