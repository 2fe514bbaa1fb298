"""Demo data for the care calendar (``manage.py seed_demo``): care settings, a summer and a
winter campaign with items and some distributions, a hardship case with a visit, two
questions (one answered and published), and the greetings of the past week. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from branch.models import Employee

from . import services
from .models import (
    DEFAULT_GREETING,
    CampaignItem,
    CareSettings,
    Distribution,
    HardshipCase,
    Question,
    Season,
    Visit,
    WelfareCampaign,
)

SUMMER_ITEMS = [("绿豆汤", "碗", 2), ("矿泉水", "瓶", 6), ("西瓜", "个", 1), ("防暑药品", "盒", 1)]
WINTER_ITEMS = [("棉手套", "副", 2), ("暖宝宝", "盒", 1), ("保温杯", "个", 1)]


def _campaign(branch, occasion, season, starts, ends, items, teams=()):
    campaign = WelfareCampaign.objects.filter(branch=branch, occasion=occasion).first()
    if campaign is None:
        campaign = services.campaign_save(
            campaign=WelfareCampaign(
                branch=branch, occasion=occasion, season=season, starts_on=starts, ends_on=ends
            ),
            teams=list(teams),
        )
    for name, unit, quantity in items:
        CampaignItem.objects.get_or_create(
            campaign=campaign, name=name, defaults={"unit": unit, "default_quantity": quantity}
        )
    return campaign


@transaction.atomic
def seed(context: dict) -> None:
    branch = context["branch"]
    teams = context["teams"]
    staff = {e.staff_no: e for e in Employee.objects.filter(branch=branch).select_related("user")}
    secretary = staff["S001"].user
    leader = staff["L001"].user
    CareSettings.objects.get_or_create(
        branch=branch, defaults={"greeting_template": DEFAULT_GREETING, "answer_days": 3}
    )

    summer = _campaign(
        branch, "2026年夏季送清凉", Season.SUMMER,
        datetime.date(2026, 7, 1), datetime.date(2026, 8, 31), SUMMER_ITEMS,
    )  # fmt: skip
    if not Distribution.objects.filter(campaign=summer).exists():
        team_a = Employee.objects.active().filter(team=teams["修井一班"])
        services.distribution_record_all(
            campaign=summer, employees=list(team_a), received_on=datetime.date(2026, 7, 8),
            recorded_by=leader,
        )  # fmt: skip
        first_b = Employee.objects.active().filter(team=teams["修井二班"]).order_by("staff_no")[:2]
        services.distribution_record_all(
            campaign=summer, employees=list(first_b), received_on=datetime.date(2026, 7, 9),
            recorded_by=secretary,
        )  # fmt: skip
    winter = _campaign(
        branch, "2026年冬季送温暖", Season.WINTER,
        datetime.date(2026, 11, 20), datetime.date(2027, 1, 31), WINTER_ITEMS,
    )  # fmt: skip
    if not Distribution.objects.filter(campaign=winter).exists():
        services.distribution_record_all(
            campaign=winter, employees=[staff["W001"], staff["W003"]],
            received_on=datetime.date(2026, 11, 23), recorded_by=leader,
        )  # fmt: skip

    if not HardshipCase.objects.filter(branch=branch).exists():
        case = services.case_create(
            branch=branch, employee=staff["W004"], category="illness",
            description="爱人做手术住院，家中两个孩子上学，经济压力大。",
            created_by=secretary, handlers=[leader],
            follow_up_on=timezone.localdate() + datetime.timedelta(days=3),
        )  # fmt: skip
        Visit.objects.create(
            case=case, visitor=secretary, visited_on=datetime.date(2026, 11, 18),
            notes="书记和班长到医院看望，送去慰问金 2000 元，协调工会大病救助。",
        )  # fmt: skip
        services.case_transition(case=case, status="following", user=secretary)

    if not Question.objects.filter(branch=branch).exists():
        answered = services.question_ask(
            employee=staff["W002"], asked_by=staff["W002"].user, category="school",
            title="孩子明年上小学，户口不在本地怎么办？",
            body="我是农民合同工，孩子跟着我在基地生活。",
        )  # fmt: skip
        services.question_answer(
            question=answered, user=secretary, publish=True,
            answer="可以凭居住证和劳动合同到基地所在学区报名，支部已和学校联系过，"
            "每年 5 月提交材料。有困难随时找支部。",
        )  # fmt: skip
        services.question_ask(
            employee=staff["W102"], asked_by=staff["L002"].user,
            category="housing", title="改善房申请需要哪些条件？",
        )  # fmt: skip

    _seed_communication(branch, staff, secretary, leader)

    # Today's job, and the greetings of the most recent birthdays so the cards can be shown.
    today = timezone.localdate()
    days = [today] + [
        day
        for day in (today - datetime.timedelta(days=n) for n in range(1, 90))
        if services.birthdays_on(day, branch_ids=[branch.pk])
    ][:3]
    for day in sorted(days):
        services.run_daily_care(day)


def _seed_communication(branch, staff, secretary, leader) -> None:
    """Praise on the wall (one featured, one waiting), a talk request, a talk held and a family
    mediation record linked to the hardship case."""
    from .models import Mediation, Praise, TalkRequest

    if not Praise.objects.filter(branch=branch).exists():
        praises = [
            (
                staff["W002"].user,
                [staff["W003"]],
                "赵小燕第一次上井就主动学习井控流程，笔记记得比谁都细。",
            ),
            (
                leader,
                [staff["W002"], staff["W004"]],
                "雨夜抢修抽油机，两人连续干了六个小时，保住了当班产量。",
            ),
            (
                staff["W001"].user,
                [staff["W102"]],
                "帮二班同事把冻住的管线用热水一点点化开，没有一句怨言。",
            ),
        ]
        for i, (author, people, text) in enumerate(praises):
            praise = services.praise_post(author=author, people=people, text=text)
            if i < 2:
                praise = services.praise_review(praise=praise, by=secretary, approve=True)
            if i == 1:
                services.praise_feature(praise=praise, by=secretary, featured=True)
    if not TalkRequest.objects.filter(branch=branch).exists():
        services.talk_request(
            requested_by=staff["W001"].user, with_whom="leader", topic="想换到夜班，家里孩子要接送"
        )
        held = services.talk_request(
            requested_by=staff["W002"].user,
            with_whom="secretary",
            topic="家里的事",
            confidential=True,
        )
        services.talk_record(
            talk=held, by=secretary, held_on=timezone.localdate(),
            note="谈了家里老人看病的安排，已和班长商量调班。",
        )  # fmt: skip
    if not Mediation.objects.filter(branch=branch).exists():
        services.mediation_create(
            branch=branch, employee=staff["W004"], parties="员工与爱人",
            situation="爱人住院期间家务分担产生争执。", agreed="双方同意由亲属轮流照看孩子，周末一起去医院。",
            follow_up_on=timezone.localdate() + datetime.timedelta(days=5),
            case=HardshipCase.objects.filter(branch=branch, employee=staff["W004"]).first(),
            handlers=[leader], created_by=secretary,
        )  # fmt: skip
