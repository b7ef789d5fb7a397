"""Import of an event's attendance from .xlsx: one row per educator who came, found by SNILS or by full name and
birth date among the event's registered participants. The file is read with the registry import's reader
(metodist/imports/reading.py: size, format, zip bombs, formulas); rows that name nobody registered are listed and
nothing is written while any row is wrong. The marking itself is actions.mark_attendance (atomic, audited)."""

from dataclasses import dataclass, field

from metodist.imports.cells import CellError, as_text, normalize, parse_date, snils
from metodist.imports.reading import FileRejected, Formula, read_table
from metodist.lib.xlsx import Sheet, workbook_bytes

from .models import RegistrationStatus

HEADERS = ["СНИЛС", "ФИО", "Дата рождения"]
NOTE = "Перечислите присутствовавших: СНИЛС или ФИО и дату рождения (дд.мм.гггг)."


def template() -> bytes:
    return workbook_bytes([Sheet("Посещение", HEADERS, [("123-456-789 64", "Иванова Мария Петровна", "17.05.1980")])])


@dataclass
class Check:
    attended: set[int] = field(default_factory=set)  # participation ids
    errors: list[str] = field(default_factory=list)


def check(content: bytes, event) -> Check:
    """Which registered participations the file names; every problem as «Строка N: …»."""
    result = Check()
    try:
        table = read_table(content)
    except FileRejected as error:
        result.errors.append(str(error))
        return result
    columns = {normalize(header): index for index, header in table.headers.items()}
    missing = [name for name in HEADERS if normalize(name) not in columns]
    if normalize("СНИЛС") not in columns and missing and normalize("ФИО") in missing:
        result.errors.append("В файле нет столбцов «СНИЛС» или «ФИО» и «Дата рождения»: скачайте шаблон.")
        return result
    rows = event.participations.exclude(status__in=(RegistrationStatus.CANCELLED, RegistrationStatus.WAITING))
    by_snils, by_name = {}, {}
    for pk, number, last, first, middle, born in rows.values_list(
        "pk", "educator__snils", "educator__last_name", "educator__first_name", "educator__patronymic",
        "educator__birth_date",
    ):  # fmt: skip
        if number:
            by_snils[number] = pk
        by_name.setdefault((normalize(f"{last} {first} {middle or ''}".strip()), born), []).append(pk)

    def cell(values, header):
        index = columns.get(normalize(header))
        value = values[index] if index is not None and index < len(values) else None
        if isinstance(value, Formula):
            raise CellError(f"в столбце «{header}» формула; впишите значение")
        return None if value is None or as_text(value) == "" else value

    for number, values in table.rows:
        try:
            raw_snils, name, birth = cell(values, "СНИЛС"), cell(values, "ФИО"), cell(values, "Дата рождения")
            found = None
            if raw_snils is not None:
                try:
                    key = snils(raw_snils, None)
                except CellError as error:
                    raise CellError(f"СНИЛС: {error}") from error
                found = by_snils.get(key)
                label = f"СНИЛС {key[:3]}-…"
            elif name is not None and birth is not None:
                born = parse_date(birth, None)
                matches = by_name.get((normalize(as_text(name)), born), [])
                if len(matches) > 1:
                    raise CellError(f"несколько участников «{as_text(name)}» с этой датой рождения: укажите СНИЛС")
                found = matches[0] if matches else None
                label = f"«{as_text(name)}», {born:%d.%m.%Y} г. р."
            else:
                raise CellError("укажите СНИЛС или ФИО и дату рождения")
        except CellError as error:
            result.errors.append(f"Строка {number}: {error}")
            continue
        if found is None:
            result.errors.append(f"Строка {number}: {label} нет среди зарегистрированных на мероприятие")
        else:
            result.attended.add(found)
    return result
