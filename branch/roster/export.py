"""Exporting the branch's active employees as a roster that imports back with no change."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from ..exports import EXPORT_CHUNK
from ..models import Branch, Employee
from ..spreadsheets import build_xlsx
from .applying import _display
from .columns import COLUMNS


def roster_rows(branch: Branch) -> Iterator[list]:
    """The branch's active employees as roster rows (Chinese values, real dates): only the
    exported columns are read, a chunk at a time."""
    employees = (
        Employee.objects.active()
        .filter(branch=branch)
        .order_by("team__name", "staff_no")
        .values_list(
            "staff_no",
            "name",
            "team__name",
            "employment_type",
            "political_status",
            "gender",
            "birth_date",
            "birthday_calendar",
            "hired_on",
            "mobile",
        )
    )
    for (
        staff_no,
        name,
        team_name,
        employment_type,
        political_status,
        gender,
        birth_date,
        birthday_calendar,
        hired_on,
        mobile,
    ) in employees.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            staff_no,
            name,
            team_name or "",
            _display("employment_type", employment_type),
            _display("political_status", political_status),
            _display("gender", gender),
            birth_date,
            _display("birthday_calendar", birthday_calendar),
            hired_on,
            mobile,
        ]


def export_roster(*, branch: Branch) -> bytes:
    """The roster of ``branch`` as .xlsx bytes; it imports back with no change."""
    return build_xlsx([("花名册", COLUMNS, roster_rows(branch))])


def export_filename(branch: Branch) -> str:
    return _("roster-%(code)s-%(date)s.xlsx") % {
        "code": branch.code,
        "date": timezone.localdate().strftime("%Y%m%d"),
    }


def roster_template() -> bytes:
    """An empty roster with the header and one example row, for the admin's download link."""
    example: Iterable[list] = [
        [
            "10001",
            "张三",
            "修井一班",
            "正式工",
            "党员",
            "男",
            datetime.date(1990, 5, 17),
            "公历",
            datetime.date(2012, 7, 1),
            "13812345678",
        ],
    ]
    return build_xlsx([("花名册", COLUMNS, example)])
