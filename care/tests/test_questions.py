"""Questions: asked by a worker or a leader on someone's behalf, answered by the secretary
within the branch's deadline (or reminded), published anonymously as an FAQ."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from branch.factories import EmployeeFactory
from branch.models import Notification
from care import services
from care.models import CareSettings, Question

D = datetime.date


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_worker_asks_and_deadline_follows_branch_setting(client, org):
    CareSettings.objects.create(branch=org.branch, answer_days=5)
    client.force_login(org.worker_user)
    response = client.post(
        reverse("care:question_list"),
        {"category": "housing", "title": "改善房怎么申请？", "body": "家里四口人"},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.employee, question.asked_by) == (org.worker, org.worker_user)
    assert question.due_on == D(2026, 11, 30)
    assert Notification.objects.filter(
        recipient=org.secretary_user, title__contains="改善房"
    ).exists()


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_default_deadline_is_three_days(org):
    q = services.question_ask(employee=org.worker, asked_by=org.worker_user, category="school",
                              title="上学")  # fmt: skip
    assert q.due_on == D(2026, 11, 28)


def test_leader_asks_for_a_member_without_account(client, org):
    client.force_login(org.leader_user)
    client.post(
        reverse("care:question_list"),
        {"employee": org.intern.pk, "category": "jobs", "title": "子女招工有什么条件？"},
    )
    question = Question.objects.get()
    assert (question.employee, question.asked_by) == (org.intern, org.leader_user)


def test_leader_cannot_ask_for_another_team_and_worker_not_for_others(client, org):
    with pytest.raises(PermissionDenied):
        services.question_ask(employee=org.worker_b, asked_by=org.leader_user, category="other",
                              title="x")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.question_ask(employee=org.contract_worker, asked_by=org.worker_user,
                              category="other", title="x")  # fmt: skip
    client.force_login(org.leader_user)
    response = client.post(
        reverse("care:question_list"),
        {"employee": org.worker_b.pk, "category": "jobs", "title": "x"},
    )
    assert response.status_code == 200  # not a choice for this leader
    assert not Question.objects.exists()


def test_bad_category_is_refused(client, org):
    client.force_login(org.worker_user)
    response = client.post(reverse("care:question_list"), {"category": "bribe", "title": "x"})
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_secretary_answers_and_person_is_told_via_leader_when_no_account(client, org):
    q = services.question_ask(employee=org.intern, asked_by=org.leader_user, category="nursery",
                              title="入托怎么报名？")  # fmt: skip
    client.force_login(org.secretary_user)
    client.post(reverse("care:question_detail", args=[q.pk]),
                {"answer": "每年六月到社区报名。", "publish": "on"})  # fmt: skip
    q.refresh_from_db()
    assert (
        q.answer == "每年六月到社区报名。" and q.published and q.answered_by == org.secretary_user
    )
    note = Notification.objects.get(recipient=org.leader_user, key__contains="answered")
    assert "王实习" in note.title


def test_only_secretary_answers(client, org):
    q = services.question_ask(employee=org.worker, asked_by=org.worker_user, category="other",
                              title="x")  # fmt: skip
    client.force_login(org.leader_user)
    assert (
        client.post(reverse("care:question_detail", args=[q.pk]), {"answer": "y"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.question_answer(question=q, answer="y", user=org.worker_user)
    with pytest.raises(ValidationError):
        services.question_answer(question=q, answer="  ", user=org.secretary_user)


def test_unanswered_question_cannot_be_published(org):
    q = services.question_ask(employee=org.worker, asked_by=org.worker_user, category="other",
                              title="x")  # fmt: skip
    with pytest.raises(ValidationError):
        services.question_publish(question=q, user=org.secretary_user, published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=q.pk).update(published=True)


def test_other_people_cannot_read_a_question(client, org):
    q = services.question_ask(employee=org.worker, asked_by=org.worker_user, category="other",
                              title="私事")  # fmt: skip
    for user, status in (
        (org.worker_b_user, 404),
        (org.leader_b_user, 404),
        (org.leader_user, 200),
    ):
        client.force_login(user)
        assert client.get(reverse("care:question_detail", args=[q.pk])).status_code == status


def test_faq_shows_published_answers_without_names(client, org):
    q = services.question_ask(employee=org.worker, asked_by=org.worker_user, category="school",
                              title="孩子转学需要什么材料？")  # fmt: skip
    services.question_answer(
        question=q, answer="户口本和学籍证明。", user=org.secretary_user, publish=True
    )
    hidden = services.question_ask(employee=org.worker, asked_by=org.worker_user,
                                   category="other", title="不公开的问题")  # fmt: skip
    services.question_answer(question=hidden, answer="已答", user=org.secretary_user)
    client.force_login(org.worker_b_user)
    body = client.get(reverse("care:faq")).content.decode()
    assert "孩子转学需要什么材料？" in body and "户口本和学籍证明。" in body
    assert "张正式" not in body and "不公开的问题" not in body


def test_overdue_reminder_once_a_day(org):
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        q = services.question_ask(employee=org.worker, asked_by=org.worker_user,
                                  category="other", title="超期")  # fmt: skip
    assert services.remind_overdue_questions(D(2026, 11, 23)) == 0  # due that day
    assert services.remind_overdue_questions(D(2026, 11, 24)) == 1
    assert services.remind_overdue_questions(D(2026, 11, 24)) == 0
    services.run_daily_care(D(2026, 11, 24))
    assert (
        Notification.objects.filter(recipient=org.secretary_user, key__contains="overdue").count()
        == 1
    )
    services.question_answer(question=q, answer="答复", user=org.secretary_user)
    assert services.remind_overdue_questions(D(2026, 11, 25)) == 0


@pytest.mark.parametrize("name", ["question_list", "faq"])
def test_question_pages_query_count_is_constant(client, org, name, django_assert_max_num_queries):
    client.force_login(org.secretary_user)

    def add(n):
        for _ in range(n):
            person = EmployeeFactory(team=org.team_a)
            q = services.question_ask(employee=person, asked_by=org.secretary_user,
                                      category="school", title="上学")  # fmt: skip
            services.question_answer(question=q, answer="答", user=org.secretary_user, publish=True)

    add(3)
    with django_assert_max_num_queries(20):
        client.get(reverse(f"care:{name}"))
    add(9)
    with django_assert_max_num_queries(20):
        client.get(reverse(f"care:{name}"))
