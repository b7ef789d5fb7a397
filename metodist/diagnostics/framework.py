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
