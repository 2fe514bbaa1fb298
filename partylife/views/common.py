"""Helpers shared by the organisational-life views."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from branch import selectors as branch_selectors


def secretary_branch(request):
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is None:
        raise PermissionDenied
    return branch


def show_errors(request, exc) -> None:
    if hasattr(exc, "message_dict"):
        for errors in exc.message_dict.values():
            for message in errors:
                messages.error(request, message)
        return
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


def add_form_errors(form, exc) -> None:
    """Put a service's ValidationError on the form's fields (or the form when not a field)."""
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
