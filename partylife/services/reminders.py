"""Daily reminders of organisational life, safe to run twice (each message has a key)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from branch.services import notify_employee

from ..models import AttendanceStatus, Meeting

MINUTES_REMINDER_DAYS = 30  # stop reminding about minutes a month after the meeting


def meeting_reminders_send(*, day: datetime.date) -> dict[str, int]:
    """Tell the expected attendees of today's and tomorrow's meetings, and the host of each
    meeting held before ``day`` whose minutes are still missing. Returns messages sent."""
    sent = {"before": 0, "minutes": 0}
    coming = (
        Meeting.objects.filter(
            held_on__range=(day, day + datetime.timedelta(days=1)), locked_at__isnull=True
        )
        .select_related("branch")
        .prefetch_related("attendances__employee__user")
    )
    for meeting in coming:
        url = reverse("partylife:meeting_detail", args=[meeting.pk])
        when = meeting.held_on.strftime("%Y-%m-%d")
        if meeting.start_time:
            when += " " + meeting.start_time.strftime("%H:%M")
        for attendance in meeting.attendances.all():
            if attendance.status != AttendanceStatus.PENDING:
                continue
            sent["before"] += len(
                notify_employee(
                    employee=attendance.employee,
                    title=_("Meeting: %(title)s on %(when)s")
                    % {"title": meeting.title, "when": when},
                    body=meeting.place,
                    url=url,
                    key=f"partylife:meeting:{meeting.pk}:before",
                )
            )
    overdue = Meeting.objects.filter(
        held_on__lt=day,
        held_on__gte=day - datetime.timedelta(days=MINUTES_REMINDER_DAYS),
        minutes="",
        locked_at__isnull=True,
    ).select_related("host__user", "branch")
    for meeting in overdue:
        sent["minutes"] += len(
            notify_employee(
                employee=meeting.host,
                title=_("The minutes of %(title)s (%(day)s) are still missing")
                % {"title": meeting.title, "day": meeting.held_on.strftime("%Y-%m-%d")},
                url=reverse("partylife:meeting_edit", args=[meeting.pk]),
                key=f"partylife:meeting:{meeting.pk}:minutes",
            )
        )
    return sent
