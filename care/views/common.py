"""Helpers shared by the care views."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from branch import selectors as branch_selectors

User = get_user_model()


def role_of_request(request):
    return branch_selectors.role_of(request.user)


def require_role(request, *roles):
    if role_of_request(request) not in roles:
        raise PermissionDenied


def secretary_branch(request):
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is None:
        raise PermissionDenied
    return branch


def show_errors(request, exc):
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)
