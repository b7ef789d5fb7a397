"""What the resources share: references to related records, the checked types of parameters (identifiers,
dates, texts), the `on` date, the pagination and the error answers every operation declares."""

import re
from datetime import date
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

# The error type of the checks below: their message is already the Russian text the answer shows.
RUSSIAN = "russian_message"

# Identifiers are BIGINT in the database: a larger number cannot name a record, and asking for it would
# overflow the query instead of finding nothing.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The registry's dates: anything outside is a typo, and the date arithmetic of the facts (ages, terms) would
# leave the calendar near its ends.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def _iso_date(value):
    """Only ГГГГ-ММ-ДД: pydantic would read a number (`0.0`) as a Unix time and a datetime as its day."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError(RUSSIAN, "Дата должна быть в формате ГГГГ-ММ-ДД.")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(RUSSIAN, "Такой даты нет в календаре.") from None
    if not EARLIEST <= day <= LATEST:
        raise PydanticCustomError(RUSSIAN, f"Дата должна быть в пределах от {EARLIEST} до {LATEST}.")
    return day


# The schema states the range too, as a pattern of the year, so that a client (and the fuzzer) knows it.
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^(19\d\d|20\d\d|2100)-\d\d-\d\d$"}),
]


def _text(value):
    # PostgreSQL refuses NUL in a string literal; in a search or a code it is never meant.
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError(RUSSIAN, "Недопустимый символ NUL.")
    return value


# A search or a code of a reference list: short, never binary.
Text = Annotated[str, Field(max_length=100), BeforeValidator(_text)]


class BoundedPages(PageNumberPagination):
    """Page numbers past any list are refused, so that the offset `(page − 1) × page_size` stays an integer
    the database can take."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Номер страницы, с 1")
        page_size: int | None = Field(
            None, ge=1, le=MAX_ID, description="Записей на странице: по умолчанию 50, больше 500 — урезается до 500"
        )


# Every list: `page` and `page_size` (50 unless asked; a larger request is cut to 500), with `count`.
paginated = paginate(BoundedPages, page_size=50, max_page_size=500)


class Detail(Schema):
    detail: str = Field(description="Что не так, по-русски")


class Errors(Detail):
    errors: dict[str, list[str]] = Field(
        description="Ошибки по параметрам или полям: имя (или «__all__») → сообщения по-русски"
    )


# The answers besides 200 that every operation may give, declared so the schema lists every status code.
READ_ERRORS = {401: Detail, 422: Errors}
ONE_ERRORS = {**READ_ERRORS, 404: Detail}
WRITE_ERRORS = {**ONE_ERRORS, 400: Detail, 403: Detail}


class MunicipalityRef(Schema):
    id: int = Field(description="Идентификатор муниципального образования")
    name: str = Field(description="Наименование муниципального образования")


class OrganizationRef(Schema):
    id: int = Field(description="Идентификатор организации")
    short_name: str = Field(description="Краткое наименование организации")


class EducatorRef(Schema):
    id: int = Field(description="Идентификатор педагога")
    full_name: str = Field(description="Фамилия, имя, отчество")


class PositionRef(Schema):
    code: str = Field(description="Код должности из справочника")
    name: str = Field(description="Наименование должности")


class SubjectRef(Schema):
    code: str = Field(description="Код учебного предмета из справочника")
    name: str = Field(description="Наименование учебного предмета")


class OnDate(Schema):
    """The `on` query parameter of the resources whose facts depend on the day."""

    on: IsoDate | None = Field(None, description="Дата, на которую вычисляются сведения (по умолчанию — сегодня)")

    @property
    def day(self) -> date:
        return self.on or timezone.localdate()
