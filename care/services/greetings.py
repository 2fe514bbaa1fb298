"""Passing a birthday greeting on (转达) to a member without an account: their team leader
ticks it, and the secretary sees which greetings were never passed on."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Greeting


def greeting_needs_passing_on(greeting: Greeting) -> bool:
    """Only a person the site cannot reach (no active account) needs it passed on."""
    user = greeting.employee.user
    return user is None or not user.is_active


@transaction.atomic
def greeting_pass_on(*, greeting: Greeting, by) -> Greeting:
    """Record that ``by`` passed the greeting on. The member's team leader or the secretary may
    do it; ticking twice keeps the first record."""
    greeting = (
        Greeting.objects.select_for_update(of=("self",))
        .select_related("employee__branch", "employee__user")
        .get(pk=greeting.pk)
    )
    if not selectors.can_record_for(by, greeting.employee):
        raise PermissionDenied(_("Only the member's team leader or the secretary can do this."))
    if not greeting_needs_passing_on(greeting):
        raise ValidationError(_("This person has an account and received the greeting directly."))
    if greeting.passed_on_at is None:
        greeting.passed_on_at = timezone.now()
        greeting.passed_on_by = by
        greeting.full_clean()
        greeting.save(update_fields=["passed_on_at", "passed_on_by"])
    return greeting
