"""公民身份号码 (GB 11643-1999): the birth date and gender it holds, and its check digit.

An 18-digit number is 6 digits of region, 8 of birth date (YYYYMMDD), 3 of sequence (odd for
men, even for women) and a check character (0–9 or X) computed with ISO 7064 MOD 11-2. The old
15-digit form (before 1999) has a 6-digit birth date (YYMMDD, 19YY) and no check character.

The number is sensitive personal information: the roster keeps only what is derived from it
(:func:`mask` gives the form to show if it must be shown).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
ID18_RE = re.compile(r"^\d{17}[\dX]$")
ID15_RE = re.compile(r"^\d{15}$")


class IdNumberError(ValueError):
    pass


@dataclass(frozen=True)
class IdNumberFacts:
    birth_date: datetime.date
    gender: str  # "male" / "female", as branch.models.Gender stores it
    masked: str


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def mask(number: str) -> str:
    """1101**********123X: region prefix and the last four kept."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def parse_id_number(text: str, *, today: datetime.date) -> IdNumberFacts:
    """The facts held by an 18- or 15-digit number; IdNumberError (Chinese reason) if it is not
    one: wrong length or characters, a wrong check digit, a birth date that does not exist, lies
    before 1900 or after ``today``."""
    number = normalise(text)
    if ID18_RE.match(number):
        if check_char(number[:17]) != number[17]:
            raise IdNumberError(
                _("ID number %(masked)s has a wrong check digit, please check it")
                % {"masked": mask(number)}
            )
        year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
        sequence = int(number[14:17])
    elif ID15_RE.match(number):
        year, month, day = 1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])
        sequence = int(number[12:15])
    else:
        raise IdNumberError(
            _("An ID number has 18 characters (digits, the last may be X) or 15 digits")
        )
    try:
        birth = datetime.date(year, month, day)
    except ValueError as exc:
        raise IdNumberError(
            _("ID number %(masked)s holds a birth date that does not exist")
            % {"masked": mask(number)}
        ) from exc
    if birth < datetime.date(1900, 1, 1) or birth > today:
        raise IdNumberError(
            _("ID number %(masked)s holds an impossible birth date %(date)s")
            % {"masked": mask(number), "date": birth.isoformat()}
        )
    return IdNumberFacts(birth, "male" if sequence % 2 else "female", mask(number))
