"""factory_boy factories of the recognition app, built on the organisation's factories."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from branch.factories import BranchFactory, EmployeeFactory

from .models import AwardLevel, RatingCriterion, RatingPeriod, Suggestion


class RatingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingPeriod

    branch = factory.SubFactory(BranchFactory)
    kind = "quarterly"
    start = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=92 * n))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=90))
    status = RatingPeriod.Status.OPEN


class RatingCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingCriterion

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"项目{n}")
    weight = 1


class AwardLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardLevel

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"{n}等奖")
    amount = Decimal("500")


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A suggestion written straight to the database (tests of the submit flow use the service)."""

    class Meta:
        model = Suggestion

    employee = factory.SubFactory(EmployeeFactory)
    branch = factory.SelfAttribute("employee.branch")
    team = factory.SelfAttribute("employee.team")
    title = factory.Sequence(lambda n: f"建议{n}")
    what = "改进内容"
    why = "改进理由"
    submitted_at = factory.LazyFunction(timezone.now)
    response_deadline = factory.LazyAttribute(lambda o: o.submitted_at + datetime.timedelta(days=7))
