"""Benchmark data of the training app (``manage.py seed_bench``): the bench branch gets a bank
of 50 questions and an open 50-question exam (the exam page the web bench loads)."""

import datetime

from django.db import transaction
from django.utils import timezone

from . import services
from .models import Question, QuestionKind

EXAM_QUESTIONS = 50
STEMS = (
    "发现溢流后第一步应当做什么？",
    "起吊前吊卡的安全销应当如何处理？",
    "高处作业必须系好什么？",
    "硫化氢报警后应当向哪个方向撤离？",
    "防喷器试压前应当检查什么？",
)
OPTIONS = (["立即关井", "继续作业", "报告后等待", "撤离井场"], [0])


@transaction.atomic
def seed(context: dict) -> None:
    branch = context["branch"]
    questions = [
        Question(
            branch=branch,
            kind=QuestionKind.SINGLE,
            text=f"{n + 1}. {STEMS[n % len(STEMS)]}",
            options=OPTIONS[0],
            answer=OPTIONS[1],
            explanation="按操作规程执行，发现异常立即报告。",
            category="井控",
        )
        for n in range(EXAM_QUESTIONS)
    ]
    Question.objects.bulk_create(questions)
    now = timezone.now()
    exam = services.exam_create(
        branch=branch,
        title="季度井控考试（50题）",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=30),
        questions=list(Question.objects.filter(branch=branch).order_by("pk")),
    )
    context["exam"] = exam
    print(f"  exam {exam.pk} with {EXAM_QUESTIONS} questions")
