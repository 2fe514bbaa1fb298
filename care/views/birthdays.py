"""The care home page, birthdays, greetings and the care settings."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch import selectors as branch_selectors
from branch.models import ChannelSettings, Delivery
from branch.paging import paginate
from branch.roles import LEADER, SECRETARY
from branch.services import channel_settings_save

from .. import selectors, services
from ..forms import (
    CareSettingsForm,
    ChannelSettingsForm,
)
from ..models import (
    Greeting,
)
from .common import require_role, role_of_request, secretary_branch


@login_required
def index(request):
    today = timezone.localdate()
    role = role_of_request(request)
    context = {
        "today": today,
        "role": role,
        "show_cases": role == SECRETARY or selectors.cases_visible_to(request.user).exists(),
    }
    if role in {SECRETARY, LEADER}:
        context["soon"] = selectors.upcoming_birthdays(
            request.user, today, today + datetime.timedelta(days=7)
        )
    context["campaigns"] = [
        c for c in selectors.campaigns_visible_to(request.user) if c.ends_on >= today
    ][:5]
    return render(request, "care/index.html", context)


@login_required
def birthday_list(request):
    """The next 7 days', this month's and next month's birthdays of the people the user looks
    after (lunar ones marked), so a leader can prepare before the day."""
    require_role(request, SECRETARY, LEADER)
    today = timezone.localdate()
    month_start = today.replace(day=1)
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    next_start = month_end + datetime.timedelta(days=1)
    next_end = next_start.replace(day=calendar.monthrange(next_start.year, next_start.month)[1])
    week_end = today + datetime.timedelta(days=7)
    rows = selectors.upcoming_birthdays(request.user, month_start, max(next_end, week_end))
    return render(
        request,
        "care/birthday_list.html",
        {
            "today": today,
            "next_month_day": next_start,
            "this_month": [r for r in rows if month_start <= r.date <= month_end],
            "next_month": [r for r in rows if next_start <= r.date <= next_end],
            "next_week": [r for r in rows if today <= r.date <= week_end],
        },
    )


@login_required
def greeting_card(request, pk: int):
    greeting = get_object_or_404(
        Greeting.objects.select_related(
            "employee__team", "employee__branch", "employee__user", "passed_on_by"
        ),
        pk=pk,
    )
    if (
        not branch_selectors.employees_visible_to(request.user)
        .filter(pk=greeting.employee_id)
        .exists()
    ):
        raise Http404
    may_pass_on = services.greeting_needs_passing_on(greeting) and selectors.can_record_for(
        request.user, greeting.employee
    )
    return render(
        request, "care/greeting_card.html", {"greeting": greeting, "may_pass_on": may_pass_on}
    )


@login_required
@require_POST
def greeting_pass_on(request, pk: int):
    """转达了: the leader ticks that the wishes reached a member without an account."""
    greeting = get_object_or_404(
        Greeting.objects.filter(
            employee__in=branch_selectors.employees_visible_to(request.user, include_left=True)
        ),
        pk=pk,
    )
    try:
        services.greeting_pass_on(greeting=greeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded: the wishes were passed on."))
    return redirect("care:greeting_card", pk=greeting.pk)


@login_required
def greeting_list(request):
    require_role(request, SECRETARY, LEADER)
    visible = branch_selectors.employees_visible_to(request.user, include_left=True)
    greetings = (
        Greeting.objects.filter(employee__in=visible.values("pk"))
        .select_related("employee__team", "employee__user")
        .order_by("-birthday", "-pk")
    )
    page = paginate(request, greetings)
    return render(request, "care/greeting_list.html", {"greetings": page.object_list, "page": page})


# ---------------------------------------------------------------- settings


@login_required
def care_settings(request):
    branch = secretary_branch(request)
    current = services.care_settings_for(branch)
    channels = ChannelSettings.objects.filter(branch=branch).first()
    form = CareSettingsForm(request.POST or None, instance=current, prefix="care")
    channel_form = ChannelSettingsForm(
        request.POST or None,
        prefix="ch",
        initial={
            "email_enabled": channels.email_enabled if channels else True,
            "webhook_enabled": channels.webhook_enabled if channels else True,
            "webhook_url": channels.webhook_url if channels else "",
        },
    )
    if request.method == "POST" and form.is_valid() and channel_form.is_valid():
        services.care_settings_save(branch=branch, **form.cleaned_data)
        channel_settings_save(branch=branch, **channel_form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("care:settings")
    deliveries = (
        Delivery.objects.filter(branch=branch)
        .exclude(status="sent")
        .select_related("notification__recipient")[:50]
    )
    return render(
        request,
        "care/settings.html",
        {"form": form, "channel_form": channel_form, "deliveries": deliveries},
    )
