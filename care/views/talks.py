"""Private talks (谈心): ask, acknowledge, schedule, record. The note is shown only to the one
who held the talk and the secretary, and each showing is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.idempotency import once
from branch.paging import paginate

from .. import selectors, services
from ..forms import TalkRecordForm, TalkRequestForm, TalkScheduleForm
from ..models import TalkStatus
from .common import show_errors


@login_required
def talk_list(request):
    """My requests, and (listener, secretary) the requests to handle. Confidential topics are
    never shown in the list."""
    form = TalkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def _create():
            try:
                services.talk_request(requested_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(request, _("Your request has been sent; you will hear back soon."))
                return redirect("care:talk_list")
            return None

        response = once(request, _create)
        if response is not None:
            return response
    page = paginate(
        request, selectors.talks_visible_to(request.user).order_by("-created_at", "-pk")
    )
    return render(
        request,
        "care/talk_list.html",
        {
            "form": form,
            "talks": page.object_list,
            "page": page,
            "can_ask": branch_selectors.employee_of(request.user) is not None,
            "now": timezone.now(),
        },
    )


@login_required
def talk_detail(request, pk: int):
    talk = selectors.talks_visible_to(request.user).filter(pk=pk).first()
    if talk is None:
        raise Http404
    can_handle = services.can_handle_talk(request.user, talk)
    if request.method == "POST":
        return _talk_post(request, talk, can_handle)
    can_read_note = talk.status == TalkStatus.HELD and services.can_read_talk_note(
        request.user, talk
    )
    if can_read_note:
        services.talk_access_log(talk=talk, user=request.user)
    is_secretary = branch_selectors.is_secretary(request.user, talk.branch)
    return render(
        request,
        "care/talk_detail.html",
        {
            "talk": talk,
            "can_handle": can_handle,
            "can_read_note": can_read_note,
            "show_topic": can_handle or talk.requested_by_id == request.user.pk,
            "logs": talk.access_logs.select_related("user__employee")[:20] if is_secretary else [],
            "schedule_form": TalkScheduleForm(),
            "record_form": TalkRecordForm(initial={"held_on": timezone.localdate()}),
            "open": talk.status in services.talks.OPEN_STATUSES,
        },
    )


def _talk_post(request, talk, can_handle):
    action = request.POST.get("action")
    try:
        if action == "withdraw":
            services.talk_withdraw(talk=talk, by=request.user)
        elif not can_handle:
            raise PermissionDenied
        elif action == "acknowledge":
            services.talk_acknowledge(talk=talk, by=request.user)
        elif action == "schedule":
            form = TalkScheduleForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.talk_schedule(talk=talk, by=request.user, **form.cleaned_data)
        elif action == "record":
            form = TalkRecordForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.talk_record(talk=talk, by=request.user, **form.cleaned_data)
        else:
            raise ValidationError(_("Unknown action"))
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("care:talk_detail", pk=talk.pk)
