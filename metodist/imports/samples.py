"""The rows of the sample educators files: ten valid rows (eight people, two of them with two employments),
and the same rows with four typical mistakes. Synthetic people; SNILS numbers with valid checksums."""

from metodist.lib.snils import format_snils, snils_checksum_ok


def snils_with_checksum(first_nine: str) -> str:
    """The one valid SNILS that starts with these nine digits, written as people write it."""
    control = next(f"{n:02d}" for n in range(100) if snils_checksum_ok(first_nine + f"{n:02d}"))
    return format_snils(first_nine + control)


SCHOOL, KINDERGARTEN = "school", "kindergarten"

PEOPLE = {
    "smirnova": {
        "last_name": "Смирнова",
        "first_name": "Ольга",
        "patronymic": "Викторовна",
        "sex": "Ж",
        "birth_date": "12.04.1985",
        "snils": snils_with_checksum("152437689"),
        "email": "smirnova.ov@example.ru",
        "phone": "+7 900 100-00-01",
        "ped_work_start": "01.09.2007",
        "category": "Высшая",
        "category_awarded_on": "15.03.2022",
        "level": "Высшее",
        "is_pedagogical": "да",
        "speciality": "Русский язык и литература",
        "institution": "Уральский государственный педагогический университет",
        "completed_on": 2007,
    },
    "petrov": {
        "last_name": "Петров",
        "first_name": "Алексей",
        "patronymic": "Николаевич",
        "birth_date": "03.11.1978",
        "snils": snils_with_checksum("163548790"),
        "ped_work_start": "15.08.2001",
        "category": "1КК",
        "category_awarded_on": "20.12.2023",
        "level": "Высшее",
        "is_pedagogical": "да",
        "speciality": "Математика",
        "institution": "Уральский государственный университет",
        "completed_on": 2001,
    },
    "kozlova": {
        "last_name": "Козлова",
        "first_name": "Елена",
        "patronymic": "Сергеевна",
        "sex": "Ж",
        "birth_date": "27.06.1990",
        "snils": snils_with_checksum("174659801"),
        "phone": "+7 900 100-00-03",
        "ped_work_start": "01.09.2011",
        "category": "СЗД",
        "category_awarded_on": "10.02.2021",
        "level": "Среднее профессиональное",
        "is_pedagogical": "да",
        "speciality": "Дошкольное образование",
        "institution": "Свердловский областной педагогический колледж",
        "completed_on": 2011,
    },
    "nikolaeva": {
        "last_name": "Николаева",
        "first_name": "Дарья",
        "patronymic": "Андреевна",
        "sex": "Ж",
        "birth_date": "05.02.2001",
        "snils": snils_with_checksum("185760912"),
        "email": "nikolaeva.da@example.ru",
        "ped_work_start": "01.09.2023",
        "level": "Высшее",
        "is_pedagogical": "да",
        "speciality": "Иностранный язык (английский)",
        "institution": "Уральский государственный педагогический университет",
        "completed_on": 2023,
    },
    "morozov": {
        "last_name": "Морозов",
        "first_name": "Игорь",
        "patronymic": "Владимирович",
        "sex": "М",
        "birth_date": "19.09.1972",
        "snils": snils_with_checksum("196871023"),
        "ped_work_start": "01.09.1994",
        "category": "Высшая",
        "category_awarded_on": "25.04.2019",
        "level": "Высшее",
        "is_pedagogical": "да",
        "speciality": "Физическая культура",
        "institution": "Уральский государственный университет физической культуры",
        "completed_on": 1994,
    },
    "vasilyeva": {
        "last_name": "Васильева",
        "first_name": "Анна",
        "patronymic": "Павловна",
        "sex": "Ж",
        "birth_date": "30.01.1988",
        "snils": snils_with_checksum("207982134"),
        "ped_work_start": "01.09.2010",
        "category": "Первая",
        "category_awarded_on": "14.11.2022",
        "level": "Высшее",
        "is_pedagogical": "да",
        "speciality": "Психология",
        "institution": "Уральский государственный педагогический университет",
        "completed_on": 2010,
    },
    "fyodorova": {
        "last_name": "Фёдорова",
        "first_name": "Мария",
        "patronymic": "Ивановна",
        "sex": "Ж",
        "birth_date": "08.07.1965",
        "snils": snils_with_checksum("218093245"),
        "ped_work_start": "01.09.1986",
        "category": "ВКК",
        "category_awarded_on": "11.12.2020",
        "level": "Высшее",
        "is_pedagogical": "да",
        "speciality": "Педагогика и методика начального образования",
        "institution": "Свердловский государственный педагогический институт",
        "completed_on": 1986,
    },
    "sokolov": {
        "last_name": "Соколов",
        "first_name": "Дмитрий",
        "patronymic": "Олегович",
        "sex": "М",
        "birth_date": "14.03.1975",
        "snils": snils_with_checksum("229104356"),
        "email": "director@example.ru",
        "ped_work_start": "01.09.1997",
        "level": "Высшее",
        "is_pedagogical": "да",
        "speciality": "История",
        "institution": "Уральский государственный педагогический университет",
        "completed_on": 1997,
    },
}

