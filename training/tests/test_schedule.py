"""Schedule generation: a whole year of sessions, edge dates, shift calendars, idempotence."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from training import services
from training.factories import PlanFactory
from training.models import DayOff, Session, SessionKind

D = datetime.date


def kinds(**filters) -> Counter:
    return Counter(Session.objects.filter(**filters).values_list("kind", flat=True))


def test_clamped_date_month_ends():
    assert services.clamped_date(2026, 2, 31) == D(2026, 2, 28)
    assert services.clamped_date(2028, 2, 31) == D(2028, 2, 29)  # leap year
    assert services.clamped_date(2026, 4, 31) == D(2026, 4, 30)
    assert services.clamped_date(2026, 12, 31) == D(2026, 12, 31)


def test_whole_year_with_shift_calendars(org, org2):
    # 修井一班 works 4 on / 2 off from 1 Jan; 修井二班 every day but two days off.
    services.work_calendar_set(team=org.team_a, days_on=4, days_off=2, pattern_start=D(2026, 1, 1))
    services.work_calendar_set(team=org.team_b, days_off_list=[D(2026, 2, 17), D(2026, 10, 1)])
    PlanFactory(branch=org.branch, lesson_day=31, exam_day=31, contest_day=31)
    PlanFactory(branch=org2.branch)

    created = services.sessions_generate(
        start=D(2026, 1, 1), end=D(2026, 12, 31), branch=org.branch
    )

    drills_a = Session.objects.filter(team=org.team_a, kind=SessionKind.DRILL)
    drills_b = Session.objects.filter(team=org.team_b, kind=SessionKind.DRILL)
    # 365 days in cycles of 6: 60 full cycles (240 days on) + 5 days (4 on) = 244.
    assert drills_a.count() == 244
    assert drills_b.count() == 363
    # the pattern crosses the year end: 31 Dec is day 364 → 364 % 6 = 4 → off
    assert not drills_a.filter(on=D(2026, 12, 31)).exists()
    assert drills_a.filter(on=D(2026, 12, 30)).exists()  # day 363: 363 % 6 = 3 → on
    assert kinds(branch=org.branch, team__isnull=True) == {
        SessionKind.LESSON: 12, SessionKind.EXAM: 4, SessionKind.CONTEST: 2,
    }  # fmt: skip
    lessons = list(
        Session.objects.filter(branch=org.branch, kind=SessionKind.LESSON).values_list(
            "on", flat=True
        )
    )
    assert D(2026, 2, 28) in lessons and D(2026, 4, 30) in lessons and D(2026, 12, 31) in lessons
    exams = set(Session.objects.filter(kind=SessionKind.EXAM).values_list("period", "on"))
    assert exams == {
        ("2026-Q1", D(2026, 3, 31)), ("2026-Q2", D(2026, 6, 30)),
        ("2026-Q3", D(2026, 9, 30)), ("2026-Q4", D(2026, 12, 31)),
    }  # fmt: skip
    contests = set(Session.objects.filter(kind=SessionKind.CONTEST).values_list("period", "on"))
    assert contests == {("2026-H1", D(2026, 6, 30)), ("2026-H2", D(2026, 12, 31))}
    assert created == 244 + 363 + 12 + 4 + 2 == 625
    # nothing of the other branch was made by this branch's run
    assert not Session.objects.filter(branch=org2.branch).exists()

    # twice, and over an overlapping range: nothing new
    assert services.sessions_generate(start=D(2026, 1, 1), end=D(2026, 12, 31)) == 0 + (
        Session.objects.filter(branch=org2.branch).count()
    )
    assert (
        services.sessions_generate(start=D(2026, 6, 1), end=D(2027, 1, 31), branch=org.branch) > 0
    )
    assert Session.objects.filter(branch=org.branch, period="2027-01").count() == 1


def test_pattern_math():
    from training.models import WorkCalendar

    cal = WorkCalendar(days_on=4, days_off=2, pattern_start=D(2026, 1, 1))
    on = [cal.in_pattern(D(2026, 1, 1) + datetime.timedelta(days=i)) for i in range(12)]
    assert on == [True] * 4 + [False] * 2 + [True] * 4 + [False] * 2
    # before the start date the cycle runs backwards consistently
    assert cal.in_pattern(D(2025, 12, 31)) is False and cal.in_pattern(D(2025, 12, 27)) is True


def test_leap_year_february_and_year_end(org):
    PlanFactory(
        branch=org.branch, lesson_day=30, exam_month=2, exam_day=29, starts_on=D(2027, 1, 1)
    )
    services.sessions_generate(start=D(2027, 12, 1), end=D(2028, 3, 31), branch=org.branch)
    lessons = dict(Session.objects.filter(kind=SessionKind.LESSON).values_list("period", "on"))
    assert lessons == {
        "2027-12": D(2027, 12, 30), "2028-01": D(2028, 1, 30),
        "2028-02": D(2028, 2, 29), "2028-03": D(2028, 3, 30),
    }  # fmt: skip
    exams = dict(Session.objects.filter(kind=SessionKind.EXAM).values_list("period", "on"))
    assert exams == {"2028-Q1": D(2028, 2, 29)}
    # drills every day (no calendar): 31 + 31 + 29 + 31 per team, two teams
    assert Session.objects.filter(kind=SessionKind.DRILL).count() == 2 * 122
    assert Session.objects.filter(kind=SessionKind.DRILL, on=D(2028, 2, 29)).count() == 2


def test_team_plan_replaces_branch_plan_for_its_team(org):
    PlanFactory(branch=org.branch)
    PlanFactory(branch=org.branch, team=org.team_a, monthly_lessons=False, quarterly_exams=False,
                half_yearly_contests=False, drill_topic="起下钻操作")  # fmt: skip
    services.sessions_generate(start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert set(Session.objects.filter(team=org.team_a).values_list("topic", flat=True)) == {
        "起下钻操作"
    }
    assert Session.objects.filter(team=org.team_a).count() == 31
    assert Session.objects.filter(team=org.team_b, kind=SessionKind.DRILL).count() == 31


def test_plan_window_and_day_off(org):
    PlanFactory(branch=org.branch, starts_on=D(2026, 3, 10), ends_on=D(2026, 3, 20))
    DayOff.objects.create(team=org.team_a, day=D(2026, 3, 12))
    services.sessions_generate(start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert Session.objects.filter(team=org.team_a).count() == 10
    assert Session.objects.filter(team=org.team_b).count() == 11
    assert Session.objects.filter(kind=SessionKind.LESSON, on=D(2026, 3, 15)).exists()


def test_bad_input(org):
    with pytest.raises(ValidationError):
        services.sessions_generate(start=D(2026, 3, 2), end=D(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.work_calendar_set(team=org.team_a, days_on=4, days_off=2)
    with pytest.raises(ValidationError):
        services.plan_save(branch=org.branch, name="x", starts_on=D(2026, 1, 1), lesson_day=32)


def test_generate_ahead_job(org, org2):
    PlanFactory(branch=org.branch)
    PlanFactory(branch=org2.branch)
    from training.tasks import generate_sessions

    first = generate_sessions(today="2026-01-31")
    assert first > 0 and generate_sessions(today="2026-01-31") == 0
    assert Session.objects.filter(
        branch=org2.branch, kind=SessionKind.EXAM, period="2026-Q1"
    ).exists()
