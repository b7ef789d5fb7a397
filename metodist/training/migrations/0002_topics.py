from django.db import migrations

# The topics of Track 3 of seed 002 (show in the catalogue; codes are the `trained` predicate's `topic` values).
TOPICS = [
    ("fgos", "Реализация требований обновлённых ФГОС НОО, ООО, СОО"),
    ("digital", "Образовательная деятельность в цифровой образовательной среде"),
    ("functional_literacy", "Формирование функциональной грамотности"),
    ("quality_assessment", "Оценка качества образования, объективность оценочных процедур"),
    ("talents", "Выявление и развитие способностей и талантов детей"),
    ("subject_methods", "Методика преподавания учебного предмета"),
    ("inclusive", "Инклюзивное образование, обучение детей с ОВЗ"),
    ("career_guidance", "Профориентация обучающихся"),
    ("upbringing", "Воспитательная деятельность"),
    ("preschool_quality", "Качество дошкольного образования"),
    ("tech_sovereignty", "Технологический суверенитет: естественные науки, инженерия, технологии"),
    ("tutoring", "Тьюторское сопровождение, наставничество"),
    ("management", "Управление образовательной организацией"),
]


def load(apps, schema_editor):
    Topic = apps.get_model("training", "Topic")
    for order, (code, name) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
