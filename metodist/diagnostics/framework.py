"""Loading a competency framework from its declarative file (data/framework.toml) as a published version."""

import tomllib
from datetime import date
from pathlib import Path

FRAMEWORK_FILE = Path(__file__).with_name("data") / "framework.toml"


def read(path: Path = FRAMEWORK_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load(data: dict, models, published_on: date):
    """Creates (or finds) the framework of `data` and, when it has none, its version 1 with the tree and the scale.

    `models` gives CompetencyFramework, FrameworkVersion, Competency and ScaleLevel: the current ones, or a
    migration's historical ones. Rerun-safe: an existing version is never touched.
    """
    framework, _ = models.CompetencyFramework.objects.get_or_create(
        code=data["code"], defaults={"name": data["name"], "description": data.get("description", "")}
    )
    if framework.versions.exists():
        return framework.versions.order_by("number").first()
    version = models.FrameworkVersion.objects.create(framework=framework, number=1, published_on=published_on)
    for level in data["levels"]:
        models.ScaleLevel.objects.create(
            version=version, name=level["name"], min_percent=level["min_percent"], mastered=level["mastered"]
        )
    for order, block in enumerate(data["blocks"], start=1):
        managers = block.get("for_managers", False)
        parent = models.Competency.objects.create(
            version=version,
            code=block["code"],
            name=block["name"],
            group=block["group"],
            order=order * 10,
            for_managers=managers,
        )
        for position, item in enumerate(block["competencies"], start=1):
            models.Competency.objects.create(
                version=version,
                parent=parent,
                code=item["code"],
                name=item["name"],
                group=block["group"],
                order=order * 10 + position,
                for_managers=managers,
            )
    return version


# Editing a framework in the interface. A published version is never changed: the first edit makes the draft of
# the next version, a copy of the tree and the scale with the same codes; publishing the draft makes it current.
# Results keep pointing at the competencies of the version they were scored against.


class FrameworkError(Exception):
    """An edit that cannot be made; the message is shown to the user as is."""


def editable(version):
    """The draft to edit instead of `version`: the version itself when it is a draft, else the framework's draft
    (made now as a copy of the latest version when there is none)."""
    from django.db import transaction

    from .models import Competency, FrameworkVersion, ScaleLevel

    if version.is_draft:
        return version
    existing = version.framework.draft()
    if existing is not None:
        return existing
    latest = version.framework.versions.order_by("-number").first()
    with transaction.atomic():
        draft = FrameworkVersion.objects.create(framework=version.framework, number=latest.number + 1)
        ScaleLevel.objects.bulk_create(
            ScaleLevel(version=draft, name=level.name, min_percent=level.min_percent, mastered=level.mastered)
            for level in latest.levels.all()
        )
        blocks = {}
        for node in latest.competencies.filter(parent__isnull=True):
            blocks[node.pk] = Competency.objects.create(version=draft, **_copied(node))
        Competency.objects.bulk_create(
            Competency(version=draft, parent=blocks[node.parent_id], **_copied(node))
            for node in latest.competencies.filter(parent__isnull=False)
        )
    return draft


def _copied(node) -> dict:
    return {
        "code": node.code,
        "name": node.name,
        "group": node.group,
        "order": node.order,
        "for_managers": node.for_managers,
    }


def publish(draft, on: date):
    """Makes the draft the framework's current version."""
    if not draft.is_draft:
        raise FrameworkError("Эта версия уже опубликована.")
    if not draft.competencies.filter(parent__isnull=False).exists():
        raise FrameworkError("В версии нет ни одной компетенции: добавьте компетенции в блоки.")
    if not draft.levels.filter(mastered=False).exists() or not draft.levels.filter(mastered=True).exists():
        raise FrameworkError("В шкале должны быть уровни и «освоена», и «не освоена».")
    draft.published_on = on
    draft.save(update_fields=["published_on"])
    return draft


def remove(node) -> None:
    """Removes a competency (or an empty block) from a draft."""
    if not node.version.is_draft:
        raise FrameworkError("Опубликованную версию изменить нельзя.")
    if node.children.exists():
        raise FrameworkError("В блоке есть компетенции: удалите или перенесите их в другой блок.")
    if node.results.exists() or node.deficits.exists():
        raise FrameworkError("По компетенции уже есть результаты диагностики: удалить её нельзя.")
    node.delete()
