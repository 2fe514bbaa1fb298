"""The branch's own yearly requirement per kind of meeting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branch.models import Branch

from ..models import MeetingKind, MeetingRequirement


@transaction.atomic
def requirement_set(
    *, branch: Branch, kind: str, frequency: str, required: bool = True
) -> MeetingRequirement:
    if kind == MeetingKind.TALK:
        raise ValidationError(_("Heart-to-heart talks are required once a year per member."))
    requirement = MeetingRequirement.objects.filter(branch=branch, kind=kind).first()
    requirement = requirement or MeetingRequirement(branch=branch, kind=kind)
    requirement.frequency = frequency
    requirement.required = required
    requirement.full_clean()
    requirement.save()
    return requirement
