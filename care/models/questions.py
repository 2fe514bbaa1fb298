"""Questions and answers (解惑答疑) and personal calendar feed tokens."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee
from branch.validators import date_in_range_constraint, stored_plan_date


class QuestionCategory(models.TextChoices):
    HOUSING = "housing", _("Housing improvement")
    JOBS = "jobs", _("Children's employment")
    NURSERY = "nursery", _("Nursery")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class Question(models.Model):
    """A question (解惑答疑) from a worker, or from a leader on their behalf. The secretary
    answers by ``due_on``; an answered question may be published anonymously as an FAQ."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="questions"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Asked by"), on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person asking, or the team leader when asking on their behalf"),
    )
    category = models.CharField(_("Category"), max_length=16, choices=QuestionCategory.choices)
    title = models.CharField(_("Question"), max_length=120)
    body = models.TextField(_("Details"), blank=True)
    asked_at = models.DateTimeField(_("Asked at"), auto_now_add=True)
    due_on = models.DateField(_("Answer deadline"), validators=[stored_plan_date])
    answer = models.TextField(_("Answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("Answered at"), null=True, blank=True)
    published = models.BooleanField(
        _("Published anonymously"),
        default=False,
        help_text=_("Published to the “FAQ” without showing who asked"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Questions and answers")
        verbose_name_plural = _("Questions and answers")
        ordering = ["-asked_at", "-id"]
        constraints = [
            date_in_range_constraint("due_on", "question_due_on_in_range"),
            models.CheckConstraint(
                condition=Q(published=False) | ~Q(answer=""), name="question_published_needs_answer"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """The secret behind a user's calendar feed URL; regenerating replaces it, revoking
    deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("User"),
        on_delete=models.CASCADE,
        related_name="care_feed_token",
    )
    token = models.CharField(_("Token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("Created at"), auto_now=True)

    class Meta:
        verbose_name = _("Calendar subscription")
        verbose_name_plural = _("Calendar subscription")

    def __str__(self) -> str:
        return str(self.user)
