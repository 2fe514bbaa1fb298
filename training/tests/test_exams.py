"""一季一考: scoring of every question type (multiple choice: proportional with no wrong picks),
shuffling, the window, one attempt, second tabs, paper scores, reminders, pages."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branch.models import Notification
from training import services
from training.factories import ExamFactory, QuestionFactory
from training.models import Attempt, QuestionKind, score_answer


def test_score_answer_every_type():
    assert score_answer(QuestionKind.SINGLE, [2], [2]) == 1
    assert score_answer(QuestionKind.SINGLE, [2], [1]) == 0
    assert score_answer(QuestionKind.SINGLE, [2], []) == 0
    assert score_answer(QuestionKind.TRUE_FALSE, [1], [1]) == 1
    assert score_answer(QuestionKind.TRUE_FALSE, [1], [0]) == 0
    # multiple: proportional with no wrong picks
    assert score_answer(QuestionKind.MULTIPLE, [0, 1, 2], [0, 1, 2]) == 1
    assert score_answer(QuestionKind.MULTIPLE, [0, 1, 2], [0, 2]) == Decimal(2) / 3
    assert score_answer(QuestionKind.MULTIPLE, [0, 1, 2], [0, 1, 2, 3]) == 0
    assert score_answer(QuestionKind.MULTIPLE, [0, 1, 2], [0, 3]) == 0
    assert score_answer(QuestionKind.MULTIPLE, [0, 1], "0") == 0


@pytest.fixture
def bank(org):
    return [
        QuestionFactory(branch=org.branch),
        QuestionFactory(branch=org.branch, kind=QuestionKind.MULTIPLE, answer=[0, 1, 2]),
        QuestionFactory(branch=org.branch, kind=QuestionKind.TRUE_FALSE, options=["正确", "错误"],
                        answer=[1]),
    ]  # fmt: skip


@pytest.fixture
def exam(org, bank):
    return ExamFactory(branch=org.branch, questions=bank)


def test_submit_scores_and_stores_answers(org, exam, bank):
    attempt = services.attempt_start(exam=exam, employee=org.worker)
    single, multiple, tf = bank
    answers = {str(single.pk): ["0"], str(multiple.pk): ["0", "2"], str(tf.pk): ["1"]}
    done = services.attempt_submit(token=attempt.token, employee=org.worker, answers=answers)
    # (1 + 2/3 + 1) / 3 * 100 = 88.9
    assert done.score == Decimal("88.9")
    assert done.answers == {str(single.pk): [0], str(multiple.pk): [0, 2], str(tf.pk): [1]}
    assert done.history.count() == 2  # started, submitted
    # a second tab cannot resubmit
    with pytest.raises(ValidationError):
        services.attempt_submit(token=attempt.token, employee=org.worker, answers={})
    # one attempt unless the secretary allows more
    with pytest.raises(ValidationError):
        services.attempt_start(exam=exam, employee=org.worker)
    services.exam_allow_attempts(exam=exam, user=org.secretary_user, max_attempts=2)
    assert services.attempt_start(exam=exam, employee=org.worker).number == 2
    with pytest.raises(PermissionDenied):
        services.exam_allow_attempts(exam=exam, user=org.leader_user, max_attempts=5)


def test_window_and_ownership(org, org2, exam):
    attempt = services.attempt_start(exam=exam, employee=org.worker)
    assert services.attempt_start(exam=exam, employee=org.worker) == attempt  # second tab
    with pytest.raises(PermissionDenied):
        services.attempt_submit(token=attempt.token, employee=org.intern, answers={})
    with pytest.raises(ValidationError):
        services.attempt_submit(
            token=attempt.token, employee=org.worker, answers={},
            now=exam.closes_at + datetime.timedelta(seconds=1),
        )  # fmt: skip
    assert Attempt.objects.get(pk=attempt.pk).status == "started"
    with pytest.raises(PermissionDenied):
        services.attempt_start(exam=exam, employee=org2.worker)
    later = ExamFactory(branch=org.branch, opens_at=timezone.now() + datetime.timedelta(days=1),
                        closes_at=timezone.now() + datetime.timedelta(days=2))  # fmt: skip
    with pytest.raises(ValidationError):
        services.attempt_start(exam=later, employee=org.worker)


def test_shuffle_is_per_attempt_and_stable(org, exam):
    questions = list(exam.questions.all()) + [QuestionFactory(branch=org.branch) for _ in range(8)]
    a = Attempt(seed=1)
    b = Attempt(seed=2)

    def order(att):
        return [
            (p.question.pk, [i for i, _t in p.options]) for p in services.exam_paper(att, questions)
        ]

    assert order(a) == order(Attempt(seed=1))
    assert order(a) != order(b)
    assert sorted(q for q, _o in order(a)) == sorted(q.pk for q in questions)


def test_paper_scores(org, exam):
    attempt = services.attempt_enter_paper_score(exam=exam, employee=org.intern, score="72.5",
                                                 user=org.leader_user)  # fmt: skip
    assert attempt.status == "paper" and attempt.score == Decimal("72.5")
    with pytest.raises(ValidationError):  # has an account
        services.attempt_enter_paper_score(
            exam=exam, employee=org.worker, score="80", user=org.leader_user
        )
    with pytest.raises(PermissionDenied):  # not their team
        services.attempt_enter_paper_score(
            exam=exam, employee=org.intern, score="80", user=org.leader_b_user
        )
    for bad in ("abc", "101", "-1", "NaN"):
        with pytest.raises(ValidationError):
            services.attempt_enter_paper_score(
                exam=exam, employee=org.intern, score=bad, user=org.leader_user
            )


def test_reminders_once_and_via_leader(org, org2, exam):
    exam.closes_at = timezone.now() + datetime.timedelta(hours=5)
    exam.save()
    services.attempt_submit(
        token=services.attempt_start(exam=exam, employee=org.worker).token, employee=org.worker,
        answers={},
    )  # fmt: skip
    sent = services.exam_reminders_send()
    assert sent > 0 and services.exam_reminders_send() == 0
    titles = set(Notification.objects.values_list("recipient__username", "title"))
    assert not any(user == org.worker_user.username for user, _t in titles)
    assert any(user == org.leader_user.username and "王实习" in t for user, t in titles)
    assert not Notification.objects.filter(recipient=org2.worker_user).exists()


def test_exam_page_50_questions(client, org, org2, django_assert_max_num_queries):
    bank = [
        QuestionFactory(branch=org.branch, kind=QuestionKind.MULTIPLE, answer=[0, 1])
        for _ in range(50)
    ]
    exam = ExamFactory(branch=org.branch, questions=bank)
    url = reverse("training:exam_take", args=[exam.pk])
    client.force_login(org.worker_user)
    client.get(reverse("inbox"))  # the header's unread count is kept per user from here on
    small = ExamFactory(branch=org.branch, questions=bank[:5])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("training:exam_take", args=[small.pk]) + "?start=1")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url + "?start=1")
    print(f"\nexam page queries: 5 questions {len(few)}, 50 questions {len(many)}; "
          f"{len(response.content)} bytes")  # fmt: skip
    assert len(many) == len(few) <= 20
    html = response.content.decode()
    assert html.count("<fieldset") == 50 and len(response.content) < 150_000
    token = response.context["attempt"].token
    post = {"token": str(token), **{f"q{q.pk}": ["0", "1"] for q in bank}}
    assert client.post(url, post).status_code == 302
    assert Attempt.objects.get(token=token).score == 100
    # a second tab posting the same sheet is refused
    response = client.post(url, post, follow=True)
    assert "已经提交" in response.content.decode() or "already" in response.content.decode()
    client.force_login(org2.worker_user)
    assert client.get(url).status_code == 404


def test_result_after_close_shows_explanations(client, org, exam, bank):
    attempt = services.attempt_start(exam=exam, employee=org.worker)
    services.attempt_submit(
        token=attempt.token, employee=org.worker, answers={str(bank[0].pk): [0]}
    )
    url = reverse("training:exam_take", args=[exam.pk])
    client.force_login(org.worker_user)
    assert bank[0].explanation not in client.get(url).content.decode()
    Attempt.objects.all()  # unchanged
    exam.opens_at = timezone.now() - datetime.timedelta(days=3)
    exam.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    exam.save()
    html = client.get(url).content.decode()
    assert bank[0].explanation in html and "33.3" in html


@pytest.mark.slow
def test_time_to_score_1000_submissions(org):
    from branch.factories import EmployeeFactory

    bank = [
        QuestionFactory(branch=org.branch, kind=QuestionKind.MULTIPLE, answer=[0, 2])
        for _ in range(50)
    ]
    exam = ExamFactory(branch=org.branch, questions=bank)
    people = EmployeeFactory.create_batch(1000, team=org.team_a)
    attempts = [services.attempt_start(exam=exam, employee=p) for p in people]
    answers = {str(q.pk): [0, 2] for q in bank}
    started = time.perf_counter()
    for person, attempt in zip(people, attempts, strict=True):
        services.attempt_submit(token=attempt.token, employee=person, answers=answers)
    elapsed = time.perf_counter() - started
    print(f"\nscored 1000 submissions of 50 questions in {elapsed:.2f} s")
    assert Attempt.objects.filter(exam=exam, score=100).count() == 1000


def test_paper_scores_page_and_index(client, org, org2, exam, django_assert_max_num_queries):
    url = reverse("training:exam_paper_scores", args=[exam.pk])
    client.force_login(org.leader_user)
    html = client.get(url).content.decode()
    # the two without an account
    assert html.count('data-testid="paper-row"') == 2 and "王实习" in html and "李合同" in html
    assert client.post(url, {"employee": org.intern.pk, "score": "abc"}).status_code == 302
    assert not Attempt.objects.filter(employee=org.intern).exists()
    client.post(url, {"employee": org.intern.pk, "score": "66"})
    assert Attempt.objects.get(employee=org.intern).score == 66
    assert client.post(url, {"employee": org.worker.pk, "score": "66"}).status_code == 404
    client.force_login(org.leader_b_user)
    assert client.post(url, {"employee": org.intern.pk, "score": "99"}).status_code == 404
    client.force_login(org.worker_user)
    assert client.get(url).status_code == 403
    with django_assert_max_num_queries(16):
        html = client.get(reverse("training:index")).content.decode()
    assert html.count('data-testid="exam-row"') == 1
    client.force_login(org2.worker_user)
    assert 'data-testid="exam-row"' not in client.get(reverse("training:index")).content.decode()
