from datetime import date

from django.db import migrations, models

# A year alone is read as the end of that academic year's graduation season (diplomas are issued by 30 June).
GRADUATION_DAY = (6, 30)


def years_to_dates(apps, schema_editor):
    Education = apps.get_model("people", "Education")
    for education in Education.objects.exclude(graduation_year=None).only("pk", "graduation_year"):
        education.completed_on = date(education.graduation_year, *GRADUATION_DAY)
        education.save(update_fields=["completed_on"])


def dates_to_years(apps, schema_editor):
    Education = apps.get_model("people", "Education")
    for education in Education.objects.exclude(completed_on=None).only("pk", "completed_on"):
        education.graduation_year = education.completed_on.year
        education.save(update_fields=["graduation_year"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_correction_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="education",
            name="completed_on",
            field=models.DateField(
                blank=True,
                help_text="Дата выдачи диплома: с неё образование учитывается.",
                null=True,
                verbose_name="дата окончания",
            ),
        ),
        migrations.RunPython(years_to_dates, dates_to_years),
        migrations.AlterModelOptions(
            name="education",
            options={
                "ordering": ["completed_on", "pk"],
                "verbose_name": "образование",
                "verbose_name_plural": "образование",
            },
        ),
        migrations.RemoveField(
            model_name="education",
            name="graduation_year",
        ),
    ]
