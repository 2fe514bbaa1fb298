"""党员示范岗 and 党员责任区: a Party member named for a post or an area of the work site (a rig,
a process, a set of equipment) with what they answer for, shown on the team's board and
reviewed each quarter with a short note."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branch.models import Branch, Employee, Team
from branch.validators import stored_plan_date


class PartyPost(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Party member model post")
        AREA = "area", _("Party member responsibility area")

    branch = models.ForeignKey(
        Branch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="party_posts"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("Team"), on_delete=models.CASCADE, related_name="party_posts"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("Party member"), on_delete=models.PROTECT,
        related_name="party_posts",
    )  # fmt: skip
    kind = models.CharField(_("Kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(
        _("Post or area"), max_length=100, help_text=_("A rig, a process or a set of equipment")
    )
    duty = models.TextField(_("Answers for"), max_length=500)
    start_on = models.DateField(_("Named on"), validators=[stored_plan_date])
    end_on = models.DateField(_("Until"), null=True, blank=True, validators=[stored_plan_date])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Party member post")
        verbose_name_plural = _("Party member post")
        ordering = ["team", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gt=models.F("start_on")),
                name="party_post_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}（{self.employee.name}）"


class PostReview(models.Model):
    """The quarter's review of a post or area: a short note."""

    post = models.ForeignKey(
        PartyPost, verbose_name=_("Party member post"), on_delete=models.CASCADE,
        related_name="reviews",
    )  # fmt: skip
    quarter = models.DateField(
        _("Quarter"), help_text=_("The first day of the quarter"), validators=[stored_plan_date]
    )
    note = models.CharField(_("Review note"), max_length=300)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Reviewed by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("Reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Post review")
        verbose_name_plural = _("Post review")
        ordering = ["post", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["post", "quarter"], name="post_review_once_a_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__day=1, quarter__month__in=[1, 4, 7, 10]),
                name="post_review_quarter_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post.name} {self.quarter:%Y-%m}"
