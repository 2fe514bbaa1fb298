"""Training: a year of sessions for a branch of eight teams, 1,000 exam submissions of 50
questions scored, and the queries of the exam page and the team report."""

import datetime

from scripts.bench import Measure, benchmark

TEAMS = 8
PEOPLE = 1_000
QUESTIONS = 50


@benchmark("training.schedule_and_scoring")
def schedule_and_scoring() -> dict:
    import random

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from branch import roles
    from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
    from training import services
    from training.factories import QuestionFactory
    from training.models import QuestionKind

    branch = BranchFactory(code="train-bench", name="培训基准")
    teams = [TeamFactory(branch=branch, name=f"作业{i}班") for i in range(TEAMS)]
    for i, team in enumerate(teams[: TEAMS // 2]):
        services.work_calendar_set(
            team=team, days_on=4, days_off=2, pattern_start=datetime.date(2026, 1, 1 + i)
        )
    services.plan_save(branch=branch, name="年度计划", starts_on=datetime.date(2026, 1, 1))
    figures = {"teams": TEAMS}
    with Measure() as m:
        created = services.sessions_generate(
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), branch=branch
        )
    figures["year of sessions: created"] = created
    figures["year of sessions: seconds"] = round(m.seconds, 2)

    people = [
        EmployeeFactory(team=teams[i % TEAMS], staff_no=f"T{i:05d}", name=f"学员{i}")
        for i in range(PEOPLE)
    ]
    kinds = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE]
    questions = []
    for i in range(QUESTIONS):
        kind = kinds[i % 3]
        options = ["正确", "错误"] if kind == QuestionKind.TRUE_FALSE else ["甲", "乙", "丙", "丁"]
        answer = [0, 2] if kind == QuestionKind.MULTIPLE else [0]
        questions.append(QuestionFactory(branch=branch, kind=kind, options=options, answer=answer))
    now = timezone.now()
    exam = services.exam_create(
        branch=branch, title="基准考试", opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1), questions=questions,
    )  # fmt: skip
    attempts = [services.attempt_start(exam=exam, employee=p) for p in people]
    rng = random.Random(7)
    papers = [{str(q.pk): [rng.randrange(len(q.options))] for q in questions} for _ in attempts]
    with Measure() as m:
        for attempt, person, answers in zip(attempts, people, papers, strict=True):
            services.attempt_submit(token=attempt.token, employee=person, answers=answers)
    figures[f"score {PEOPLE} submissions of {QUESTIONS}: seconds"] = round(m.seconds, 2)
    figures[f"score {PEOPLE} submissions: queries"] = m.queries

    taker = people[0]
    taker_user = make_account(taker)
    secretary = EmployeeFactory(team=teams[0], staff_no="S0001", name="基准书记")
    secretary_user = make_account(secretary, role=roles.SECRETARY)
    branch.secretaries.add(secretary_user)
    client = Client()
    exam2 = services.exam_create(
        branch=branch, title="基准考试二", opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1), questions=questions,
    )  # fmt: skip
    client.force_login(taker_user)
    url = reverse("training:exam_take", args=[exam2.pk])
    client.get(url)
    with Measure() as m:
        response = client.get(url)
    figures[f"exam page, {QUESTIONS} questions: queries"] = m.queries
    figures[f"exam page, {QUESTIONS} questions: KB"] = round(len(response.content) / 1024, 1)
    client.force_login(secretary_user)
    with Measure() as m:
        response = client.get(reverse("training:report"))
    figures[f"team report, {PEOPLE} people: queries"] = m.queries
    figures["team report: status"] = response.status_code
    return figures
