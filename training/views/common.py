"""Helpers shared by the training views."""

from django.core.exceptions import PermissionDenied, ValidationError

from branch import selectors as branch_selectors

from .. import selectors


def branch_or_403(user):
    branch = selectors.home_branch_of(user)
    if branch is None:
        raise PermissionDenied
    return branch


def role_flags(user, branch) -> dict:
    return {
        "is_secretary": branch_selectors.is_secretary(user, branch),
        "is_leader": branch_selectors.is_team_leader(user),
    }


def error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)
