"""The yearly 台账: time to build it (collect the sections, render .docx, render .pdf) for the
demo branch and for a branch of 500 people with a year of work in every app."""

import datetime
import io
import random
from decimal import Decimal

from scripts.bench import Measure, benchmark

PEOPLE = 500
TEAMS = 10


def _build_figures(branch, year: int) -> dict:
    from home.ledger import ledger_document
    from home.ledger.docx import render_docx
    from home.ledger.pdf import font_path, render_pdf

    figures = {}
    with Measure() as m:
        document = ledger_document(branch, year)
    figures["sections: seconds"] = round(m.seconds, 2)
    figures["sections: queries"] = m.queries
    figures["sections: table rows"] = sum(len(t.rows) for s in document.sections for t in s.tables)
    with Measure() as m:
        docx = render_docx(document)
    figures["docx: seconds"] = round(m.seconds, 2)
    figures["docx: bytes"] = len(docx)
    if font_path() is None:
        figures["pdf"] = "skipped: no TrueType Chinese font (make fonts)"
        return figures
    with Measure() as m:
        pdf = render_pdf(document)
    figures["pdf: seconds"] = round(m.seconds, 2)
    figures["pdf: bytes"] = len(pdf)
    return figures


@benchmark("home.ledger.demo")
def ledger_demo() -> dict:
    from django.core.management import call_command

    from branch.models import Branch

    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    branch = Branch.objects.get(code="zydd")
    return {
        "people": branch.employees.count(),
        **_build_figures(branch, datetime.date.today().year),
    }


def _big_branch(year: int):
    from django.contrib.auth import get_user_model

    from branch.models import Branch, Employee, Team
    from care.models import CampaignItem, Distribution, HardshipCase, WelfareCampaign
    from home.factories import study_index, study_material
    from home.models import StudyRecord
    from recognition.models import (
        Award,
        AwardLevel,
        Incident,
        RatingPeriod,
        StarRating,
        Suggestion,
        Vision,
    )

    rng = random.Random(500)
    branch = Branch.objects.create(code="ledger500", name="五百人党支部")
    user = get_user_model().objects.create(username="ledger-bench")
    teams = [Team.objects.create(branch=branch, name=f"作业{i + 1}班") for i in range(TEAMS)]
    Employee.objects.bulk_create(
        Employee(branch=branch, team=teams[i % TEAMS], staff_no=f"B{i:04d}", name=f"员工{i}")
        for i in range(PEOPLE)
    )
    people = list(Employee.objects.filter(branch=branch))
    index = study_index(branch, slug="ledger-bench")
    for m in range(12):
        page = study_material(index, title=f"学习资料{m + 1}", required_for_all=True)
        StudyRecord.objects.bulk_create(
            StudyRecord(employee=p, page=page) for p in people if rng.random() < 0.8
        )
    for season, month in (("summer", 7), ("winter", 12)):
        campaign = WelfareCampaign.objects.create(
            branch=branch,
            season=season,
            occasion=f"{year}年{season}",
            starts_on=datetime.date(year, month, 1),
            ends_on=datetime.date(year, month, 28),
        )
        item = CampaignItem.objects.create(campaign=campaign, name="慰问品", unit="份")
        Distribution.objects.bulk_create(
            Distribution(
                campaign=campaign,
                employee=p,
                item=item,
                quantity=1,
                received_on=campaign.starts_on,
                recorded_by=user,
            )
            for p in people
        )
    HardshipCase.objects.bulk_create(
        HardshipCase(branch=branch, employee=people[i], category="illness", description="保密",
                     created_by=user)
        for i in range(20)
    )  # fmt: skip
    level = AwardLevel.objects.create(branch=branch, name="一等奖", amount=Decimal("500"))
    now = datetime.datetime(year, 6, 1, 9, tzinfo=datetime.UTC)
    for i in range(100):
        suggestion = Suggestion.objects.create(
            branch=branch,
            employee=people[i],
            team=people[i].team,
            title=f"建议{i}",
            what="内容",
            why="理由",
            submitted_at=now,
            response_deadline=now + datetime.timedelta(days=7),
        )
        if i % 5 == 0:
            Award.objects.create(
                suggestion=suggestion,
                level=level,
                amount=level.amount,
                awarded_on=datetime.date(year, 7, 1),
                awarded_by=user,
            )
    for q in range(4):
        period = RatingPeriod.objects.create(
            branch=branch,
            kind="quarterly",
            start=datetime.date(year, 3 * q + 1, 1),
            end=datetime.date(year, 3 * q + 3, 28),
        )
        StarRating.objects.bulk_create(
            StarRating(
                employee=p,
                period=period,
                team=p.team,
                status="approved",
                overall=Decimal(rng.randint(10, 50)) / 10,
            )
            for p in people
        )
    Vision.objects.create(branch=branch, scope="branch", year=year, text="零事故、零伤害、零污染")
    for t in teams:
        Vision.objects.create(branch=branch, scope="team", team=t, year=year, text=f"{t.name}愿景")
    Incident.objects.create(
        branch=branch, kind="injury", occurred_on=datetime.date(year, 3, 1), description="擦伤",
        recorded_by=user,
    )  # fmt: skip
    return branch


@benchmark("home.ledger.500")
def ledger_500() -> dict:
    year = datetime.date.today().year
    branch = _big_branch(year)
    return {"people": PEOPLE, **_build_figures(branch, year)}
