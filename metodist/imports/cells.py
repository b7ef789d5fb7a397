"""Turning one spreadsheet cell into a Python value, or a Russian message saying what is wrong and what is expected.

Every parser takes the raw value openpyxl gives (str, int, float, bool, datetime) and the import context,
and raises CellError; blank cells never reach a parser.
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from metodist.lib.dates import add_years
from metodist.lib.requisites import inn_error, ogrn_error
from metodist.lib.snils import SNILS_DIGITS, normalize_snils, snils_checksum_ok

DATE_FORMAT = "%d.%m.%Y"
EARLIEST_DATE = date(1900, 1, 1)
QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "'": '"', "ё": "е"})


class CellError(Exception):
    """A bad cell; the message completes «Строка N, столбец «X»: …»."""


def normalize(text: str) -> str:
    """A key for comparing names typed by people: case, ё, kinds of quotes, spaces and «№1» do not matter."""
    text = " ".join(str(text).lower().translate(QUOTES).split())
    return re.sub(r"№\s*", "№ ", text)


def as_text(value) -> str:
    """Whole numbers typed into a cell come back as floats (79001234567.0); written as people typed them."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime(DATE_FORMAT)
    return " ".join(str(value).split())


def text(max_length: int) -> Callable:
    def parse(value, ctx) -> str:
        result = as_text(value)
        if len(result) > max_length:
            raise CellError(f"слишком длинное значение: {len(result)} символов, допускается не более {max_length}")
        return result

    return parse


def parse_date(value, ctx) -> date:
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, str):
        result = _date_from_text(value.strip())
    else:
        raise CellError("ожидается дата в формате ДД.ММ.ГГГГ, например 01.09.2015")
    if result < EARLIEST_DATE:
        raise CellError(f"слишком ранняя дата {result:%d.%m.%Y}")
    return result


def _date_from_text(value: str) -> date:
    for pattern in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellError(f"«{value[:40]}» не является датой: ожидается дата в формате ДД.ММ.ГГГГ, например 01.09.2015")


def past_date(value, ctx) -> date:
    result = parse_date(value, ctx)
    if result > ctx.today:
        raise CellError(f"дата {result:%d.%m.%Y} ещё не наступила: ожидается дата не позже {ctx.today:%d.%m.%Y}")
    return result


def birth_date(value, ctx) -> date:
    result = past_date(value, ctx)
    if not add_years(ctx.today, -100) <= result <= add_years(ctx.today, -14):
        raise CellError(f"дата рождения {result:%d.%m.%Y} неправдоподобна: педагогу должно быть от 14 до 100 лет")
    return result


def number(minimum: Decimal, maximum: Decimal, places: int) -> Callable:
    quantum = Decimal(1).scaleb(-places)

    def parse(value, ctx) -> Decimal:
        if isinstance(value, bool):
            raise CellError("ожидается число")
        try:
            result = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise CellError(f"«{as_text(value)[:40]}» не является числом") from None
        if not result.is_finite() or not minimum <= result <= maximum:
            raise CellError(f"ожидается число от {number_text(minimum)} до {number_text(maximum)}")
        if result != result.quantize(quantum):
            raise CellError(f"допускается не больше {places} знаков после запятой")
        return result.quantize(quantum)

    return parse


def number_text(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def year(value, ctx) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text_value = as_text(value)
    if not re.fullmatch(r"\d{4}", text_value) or not 1940 <= int(text_value) <= ctx.today.year:
        raise CellError(f"ожидается год из четырёх цифр от 1940 до {ctx.today.year}")
    return int(text_value)


def snils(value, ctx) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value).zfill(SNILS_DIGITS)  # a SNILS typed as a number lost its leading zeros in Excel
    else:
        digits = normalize_snils(as_text(value))
    if len(digits) != SNILS_DIGITS:
        raise CellError("СНИЛС должен содержать 11 цифр, например 112-233-445 95")
    if not snils_checksum_ok(digits):
        raise CellError("неверное контрольное число")
    return digits


def email(value, ctx) -> str:
    result = as_text(value)
    try:
        validate_email(result)
    except ValidationError:
        raise CellError(f"«{result[:60]}» не является адресом электронной почты") from None
    return result


def inn(value, ctx) -> str:
    """ИНН of an organization: 10 digits, the last one a check digit (the rule of metodist.lib.requisites)."""
    digits = str(value) if isinstance(value, int) else as_text(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise CellError("ИНН организации должен содержать 10 цифр")
    if error := inn_error(digits):
        raise CellError(error)
    return digits


def ogrn(value, ctx) -> str:
    """ОГРН (13 digits) or ОГРНИП (15), the last one a check digit; a number typed as a number is read as one."""
    digits = str(value) if isinstance(value, int) and not isinstance(value, bool) else as_text(value)
    if error := ogrn_error(digits):
        raise CellError(error)
    return digits


def choice(options: dict[str, object], expected: str) -> Callable:
    """A value from a fixed list; `options` maps every accepted spelling (any case) to the stored value."""
    table = {normalize(key): stored for key, stored in options.items()}

    def parse(value, ctx):
        key = normalize(as_text(value)) if not isinstance(value, bool) else ("да" if value else "нет")
        if key not in table:
            raise CellError(f"недопустимое значение «{as_text(value)[:40]}»: ожидается {expected}")
        return table[key]

    return parse


yes_no = choice({"да": True, "нет": False}, "«да» или «нет»")


def reference(kind: str) -> Callable:
    """A name from a reference list of the context (positions, subjects, specialities, organization kinds)."""

    def parse(value, ctx):
        return ctx.reference(kind, as_text(value))

    return parse


def references(kind: str) -> Callable:
    """Several names separated by commas or semicolons, each from the same reference list, in the given order."""

    def parse(value, ctx) -> list:
        names = [name.strip() for name in re.split(r"[,;]", as_text(value)) if name.strip()]
        found = []
        for name in names:
            item = ctx.reference(kind, name)
            if item not in found:
                found.append(item)
        return found

    return parse
