"""One record per rendered form, however often it is sent.

A creating form carries a one-time token (``OnceFormMixin`` adds it as a hidden field, a fresh
one each time the form is rendered empty). The view wraps its creating step in ``once()``:

    if request.method == "POST" and form.is_valid():
        response = once(request, lambda: _create(request, form))
        if response is not None:
            return response

``_create`` returns the redirect that follows a successful creation, or None when it showed an
error (the form is shown again, and the same token may be sent again once corrected). The first
successful submission with a token claims it in ``FormSubmission`` (unique per account and
token, so two simultaneous submissions cannot both pass) inside the same transaction as the
creation; any later one with that token is sent where the first one went. Two renders are two
tokens, hence two records. A POST without a token (an old page, a script) is served as before.
"""

import re
import uuid
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "form_token"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def new_token() -> str:
    return uuid.uuid4().hex


def token_of(request) -> str | None:
    token = (request.POST.get(FIELD) or "").strip().lower()
    return token if _TOKEN.match(token) else None


class _NotCreated(Exception):
    def __init__(self, response):
        self.response = response


def _replay(request, submission: FormSubmission) -> HttpResponse:
    messages.info(request, _("This form was already submitted; nothing was added twice."))
    return HttpResponseRedirect(submission.redirect_to or request.get_full_path())


def once(request, create: Callable[[], HttpResponse | None]) -> HttpResponse | None:
    """Run ``create`` unless the form's token was already used; see the module docstring."""
    token = token_of(request)
    user = request.user
    if token is None or not user.is_authenticated:
        return create()
    done = FormSubmission.objects.filter(user=user, token=token).first()
    if done is not None:
        return _replay(request, done)
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(user=user, token=token)
            response = create()
            if response is None or response.status_code not in {301, 302, 303}:
                raise _NotCreated(response)  # nothing made: free the token again
            claim.redirect_to = response.get("Location", "")[:500]
            claim.save(update_fields=["redirect_to"])
            return response
    except _NotCreated as undone:
        return undone.response
    except IntegrityError:
        # The same token sent twice at once: the other request made the record.
        done = FormSubmission.objects.filter(user=user, token=token).first()
        if done is None:
            raise
        return _replay(request, done)


class OnceFormMixin:
    """Adds the hidden one-time token to a creating form (fresh each time it is rendered
    unbound; a form shown again with errors keeps the token it was sent with)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=new_token
        )

    def clean(self):
        cleaned = super().clean()
        # The token is read by ``once()`` from the POST; the services never see it.
        self.cleaned_data.pop(FIELD, None)
        return cleaned
