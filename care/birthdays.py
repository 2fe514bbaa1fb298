"""Birthday date arithmetic: pure functions, no database.

Rules
-----
* 公历 (solar): the birthday is the month and day of the date of birth. Someone born on
  29 February celebrates on 28 February in common years.
* 农历 (lunar): the birthday is the lunar month and day of the (solar) date of birth, kept in
  each lunar year on the solar day that lunar date falls on.

  - Leap month (闰月): someone born in a leap month keeps the birthday in that leap month in
    years that have it, and in the ordinary month of the same number in every other year
    (the common custom; the leap month follows the ordinary one, so no year has two).
  - A lunar day that a year lacks (day 30 of a 29-day month) falls on the day before (29th).

"The year" of a birthday (the year a greeting belongs to, the age turned) is its
*occurrence year*: the solar year for solar birthdays, and the lunar year for lunar birthdays.
A lunar birthday in the 11th or 12th month often falls in January or February of the next
solar year (e.g. lunar 2026-12-01 is 2027-01-08); it still belongs to lunar year 2026. Counting
lunar birthdays by lunar year gives exactly one per year: some solar years hold two such days
and the next holds none, which a count by solar year would turn into a missed greeting.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from lunar_python import LunarYear

SOLAR = "solar"
LUNAR = "lunar"


@dataclass(frozen=True)
class LunarDate:
    year: int
    month: int  # 1..12
    day: int  # 1..30
    leap: bool = False

    def __str__(self) -> str:
        return (
            f"{'闰' if self.leap else ''}{MONTH_NAMES[self.month - 1]}月{DAY_NAMES[self.day - 1]}"
        )


MONTH_NAMES = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"]
DAY_NAMES = [
    "初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
    "廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十",
]  # fmt: skip


@dataclass(frozen=True)
class Occurrence:
    """A birthday as kept: the solar ``date`` it falls on, its occurrence ``year``
    (see module docstring) and the ``age`` turned."""

    date: datetime.date
    year: int
    age: int


JD_OFFSET = 1721425  # lunar_python's integer Julian day (at noon) minus date.toordinal()


@lru_cache(maxsize=512)
def _months(lunar_year: int) -> tuple[tuple[int, int, int], ...]:
    """(first ordinal day, month number (negative = leap), days) of each month of a lunar
    year, in order. One table look-up replaces lunar_python's slower per-day conversion."""
    return tuple(
        (m.getFirstJulianDay() - JD_OFFSET, m.getMonth(), m.getDayCount())
        for m in LunarYear.fromYear(lunar_year).getMonths()
        if m.getYear() == lunar_year
    )


@lru_cache(maxsize=65536)
def to_lunar(day: datetime.date) -> LunarDate:
    ordinal = day.toordinal()
    for year in (day.year, day.year - 1):
        months = _months(year)
        if ordinal < months[0][0]:
            continue
        for first, month, days in months:
            if first <= ordinal < first + days:
                return LunarDate(year, abs(month), ordinal - first + 1, month < 0)
    raise ValueError(f"no lunar date for {day}")  # pragma: no cover


@lru_cache(maxsize=4096)
def _month_length(year: int, month: int) -> int | None:
    """Days in lunar ``month`` of lunar ``year`` (negative month = leap), None if absent."""
    for _first, number, days in _months(year):
        if number == month:
            return days
    return None


def _lunar_to_solar(year: int, month: int, day: int) -> datetime.date:
    for first, number, _days in _months(year):
        if number == month:
            return datetime.date.fromordinal(first + day - 1)
    raise ValueError(f"lunar {year}-{month} does not exist")


def solar_birthday(birth: datetime.date, year: int) -> datetime.date:
    """The solar birthday in ``year``: 29 February → 28 February in common years."""
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return datetime.date(year, 2, 28)


def lunar_birthday(birth: datetime.date, lunar_year: int) -> datetime.date:
    """The solar day on which a lunar birthday is kept in ``lunar_year``."""
    born = to_lunar(birth)
    month = born.month
    if born.leap and _month_length(lunar_year, -born.month) is not None:
        month = -born.month
    length = _month_length(lunar_year, month)
    day = min(born.day, length)
    return _lunar_to_solar(lunar_year, month, day)


