from datetime import date
from types import SimpleNamespace

from django.db import migrations

from metodist.diagnostics import framework

PUBLISHED = date(2024, 8, 1)


def load(apps, schema_editor):
    names = ("CompetencyFramework", "FrameworkVersion", "Competency", "ScaleLevel")
    models = SimpleNamespace(**{name: apps.get_model("diagnostics", name) for name in names})
    framework.load(framework.read(), models, PUBLISHED)


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
