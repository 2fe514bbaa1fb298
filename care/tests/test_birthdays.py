"""The birthday arithmetic, checked against dates read off a printed almanac."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from care import birthdays as b

D = datetime.date


@pytest.mark.parametrize(
    ("birth", "year", "expected"),
    [
        (D(1990, 5, 17), 2026, D(2026, 5, 17)),
        (D(1988, 2, 29), 2026, D(2026, 2, 28)),  # common year
        (D(1988, 2, 29), 2028, D(2028, 2, 29)),  # leap year
        (D(1988, 2, 29), 2100, D(2100, 2, 28)),  # 2100 is not a leap year
        (D(1990, 12, 31), 2026, D(2026, 12, 31)),
        (D(1990, 1, 1), 2027, D(2027, 1, 1)),
    ],
)
def test_solar_birthday(birth, year, expected):
    assert b.solar_birthday(birth, year) == expected
    assert b.occurrence(birth, "solar", year).date == expected


def test_to_lunar_known_dates():
    assert b.to_lunar(D(2026, 2, 17)) == b.LunarDate(2026, 1, 1)  # 春节 2026
    assert b.to_lunar(D(2025, 7, 25)) == b.LunarDate(2025, 6, 1, leap=True)  # 闰六月初一
    assert b.to_lunar(D(2027, 1, 8)) == b.LunarDate(2026, 12, 1)
    assert str(b.to_lunar(D(2025, 7, 25))) == "闰六月初一"
    assert str(b.to_lunar(D(2027, 1, 8))) == "腊月初一"


def test_lunar_birthday_same_month_and_day_each_year():
    birth = D(1990, 5, 17)  # lunar 四月廿三
    assert b.lunar_label(birth) == "四月廿三"
    when = b.occurrence(birth, "lunar", 2026)
    assert when.date == D(2026, 6, 8)
    assert b.to_lunar(when.date) == b.LunarDate(2026, 4, 23)
    assert when.age == 36


def test_lunar_day_30_in_a_29_day_month_falls_on_the_29th():
    # lunar 2026 七月 has 29 days: someone born on a 七月三十 keeps it on 七月廿九 = 2026-09-10
    birth = _first_birth(month=7, day=30)
    assert b.to_lunar(birth).day == 30
    assert b.lunar_birthday(birth, 2026) == D(2026, 9, 10)
    assert b.to_lunar(D(2026, 9, 10)) == b.LunarDate(2026, 7, 29)
    assert b.to_lunar(D(2026, 9, 11)) == b.LunarDate(2026, 8, 1)  # no 七月三十 in 2026
    # and the keys for 2026-09-10 cover both the 29th and the 30th
    assert {(7, 29, False), (7, 30, False)} <= b.keys_on(D(2026, 9, 10)).lunar


def _first_birth(*, month, day, leap=False, start=datetime.date(1960, 1, 1)):  # noqa: B008
    for n in range(30000):
        candidate = start + datetime.timedelta(days=n)
        lunar = b.to_lunar(candidate)
        if (lunar.month, lunar.day, lunar.leap) == (month, day, leap):
            return candidate
    raise AssertionError("no such date")


def test_leap_month_birth_kept_in_leap_month_when_the_year_has_it():
    birth = D(2025, 7, 25)  # 闰六月初一 2025
    # 2036 has a leap 6th month: kept in it
    kept = b.lunar_birthday(birth, 2036)
    assert b.to_lunar(kept) == b.LunarDate(2036, 6, 1, leap=True)
    # 2026 has no leap month: kept on the ordinary 六月初一
    kept = b.lunar_birthday(birth, 2026)
    assert b.to_lunar(kept) == b.LunarDate(2026, 6, 1)
    assert kept == D(2026, 7, 14)
    # 2028's leap month is the 5th: ordinary 六月
    assert b.to_lunar(b.lunar_birthday(birth, 2028)) == b.LunarDate(2028, 6, 1)


def test_ordinary_month_birth_stays_in_ordinary_month_in_a_leap_year():
    birth = _first_birth(month=6, day=10, start=D(1990, 1, 1))
    kept = b.lunar_birthday(birth, 2025)  # 2025 has 闰六月
    assert b.to_lunar(kept) == b.LunarDate(2025, 6, 10, leap=False)


def test_late_twelfth_month_birthday_falls_in_next_solar_year_but_belongs_to_lunar_year():
    birth = _first_birth(month=12, day=1, start=D(1985, 1, 1))
    when = b.occurrence(birth, "lunar", 2026)
    assert when.date == D(2027, 1, 8)
    assert when.year == 2026
    assert b.occurrence_on(birth, "lunar", D(2027, 1, 8)) == when
    found = b.occurrences_between(birth, "lunar", D(2027, 1, 1), D(2027, 12, 31))
    # solar 2027 holds two 腊月初一 (lunar 2026 and lunar 2027) and solar 2028 none:
    assert [(o.date, o.year) for o in found] == [(D(2027, 1, 8), 2026), (D(2027, 12, 28), 2027)]
    assert b.occurrences_between(birth, "lunar", D(2028, 1, 1), D(2028, 12, 31)) == []


def test_lunar_birthday_twice_in_one_solar_year_is_two_lunar_years():
    # a 腊月初一 birthday: lunar 2026's falls on 2027-01-08; in some solar years two fall
    # (January and December) and then none the next - each still has its own lunar year.
    birth = _first_birth(month=12, day=1, start=D(1985, 1, 1))
    years = {}
    for solar_year in range(2020, 2060):
        for o in b.occurrences_between(birth, "lunar", D(solar_year, 1, 1), D(solar_year, 12, 31)):
            years.setdefault(o.year, []).append(o.date)
    assert all(len(dates) == 1 for dates in years.values())
    assert sorted(years) == list(range(min(years), max(years) + 1))


def test_year_boundary_solar():
    birth = D(1990, 12, 31)
    hits = b.occurrences_between(birth, "solar", D(2026, 12, 25), D(2027, 1, 7))
    assert [(o.date, o.age) for o in hits] == [(D(2026, 12, 31), 36)]
    birth = D(1990, 1, 2)
    hits = b.occurrences_between(birth, "solar", D(2026, 12, 25), D(2027, 1, 7))
    assert [(o.date, o.year, o.age) for o in hits] == [(D(2027, 1, 2), 2027, 37)]


def test_no_birthday_before_birth():
    birth = D(2026, 11, 20)
    assert b.occurrences_between(birth, "solar", D(2026, 1, 1), D(2026, 12, 31)) == []
    assert b.occurrence_on(birth, "lunar", D(2026, 11, 20)) is None


def test_keys_on_29_february_rule():
    assert (2, 29) in b.keys_on(D(2026, 2, 28)).solar
    assert (2, 29) not in b.keys_on(D(2028, 2, 28)).solar
    assert b.keys_on(D(2028, 2, 29)).solar == {(2, 29)}


def test_next_occurrence():
    assert b.next_occurrence(D(1990, 5, 17), "solar", D(2026, 5, 18)).date == D(2027, 5, 17)
    assert b.next_occurrence(D(1990, 5, 17), "solar", D(2026, 5, 17)).date == D(2026, 5, 17)


@settings(max_examples=300, deadline=None)
@given(
    birth=st.dates(min_value=D(1940, 1, 1), max_value=D(2010, 12, 31)),
    day=st.dates(min_value=D(2020, 1, 1), max_value=D(2045, 12, 31)),
    calendar=st.sampled_from(["solar", "lunar"]),
)
def test_keys_on_agrees_with_occurrence_on(birth, day, calendar):
    """The daily job's fast matching finds exactly the birthdays the slow arithmetic finds."""
    keys = b.keys_on(day)
    fast = b.birthday_key(birth, calendar) in (keys.lunar if calendar == "lunar" else keys.solar)
    assert fast == (b.occurrence_on(birth, calendar, day) is not None)


