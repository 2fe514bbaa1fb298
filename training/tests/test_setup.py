"""The secretary's training set-up pages: plans and team calendars, exams, contests with their
entrants, scores and publication; bad input refused with a reason; the branch boundary held."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from training import services
from training.factories import QuestionFactory
from training.models import (
    Contest,
    Entry,
    Evaluation,
    Exam,
    Grade,
    Plan,
    Session,
    WorkCalendar,
)
from training.services.schedule import half_period

TODAY = timezone.localdate


def _plan_post(**overrides):
    data = {"plan-name": "大队培训计划", "plan-starts_on": TODAY().isoformat(), "plan-ends_on": "",
            "plan-daily_drills": "on", "plan-drill_topic": "井控应知应会",
            "plan-monthly_lessons": "on", "plan-lesson_day": "15", "plan-quarterly_exams": "on",
            "plan-exam_month": "3", "plan-exam_day": "20", "plan-half_yearly_contests": "on",
            "plan-contest_month": "6", "plan-contest_day": "25", "plan-team": "",
            "action": "plan"}  # fmt: skip
    data.update(overrides)
    return data


def test_the_secretary_adds_a_plan_and_its_coming_sessions_appear(org, org2, client):
    client.force_login(org.secretary_user)
    response = client.post(reverse("training:plans"), _plan_post(), follow=True)
    plan = Plan.objects.get(branch=org.branch)
    created = Session.objects.filter(plan=plan).count()
    assert created > 40  # daily drills for two teams over the next two months, and more
    assert f"已生成 {created} " in response.content.decode()
    assert "大队培训计划" in response.content.decode()
    # Another branch sees none of it and cannot open it.
    client.force_login(org2.secretary_user)
    assert "大队培训计划" not in client.get(reverse("training:plans")).content.decode()
    assert client.get(reverse("training:plan_edit", args=[plan.pk])).status_code == 404
    assert client.post(reverse("training:plan_edit", args=[plan.pk]),
                       _plan_post(**{"plan-name": "改"})).status_code == 404  # fmt: skip
    plan.refresh_from_db()
    assert plan.name == "大队培训计划"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"plan-starts_on": "0001-01-01"}, "请选择"),
        ({"plan-starts_on": "9999-12-31"}, "请选择"),
        ({"plan-starts_on": "2026-02-30"}, "有效"),
        ({"plan-ends_on": "2020-01-01"}, ""),
        ({"plan-lesson_day": "32"}, "31"),
        ({"plan-exam_month": "4"}, "3"),
        ({"plan-lesson_day": str(2**70)}, ""),
        ({"plan-name": ""}, ""),
    ],
)
def test_a_plan_that_cannot_be_right_is_refused_with_a_reason(org, client, overrides, message):
    client.force_login(org.secretary_user)
    response = client.post(reverse("training:plans"), _plan_post(**overrides))
    assert response.status_code == 200
    assert (
        'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    )
    assert message in response.content.decode()
    assert not Plan.objects.exists() and not Session.objects.exists()


def test_a_team_of_another_branch_cannot_get_a_plan_here(org, org2, client):
    client.force_login(org.secretary_user)
    response = client.post(reverse("training:plans"), _plan_post(**{"plan-team": org2.team.pk}))
    assert response.status_code == 200 and not Plan.objects.exists()


def test_a_team_gets_its_shift_calendar(org, org2, client):
    client.force_login(org.secretary_user)
    url = reverse("training:plans")
    start = TODAY().isoformat()
    client.post(url, {"action": "calendar", "cal-team": org.team_a.pk, "cal-days_on": "4",
                      "cal-days_off": "2", "cal-pattern_start": start})  # fmt: skip
    cal = WorkCalendar.objects.get(team=org.team_a)
    assert (cal.days_on, cal.days_off, cal.pattern_start.isoformat()) == (4, 2, start)
    assert "4 天" in client.get(url).content.decode()
    for bad in (
        {"cal-team": org.team_b.pk, "cal-days_on": "4", "cal-days_off": "2"},  # no start
        {"cal-team": org.team_b.pk, "cal-days_on": "99", "cal-days_off": "2",
         "cal-pattern_start": start},
        {"cal-team": org2.team.pk, "cal-days_on": "4", "cal-days_off": "2",
         "cal-pattern_start": start},
    ):  # fmt: skip
        response = client.post(url, {"action": "calendar", **bad})
        assert response.status_code == 200
    assert not WorkCalendar.objects.exclude(team=org.team_a).exists()


def _exam_post(chosen, **overrides):
    now = timezone.localtime()
    data = {"title": "第一季度井控考试", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "max_attempts": "1", "questions": [q.pk for q in chosen]}  # fmt: skip
    data.update(overrides)
    return data


def test_the_secretary_sets_an_exam_from_the_bank(org, org2, client):
    mine = QuestionFactory.create_batch(3, branch=org.branch)
    theirs = QuestionFactory(branch=org2.branch, text="外支部的题")
    client.force_login(org.secretary_user)
    page = client.get(reverse("training:exam_create")).content.decode()
    assert "外支部的题" not in page and mine[0].text in page
    response = client.post(reverse("training:exam_create"), _exam_post(mine[:2]))
    assert response.status_code == 302
    exam = Exam.objects.get()
    assert set(exam.questions.all()) == set(mine[:2]) and exam.branch == org.branch
    # Another branch's question, a window the wrong way round or too long: refused.
    later = (timezone.localtime() + datetime.timedelta(days=200)).strftime("%Y-%m-%dT%H:%M")
    before = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    for data in (
        _exam_post([mine[0], theirs]),
        _exam_post(mine, closes_at=before),
        _exam_post(mine, closes_at=later),
        _exam_post(mine, opens_at="0001-01-01T00:00"),
        _exam_post(mine, max_attempts="0"),
        {**_exam_post([]), "questions": [str(2**70)]},
        _exam_post([]),
    ):
        assert client.post(reverse("training:exam_create"), data).status_code == 200
    assert Exam.objects.count() == 1
    for user, status in ((org.worker_user, 403), (org.leader_user, 403)):
        client.force_login(user)
        assert client.get(reverse("training:exam_create")).status_code == status


def _qualify(*people):
    for person in people:
        Evaluation.objects.create(employee=person, period=half_period(TODAY()), drill_rate=90,
                                  lesson_rate=90, total=90, grade=Grade.GOOD)  # fmt: skip


def test_the_secretary_runs_a_contest_from_entry_to_published_ranks(org, org2, client):
    _qualify(org.worker, org.leader)
    client.force_login(org.secretary_user)
    response = client.post(reverse("training:contest_create"), {
        "title": "上半年技能比武", "held_on": TODAY().isoformat(), "places": "1",
        "events": "起下管柱\n\n  井控关井  \n"})  # fmt: skip
    contest = Contest.objects.get()
    assert response["Location"] == reverse("training:contest_manage", args=[contest.pk])
    assert list(contest.events.order_by("pk").values_list("name", flat=True)) == [
        "起下管柱", "井控关井"]  # fmt: skip
    url = reverse("training:contest_manage", args=[contest.pk])
    event = contest.events.order_by("pk").first()
    for person in (org.worker, org.leader):
        client.post(url, {"action": "enter", "event": event.pk, "employee": person.pk})
    # Below the entry rule, another branch's person, another contest's event: nobody entered.
    page = client.post(url, {"action": "enter", "event": event.pk, "employee": org.intern.pk})
    assert "王实习" in page.content.decode() and "条件" in page.content.decode()
    client.post(url, {"action": "enter", "event": event.pk, "employee": org2.worker.pk})
    assert client.post(url, {"action": "enter", "event": 2**31 - 1,
                             "employee": org.worker.pk}).status_code == 404  # fmt: skip
    assert Entry.objects.count() == 2
    worker_entry = Entry.objects.get(employee=org.worker)
    leader_entry = Entry.objects.get(employee=org.leader)
    client.post(url, {"action": "score", "entry": worker_entry.pk, "score": "95"})
    client.post(url, {"action": "score", "entry": leader_entry.pk, "score": "88.5"})
    for bad in ("101", "-1", "abc", "1e9"):
        client.post(url, {"action": "score", "entry": leader_entry.pk, "score": bad})
    leader_entry.refresh_from_db()
    assert leader_entry.score == 88.5 and leader_entry.rank == 2
    # Another branch's secretary cannot see or change it.
    client.force_login(org2.secretary_user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "publish"}).status_code == 404
    client.force_login(org.secretary_user)
    client.post(url, {"action": "publish"})
    contest.refresh_from_db()
    assert contest.published_at is not None
    client.post(url, {"action": "score", "entry": worker_entry.pk, "score": "10"})
    worker_entry.refresh_from_db()
    assert worker_entry.score == 95
    # The branch sees the winner; the runner-up sees only their own rank.
    client.force_login(org.leader_user)
    page = client.get(reverse("training:contest_detail", args=[contest.pk])).content.decode()
    assert "张正式" in page and "班长甲" not in page.split('data-testid="my-rank"')[0]
    assert "你的名次：第 2 名" in page


@pytest.mark.parametrize(
    "events, held_on",
    [("", None), ("关井\n关井", None), ("\n".join(f"项目{i}" for i in range(21)), None),
     ("关井", "0001-01-01"), ("关井", "2026-02-30"), ("x" * 101, None)],
)  # fmt: skip
def test_a_contest_that_cannot_be_right_is_refused(org, client, events, held_on):
    client.force_login(org.secretary_user)
    response = client.post(reverse("training:contest_create"), {
        "title": "比武", "held_on": held_on or TODAY().isoformat(), "places": "3",
        "events": events})  # fmt: skip
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Contest.objects.exists()


def test_set_up_pages_keep_their_queries_when_rows_grow(org, client, django_assert_max_num_queries):
    from branch.factories import EmployeeFactory

    _qualify(org.worker)
    contest = services.contest_create(branch=org.branch, title="比武", held_on=TODAY(),
                                      events=["关井", "起下"])  # fmt: skip
    client.force_login(org.secretary_user)
    url = reverse("training:contest_manage", args=[contest.pk])
    for n in (3, 30):
        for i in range(n):
            person = EmployeeFactory(team=org.team_b, staff_no=f"X{n}{i:03d}")
            Entry.objects.create(event=contest.events.first(), employee=person, score=50 + i)
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(16):
            assert client.get(reverse("training:plans")).status_code == 200


def test_a_person_leaving_later_keeps_training_until_their_last_day(org):
    import time_machine
    from django.core.exceptions import PermissionDenied

    from branch.services import employee_mark_left
    from training.factories import ExamFactory

    today = TODAY()
    exam = ExamFactory(
        branch=org.branch,
        questions=[QuestionFactory(branch=org.branch)],
        closes_at=timezone.now() + datetime.timedelta(days=5),
    )
    employee_mark_left(employee=org.worker, left_on=today + datetime.timedelta(days=2))
    org.worker.refresh_from_db()
    assert services.attempt_start(exam=exam, employee=org.worker).number == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        org.worker.refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.attempt_start(exam=exam, employee=org.worker)
