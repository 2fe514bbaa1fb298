"""Demo data of the training app for ``manage.py seed_demo``: a branch plan with a shift pattern
for 修井一班, sessions for the weeks around today with attendance, a small question bank, an
open exam (taken by one worker), a closed exam with scores, a published contest and this half
year's evaluations. Re-running changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from branch.models import Employee

from . import services
from .models import Attempt, Attendance, Contest, Exam, Plan, Question, QuestionKind, Session

QUESTIONS = [
    (QuestionKind.SINGLE, "发现溢流后第一步应当做什么？", ["立即关井", "继续起下钻", "报告后等待", "撤离井场"], [0],
     "发现溢流立即关井，是井控的第一原则。"),
    (QuestionKind.SINGLE, "修井作业中吊卡的安全销应在什么时候插好？", ["起吊前", "起吊后", "下放时", "随时"], [0],
     "吊卡扣好后、起吊前必须插好安全销，防止吊卡意外打开。"),
    (QuestionKind.MULTIPLE, "以下哪些属于井控“四七”动作的要求？",
     ["发信号", "停止作业", "抢接内防喷工具", "继续循环"], [0, 1, 2],
     "关井程序：发信号、停止作业、抢接内防喷工具、关井；不可继续循环。"),
    (QuestionKind.MULTIPLE, "高处作业必须做到哪些？", ["系安全带", "穿防滑鞋", "工具拴绳", "单人作业"], [0, 1, 2],
     "高处作业须系安全带、穿防滑鞋、工具拴保险绳，并有人监护。"),
    (QuestionKind.TRUE_FALSE, "油管钳可以在未停稳时换挡。", ["正确", "错误"], [1],
     "换挡须在油管钳停稳后进行，否则易损坏齿轮并伤人。"),
    (QuestionKind.TRUE_FALSE, "进入井场必须正确佩戴安全帽。", ["正确", "错误"], [0],
     "安全帽是进入井场的基本防护。"),
]  # fmt: skip


@transaction.atomic
def seed(context: dict) -> None:
    branch = context["branch"]
    teams = context["teams"]
    staff = {e.staff_no: e for e in Employee.objects.filter(branch=branch).select_related("user")}
    secretary, leader = staff["S001"].user, staff["L001"].user
    today = timezone.localdate()
    first_day = today.replace(day=1) - datetime.timedelta(days=31)
    if not Plan.objects.filter(branch=branch, team__isnull=True).exists():
        services.plan_save(branch=branch, name="2026年岗位练兵计划", starts_on=first_day,
                           drill_topic="井控应知应会")  # fmt: skip
    team_a = teams.get("修井一班")
    if team_a is not None and not hasattr(team_a, "work_calendar"):
        services.work_calendar_set(team=team_a, days_on=4, days_off=2, pattern_start=first_day)
    services.sessions_generate(
        start=first_day, end=today + datetime.timedelta(days=31), branch=branch
    )

    bank = list(Question.objects.filter(branch=branch))
    if not bank:
        for kind, text, options, answer, explanation in QUESTIONS:
            Question.objects.create(branch=branch, kind=kind, text=text, options=options,
                                    answer=answer, explanation=explanation, category="井控")  # fmt: skip
        bank = list(Question.objects.filter(branch=branch))

    # attendance of the past month's drills, as the leader taps it: some people miss some drills
    drills = Session.objects.filter(
        branch=branch, kind="drill",
        on__range=(today - datetime.timedelta(days=45), today - datetime.timedelta(days=1)),
    ).select_related("team")  # fmt: skip
    people = list(Employee.objects.active().filter(branch=branch).order_by("staff_no"))
    for n, session in enumerate(drills):
        if Attendance.objects.filter(session=session).exists():
            continue
        user = (
            leader
            if session.team and session.team.leaders.filter(user=leader).exists()
            else secretary
        )
        missing = [p.pk for i, p in enumerate(people) if (i + n) % (3 + i % 4) == 0]
        services.attendance_everyone_present(session=session, user=user, except_ids=missing)

    # the monthly lessons read the branch's first published study material; last month's was held
    from home.models import StudyMaterialPage

    material = StudyMaterialPage.objects.live().filter(branch=branch).order_by("pk").first()
    if material is not None:
        Session.objects.filter(branch=branch, kind="lesson", material__isnull=True).update(
            material=material, topic=material.title
        )
    for lesson in Session.objects.filter(branch=branch, kind="lesson", on__lt=today):
        if Attendance.objects.filter(session=lesson).exists():
            continue
        absent = Employee.objects.active().filter(branch=branch).order_by("-staff_no").first()
        services.attendance_record(session=lesson, employee=absent, status="absent",
                                   reason="倒班休息", user=secretary)  # fmt: skip
        services.attendance_everyone_present(session=lesson, user=secretary)

    now = timezone.now()
    closed = Exam.objects.filter(branch=branch, title="第一季度井控考试").first()
    if closed is None:
        closed = services.exam_create(
            branch=branch, title="第一季度井控考试", opens_at=now - datetime.timedelta(days=40),
            closes_at=now - datetime.timedelta(days=33), questions=bank,
        )  # fmt: skip
        for i, person in enumerate(
            Employee.objects.active().filter(branch=branch).order_by("staff_no")
        ):
            Attempt.objects.create(
                exam=closed, employee=person, status=Attempt.Status.PAPER if not person.user_id
                else Attempt.Status.SUBMITTED, score=[95, 88, 76, 64, 100, 82][i % 6],
                submitted_at=closed.closes_at - datetime.timedelta(hours=2), entered_by=secretary,
            )  # fmt: skip
    if not Exam.objects.filter(branch=branch, title="第二季度井控考试").exists():
        services.exam_create(
            branch=branch, title="第二季度井控考试", opens_at=now - datetime.timedelta(hours=2),
            closes_at=now + datetime.timedelta(days=3), questions=bank,
        )  # fmt: skip

    if not Contest.objects.filter(branch=branch).exists():
        contest = services.contest_create(branch=branch, title="上半年技能比武",
                                          held_on=today - datetime.timedelta(days=20),
                                          events=["油管钳操作", "井控关井"])  # fmt: skip
        people = list(Employee.objects.active().filter(branch=branch).order_by("staff_no")[:6])
        for event in contest.events.all():
            for i, person in enumerate(people):
                event.entries.create(employee=person, score=90 - i * 3 - event.pk % 2)
        services.contest_publish(contest=contest, user=secretary)
    services.evaluations_compute(branch=branch, period=services.half_period(today))