@settings(max_examples=200, deadline=None)
@given(
    birth=st.dates(min_value=D(1940, 1, 1), max_value=D(2010, 12, 31)),
    year=st.integers(min_value=2020, max_value=2045),
)
def test_every_lunar_year_has_exactly_one_birthday_on_the_right_lunar_date(birth, year):
    when = b.lunar_birthday(birth, year)
    born, kept = b.to_lunar(birth), b.to_lunar(when)
    assert kept.year == year and kept.month == born.month
    assert kept.day == born.day or (born.day == 30 and kept.day == 29)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=D(1901, 3, 1), max_value=D(2099, 12, 31)))
def test_fast_lunar_table_agrees_with_lunar_python(day):
    """The month table gives exactly lunar_python's conversion, both ways."""
    from lunar_python import Lunar, Solar

    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    expected = b.LunarDate(
        lunar.getYear(), abs(lunar.getMonth()), lunar.getDay(), lunar.getMonth() < 0
    )
    assert b.to_lunar(day) == expected
    back = Lunar.fromYmd(lunar.getYear(), lunar.getMonth(), lunar.getDay()).getSolar()
    assert b._lunar_to_solar(lunar.getYear(), lunar.getMonth(), lunar.getDay()) == D(
        back.getYear(), back.getMonth(), back.getDay()
    )
