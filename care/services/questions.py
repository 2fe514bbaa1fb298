"""Questions and answers (解惑答疑)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.models import Employee, Notification
from branch.services import notification_send, notifications_send_bulk, notify_employee

from ..models import (
    Question,
)
from .cases import require_secretary
from .settings import care_settings_for

# ---------------------------------------------------------------- questions


@transaction.atomic
def question_ask(
    *, employee: Employee, asked_by, category: str, title: str, body: str = ""
) -> Question:
    """A worker asks, or a leader asks on behalf of a member of their team."""
    from ..selectors import can_record_for

    me = branch_selectors.employee_of(asked_by)
    if not (me and me.pk == employee.pk) and not can_record_for(asked_by, employee):
        raise PermissionDenied(_("You can only ask for yourself or an employee of your team"))
    days = care_settings_for(employee.branch).answer_days
    question = Question(
        branch=employee.branch,
        employee=employee,
        asked_by=asked_by,
        category=category,
        title=title.strip(),
        body=body.strip(),
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    question.full_clean()
    question.save()
    for secretary in employee.branch.secretaries.all():
        notification_send(
            recipient=secretary,
            title=_("New question: %(title)s") % {"title": question.title},
            url=reverse("care:question_detail", args=[question.pk]),
            key=f"care:question:{question.pk}:asked",
            branch=employee.branch,
        )
    return question


@transaction.atomic
def question_answer(*, question: Question, answer: str, user, publish: bool = False) -> Question:
    require_secretary(user, question.branch)
    if not answer.strip():
        raise ValidationError(_("Please write the answer"))
    question.answer = answer.strip()
    question.answered_by = user
    question.answered_at = question.answered_at or timezone.now()
    question.published = publish
    question.full_clean()
    question.save()
    notify_employee(
        employee=question.employee,
        title=_("Your question has been answered: %(title)s") % {"title": question.title},
        body=question.answer[:500],
        url=reverse("care:question_detail", args=[question.pk]),
        key=f"care:question:{question.pk}:answered",
    )
    return question


@transaction.atomic
def question_publish(*, question: Question, user, published: bool) -> Question:
    require_secretary(user, question.branch)
    if published and not question.answer:
        raise ValidationError(_("An unanswered question cannot be published"))
    question.published = published
    question.save()
    return question


def remind_overdue_questions(day: datetime.date) -> int:
    """Remind the secretaries of unanswered questions past their deadline (once per question
    and day)."""
    overdue = (
        Question.objects.filter(answer="", due_on__lt=day)
        .select_related("branch")
        .prefetch_related("branch__secretaries")
    )
    notes = [
        Notification(
            recipient=secretary,
            branch=q.branch,
            title=_("Question overdue without answer: %(title)s") % {"title": q.title},
            body=_("Answer deadline: %(due)s") % {"due": q.due_on},
            url=reverse("care:question_detail", args=[q.pk]),
            key=f"care:question:{q.pk}:overdue:{day.isoformat()}",
        )
        for q in overdue
        for secretary in q.branch.secretaries.all()
    ]
    return notifications_send_bulk(notifications=notes)
