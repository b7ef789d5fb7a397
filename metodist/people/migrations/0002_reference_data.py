from django.db import migrations

from metodist.people.reference import load_reference


def forwards(apps, schema_editor):
    load_reference(
        apps.get_model("people", "Subject"),
        apps.get_model("people", "Position"),
        apps.get_model("people", "Speciality"),
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
