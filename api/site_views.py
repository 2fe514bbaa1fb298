"""The site's side of the API: revoking a device from 我的."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .services import api_token_revoke, live_tokens


@login_required
@require_POST
def device_revoke(request, pk: int):
    token = get_object_or_404(live_tokens(request.user), pk=pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("“%(name)s” can no longer sign in.") % {"name": token.name})
    return redirect("home:me")
