"""The calendar feed and its token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.auth import person_has_left

from .. import services
from ..feed import build_feed
from ..models import (
    FeedToken,
)

# ---------------------------------------------------------------- calendar feed


@login_required
def feed_manage(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(user=request.user)
            messages.success(request, _("Subscription address disabled."))
        else:
            services.feed_token_regenerate(user=request.user)
            messages.success(
                request,
                _("A new subscription address was generated; the old one stops working at once."),
            )
        return redirect("care:feed_manage")
    token = FeedToken.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(f"/care/feed/{token.token}.ics") if token else ""
    return render(request, "care/feed_manage.html", {"token": token, "feed_url": url})


def feed(request, token: str):
    row = FeedToken.objects.select_related("user", "user__employee").filter(token=token).first()
    if row is None or not row.user.is_active or person_has_left(row.user):
        raise Http404
    body = build_feed(row.user, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="care.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
