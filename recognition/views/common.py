"""Helpers shared by the recognition views."""

from django.core.exceptions import PermissionDenied, ValidationError

from branch import selectors as branch_selectors

from .. import selectors


def branch_or_404(user):
    branch = selectors.home_branch_of(user)
    if branch is None:
        raise PermissionDenied
    return branch


def secretary_branch(user):
    branch = branch_selectors.branches_administered_by(user).first()
    if branch is None:
        raise PermissionDenied
    return branch


def error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)