MAIN, INTERNAL, EXTERNAL = "Основное место работы", "Внутреннее совместительство", "Внешнее совместительство"

# (person, organization, position, kind, rate, weekly hours, subjects, start date)
EMPLOYMENTS = (
    ("smirnova", SCHOOL, "Учитель", MAIN, 1, 24, "Русский язык, Литература", "01.09.2010"),
    ("petrov", SCHOOL, "Учитель", MAIN, 1.5, 27, "Математика, Алгебра, Геометрия", "15.08.2001"),
    ("petrov", SCHOOL, "Заместитель руководителя", INTERNAL, 0.5, None, None, "01.09.2018"),
    ("kozlova", KINDERGARTEN, "Воспитатель", MAIN, 1, 36, None, "01.09.2011"),
    ("nikolaeva", SCHOOL, "Учитель", MAIN, 1, 18, "Иностранный язык (английский)", "01.09.2023"),
    ("morozov", SCHOOL, "Учитель", MAIN, 1, 22, "Физическая культура", "01.09.1999"),
    ("vasilyeva", KINDERGARTEN, "Педагог-психолог", MAIN, 1, None, None, "01.09.2015"),
    ("vasilyeva", SCHOOL, "Социальный педагог", EXTERNAL, 0.25, None, None, "01.02.2020"),
    ("fyodorova", SCHOOL, "Учитель", MAIN, 1, 20, "Начальные классы", "01.09.1990"),
    ("sokolov", SCHOOL, "Руководитель (директор, заведующий)", MAIN, 1, 4, "История", "01.09.2015"),
)

# The mistakes of the broken sample: (index of the row, field, wrong value). Row 2 of the sheet is index 0.
MISTAKES = (
    (0, "snils", "152-437-689 00"),  # checksum
    (4, "position", "Учитель математики"),  # not in the nomenclature of positions
    (5, "ped_work_start", "01.09.2099"),  # in the future
    (8, "last_name", None),  # required
)


def educator_rows(school: tuple[str, str], kindergarten: tuple[str, str], broken: bool = False) -> list[dict]:
    """Rows as {field: value}; `school` and `kindergarten` are (short name, municipality name)."""
    places = {SCHOOL: school, KINDERGARTEN: kindergarten}
    rows = []
    for person, place, position, kind, rate, hours, subjects, start in EMPLOYMENTS:
        organization, municipality = places[place]
        rows.append(
            {
                "municipality": municipality,
                **PEOPLE[person],
                "organization": organization,
                "position": position,
                "kind": kind,
                "rate": rate,
                "weekly_hours": hours,
                "subjects": subjects,
                "start_date": start,
            }
        )
    if broken:
        for index, name, value in MISTAKES:
            rows[index][name] = value
    return rows
