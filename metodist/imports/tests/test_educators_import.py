"""The educators format: one row = one employment; people matched by SNILS or name and birth date."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from metodist.audit.models import AuditAction, AuditEntry
from metodist.imports import actions
from metodist.imports.formats import FORMATS
from metodist.people.models import Category, Education, EducationLevel, Educator, Employment, Sex

from .helpers import SNILS_1, SNILS_2, educator, format_file, xlsx

EDUCATORS = FORMATS["educators"]


@pytest.fixture
def dry_run(cast, context_of):
    def run(rows, user=None, fields=None):
        return EDUCATORS.plan(format_file("educators", rows, fields), context_of(user or cast.methodologist))

    return run


@pytest.fixture
def commit(cast, today):
    def run(rows, user=None, fields=None):
        user = user or cast.methodologist
        batch = actions.create_batch(EDUCATORS, "педагоги.xlsx", format_file("educators", rows, fields), by=user)
        return actions.commit_batch(batch, by=user, today=today)

    return run


def registry_counts() -> tuple[int, int, int, int]:
    return Educator.objects.count(), Employment.objects.count(), Education.objects.count(), AuditEntry.objects.count()


def digits(snils: str) -> str:
    return snils.replace("-", "").replace(" ", "")


def messages(plan) -> list[str]:
    return [str(problem) for problem in plan.problems]


def test_a_new_teacher_is_previewed_as_three_new_records(dry_run):
    plan = dry_run([educator()])

    assert plan.ok
    assert [(row.number, row.status, row.title) for row in plan.rows] == [
        (2, "create", "Лебедева Нина Олеговна — Учитель, Школа № 1")
    ]
    assert plan.totals() == [("педагогические работники", 1, 0), ("образование", 1, 0), ("места работы", 1, 0)]


def test_the_dry_run_writes_nothing(cast, dry_run):
    before = registry_counts()

    dry_run([educator(), educator(position="Методист", subjects=None)])

    assert registry_counts() == before


def test_the_commit_creates_the_previewed_educator_education_and_employment(cast, dry_run, commit):
    rows = [educator()]
    before = registry_counts()
    previewed = dry_run(rows).totals()

    commit(rows)

    educators, employments, educations, _ = (now - then for now, then in zip(registry_counts(), before, strict=True))
    assert previewed == [
        ("педагогические работники", educators, 0),
        ("образование", educations, 0),
        ("места работы", employments, 0),
    ]
    person = Educator.objects.get(snils=digits(SNILS_1))
    assert (person.full_name, person.sex, person.birth_date) == (
        "Лебедева Нина Олеговна",
        Sex.FEMALE,
        date(1990, 5, 14),
    )
    assert (person.category, person.category_awarded_on) == (Category.FIRST, date(2021, 3, 20))
    assert person.category_expires_on == date(2026, 3, 20)  # awarded before 01.09.2023: five years
    education = person.educations.get()
    assert (education.level, education.speciality.name, education.completed_on, education.is_pedagogical) == (
        EducationLevel.HIGHER,
        "Математика",
        date(2012, 6, 30),  # a year alone: 30 June of that year
        True,
    )
    job = person.employments.get()
    assert (job.organization, job.position.name, job.rate, job.weekly_hours) == (
        cast.school1,
        "Учитель",
        Decimal("1.00"),
        Decimal("18.0"),
    )
    assert sorted(job.subjects.values_list("name", flat=True)) == ["Алгебра", "Математика"]


def test_the_commit_writes_one_import_entry_and_one_entry_per_created_record(cast, commit):
    commit([educator()])

    entries = AuditEntry.objects.filter(actor=cast.methodologist)
    assert sorted(entries.values_list("action", "model")) == [
        (AuditAction.CREATE, "people.education"),
        (AuditAction.CREATE, "people.educator"),
        (AuditAction.CREATE, "people.employment"),
        (AuditAction.IMPORT, "imports.importbatch"),
    ]
    summary = entries.get(action=AuditAction.IMPORT).summary
    assert summary == (
        "Импорт «Педагоги и места работы» из файла педагоги.xlsx: педагогические работники: 1 (новых 1); "
        "образование: 1 (новых 1); места работы: 1 (новых 1)"
    )


def test_the_committed_batch_keeps_counts_but_not_the_personal_data(cast, today):
    batch = actions.create_batch(EDUCATORS, "педагоги.xlsx", format_file("educators", [educator()]), cast.methodologist)

    actions.commit_batch(batch, by=cast.methodologist, today=today)

    batch.refresh_from_db()
    assert (batch.is_committed, batch.created_count, batch.updated_count, bytes(batch.content)) == (True, 3, 0, b"")


def test_reimporting_the_same_file_changes_nothing(cast, dry_run, commit):
    rows = [educator(), educator(position="Методист", kind="Внутреннее совместительство", rate=0.5, subjects=None)]
    commit(rows)
    before = registry_counts()

    plan = dry_run(rows)
    commit(rows)

    assert [row.status_label for row in plan.rows] == ["без изменений", "без изменений"]
    assert registry_counts() == before


def test_a_committed_batch_cannot_be_committed_twice(cast, today):
    batch = actions.create_batch(EDUCATORS, "педагоги.xlsx", format_file("educators", [educator()]), cast.methodologist)
    actions.commit_batch(batch, by=cast.methodologist, today=today)

    with pytest.raises(actions.ImportRejected, match="Этот файл уже загружен в реестр."):
        actions.commit_batch(batch, by=cast.methodologist, today=today)


def test_an_existing_educator_is_found_by_name_and_birth_date_and_only_differences_are_shown(cast, dry_run):
    row = educator(
        last_name="Смирнова",
        first_name="Анна",
        patronymic="Игоревна",
        birth_date="02.03.1999",
        snils=None,
        ped_work_start="01.09.2023",
        category="СЗД",
        category_awarded_on="10.10.2024",
        level=None,
        speciality=None,
        completed_on=None,
        weekly_hours=24,
        subjects="Математика",
        start_date="01.09.2010",
    )

    plan = dry_run([row])

    assert plan.ok
    (result,) = plan.rows
    assert result.status == "update"
    assert [(change.model_label, change.lines()) for change in result.changes] == [
        (
            "педагогический работник",
            [
                ("квалификационная категория", "Без категории", "Соответствие занимаемой должности"),
                ("дата присвоения категории", "—", "10.10.2024"),
                ("категория действует до", "—", "10.10.2029"),
            ],
        ),
        ("место работы", [("учебная нагрузка, часов в неделю", "18", "24")]),
    ]


def test_a_change_of_surname_is_not_imported_but_explained(cast, commit, dry_run):
    """A SNILS with another name may be a typo in the SNILS: the new surname is entered in the card, not a file."""
    commit([educator()])

    plan = dry_run([educator(last_name="Лебедева-Орлова")])

    assert messages(plan) == [
        "Строка 2, столбец «СНИЛС»: этот СНИЛС в реестре у педагога с другими данными (фамилия): проверьте СНИЛС; "
        "если данные педагога изменились (например, фамилия), исправьте их в его карточке и загрузите файл снова"
    ]
    assert plan.rows[0].changes == []


def test_a_namesake_with_another_snils_is_another_person(cast, commit, dry_run):
    commit([educator()])

    plan = dry_run([educator(snils=SNILS_2)])

    assert plan.ok
    assert plan.totals() == [("педагогические работники", 1, 0), ("образование", 1, 0), ("места работы", 1, 0)]


def test_several_rows_of_one_person_make_one_educator_with_several_employments(cast, commit):
    rows = [
        educator(),
        educator(organization="Школа № 2", position="Педагог-психолог", kind="Внешнее совместительство", rate=0.25),
        educator(level="Среднее профессиональное", speciality="Дошкольное образование", completed_on="01.07.2008"),
    ]

    commit(rows[:2] + [rows[2] | {"position": "Методист", "subjects": None}])

    person = Educator.objects.get(last_name="Лебедева")
    assert person.employments.count() == 3
    assert sorted(person.educations.values_list("level", flat=True)) == ["higher", "secondary_vocational"]


def test_rows_of_one_person_that_disagree_are_errors(dry_run):
    plan = dry_run([educator(), educator(position="Методист", birth_date="15.05.1990")])

    assert messages(plan) == [
        "Строка 3, столбец «Дата рождения»: не совпадает со строкой 2 того же педагога, где «14.05.1990»"
    ]


def test_the_same_employment_twice_in_a_file_is_an_error(dry_run):
    plan = dry_run([educator(), educator()])

    assert messages(plan) == [
        "Строка 3, столбец «Должность»: это место работы (организация и должность) уже указано в строке 2"
    ]


def test_sex_comes_from_the_column_or_the_patronymic_or_is_an_error(dry_run):
    plan = dry_run(
        [
            educator(patronymic="Олегович", snils=None, first_name="Олег", sex=None),
            educator(patronymic=None, snils=SNILS_2, first_name="Мэри", sex="Ж"),
            educator(patronymic=None, snils=None, first_name="Кит", sex=None),
        ]
    )

    assert [row.values["sex"] for row in plan.rows[:2]] == [Sex.MALE, Sex.FEMALE]
    assert messages(plan) == [
        "Строка 4, столбец «Пол»: пол не указан и не определяется по отчеству: укажите «М» или «Ж»"
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"snils": "301-202-303 00"}, "Строка 2, столбец «СНИЛС»: неверное контрольное число"),
        (
            {"speciality": "Астрология"},
            "Строка 2, столбец «Специальность»: специальность «Астрология» не найдена в справочнике специальностей: "
            "выберите значение из листа «Справочники» шаблона",
        ),
        (
            {"position": "Учитель математики"},
            "Строка 2, столбец «Должность»: должность «Учитель математики» не найдена в справочнике должностей: "
            "выберите значение из листа «Справочники» шаблона",
        ),
        (
            {"subjects": "Математика, Астрономия"},
            "Строка 2, столбец «Предметы»: учебный предмет «Астрономия» не найден в справочнике предметов: "
            "выберите значение из листа «Справочники» шаблона",
        ),
        ({"last_name": None}, "Строка 2, столбец «Фамилия»: не заполнено обязательное поле"),
        (
            {"start_date": "01.02.2025"},
            "Строка 2, столбец «Дата приёма»: дата 01.02.2025 ещё не наступила: ожидается дата не позже 15.01.2025",
        ),
        (
            {"birth_date": "14 мая 1990"},
            "Строка 2, столбец «Дата рождения»: «14 мая 1990» не является датой: ожидается дата в формате "
            "ДД.ММ.ГГГГ, например 01.09.2015",
        ),
        (
            {"category_awarded_on": None},
            "Строка 2, столбец «Дата присвоения категории»: укажите дату присвоения категории",
        ),
        (
            {"ped_work_start": "01.09.2000"},
            "Строка 2, столбец «Дата начала педагогической работы»: педагогическая работа не может начаться "
            "раньше 14 лет",
        ),
        (
            {"category": "Педагог-наставник", "category_awarded_on": "01.06.2023"},
            "Строка 2, столбец «Дата присвоения категории»: категории «педагог-методист» и «педагог-наставник» "
            "присваиваются с 01.09.2023",
        ),
        ({"end_date": "31.08.2012"}, "Строка 2, столбец «Дата увольнения»: дата окончания раньше даты начала"),
        (
            {"completed_on": "1012"},
            "Строка 2, столбец «Дата окончания»: ожидается год из четырёх цифр от 1940 до 2025",
        ),
        (
            {"completed_on": "30.06.2099"},
            "Строка 2, столбец «Дата окончания»: дата 30.06.2099 ещё не наступила: ожидается дата не позже 15.01.2025",
        ),
        (
            {"level": None},
            "Строка 2, столбец «Уровень образования»: укажите уровень образования, иначе сведения об образовании "
            "не загрузятся",
        ),
        ({"rate": 3}, "Строка 2, столбец «Ставка»: ожидается число от 0,05 до 2,5"),
        (
            {"weekly_hours": "=18+6"},
            "Строка 2, столбец «Нагрузка (часов в неделю)»: в ячейке формула: замените её "
            "значением (Копировать → Специальная вставка → Значения)",
        ),
        (
            {"weekly_hours": "#DIV/0!"},
            "Строка 2, столбец «Нагрузка (часов в неделю)»: в ячейке ошибка Excel #DIV/0!: введите значение",
        ),
        (
            {"email": "nina@"},
            "Строка 2, столбец «E-mail»: «nina@» не является адресом электронной почты",
        ),
        (
            {"category": "Вторая"},
            "Строка 2, столбец «Категория»: недопустимое значение «Вторая»: ожидается «Без категории», "
            "«Соответствие занимаемой должности», «Первая», «Высшая», «Педагог-методист», «Педагог-наставник» "
            "или ВКК, 1КК, СЗД",
        ),
    ],
)
def test_a_bad_cell_is_reported_with_its_row_column_and_what_is_expected(dry_run, values, message):
    plan = dry_run([educator(**values)], fields=list(educator(email=None, end_date=None)))

    assert messages(plan) == [message]
    assert plan.rows[0].status_label == "ошибка"


def test_dates_may_be_real_date_cells(cast, context_of):
    headers = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Дата начала педагогической работы", "Организация"]
    headers += ["Должность", "Дата приёма"]
    content = xlsx(
        headers,
        [
            [
                "Лебедева",
                "Нина",
                "Олеговна",
                datetime(1990, 5, 14),
                datetime(2012, 9, 1),
                "Школа № 1",
                "Учитель",
                datetime(2012, 9, 1),
            ]
        ],
    )

    plan = EDUCATORS.plan(content, context_of(cast.methodologist))

    assert plan.ok
    assert plan.rows[0].values["birth_date"] == date(1990, 5, 14)


def test_missing_required_columns_are_named(dry_run):
    plan = dry_run([{"last_name": "Лебедева", "first_name": "Нина", "organization": "Школа № 1"}])

    assert messages(plan) == [
        "В файле нет обязательных столбцов: «Дата рождения», «Дата начала педагогической работы», «Должность», "
        "«Дата приёма». Скачайте шаблон формата «Педагоги и места работы» и перенесите данные в него."
    ]


def test_required_columns_may_be_marked_with_an_asterisk_and_written_in_any_case(cast, context_of):
    headers = ["ФАМИЛИЯ *", "имя*", "Дата рождения", "Дата начала педагогической  работы", "Организация *"]
    headers += ["Должность", "Дата приема", "Пол"]
    content = xlsx(
        headers, [["Лебедева", "Нина", "14.05.1990", "01.09.2012", "Школа № 1", "Учитель", "01.09.2012", "Ж"]]
    )

    plan = EDUCATORS.plan(content, context_of(cast.methodologist))

    assert plan.ok


def test_unknown_columns_are_reported_as_warnings_and_skipped(cast, context_of):
    headers = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Дата начала педагогической работы", "Организация"]
    headers += ["Должность", "Дата приёма", "Стаж"]
    content = xlsx(
        headers,
        [["Лебедева", "Нина", "Олеговна", "14.05.1990", "01.09.2012", "Школа № 1", "Учитель", "01.09.2012", "12 лет"]],
    )

    plan = EDUCATORS.plan(content, context_of(cast.methodologist))

    assert plan.ok
    assert plan.warnings == ["Столбец «Стаж» не входит в формат «Педагоги и места работы» и не будет загружен."]


def test_a_repeated_column_is_refused(cast, context_of):
    content = xlsx(["Фамилия", "Фамилия"], [["Лебедева", "Лебедева"]])

    plan = EDUCATORS.plan(content, context_of(cast.methodologist))

    assert messages(plan) == ["Столбец «Фамилия» встречается в строке заголовков дважды."]


def test_one_bad_row_among_good_ones_commits_nothing(cast, commit):
    rows = [educator(), educator(snils=SNILS_2, first_name="Вера", organization="Школа № 7")]
    before = registry_counts()

    with pytest.raises(actions.ImportRejected, match="Файл не загружен: при проверке найдены ошибки"):
        commit(rows)

    assert registry_counts()[:3] == before[:3]


def test_an_org_admin_cannot_import_into_another_organization(cast, dry_run):
    plan = dry_run([educator()], user=cast.school2_admin)

    assert messages(plan) == [
        "Строка 2, столбец «Организация»: организация «Школа № 1» не найдена среди доступных вам организаций: "
        "выберите значение из листа «Справочники» шаблона"
    ]


def test_an_org_admin_cannot_reach_an_educator_of_another_organization_by_snils(cast, dry_run):
    cast.teacher.snils = digits(SNILS_1)
    cast.teacher.save(update_fields=["snils"])

    plan = dry_run([educator(organization="Школа № 2")], user=cast.school2_admin)

    assert messages(plan) == [
        "Строка 2, столбец «СНИЛС»: СНИЛС не может быть использован: обратитесь в ИМЦ или к региональному оператору"
    ]
    assert plan.rows[0].changes == []


def test_an_org_admin_imports_into_own_organization(cast, commit):
    commit([educator(organization="Школа № 2")], user=cast.school2_admin)

    assert Employment.objects.get(educator__last_name="Лебедева").organization == cast.school2


def test_a_municipal_user_cannot_name_an_organization_of_another_municipality(cast, dry_run):
    plan = dry_run([educator(organization="Школа № 3")], user=cast.coordinator)

    assert [problem.column for problem in plan.problems] == ["Организация"]


def test_a_regional_operator_must_give_the_municipality_column(cast, dry_run):
    plan = dry_run([educator()], user=cast.regional_operator)

    assert messages(plan)[0].startswith("В файле нет обязательных столбцов: «Муниципалитет».")


def test_a_regional_operator_imports_with_the_municipality_column(cast, dry_run):
    plan = dry_run(
        [educator(municipality="Город N"), educator(municipality="Город M", organization="Школа № 1")],
        user=cast.regional_operator,
    )

    assert messages(plan) == [
        "Строка 3, столбец «Организация»: организация «Школа № 1» не найдена среди доступных вам организаций: "
        "выберите значение из листа «Справочники» шаблона"
    ]


def test_a_regional_operator_must_fill_the_municipality_in_every_row(cast, dry_run):
    plan = dry_run(
        [educator(municipality="Город N"), educator(municipality=None, position="Методист")],
        user=cast.regional_operator,
        fields=["municipality", *educator()],
    )

    assert messages(plan) == ["Строка 3, столбец «Муниципалитет»: не заполнено обязательное поле"]


def test_the_other_rows_of_a_person_that_cannot_be_imported_point_to_the_first_error(cast, dry_run):
    cast.teacher.snils = digits(SNILS_1)
    cast.teacher.save(update_fields=["snils"])

    plan = dry_run(
        [educator(organization="Школа № 2"), educator(organization="Школа № 2", position="Методист")],
        user=cast.school2_admin,
    )

    assert messages(plan)[1] == "Строка 3: педагог не может быть загружен из-за ошибки в строке 2"
