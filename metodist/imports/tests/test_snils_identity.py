"""A SNILS names one person: a row with a known SNILS but another name or birth date is refused, never overwrites.

Outside the importer's scope the refusal is one neutral message, whatever the registry holds, so that a file
cannot be used to learn whose a SNILS is (or whether the name matches).
"""

import pytest

from metodist.imports import actions
from metodist.imports.formats import FORMATS

from .helpers import SNILS_1, educator, format_file

EDUCATORS = FORMATS["educators"]
NEUTRAL = "Строка 2, столбец «СНИЛС»: СНИЛС не может быть использован: обратитесь в ИМЦ или к региональному оператору"


def digits(snils: str) -> str:
    return snils.replace("-", "").replace(" ", "")


def give_snils(person, snils=SNILS_1):
    person.snils = digits(snils)
    person.save(update_fields=["snils"])


def messages(rows, user, context_of) -> list[str]:
    return [str(p) for p in EDUCATORS.plan(format_file("educators", rows), context_of(user)).problems]


def teacher_row(**values) -> dict:
    """The cast's teacher (Смирнова Анна Игоревна, 02.03.1999) as a file row of school 1."""
    return (
        educator(
            last_name="Смирнова",
            first_name="Анна",
            patronymic="Игоревна",
            sex="Ж",
            birth_date="02.03.1999",
            ped_work_start="01.09.2023",
            start_date="01.09.2023",
            category=None,
            category_awarded_on=None,
            completed_on=2021,
        )
        | values
    )


def test_a_known_snils_with_another_name_is_refused_and_names_the_differing_fields(cast, context_of):
    give_snils(cast.teacher)

    assert messages([educator()], cast.methodologist, context_of) == [
        "Строка 2, столбец «СНИЛС»: этот СНИЛС в реестре у педагога с другими данными (фамилия, имя, отчество, дата "
        "рождения): проверьте СНИЛС; если данные педагога изменились (например, фамилия), исправьте их в его "
        "карточке и загрузите файл снова"
    ]


def test_a_known_snils_with_another_birth_date_only_is_refused(cast, context_of):
    give_snils(cast.teacher)

    assert messages([teacher_row(birth_date="03.03.1999")], cast.methodologist, context_of) == [
        "Строка 2, столбец «СНИЛС»: этот СНИЛС в реестре у педагога с другими данными (дата рождения): проверьте "
        "СНИЛС; если данные педагога изменились (например, фамилия), исправьте их в его карточке и загрузите файл "
        "снова"
    ]


def test_the_commit_of_a_mismatching_row_changes_nobody(cast, today):
    give_snils(cast.teacher)
    batch = actions.create_batch(EDUCATORS, "п.xlsx", format_file("educators", [educator()]), by=cast.methodologist)

    with pytest.raises(actions.ImportRejected):
        actions.commit_batch(batch, by=cast.methodologist, today=today)

    cast.teacher.refresh_from_db()
    assert (cast.teacher.last_name, cast.teacher.first_name, str(cast.teacher.birth_date)) == (
        "Смирнова",
        "Анна",
        "1999-03-02",
    )


@pytest.mark.parametrize(
    "row",
    [
        teacher_row(last_name="СМИРНОВА", first_name="анна"),  # case does not matter
        teacher_row(patronymic=None),  # an empty optional cell is not a contradiction
    ],
    ids=["case", "no patronymic"],
)
def test_the_same_person_written_differently_is_still_matched_by_snils(cast, context_of, row):
    give_snils(cast.teacher)

    plan = EDUCATORS.plan(format_file("educators", [row]), context_of(cast.methodologist))

    assert plan.ok
    assert not any({"last_name", "first_name", "patronymic"} & set(change.values) for change in plan.changes)


@pytest.mark.parametrize(
    "row",
    [
        educator(last_name="Волкова", first_name="Ирина", patronymic=None, sex="Ж"),  # the very person, by name
        educator(),  # another name
    ],
    ids=["same name", "another name"],
)
def test_a_snils_outside_the_scope_gets_one_neutral_message_whatever_the_name(cast, context_of, row):
    other = cast.other_educator  # Волкова Ирина of school 3, another municipality
    give_snils(other)
    row["birth_date"] = other.birth_date.strftime("%d.%m.%Y") if row["last_name"] == "Волкова" else row["birth_date"]

    assert messages([row], cast.methodologist, context_of) == [NEUTRAL]


def test_an_org_admin_gets_the_neutral_message_for_a_teacher_of_another_school(cast, context_of):
    give_snils(cast.teacher)

    assert messages([teacher_row(organization="Школа № 2")], cast.school2_admin, context_of) == [NEUTRAL]
