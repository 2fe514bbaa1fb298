"""Parsing one cell: text, staff numbers, choices, dates, phone numbers. A bad cell raises
:class:`CellError` with the Chinese reason."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata

from django.utils.translation import gettext as _

from ..models import BirthdayCalendar, EmploymentType, Gender, PoliticalStatus
from ..spreadsheets import FORMULA_PREFIXES, WHITESPACE
from .columns import (
    CALENDAR_SYNONYMS,
    COMPACT_DATE_RE,
    DATE_RE,
    EARLIEST_DATE,
    EMPLOYMENT_SYNONYMS,
    GENDER_SYNONYMS,
    HEADER_ALIASES,
    LANDLINE_RE,
    MOBILE_RE,
    POLITICAL_SYNONYMS,
    STAFF_NO_RE,
)


def _strip(text: str) -> str:
    return text.strip(WHITESPACE)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not _strip(value))


def _normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "*＊\ufeff")
    return HEADER_ALIASES.get(text, text)


def _key(text: str) -> str:
    """A choice value for matching: half-width, no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _integral_text(value) -> str | None:
    """Text of a numeric cell that holds a whole number (13812345678.0 → "13812345678")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            return None
        return str(int(value))
    return None


class CellError(Exception):
    pass


def _text(value) -> str:
    """Plain text of a cell; numbers without a trailing ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = _strip(value)
        # A leading apostrophe is how spreadsheets and our CSV exports mark text that looks like a
        # formula; drop it so such names read back unchanged.
        if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
            text = text[1:]
        return text
    integral = _integral_text(value)
    if integral is not None:
        return integral
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return _strip(str(value))


def _plain_text(value, *, label: str, max_length: int) -> str:
    text = _text(value)
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise CellError(_("%(label)s contains invisible control characters") % {"label": label})
    if len(text) > max_length:
        raise CellError(
            _("%(label)s too long: at most %(max_length)s characters")
            % {"label": label, "max_length": max_length}
        )
    return text


def _required_text(label: str, max_length: int):
    def parse(value) -> str:
        text = _plain_text(value, label=label, max_length=max_length)
        if not text:
            raise CellError(_("%(label)s must not be empty") % {"label": label})
        return text

    return parse


def parse_staff_no(value) -> str:
    if isinstance(value, float) and _integral_text(value) is None:
        raise CellError(
            _(
                "Staff number “%(value)s” is not an integer; a staff number may only contain letters, digits, - and _"
            )
            % {"value": value}
        )
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | bool):
        raise CellError(
            _(
                "Staff number “%(text)s” is invalid: a staff number may only contain letters, digits, - and _"
            )
            % {"text": _text(value)}
        )
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    if not text:
        raise CellError(_("Staff number must not be empty"))
    if len(text) > 32:
        raise CellError(
            _("Staff number “%(text)s” too long: at most 32 characters") % {"text": text[:40]}
        )
    if not STAFF_NO_RE.match(text):
        raise CellError(
            _(
                "Staff number “%(text)s” is invalid: a staff number may only contain letters, digits, - and _"
            )
            % {"text": text}
        )
    return text


CHOICE_TABLES = {
    "用工性质": (EMPLOYMENT_SYNONYMS, EmploymentType),
    "政治面貌": (POLITICAL_SYNONYMS, PoliticalStatus),
    "性别": (GENDER_SYNONYMS, Gender),
    "生日历法": (CALENDAR_SYNONYMS, BirthdayCalendar),
}


@functools.cache
def _choice_table(label: str) -> dict[str, str]:
    """Every accepted spelling (synonyms, Chinese labels, English codes) → the stored value."""
    synonyms, choices = CHOICE_TABLES[label]
    table = {_key(k): str(v) for k, v in synonyms.items()}
    for member in choices:
        table.setdefault(_key(str(member.label)), member.value)
        table.setdefault(member.value, member.value)
    return table


