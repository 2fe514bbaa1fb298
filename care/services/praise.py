"""Praise (多褒奖): anyone posts a short praise of colleagues' good deed; a team leader or the
secretary approves it for the praise wall; the people praised are told (through their leader when
they have no account); the secretary may feature one on the home page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.models import Employee
from branch.services import notify_employee
from branch.uploads import MB, reencode_image

from ..models import PRAISE_MAX_CHARS, Praise, PraiseStatus

MAX_PRAISE_PHOTO_BYTES = 5 * MB


def praise_branch_of(user):
    """The branch a user posts praise in: the one they administer, else their own."""
    branch = branch_selectors.branches_administered_by(user).first()
    if branch is not None:
        return branch
    me = branch_selectors.employee_of(user)
    return me.branch if me else None


def can_review_praise(user, praise: Praise) -> bool:
    """The branch's secretary, or the leader of a team one of the praised people is in; never
    the person who posted it."""
    if praise.posted_by_id == user.pk:
        return False
    if branch_selectors.is_secretary(user, praise.branch):
        return True
    team_ids = set(branch_selectors.teams_led_by(user).values_list("pk", flat=True))
    return any(p.team_id in team_ids for p in praise.people.all())


@transaction.atomic
def praise_post(*, author, people: list[Employee], text: str, photo=None) -> Praise:
    """Post a praise, waiting for approval. The people are active members of the author's
    branch; nobody praises only themself."""
    branch = praise_branch_of(author)
    if branch is None:
        raise PermissionDenied(_("Only members of a branch can post praise"))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Please write what they did"))
    if len(text) > PRAISE_MAX_CHARS:
        raise ValidationError(_("Please keep it within %(n)d characters") % {"n": PRAISE_MAX_CHARS})
    people = list({p.pk: p for p in people}.values())
    if not people:
        raise ValidationError(_("Please choose the people praised"))
    if any(p.branch_id != branch.pk or p.has_left() for p in people):
        raise ValidationError(_("The people praised must be current members of this branch"))
    me = branch_selectors.employee_of(author)
    if me is not None and [p.pk for p in people] == [me.pk]:
        raise ValidationError(_("Praise a colleague, not yourself"))
    praise = Praise(branch=branch, text=text, posted_by=author)
    if photo:
        praise.photo = reencode_image(photo, max_bytes=MAX_PRAISE_PHOTO_BYTES)
    praise.full_clean()
    praise.save()
    praise.people.set(people)
    return praise


@transaction.atomic
def praise_review(*, praise: Praise, by, approve: bool) -> Praise:
    """Approve a praise for the wall (and tell the people praised) or decline it."""
    praise = Praise.objects.select_for_update().get(pk=praise.pk)
    if not can_review_praise(by, praise):
        raise PermissionDenied(_("You cannot review this praise"))
    if praise.status != PraiseStatus.PENDING:
        raise ValidationError(_("This praise has already been reviewed"))
    praise.status = PraiseStatus.APPROVED if approve else PraiseStatus.DECLINED
    praise.reviewed_by = by
    praise.reviewed_at = timezone.now()
    praise.full_clean()
    praise.save()
    if approve:
        url = reverse("care:praise_wall") + f"#praise-{praise.pk}"
        for person in praise.people.select_related("user"):
            notify_employee(
                employee=person,
                title=_("You were praised on the praise wall"),
                body=praise.text,
                url=url,
                key=f"care:praise:{praise.pk}:{person.pk}",
            )
    return praise


@transaction.atomic
def praise_feature(*, praise: Praise, by, featured: bool) -> Praise:
    """The secretary features an approved praise on the home page (or takes it off)."""
    if not branch_selectors.is_secretary(by, praise.branch):
        raise PermissionDenied(_("Only the secretary of this branch can do this"))
    praise = Praise.objects.select_for_update().get(pk=praise.pk)
    if featured and praise.status != PraiseStatus.APPROVED:
        raise ValidationError(_("Only a praise on the wall can be featured"))
    praise.featured = featured
    praise.full_clean()
    praise.save(update_fields=["featured"])
    return praise
