"""Demo data for self-management (``manage.py seed_demo``): the item catalogue, three jobs of
修井一班 with planned and actual costs and checkers, a team analysis with measures and its
follow-up at the next meeting. Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from branch.models import Employee

from . import services
from .models import CostItem, ShiftJob, TeamAnalysis

ITEMS = [
    ("油管", "tubing", "根", "850.00"),
    ("抽油杆", "rods", "根", "320.00"),
    ("破乳剂", "chemical", "公斤", "12.35"),
    ("柴油", "fuel", "升", "7.13"),
    ("作业工时", "hours", "小时", "45.50"),
]
JOBS = [
    ("3-12 井检泵", [("抽油杆", "12", "10"), ("柴油", "120", "108.5"), ("作业工时", "16", "14")]),
    ("5-08 井换油管", [("油管", "20", "18"), ("柴油", "150", "151"), ("作业工时", "24", "22")]),
    ("2-17 井加药", [("破乳剂", "40", None), ("作业工时", "6", None)]),
]


@transaction.atomic
def seed(context: dict) -> None:
    branch = context["branch"]
    team = context["teams"]["修井一班"]
    staff = {e.staff_no: e for e in Employee.objects.filter(branch=branch).select_related("user")}
    secretary, leader = staff["S001"].user, staff["L001"].user
    for name, category, unit, cost in ITEMS:
        if not CostItem.objects.filter(branch=branch, name=name).exists():
            services.item_save(branch=branch, by=secretary, name=name, category=category,
                               unit=unit, unit_cost=Decimal(cost))  # fmt: skip
    items = {i.name: i for i in CostItem.objects.filter(branch=branch)}
    checkers = [staff["W001"], staff["W002"], staff["W003"], staff["W004"]]
    if not ShiftJob.objects.filter(branch=branch).exists():
        today = timezone.localdate()
        for n, (job_name, lines) in enumerate(JOBS):
            job = services.job_plan(
                team=team, by=leader, date=today - datetime.timedelta(days=6 - 2 * n),
                job=job_name, planned=[(items[i], Decimal(p)) for i, p, _a in lines],
            )  # fmt: skip
            for k, line in enumerate(job.lines.select_related("item").order_by("id")):
                actual = lines[k][2]
                if actual is not None:
                    services.line_record_actual(line=line, by=leader, actual_qty=Decimal(actual),
                                                checked_by=checkers[k % len(checkers)])  # fmt: skip
    if not TeamAnalysis.objects.filter(team=team).exists():
        today = timezone.localdate()
        first = services.analysis_record(
            team=team, by=leader, held_on=today - datetime.timedelta(days=14),
            attendees=[staff["L001"], *checkers], went_well="连续 120 天安全生产，油管复用率提高。",
            problems="柴油消耗偏高，个别作业工时估算不准。",
            measures=[
                {"text": "每次作业前核对柴油用量", "owner": staff["W001"],
                 "due_on": today - datetime.timedelta(days=7)},
                {"text": "整理常见作业工时定额表", "owner": staff["W002"],
                 "due_on": today + datetime.timedelta(days=5)},
            ],
        )  # fmt: skip
        done = first.measures.get(text="每次作业前核对柴油用量")
        services.analysis_record(
            team=team, by=leader, held_on=today - datetime.timedelta(days=1),
            attendees=[staff["L001"], *checkers], went_well="柴油用量比计划节约 11.5 升。",
            problems="破乳剂计量还未回填。",
            measures=[{"text": "加药作业当天回填实际用量", "owner": staff["W004"],
                       "due_on": today + datetime.timedelta(days=2)}],
            follow_ups={done.pk: (True, "已执行，两次作业均核对")},
        )  # fmt: skip
