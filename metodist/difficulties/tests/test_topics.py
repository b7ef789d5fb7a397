"""The list of topics the service keeps: add, rename, reorder, archive; duplicates refused; audited."""

import pytest
from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.difficulties.models import Topic
from metodist.difficulties.topics import ensure_default_topics, topic_choices


def test_the_methodologist_adds_renames_reorders_and_archives(client, cast):
    client.force_login(cast.methodologist)
    url = reverse("difficulties:topics")

    client.post(url, {"name": "Наставничество"})
    client.post(url, {"name": "Работа с родителями"})
    first, second = Topic.objects.filter(municipality=cast.municipality).order_by("order")
    client.post(reverse("difficulties:move", args=[second.pk, "up"]))
    client.post(reverse("difficulties:rename", args=[first.pk]), {"name": "Наставничество молодых педагогов"})
    client.post(reverse("difficulties:archive", args=[second.pk]))

    assert list(Topic.objects.filter(municipality=cast.municipality).values_list("name", "order", "archived")) == [
        ("Работа с родителями", 1, True),
        ("Наставничество молодых педагогов", 2, False),
    ]
    assert AuditEntry.objects.filter(model="difficulties.topic").count() >= 5


def test_a_duplicate_name_is_refused_in_russian(client, cast):
    client.force_login(cast.methodologist)
    client.post(reverse("difficulties:topics"), {"name": "Наставничество"})

    page = client.post(reverse("difficulties:topics"), {"name": "наставничество"})

    assert "Тема «наставничество» уже есть в списке." in page.content.decode()
    assert Topic.objects.count() == 1


def test_archived_topics_are_not_offered_and_shared_ones_are(cast):
    shared = ensure_default_topics(cast.region)
    archived = Topic.objects.create(
        name="Старая тема", region=cast.region, municipality=cast.municipality, archived=True
    )
    ensure_default_topics(cast.region)  # rerun-safe

    offered = dict(topic_choices(cast.municipality.pk)[-1][1])

    assert f"t{archived.pk}" not in offered
    assert offered[f"t{shared[0].pk}"] == shared[0].name
    assert Topic.objects.filter(municipality=None).count() == len(shared)


@pytest.mark.parametrize("who", ["school2_admin", "school1_admin"])
def test_an_organizations_administrator_does_not_keep_topics(client, cast, who):
    client.force_login(getattr(cast, who))

    assert client.get(reverse("difficulties:topics")).status_code == 403


def test_another_municipality_cannot_touch_the_list(client, cast):
    topic = Topic.objects.create(name="Своя", region=cast.region, municipality=cast.other_municipality)
    client.force_login(cast.methodologist)

    assert client.post(reverse("difficulties:archive", args=[topic.pk])).status_code == 404


def test_the_regional_operator_keeps_the_regions_shared_list(client, cast):
    client.force_login(cast.regional_operator)

    client.post(reverse("difficulties:topics"), {"name": "Сетевое взаимодействие"})

    topic = Topic.objects.get()
    assert (topic.region, topic.municipality) == (cast.region, None)
    client.force_login(cast.methodologist)
    page = client.get(reverse("difficulties:topics"))
    assert page.context["shared"] == [topic]
    assert client.post(reverse("difficulties:archive", args=[topic.pk])).status_code == 404
