"""技术考评: inputs, the rule, grades, nominations, contests, reports, 我的 and the measure shown
on recognition's eligibility list."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home.registries import all_measure_values, measure_values
from training import services
from training.factories import ExamFactory, QuestionFactory, SessionFactory
from training.models import Attempt, Attendance, Evaluation, Grade, Nomination, SessionKind

TODAY = datetime.date(2026, 3, 31)
PERIOD = "2026-H1"


@pytest.fixture
def record(org, plan):
    """Team A: 4 drills and 2 lessons; the worker at 3 drills, 2 lessons, exam 80."""
    drills = [
        SessionFactory(plan=plan, team=org.team_a, on=datetime.date(2026, 3, d))
        for d in (1, 2, 3, 4)
    ]
    lessons = [
        SessionFactory(plan=plan, kind=SessionKind.LESSON, on=datetime.date(2026, m, 15))
        for m in (1, 2)
    ]
    for session in drills[:3] + lessons:
        Attendance.objects.create(session=session, employee=org.worker, status="present")
    exam = ExamFactory(branch=org.branch, questions=[QuestionFactory(branch=org.branch)],
                       opens_at=timezone.make_aware(datetime.datetime(2026, 3, 20, 8)),
                       closes_at=timezone.make_aware(datetime.datetime(2026, 3, 22, 8)))  # fmt: skip
    Attempt.objects.create(exam=exam, employee=org.worker, status="submitted", score=Decimal(80))
    Attempt.objects.create(
        exam=exam, employee=org.worker, number=2, status="submitted", score=Decimal(70)
    )
    return exam


def test_inputs_and_grade(org, org2, record):
    services.evaluations_compute(branch=org.branch, period=PERIOD, today=TODAY)
    e = Evaluation.objects.get(employee=org.worker, period=PERIOD)
    assert (e.drill_rate, e.lesson_rate, e.exam_score, e.contest_score) == (
        Decimal("75.0"), Decimal("100.0"), Decimal("80.0"), None,
    )  # fmt: skip
    # (75*20 + 100*20 + 80*50) / 90 = 83.3 → good (contest weight left out)
    assert e.total == Decimal("83.3") and e.grade == Grade.GOOD
    assert not Evaluation.objects.filter(employee__branch=org2.branch).exists()
    services.evaluation_rule_set(branch=org.branch, user=org.secretary_user, drill_weight=10,
                                 lesson_weight=10, exam_weight=70, contest_weight=10,
                                 excellent_from=80, good_from=70, pass_from=60)  # fmt: skip
    services.evaluations_compute(branch=org.branch, period=PERIOD, today=TODAY)
    assert Evaluation.objects.get(employee=org.worker, period=PERIOD).grade == Grade.EXCELLENT
    for bad in ({"drill_weight": 50}, {"good_from": 95}):
        with pytest.raises(ValidationError):
            services.evaluation_rule_set(branch=org.branch, user=org.secretary_user, **bad)
    with pytest.raises(PermissionDenied):
        services.evaluation_rule_set(branch=org.branch, user=org2.secretary_user, drill_weight=1)


def test_measure_registered_and_shown_on_eligibility(
    client, org, org2, record, django_assert_max_num_queries
):
    services.evaluations_compute(branch=org.branch, period=PERIOD, today=TODAY)
    values = measure_values("training.grade", [org.worker.pk, org.intern.pk], TODAY)
    assert values[org.worker.pk].value == Decimal("83.3") and "75.0" in values[org.worker.pk].detail
    client.force_login(org.secretary_user)
    html = client.get(reverse("recognition:eligibility")).content.decode()
    assert 'data-testid="measure-rule"' in html and "83.3" in html
    measures = len(all_measure_values([], TODAY))  # every registered measure has a column
    assert html.count('data-testid="measure-cell"') == measures * html.count(
        'data-testid="eligibility-row"'
    )


def test_nomination_with_history(client, org, org2, record):
    services.evaluations_compute(branch=org.branch, period=PERIOD, today=TODAY)
    n = services.nomination_decide(employee=org.worker, purpose="party", period=PERIOD,
                                   decision="deferred", user=org.secretary_user)  # fmt: skip
    n = services.nomination_decide(employee=org.worker, purpose="party", period=PERIOD,
                                   decision="nominated", note="表现突出", user=org.secretary_user)  # fmt: skip
    assert n.grade == Grade.GOOD and n.history.count() == 2
    assert Nomination.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.nomination_decide(employee=org.worker, purpose="party", period=PERIOD,
                                   decision="nominated", user=org2.secretary_user)  # fmt: skip
    url = reverse("training:evaluations") + f"?period={PERIOD}"
    client.force_login(org.secretary_user)
    html = client.get(url).content.decode()
    assert "表现突出" in html and 'data-testid="rule"' in html
    assert client.post(url, {"action": "nominate", "employee": org2.worker.pk, "purpose": "party",
                             "decision": "nominated"}).status_code == 404  # fmt: skip
    assert client.post(url, {"action": "rule", "drill_weight": "x"}).status_code == 302
    client.force_login(org2.secretary_user)
    assert "表现突出" not in client.get(url).content.decode()


def test_contest_entry_rule_ranks_and_privacy(client, org, org2, record):
    services.evaluations_compute(branch=org.branch, period=PERIOD, today=TODAY)
    contest = services.contest_create(
        branch=org.branch, title="比武", held_on=TODAY, events=["关井"]
    )
    event = contest.events.get()
    entry = services.entry_add(event=event, employee=org.worker, user=org.secretary_user)
    with pytest.raises(ValidationError):  # the intern's grade is below the entry rule
        services.entry_add(event=event, employee=org.intern, user=org.secretary_user)
    others = [
        event.entries.create(employee=p) for p in (org.intern, org.leader, org.contract_worker)
    ]
    for e, score in zip([entry, *others], [90, 95, 90, 60], strict=True):
        services.entry_score_set(entry=e, score=score, user=org.secretary_user)
    ranks = dict(event.entries.values_list("employee__name", "rank"))
    assert ranks == {"张正式": 2, "王实习": 1, "班长甲": 2, "李合同": 4}
    services.contest_publish(contest=contest, user=org.secretary_user)
    url = reverse("training:contest_detail", args=[contest.pk])
    client.force_login(org.worker_user)
    html = client.get(url).content.decode()
    assert html.count('data-testid="placed-row"') == 3 and "李合同" not in html
    assert html.count('data-testid="my-rank"') == 1
    client.force_login(org2.worker_user)
    assert client.get(url).status_code == 404


def test_report_and_me(client, org, org2, record, django_assert_max_num_queries):
    from branch.factories import EmployeeFactory
    from branch.models import EmploymentType

    url = reverse("training:report") + f"?period={PERIOD}"
    client.force_login(org.secretary_user)
    client.get(url)  # warm up the session and the user's role caches
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert html.count('data-testid="team-row"') == 2 and html.count('data-testid="type-row"') == 3
    for i in range(14):
        EmployeeFactory(team=org.team_b, staff_no=f"N{i}", employment_type=EmploymentType.INTERN)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    print(f"\nteam report queries: 7 people {len(few)}, 21 people {len(many)}")
    assert len(many) == len(few) <= 21, [q["sql"][:120] for q in many.captured_queries]
    assert html.count('data-testid="person-row"') == 21
    client.force_login(org.leader_user)
    html = client.get(url).content.decode()
    assert html.count('data-testid="team-row"') == 1 and "赵二班" not in html
    client.force_login(org.worker_user)
    assert client.get(url).status_code == 403
    client.force_login(org2.secretary_user)
    assert "张正式" not in client.get(url).content.decode()
    services.evaluations_compute(
        branch=org.branch, period=services.half_period(timezone.localdate())
    )
    client.force_login(org.worker_user)
    html = client.get(reverse("home:me")).content.decode()
    assert 'data-testid="me-training"' in html


def test_todos_and_ledger(org, org2, record):
    from home.registries import collect_todos, ledger_sections

    exam = ExamFactory(branch=org.branch, questions=[QuestionFactory(branch=org.branch)])
    assert exam.is_open()
    keys = {t.key: t.count for t in collect_todos(org.worker_user, TODAY)}
    assert keys.get("training.exams_open") == 1
    assert "training.exams_open" not in {t.key for t in collect_todos(org2.worker_user, TODAY)}
    from django.utils.translation import gettext

    ours = [s for s in ledger_sections(org.branch, 2026) if str(s.title) == gettext("Training")]
    assert len(ours) == 1 and "2" in ours[0].paragraphs[0]  # two lessons
    theirs = [str(s.title) for s in ledger_sections(org2.branch, 2026)]
    assert gettext("Training") not in theirs
