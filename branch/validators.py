"""Bounds on the dates and numbers people type in, shared by every app.

* ``past_date`` — a date of history (birth, joining the Party, hiring, something that
  happened): from 1900 to today.
* ``plan_date`` — a date of planning (a campaign, a follow-up, a visit, a rating period, a
  pledge, a deadline): from a year back to five years ahead. Forms apply it to the values a
  person enters (``BoundedDatesMixin``); models keep ``stored_plan_date``, its part that stays
  true as time passes (no later than five years ahead, no earlier than 1900), so that editing
  something else on an old record is not refused.
* ``date_in_range_constraint`` — the database's share: a date column between 1900 and 2199
  (a year range; anything relative to today cannot be a constraint).
* ``count_validators`` / ``amount_validators`` — a count or an amount from 0 (or 1) up to a
  stated maximum.
* ``require_within`` — a record's date inside its parent's period (a distribution inside its
  campaign, a rating inside its period…), for services' and models' ``clean()``.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1900, 1, 1)
# The database's ceiling for any date column: far enough for every plan, near enough that
# adding a day or a year to it never overflows Python's date (9999-12-31).
LATEST_STORED = datetime.date(2199, 12, 31)
PLAN_DAYS_BACK = 366
PLAN_YEARS_AHEAD = 5

# Answer deadlines in days (a reply to a suggestion, an answer to a question).
MAX_DEADLINE_DAYS = 365
# Generic ceilings for counts and amounts people type in.
MAX_COUNT = 10_000
MAX_AMOUNT = Decimal("1000000")


def _today() -> datetime.date:
    return timezone.localdate()


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def plan_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or _today()
    try:
        latest = today.replace(year=today.year + PLAN_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + PLAN_YEARS_AHEAD, day=28)
    return today - datetime.timedelta(days=PLAN_DAYS_BACK), latest


def _out_of_range(first: datetime.date, last: datetime.date):
    return ValidationError(
        _("Please enter a date between %(first)s and %(last)s."),
        code="date_out_of_range",
        params={"first": date_format(first, "Y-m-d"), "last": date_format(last, "Y-m-d")},
    )


def past_date(value) -> None:
    """A date of history: 1900-01-01 to today."""
    day = _as_date(value)
    if day is None:
        return
    today = _today()
    if not EARLIEST <= day <= today:
        raise _out_of_range(EARLIEST, today)


def plan_date(value) -> None:
    """A date of planning: a year back to five years ahead."""
    day = _as_date(value)
    if day is None:
        return
    first, last = plan_window()
    if not first <= day <= last:
        raise _out_of_range(first, last)


def stored_plan_date(value) -> None:
    """The part of ``plan_date`` that a stored record keeps: 1900 to five years ahead."""
    day = _as_date(value)
    if day is None:
        return
    last = plan_window()[1]
    if not EARLIEST <= day <= last:
        raise _out_of_range(EARLIEST, last)


def date_in_range_constraint(field: str, name: str) -> models.CheckConstraint:
    """The database's share of the date rules: the column lies in 1900..2199 (or is NULL)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": EARLIEST, f"{field}__lte": LATEST_STORED}),
        name=name,
    )


def count_validators(maximum: int = MAX_COUNT, minimum: int = 0) -> list:
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def amount_validators(maximum: Decimal = MAX_AMOUNT, minimum: Decimal = Decimal(0)) -> list:
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def deadline_days_validators() -> list:
    return count_validators(MAX_DEADLINE_DAYS, minimum=1)


def require_within(
    day, start, end, *, field: str, message=None
) -> None:  # pragma: no branch - tiny
    """Raise a ValidationError on ``field`` unless ``start <= day <= end`` (open ends allowed)."""
    day = _as_date(day)
    if day is None:
        return
    start, end = _as_date(start), _as_date(end)
    if (start and day < start) or (end and day > end):
        raise ValidationError(
            {
                field: message
                or _("The date must lie within %(first)s and %(last)s.")
                % {
                    "first": date_format(start, "Y-m-d") if start else "…",
                    "last": date_format(end, "Y-m-d") if end else "…",
                }
            },
            code="outside_parent_period",
        )


class BoundedDatesMixin:
    """A form mixin: the dates named in ``plan_date_fields`` must be plan dates and those in
    ``past_date_fields`` dates of history, checked only when the person changed them (an old
    record stays editable). A field name may end in ``*`` to cover numbered fields (``due_*``)."""

    plan_date_fields: tuple[str, ...] = ()
    past_date_fields: tuple[str, ...] = ()

    def _names(self, patterns):
        for pattern in patterns:
            if pattern.endswith("*"):
                yield from (n for n in self.fields if n.startswith(pattern[:-1]))
            elif pattern in self.fields:
                yield pattern

    def clean(self):
        cleaned = super().clean()
        for patterns, check in (
            (self.plan_date_fields, plan_date),
            (self.past_date_fields, past_date),
        ):
            for name in self._names(patterns):
                value = self.cleaned_data.get(name)
                if value is None or (self.is_bound and name not in self.changed_data):
                    continue
                try:
                    check(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


def clamp_existing(spec: dict[str, dict[str, int | None]]):
    """A migration step that brings rows stored before the bounds existed inside them, so that
    the check constraints that follow can be added: ``{"app.Model": {"date_field": None,
    "count_field": 1000}}`` (None: a date column, clamped into 1900..2199; a number: a count's
    maximum). Written with ``update()``: the repair leaves no history row."""

    def run(apps, schema_editor):
        for label, fields in spec.items():
            model = apps.get_model(label)
            for name, maximum in fields.items():
                if maximum is None:
                    model.objects.filter(**{f"{name}__lt": EARLIEST}).update(**{name: EARLIEST})
                    model.objects.filter(**{f"{name}__gt": LATEST_STORED}).update(
                        **{name: LATEST_STORED}
                    )
                else:
                    model.objects.filter(**{f"{name}__gt": maximum}).update(**{name: maximum})

    return run
