"""The personal iCalendar feed: birthdays the user looks after, campaign dates and (for
handlers and secretaries) follow-up visits.

* Solar birthdays are one yearly event each (RRULE FREQ=YEARLY). A 29 February birthday uses
  BYMONTH=2;BYMONTHDAY=-1 (the last day of February), so it shows on 28 February in common
  years instead of vanishing as a plain yearly 29 February rule would.
* Lunar birthdays have no RRULE equivalent: they are expanded, one event per lunar year, for
  this year and the next ``LUNAR_YEARS_AHEAD`` years.
* Follow-ups leave the site for outside calendar apps, so they carry no name or detail: only
  "帮扶回访" and a link that asks for a login.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from branch import selectors as branch_selectors
from branch.roles import LEADER, SECRETARY

from . import birthdays, selectors
from .models import CaseStatus

LUNAR_YEARS_AHEAD = 3


def _base_url() -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


# Before any record carries its own time (rows older than their ``updated_at``).
FALLBACK_STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _stamp(record) -> datetime.datetime:
    """When the record behind an event last changed: its ``updated_at``, else ``created_at``."""
    when = getattr(record, "updated_at", None) or getattr(record, "created_at", None)
    return when.astimezone(datetime.UTC) if when else FALLBACK_STAMP


def _event(
    uid: str,
    summary: str,
    start: datetime.date,
    end: datetime.date | None = None,
    *,
    record=None,
):
    """One all-day event, or None when its dates cannot be written (a date at the very end
    of the calendar has no next day): one bad record must not take the whole feed down."""
    try:
        day_after = (end or start) + datetime.timedelta(days=1)
    except (OverflowError, TypeError):
        return None
    stamp = _stamp(record)
    event = Event()
    event.add("uid", f"{uid}@zhibu")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", day_after)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("transp", "TRANSPARENT")
    return event


def build_feed(user, *, today: datetime.date) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//支部之家//关爱日历//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "关爱日历")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    role = branch_selectors.role_of(user)
    if role in {SECRETARY, LEADER}:
        people = branch_selectors.employees_visible_to(user).filter(birth_date__isnull=False)
        for person in people.order_by("pk"):
            try:
                _add_birthday(cal, person, today)
            except (ValueError, OverflowError):  # a birth date the lunar tables cannot hold
                continue
    for campaign in selectors.campaigns_visible_to(user).filter(
        ends_on__gte=today - datetime.timedelta(days=365)
    ):
        event = _event(
            f"campaign-{campaign.pk}",
            f"{campaign.get_season_display()}：{campaign.occasion}",
            campaign.starts_on,
            campaign.ends_on,
            record=campaign,
        )
        if event is None:
            continue
        event.add("url", _base_url() + reverse("care:campaign_detail", args=[campaign.pk]))
        cal.add_component(event)
    cases = selectors.cases_visible_to(user).filter(
        follow_up_on__isnull=False, status__in=[CaseStatus.REGISTERED, CaseStatus.FOLLOWING]
    )
    for case in cases:
        event = _event(f"case-{case.pk}-follow-up", "帮扶回访", case.follow_up_on, record=case)
        if event is None:
            continue
        event.add("url", _base_url() + reverse("care:case_detail", args=[case.pk]))
        cal.add_component(event)
    return cal.to_ical()


def _add_birthday(cal, person, today):
    born = person.birth_date
    if person.birthday_calendar == birthdays.LUNAR:
        label = birthdays.lunar_label(born)
        for year in range(today.year - 1, today.year + LUNAR_YEARS_AHEAD + 1):
            if year <= birthdays.to_lunar(born).year:
                continue
            when = birthdays.occurrence(born, birthdays.LUNAR, year)
            if when.date < today - datetime.timedelta(days=31):
                continue
            event = _event(
                f"birthday-{person.pk}-lunar-{year}",
                f"{person.name} 生日（农历{label}，{when.age}岁）",
                when.date,
                record=person,
            )
            if event is not None:
                cal.add_component(event)
        return
    first = birthdays.next_occurrence(born, birthdays.SOLAR, born + datetime.timedelta(days=1))
    event = _event(f"birthday-{person.pk}", f"{person.name} 生日", first.date, record=person)
    if event is None:
        return
    if (born.month, born.day) == (2, 29):
        first_year = first.date.year
        event["dtstart"].dt = datetime.date(first_year, 2, 28 if first.date.day == 28 else 29)
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    cal.add_component(event)
