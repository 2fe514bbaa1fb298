"""Demo data for organisational life (``manage.py seed_demo``): a Party group, this year's
meetings with a few missing and one made up late, a meeting tomorrow, two people in the
development pipeline, a model post and a responsibility area, and three months of dues.
Idempotent: a second run changes nothing."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from branch.models import Employee, PartyGroup

from . import services
from .models import (
    Development,
    DuesPayment,
    Meeting,
    MeetingKind,
    PartyPost,
    Stage,
    ThemedActivity,
)


def _meeting(branch, user, host, kind, title, day, **extra):
    meeting = Meeting.objects.filter(branch=branch, title=title).first()
    if meeting is not None:
        return meeting
    meeting = services.meeting_create(
        branch=branch, user=user, kind=kind, title=title, held_on=day, host=host,
        place="队部会议室", agenda="1. 学习传达上级精神\n2. 研究本月工作", **extra,
    )  # fmt: skip
    if day < timezone.localdate():
        for i, attendance in enumerate(meeting.attendances.select_related("employee")):
            status = "excused" if i % 5 == 4 else "present"
            services.attendance_mark(
                meeting=meeting, employee_id=attendance.employee_id, status=status,
                reason="倒班在岗" if status == "excused" else "", user=user,
            )  # fmt: skip
        services.meeting_update(
            meeting=meeting, user=user, minutes="会议由主持人主持，全体与会党员认真学习讨论。",
            resolutions="按期完成本月重点工作。",
        )  # fmt: skip
    return meeting


@transaction.atomic
def seed(context: dict) -> None:
    branch = context["branch"]
    people = {e.staff_no: e for e in Employee.objects.filter(branch=branch)}
    secretary = people["S001"]
    user = secretary.user
    today = timezone.localdate()
    group = PartyGroup.objects.filter(branch=branch, name="第一党小组").first()
    if group is None:
        group = PartyGroup.objects.create(branch=branch, name="第一党小组", leader=people["L001"])
        group.members.set([people["L001"], people["W001"], people["L003"]])
    year = today.year
    for month in range(1, today.month):
        day = datetime.date(year, month, 10)
        if month % 4 != 3:  # a few months without a themed day
            _meeting(branch, user, secretary, MeetingKind.THEMED_DAY, f"{month}月主题党日", day,
                     themed_activity=ThemedActivity.OATH if month % 2 else ThemedActivity.VIDEO)  # fmt: skip
        _meeting(branch, user, people["L001"], MeetingKind.GROUP, f"{month}月党小组会",
                 datetime.date(year, month, 15), party_group=group)  # fmt: skip
    quarter_now = (today.month - 1) // 3 + 1
    for quarter in range(1, quarter_now):
        first = datetime.date(year, 3 * quarter - 2, 20)
        if quarter == 2:  # made up in the next quarter
            _meeting(branch, user, secretary, MeetingKind.GENERAL_ASSEMBLY,
                     f"第{quarter}季度支部党员大会（补开）", datetime.date(year, 3 * quarter + 1, 5),
                     period_of=first)  # fmt: skip
        else:
            _meeting(branch, user, secretary, MeetingKind.GENERAL_ASSEMBLY,
                     f"第{quarter}季度支部党员大会暨党课", first,
                     also_counts_as=MeetingKind.LECTURE)  # fmt: skip
    _meeting(branch, user, secretary, MeetingKind.THEMED_DAY, "主题党日：观看《铁人王进喜》",
             today + datetime.timedelta(days=1), themed_activity=ThemedActivity.VIDEO)  # fmt: skip
    if not Development.objects.filter(employee=people["W005"]).exists():
        dev = services.development_start(
            employee=people["W005"], applied_on=today - datetime.timedelta(days=600), user=user
        )
        services.development_advance(
            development=dev, to_stage=Stage.ACTIVIST,
            on=today - datetime.timedelta(days=365), user=user,
        )  # fmt: skip
    if not Development.objects.filter(employee=people["W203"]).exists():
        services.development_start(
            employee=people["W203"], applied_on=today - datetime.timedelta(days=30), user=user
        )
    if not PartyPost.objects.filter(branch=branch).exists():
        post = services.party_post_create(
            team=people["W001"].team, employee=people["W001"], kind=PartyPost.Kind.POST,
            name="1号修井机", duty="井控设备每班检查，完好率100%", start_on=today.replace(month=1, day=1),
            user=user,
        )  # fmt: skip
        services.party_post_review(post=post, day=today, note="本季度设备完好，无违章。", user=user)
        services.party_post_create(
            team=people["L002"].team, employee=people["W101"], kind=PartyPost.Kind.AREA,
            name="起下钻工序", duty="工序标准化操作，带好新员工", start_on=today.replace(month=1, day=1),
            user=user,
        )  # fmt: skip
    bases = [Decimal("2800"), Decimal("4200"), Decimal("6500"), Decimal("11000")]
    for back in (2, 1, 0):
        month = (today.replace(day=1) - datetime.timedelta(days=28 * back)).replace(day=1)
        if DuesPayment.objects.filter(branch=branch, month=month).exists():
            continue
        services.dues_month_prepare(branch=branch, month=month, user=user)
        for i, line in enumerate(DuesPayment.objects.filter(branch=branch, month=month)):
            services.dues_payment_set(
                payment=line, user=user, base=bases[i % len(bases)],
                paid_on=min(month + datetime.timedelta(days=9), today) if (back or i % 3) else None,
            )  # fmt: skip
