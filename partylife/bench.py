"""Benchmark data of organisational life (``manage.py seed_bench``): in the bench branch a
Party members' general assembly today with its attendance checklist (every member expected,
most marked), and this month's and last month's dues sheets, last month paid."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from branch.models import Employee

from . import services
from .models import Attendance, DuesPayment, MeetingKind


@transaction.atomic
def seed(context: dict) -> None:
    branch = context["branch"]
    secretary = Employee.objects.select_related("user").get(
        branch=branch, staff_no=context["logins"]["支部书记"]
    )
    user = secretary.user
    today = timezone.localdate()
    meeting = services.meeting_create(
        branch=branch,
        user=user,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        title="支部党员大会",
        held_on=today,
        host=secretary,
        place="队部会议室",
        agenda="1. 学习传达上级精神\n2. 研究本月工作",
    )
    attendances = list(Attendance.objects.filter(meeting=meeting).order_by("pk"))
    for i, attendance in enumerate(attendances):
        if i % 3 != 2:  # a third still to be marked
            attendance.status = "present" if i % 7 else "excused"
            if attendance.status == "excused":
                attendance.reason = "倒班在岗"
            attendance.marked_at = timezone.now()
    Attendance.objects.bulk_update(attendances, ["status", "reason", "marked_at"])
    context["meeting"] = meeting
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        services.dues_month_prepare(branch=branch, month=month, user=user)
    lines = list(DuesPayment.objects.filter(branch=branch, month=last_month))
    for line in lines:
        services.dues_payment_set(
            payment=line, user=user, base=Decimal("4200"), paid_on=last_month.replace(day=10)
        )
    print(f"  meeting {meeting.pk} with {len(attendances)} expected, dues for {len(lines)}")
