"""One cell at a time: what each parser accepts and the exact message for what it refuses."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from metodist.imports import cells
from metodist.imports.cells import CellError
from metodist.imports.formats.educators import CATEGORY_SPELLINGS, SEX_SPELLINGS, _sex_from_patronymic
from metodist.people.models import Category, Sex


class Ctx:
    today = date(2025, 1, 15)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime(2015, 9, 1), date(2015, 9, 1)),
        (date(2015, 9, 1), date(2015, 9, 1)),
        ("01.09.2015", date(2015, 9, 1)),
        ("1.9.2015", date(2015, 9, 1)),
        (" 01.09.2015 ", date(2015, 9, 1)),
        ("2015-09-01", date(2015, 9, 1)),
    ],
)
def test_a_date_is_accepted_as_a_date_cell_or_as_dd_mm_yyyy_text(raw, expected):
    assert cells.parse_date(raw, Ctx) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31.02.2015", "«31.02.2015» не является датой: ожидается дата в формате ДД.ММ.ГГГГ, например 01.09.2015"),
        ("вчера", "«вчера» не является датой: ожидается дата в формате ДД.ММ.ГГГГ, например 01.09.2015"),
        ("01/09/2015", "«01/09/2015» не является датой: ожидается дата в формате ДД.ММ.ГГГГ, например 01.09.2015"),
        (42000, "ожидается дата в формате ДД.ММ.ГГГГ, например 01.09.2015"),
        ("01.09.1899", "слишком ранняя дата 01.09.1899"),
    ],
)
def test_garbage_in_a_date_cell_is_refused_with_the_expected_format(raw, message):
    with pytest.raises(CellError) as error:
        cells.parse_date(raw, Ctx)

    assert str(error.value) == message


def test_a_past_date_must_not_be_later_than_today():
    assert cells.past_date("15.01.2025", Ctx) == date(2025, 1, 15)

    with pytest.raises(CellError) as error:
        cells.past_date("16.01.2025", Ctx)

    assert str(error.value) == "дата 16.01.2025 ещё не наступила: ожидается дата не позже 15.01.2025"


@pytest.mark.parametrize("raw", ["15.01.1925", "15.01.2011"])
def test_a_birth_date_between_14_and_100_years_ago_is_accepted(raw):
    assert cells.birth_date(raw, Ctx)


@pytest.mark.parametrize("raw", ["14.01.1925", "16.01.2011"])
def test_a_birth_date_outside_14_to_100_years_ago_is_refused(raw):
    with pytest.raises(CellError) as error:
        cells.birth_date(raw, Ctx)

    assert str(error.value) == f"дата рождения {raw} неправдоподобна: педагогу должно быть от 14 до 100 лет"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("112-233-445 95", "11223344595"),
        ("11223344595", "11223344595"),
        (11223344595, "11223344595"),
        (11223344595.0, "11223344595"),
        # Excel drops the leading zeros of a SNILS typed as a number; numbers up to 001-001-998 carry no checksum.
        (100199812, "00100199812"),
    ],
)
def test_a_snils_is_stored_as_eleven_digits(raw, expected):
    assert cells.snils(raw, Ctx) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("112-233-445 96", "неверное контрольное число"),
        ("000-000-000 00", "неверное контрольное число"),  # zeros are a placeholder, not a SNILS
        ("112-233-445", "СНИЛС должен содержать 11 цифр, например 112-233-445 95"),
        ("нет", "СНИЛС должен содержать 11 цифр, например 112-233-445 95"),
    ],
)
def test_a_bad_snils_is_refused(raw, message):
    with pytest.raises(CellError) as error:
        cells.snils(raw, Ctx)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(1, Decimal("1.00")), (0.25, Decimal("0.25")), ("0,5", Decimal("0.50")), ("1.5", Decimal("1.50"))],
)
def test_a_rate_accepts_numbers_and_decimal_commas(raw, expected):
    parse = cells.number(Decimal("0.05"), Decimal("2.5"), 2)

    assert parse(raw, Ctx) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (3, "ожидается число от 0,05 до 2,5"),
        (0, "ожидается число от 0,05 до 2,5"),
        ("полставки", "«полставки» не является числом"),
        ("0,333", "допускается не больше 2 знаков после запятой"),
        (True, "ожидается число"),
        ("nan", "ожидается число от 0,05 до 2,5"),
    ],
)
def test_a_bad_rate_is_refused(raw, message):
    parse = cells.number(Decimal("0.05"), Decimal("2.5"), 2)

    with pytest.raises(CellError) as error:
        parse(raw, Ctx)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ВКК", Category.HIGHEST),
        ("высшая", Category.HIGHEST),
        ("1КК", Category.FIRST),
        ("Первая", Category.FIRST),
        ("сзд", Category.SZD),
        ("Соответствие занимаемой должности", Category.SZD),
        ("педагог-методист", Category.METHODIST),
        ("Без категории", Category.NONE),
    ],
)
def test_a_category_is_read_from_its_label_or_abbreviation_in_any_case(raw, expected):
    parse = cells.choice(CATEGORY_SPELLINGS, "категория")

    assert parse(raw, Ctx) == expected


@pytest.mark.parametrize(("raw", "expected"), [("М", Sex.MALE), ("ж", Sex.FEMALE), ("женский", Sex.FEMALE)])
def test_sex_is_read_from_a_letter_or_a_word(raw, expected):
    assert cells.choice(SEX_SPELLINGS, "«М» или «Ж»")(raw, Ctx) == expected


@pytest.mark.parametrize(
    ("patronymic", "expected"),
    [
        ("Петрович", Sex.MALE),
        ("Ильич", Sex.MALE),
        ("Мамед оглы", Sex.MALE),
        ("Петровна", Sex.FEMALE),
        ("Ильинична", Sex.FEMALE),
        ("Алиевна", Sex.FEMALE),
        ("Мамед кызы", Sex.FEMALE),
        ("", None),
        (None, None),
        ("Джон", None),
    ],
)
def test_sex_is_inferred_from_the_patronymic_ending(patronymic, expected):
    assert _sex_from_patronymic(patronymic) == expected


@pytest.mark.parametrize(("raw", "expected"), [("да", True), ("НЕТ", False), (True, True), (False, False)])
def test_yes_no_accepts_words_and_boolean_cells(raw, expected):
    assert cells.yes_no(raw, Ctx) is expected


@pytest.mark.parametrize(("raw", "valid"), [("7707083893", True), (7707083893, True), ("7707083894", False)])
def test_the_inn_of_an_organization_has_ten_digits_and_a_checksum(raw, valid):
    if valid:
        assert cells.inn(raw, Ctx) == "7707083893"
    else:
        with pytest.raises(CellError, match="неверное контрольное число ИНН"):
            cells.inn(raw, Ctx)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(2012, 2012), (2012.0, 2012), ("2012", 2012)],
)
def test_a_graduation_year_is_four_digits(raw, expected):
    assert cells.year(raw, Ctx) == expected


@pytest.mark.parametrize("raw", [1939, 2026, "12", "2012 г."])
def test_a_graduation_year_outside_1940_to_this_year_is_refused(raw):
    with pytest.raises(CellError, match="ожидается год из четырёх цифр от 1940 до 2025"):
        cells.year(raw, Ctx)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("МАДОУ «Детский сад № 1»", 'мадоу "детский сад №1"'),
        ("Ёлочка", "елочка"),
        ("  Школа   № 2 ", "школа №2"),
    ],
)
def test_names_match_whatever_the_case_quotes_spaces_and_yo(left, right):
    assert cells.normalize(left) == cells.normalize(right)


def test_text_longer_than_the_field_is_refused():
    with pytest.raises(CellError) as error:
        cells.text(5)("Абвгдеж", Ctx)

    assert str(error.value) == "слишком длинное значение: 7 символов, допускается не более 5"


def test_a_phone_typed_as_a_number_keeps_its_digits():
    assert cells.text(30)(79001234567.0, Ctx) == "79001234567"
