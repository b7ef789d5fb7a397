"""Loading the reference lists (subjects, positions, specialities) from data/reference.toml, rerun-safe."""

import tomllib
from pathlib import Path

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference.toml"


def load_reference(subject_model, position_model, speciality_model) -> dict[str, int]:
    """Creates or updates every listed row; takes model classes so a data migration can pass historical ones."""
    data = tomllib.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    subjects = {}
    for order, row in enumerate(data["subjects"]):
        subjects[row["code"]], _ = subject_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "order": order}
        )
    for order, row in enumerate(data["positions"]):
        position_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "is_teacher": row.get("is_teacher", False),
                "order": order,
            },
        )
    for row in data["specialities"]:
        speciality, created = speciality_model.objects.get_or_create(name=row["name"])
        if created:  # a mapping edited in admin is kept on reruns
            speciality.subjects.set([subjects[code] for code in row["subjects"]])
    return {
        "subjects": len(data["subjects"]),
        "positions": len(data["positions"]),
        "specialities": len(data["specialities"]),
    }