def _choice(value, synonyms: dict, choices, label: str, *, default=None):
    text = _text(value)
    if not text:
        if default is None:
            raise CellError(_("%(label)s must not be empty") % {"label": label})
        return default
    table = _choice_table(label)
    key = _key(text)
    if key in table:
        return table[key]
    accepted = "、".join(dict.fromkeys([str(m.label) for m in choices] + list(synonyms)))
    raise CellError(
        _("Unrecognised %(label)s “%(text)s”, accepted values: %(accepted)s")
        % {"label": label, "text": text[:40], "accepted": accepted}
    )


def _date_or_error(year: int, month: int, day: int, shown: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("Date “%(shown)s” does not exist") % {"shown": shown}) from exc


def parse_date(value, *, today: datetime.date) -> datetime.date | None:
    """A date cell: a real date, an Excel serial number or 20240229, or text such as 2024-02-29,
    2024/2/29, 2024.2.29, 2024年2月29日. Must lie between 1900-01-01 and today."""
    if _is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, (bool, datetime.time | datetime.timedelta)):
        raise CellError(
            _("Unrecognised date “%(text)s”, please write it like 2024-02-29")
            % {"text": _text(value)}
        )
    elif isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(_("Unrecognised date “%(value)s”") % {"value": value})
        integral = _integral_text(value)
        if integral is not None and len(integral) == 8:
            year, month, day = int(integral[:4]), int(integral[4:6]), int(integral[6:])
            result = _date_or_error(year, month, day, integral)
        elif 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel

            try:
                converted = from_excel(value)
            except (ValueError, OverflowError, TypeError) as exc:
                raise CellError(_("Unrecognised date “%(value)s”") % {"value": value}) from exc
            result = converted.date() if isinstance(converted, datetime.datetime) else converted
            if not isinstance(result, datetime.date):
                raise CellError(_("Unrecognised date “%(value)s”") % {"value": value})
        else:
            raise CellError(
                _("Unrecognised date “%(value)s”, please write it like 2024-02-29")
                % {"value": value}
            )
    else:
        text = unicodedata.normalize("NFKC", _text(value))
        match = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
        if not match:
            raise CellError(
                _("Unrecognised date “%(text)s”, please write it like 2024-02-29")
                % {"text": text[:40]}
            )
        year, month, day = (int(g) for g in match.groups())
        result = _date_or_error(year, month, day, text)
    if result < EARLIEST_DATE:
        raise CellError(
            _("Date %(date)s is before 1900, please check") % {"date": result.isoformat()}
        )
    if result > today:
        raise CellError(
            _("Date %(date)s is after today, please check") % {"date": result.isoformat()}
        )
    return result


def parse_mobile(value) -> str:
    if isinstance(value, float) and _integral_text(value) is None:
        raise CellError(_("Invalid mobile number “%(value)s”") % {"value": value})
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | bool):
        raise CellError(_("Invalid mobile number “%(text)s”") % {"text": _text(value)})
    text = unicodedata.normalize("NFKC", _text(value))
    compact = re.sub(r"[\s\-()（）]", "", text)
    if not compact:
        return ""
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    if MOBILE_RE.match(compact) or LANDLINE_RE.match(compact):
        return compact
    raise CellError(
        _(
            "Invalid mobile number “%(text)s”: expected an 11-digit mobile number (e.g. 13812345678) or a landline number"
        )
        % {"text": text[:40]}
    )


def parse_id_number(value, *, today: datetime.date):
    """An ID number cell → :class:`~branch.roster.idcard.IdNumberFacts` (None when empty)."""
    from .idcard import IdNumberError
    from .idcard import parse_id_number as parse

    if _is_blank(value):
        return None
    if isinstance(value, float) and value >= 1e15:
        # Excel keeps 15 significant digits: an 18-digit number typed as a number has lost its end.
        raise CellError(
            _(
                "The ID number was stored as a number and has lost its last digits; format the column as text and type it again"
            )
        )
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | bool):
        raise CellError(
            _("An ID number has 18 characters (digits, the last may be X) or 15 digits")
        )
    try:
        return parse(_text(value), today=today)
    except IdNumberError as exc:
        raise CellError(str(exc)) from exc
