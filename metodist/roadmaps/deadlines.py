"""The deadline of a road-map item as the document words it («Май 2021 г.», «ежегодно (сентябрь)», «2024-2026
(июнь-июль)», «по запросу») → the concrete due dates. The words are kept as written; the dates are derived.

The rules (docs/roadmaps.md shows them with examples):
- a period («июль-август 2021 г.», «Сентябрь -декабрь») is due at the end of its last month; a month alone at its
  last day; «до 1 сентября» on that day; a quarter or half-year at its last day;
- «в течение года», «весь период», «постоянно» — a continuous activity, accounted for once a year: 31 December of
  every year of the road map; «в течение учебного года» — 31 May (the end of the school year's classes);
- «ежегодно» (or a year range «2024-2026») repeats the date every year (every year of the road map, or the years
  named); «ежемесячно», «ежеквартально», «1 раз в полугодие» give one date per month, quarter, half-year;
  «(далее – ежегодно)» repeats a dated deadline in the following years of the road map;
- a month without a year and without «ежегодно» («август») is due once, in the road map's first year;
- words that name no time («по запросу», «по мере необходимости», «в соответствии с графиками ИРО», «в соответ. с
  ИОМ», an empty cell) give no date: `parse` returns None and the item is shown as «срок не определяется».
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_MONTH = r"(?<![а-я])(январ[ьяе]|феврал[ьяе]|марта?|март[е]|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|" \
         r"август[е]|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])(?![а-я])"  # fmt: skip
MONTH_RE = re.compile(_MONTH)
MONTH_RANGE_RE = re.compile(_MONTH + r"\s*-\s*" + _MONTH)
DAY_MONTH_RE = re.compile(r"(?<!\d)(\d{1,2})\s+" + _MONTH)
EXACT_RE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(20\d\d)(?!\d)")
YEAR_RANGE_RE = re.compile(r"(?<!\d)(20\d\d)\s*-\s*(20\d\d)(?!\d)")
YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
QUARTER_RE = re.compile(r"(?<![а-я\d])(iv|iii|ii|i|[1-4])\s*(?:-?й\s+)?квартал")
HALF_RE = re.compile(r"(?<![а-я\d])(ii|i|[12])\s*(?:-?е\s+)?полугоди")
QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
CONTINUOUS = ("в течение года", "в течение всего периода", "весь период", "постоянно", "в течение календарного года",
              "в течение периода")  # fmt: skip
LAST_DAY = 0  # a mark's day: the month's last day


@dataclass(frozen=True)
class Deadline:
    """What the words say: the (month, day) marks within a year, and in which years they fall.

    years None — every year of the road map (or only its first year when `once`); named years — those years, and
    with `onward` also every later year of the road map («далее – ежегодно»)."""

    marks: tuple[tuple[int, int], ...]
    years: tuple[int, ...] | None = None
    onward: bool = False
    once: bool = False

    def falls_in(self, year: int, *, starts_year: int, ends_year: int) -> bool:
        if self.years is None:
            return year == starts_year if self.once else starts_year <= year <= ends_year
        return year in self.years or (self.onward and max(self.years) < year <= ends_year)

    def dates_in(self, year: int, *, starts_year: int, ends_year: int) -> list[date]:
        if not self.falls_in(year, starts_year=starts_year, ends_year=ends_year):
            return []
        return sorted(date(year, month, day or calendar.monthrange(year, month)[1]) for month, day in self.marks)


def parse(phrase: str) -> Deadline | None:
    text = _normalized(phrase)
    if not text:
        return None
    exact = [(int(d), int(m), int(y)) for d, m, y in EXACT_RE.findall(text)]
    if exact:
        return Deadline(marks=tuple(sorted({(m, d) for d, m, _ in exact})), years=tuple(sorted({y for *_, y in exact})))
    years = _years(text)
    marks = _marks(text)
    if marks is None:
        if years is None and "ежегодно" not in text:
            return None
        marks = ((12, 31),)
    recurring = years is not None or "ежегодно" in text or _is_continuous(text) or _is_periodic(text)
    return Deadline(marks=marks, years=years, onward=years is not None and "далее" in text, once=not recurring)


def due_dates(phrase: str, year: int) -> list[date] | None:
    """The due dates in calendar year `year` (as if the road map began that year); None — not derivable."""
    deadline = parse(phrase)
    if deadline is None:
        return None
    return deadline.dates_in(year, starts_year=year, ends_year=year)


def period_dates(phrase: str, starts_year: int, ends_year: int) -> list[date] | None:
    """All due dates over a road map of `starts_year`..`ends_year`; a year the words name outside it counts too
    («Май 2021 г.» in a road map adopted for 2024–2026 is still due in May 2021)."""
    deadline = parse(phrase)
    if deadline is None:
        return None
    years = set(range(starts_year, ends_year + 1)) | set(deadline.years or ())
    return sorted(
        {day for year in years for day in deadline.dates_in(year, starts_year=starts_year, ends_year=ends_year)}
    )


def _normalized(phrase: str) -> str:
    text = phrase.lower().replace("ё", "е")
    text = re.sub(r"[‐‑‒–—−]", "-", text)
    text = text.replace("в соответ.", "в соответствии")
    return re.sub(r"\s+", " ", text).strip()


def _years(text: str) -> tuple[int, ...] | None:
    years: set[int] = set()
    for first, last in YEAR_RANGE_RE.findall(text):
        years.update(range(int(first), int(last) + 1))
    years.update(int(y) for y in YEAR_RE.findall(YEAR_RANGE_RE.sub(" ", text)))
    return tuple(sorted(years)) or None


def _marks(text: str) -> tuple[tuple[int, int], ...] | None:
    if "ежемесячно" in text or "каждый месяц" in text:
        return tuple((month, LAST_DAY) for month in range(1, 13))
    if "ежеквартально" in text or "раз в квартал" in text:
        return QUARTER_ENDS
    if "раз в полугодие" in text or "раз в полгода" in text or "ежеполугодно" in text:
        return ((6, 30), (12, 31))
    if quarters := QUARTER_RE.findall(text):
        return tuple(sorted({QUARTER_ENDS[_numeral(q) - 1] for q in quarters}))
    if halves := HALF_RE.findall(text):
        return tuple(sorted({((6, 30), (12, 31))[_numeral(h) - 1] for h in halves}))
    days = [(_month(m), int(d)) for d, m in DAY_MONTH_RE.findall(text)]
    rest = DAY_MONTH_RE.sub(" ", text)
    months = [_month(last) for _, last in MONTH_RANGE_RE.findall(rest)]
    months += [_month(m) for m in MONTH_RE.findall(MONTH_RANGE_RE.sub(" ", rest))]
    if days or months:
        return tuple(sorted(set(days) | {(m, LAST_DAY) for m in months}))
    if "учебного года" in text:
        return ((5, 31),)
    if _is_continuous(text):
        return ((12, 31),)
    return None


def _is_continuous(text: str) -> bool:
    return any(words in text for words in CONTINUOUS) or "учебного года" in text


def _is_periodic(text: str) -> bool:
    return any(words in text for words in ("ежемесячно", "каждый месяц", "ежеквартально", "раз в квартал",
                                           "раз в полугодие", "раз в полгода", "ежеполугодно"))  # fmt: skip


def _month(word: str) -> int:
    return next(number for stem, number in MONTHS.items() if word.startswith(stem))


def _numeral(word: str) -> int:
    return ROMAN.get(word) or int(word)
