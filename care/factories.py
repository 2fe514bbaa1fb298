"""factory_boy factories for the care calendar, built on the organisation's."""

import datetime

import factory

from branch.factories import BranchFactory, EmployeeFactory, UserFactory

from .models import (
    CampaignItem,
    HardshipCase,
    Question,
    Season,
    WelfareCampaign,
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelfareCampaign

    branch = factory.SubFactory(BranchFactory)
    season = Season.SUMMER
    occasion = factory.Sequence(lambda n: f"2026年夏季送清凉{n}")
    starts_on = datetime.date(2026, 7, 1)
    ends_on = datetime.date(2026, 8, 31)


class CampaignItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignItem

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Iterator(["绿豆汤", "矿泉水", "西瓜", "饮料", "防暑药品"])
    unit = factory.Iterator(["碗", "瓶", "个", "瓶", "盒"])
    default_quantity = 1


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HardshipCase

    employee = factory.SubFactory(EmployeeFactory)
    branch = factory.SelfAttribute("employee.branch")
    category = "illness"
    description = "家属住院，需要帮助联系医院。"
    created_by = factory.SubFactory(UserFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    employee = factory.SubFactory(EmployeeFactory)
    branch = factory.SelfAttribute("employee.branch")
    asked_by = factory.SubFactory(UserFactory)
    category = "school"
    title = factory.Sequence(lambda n: f"孩子上学怎么办理{n}")
    due_on = datetime.date(2026, 11, 28)
