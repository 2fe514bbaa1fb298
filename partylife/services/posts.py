"""党员示范岗 / 党员责任区: naming a member for a post or area, and the quarterly review."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branch.models import Employee, PoliticalStatus, Team

from .. import selectors
from ..models import PartyPost, PostReview


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@transaction.atomic
def party_post_create(
    *, team: Team, employee: Employee, kind: str, name: str, duty: str, start_on, user
) -> PartyPost:
    if team.branch_id not in selectors.secretary_branch_ids(user):
        raise PermissionDenied(_("Only the branch secretary may name Party member posts."))
    if employee.branch_id != team.branch_id or employee.political_status not in (
        PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY,
    ):  # fmt: skip
        raise ValidationError({"employee": _("Choose a Party member of this branch.")})
    post = PartyPost(
        branch=team.branch, team=team, employee=employee, kind=kind, name=name.strip(),
        duty=duty.strip(), start_on=start_on,
    )  # fmt: skip
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def party_post_review(*, post: PartyPost, day: datetime.date, note: str, user) -> PostReview:
    """The quarter's review note (one per quarter; writing again replaces the note)."""
    if post.branch_id not in selectors.secretary_branch_ids(user):
        raise PermissionDenied(_("Only the branch secretary may review Party member posts."))
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write a short review note.")})
    review, _created = PostReview.objects.get_or_create(
        post=post, quarter=quarter_start(day), defaults={"note": note, "reviewed_by": user}
    )
    if not _created:
        review.note, review.reviewed_by = note, user
    review.full_clean()
    review.save()
    return review
