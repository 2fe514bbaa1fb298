"""factory_boy factories for training."""

import datetime

import factory
from django.utils import timezone

from branch.factories import BranchFactory, EmployeeFactory

from .models import Attempt, Exam, Plan, Question, QuestionKind, Session, SessionKind


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"培训计划{n}")
    starts_on = datetime.date(2026, 1, 1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    plan = factory.SubFactory(PlanFactory)
    branch = factory.SelfAttribute("plan.branch")
    team = None
    kind = SessionKind.DRILL
    on = factory.LazyFunction(timezone.localdate)
    period = factory.Sequence(lambda n: f"t{n}")
    topic = "井控应知应会"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    branch = factory.SubFactory(BranchFactory)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"第{n}题：发现溢流后第一步应当做什么？")
    options = factory.LazyFunction(lambda: ["关井", "继续作业", "报告后等待", "撤离"])
    answer = factory.LazyFunction(lambda: [0])
    explanation = "发现溢流立即关井，是井控的第一原则。"


class ExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exam
        skip_postgeneration_save = True

    branch = factory.SubFactory(BranchFactory)
    title = factory.Sequence(lambda n: f"第{n}季度技能考试")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.questions.set(extracted)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt

    exam = factory.SubFactory(ExamFactory)
    employee = factory.SubFactory(EmployeeFactory)