def occurrence(birth: datetime.date, calendar: str, year: int) -> Occurrence:
    """The birthday of occurrence ``year`` (solar year, or lunar year for lunar birthdays)."""
    if calendar == LUNAR:
        return Occurrence(lunar_birthday(birth, year), year, year - to_lunar(birth).year)
    return Occurrence(solar_birthday(birth, year), year, year - birth.year)


def occurrences_between(
    birth: datetime.date, calendar: str, start: datetime.date, end: datetime.date
) -> list[Occurrence]:
    """Every birthday falling in [start, end], oldest first; none before the day of birth."""
    found = []
    first = start.year - 1 if calendar == LUNAR else start.year
    for year in range(max(first, birth.year + 1 if calendar == SOLAR else first), end.year + 1):
        if calendar == LUNAR and year <= to_lunar(birth).year:
            continue
        when = occurrence(birth, calendar, year)
        if start <= when.date <= end:
            found.append(when)
    return found


def occurrence_on(birth: datetime.date, calendar: str, day: datetime.date) -> Occurrence | None:
    """The birthday falling exactly on ``day``, or None."""
    hits = occurrences_between(birth, calendar, day, day)
    return hits[0] if hits else None


def next_occurrence(birth: datetime.date, calendar: str, day: datetime.date) -> Occurrence:
    """The first birthday on or after ``day``."""
    hits = occurrences_between(birth, calendar, day, day + datetime.timedelta(days=400))
    return hits[0]


def lunar_label(birth: datetime.date) -> str:
    """The lunar birthday as people say it, e.g. 闰六月初一 / 腊月三十."""
    return str(to_lunar(birth))


@dataclass(frozen=True)
class KeysOn:
    """What birthdays fall on one day: solar (month, day) pairs, lunar (month, day, leap)
    triples and the lunar year the day belongs to."""

    solar: frozenset
    lunar: frozenset
    lunar_year: int


def keys_on(day: datetime.date) -> KeysOn:
    """The birthday keys kept on ``day`` (the inverse of ``occurrence``), so the daily job
    can match thousands of people without computing each one's calendar."""
    solar = {(day.month, day.day)}
    if (day.month, day.day) == (2, 28) and not _is_leap_year(day.year):
        solar.add((2, 29))
    today = to_lunar(day)
    month_no = -today.month if today.leap else today.month
    last_day = today.day == _month_length(today.year, month_no)
    days = [today.day, 30] if last_day and today.day == 29 else [today.day]
    lunar = {(today.month, d, today.leap) for d in days}
    if not today.leap and _month_length(today.year, -today.month) is None:
        lunar |= {(today.month, d, True) for d in days}  # leap-born, no leap month this year
    return KeysOn(frozenset(solar), frozenset(lunar), today.year)


def lunar_birth_dates(keys: KeysOn, *, first_year: int = 1899) -> list[datetime.date]:
    """Every solar date of birth, from lunar year ``first_year`` to ``keys.lunar_year``, whose
    lunar (month, day, leap) is one of ``keys.lunar``: the inverse of ``birthday_key``, so the
    daily job can find lunar birthdays with an ``IN`` on the date of birth instead of reading
    every lunar-calendar person. A few hundred dates at most."""
    return _lunar_birth_dates(keys.lunar, first_year, keys.lunar_year)


@lru_cache(maxsize=64)
def _lunar_birth_dates(lunar_keys: frozenset, first_year: int, last_year: int) -> list:
    found = []
    for year in range(first_year, last_year + 1):
        for month, day, leap in lunar_keys:
            length = _month_length(year, -month if leap else month)
            if length is not None and day <= length:
                found.append(_lunar_to_solar(year, -month if leap else month, day))
    return sorted(found)


def _is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthday_key(birth: datetime.date, calendar: str) -> tuple:
    if calendar == LUNAR:
        born = to_lunar(birth)
        return (born.month, born.day, born.leap)
    return (birth.month, birth.day)
