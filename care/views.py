"""Thin views of the care calendar: parse, check scope through selectors, call a service,
render. Confidential case pages answer 404 to anyone not allowed to read them."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.models import ChannelSettings, Delivery, Employee, EmploymentType
from branch.roles import LEADER, SECRETARY
from branch.services import channel_settings_save
from branch.spreadsheets import xlsx_response

from . import selectors, services
from .feed import build_feed
from .forms import (
    AnswerForm,
    AskForForm,
    AttachmentForm,
    CampaignForm,
    CareSettingsForm,
    CaseForm,
    CaseUpdateForm,
    ChannelSettingsForm,
    StatusForm,
    VisitForm,
)
from .models import (
    CaseStatus,
    FeedToken,
    Greeting,
    HardshipCase,
    WelfareCampaign,
)

User = get_user_model()


def _role(request):
    return branch_selectors.role_of(request.user)


def _require(request, *roles):
    if _role(request) not in roles:
        raise PermissionDenied


def _secretary_branch(request):
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is None:
        raise PermissionDenied
    return branch


def _error(request, exc):
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


@login_required
def index(request):
    today = timezone.localdate()
    role = _role(request)
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
    """This month's and the next 7 days' birthdays of the people the user looks after."""
    _require(request, SECRETARY, LEADER)
    today = timezone.localdate()
    month_start = today.replace(day=1)
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    week_end = today + datetime.timedelta(days=7)
    rows = selectors.upcoming_birthdays(
        request.user, min(month_start, today), max(month_end, week_end)
    )
    return render(
        request,
        "care/birthday_list.html",
        {
            "today": today,
            "this_month": [r for r in rows if month_start <= r.date <= month_end],
            "next_week": [r for r in rows if today <= r.date <= week_end],
        },
    )


@login_required
def greeting_card(request, pk: int):
    greeting = get_object_or_404(
        Greeting.objects.select_related("employee__team", "employee__branch"), pk=pk
    )
    if (
        not branch_selectors.employees_visible_to(request.user)
        .filter(pk=greeting.employee_id)
        .exists()
    ):
        raise Http404
    return render(request, "care/greeting_card.html", {"greeting": greeting})


@login_required
def greeting_list(request):
    _require(request, SECRETARY, LEADER)
    visible = branch_selectors.employees_visible_to(request.user, include_left=True)
    greetings = (
        Greeting.objects.filter(employee__in=visible.values("pk"))
        .select_related("employee__team")
        .order_by("-birthday")[:100]
    )
    return render(request, "care/greeting_list.html", {"greetings": greetings})


# ---------------------------------------------------------------- settings


@login_required
def care_settings(request):
    branch = _secretary_branch(request)
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


# ---------------------------------------------------------------- campaigns


@login_required
def campaign_list(request):
    _require(request, SECRETARY, LEADER)
    campaigns = selectors.campaigns_visible_to(request.user).prefetch_related("teams")
    return render(
        request,
        "care/campaign_list.html",
        {"campaigns": campaigns, "is_secretary": _role(request) == SECRETARY},
    )


@login_required
def campaign_edit(request, pk: int | None = None):
    branch = _secretary_branch(request)
    campaign = (
        get_object_or_404(WelfareCampaign, pk=pk, branch=branch)
        if pk
        else WelfareCampaign(branch=branch)
    )
    form = CampaignForm(request.POST or None, instance=campaign, teams=branch.teams.all())
    if request.method == "POST" and form.is_valid():
        try:
            campaign = form.save(commit=False)
            services.campaign_save(
                campaign=campaign,
                teams=form.cleaned_data["teams"],
                items=form.cleaned_data["items_text"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("care:campaign_detail", pk=campaign.pk)
    return render(request, "care/campaign_form.html", {"form": form, "campaign": campaign})


def _campaign_for(request, pk):
    _require(request, SECRETARY, LEADER)
    return get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)


@login_required
def campaign_detail(request, pk: int):
    """The leader's phone checklist: their team members in the target, item by item."""
    campaign = _campaign_for(request, pk)
    if request.method == "POST":
        return _campaign_post(request, campaign)
    rows = selectors.campaign_checklist(campaign, request.user)
    return render(
        request,
        "care/campaign_detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "items": list(campaign.items.all()),
            "today": timezone.localdate(),
            "is_secretary": branch_selectors.is_secretary(request.user, campaign.branch),
        },
    )


def _campaign_post(request, campaign):
    visible = selectors.campaign_targets(campaign)
    received_on = _parse_date(request.POST.get("received_on")) or timezone.localdate()
    try:
        if request.POST.get("action") == "all":
            ids = [
                i for i in map(parse_object_id, request.POST.getlist("employee")) if i is not None
            ]
            people = list(Employee.objects.filter(pk__in=ids, branch=campaign.branch))
            if len(people) != len(set(ids)):
                raise PermissionDenied
            created = services.distribution_record_all(
                campaign=campaign,
                employees=people,
                received_on=received_on,
                recorded_by=request.user,
            )
            messages.success(request, _("Recorded %(n)s distributions.") % {"n": created})
        else:
            employee = get_object_or_404(
                Employee, pk=request.POST.get("employee_id") or 0, branch=campaign.branch
            )
            item = get_object_or_404(campaign.items, pk=request.POST.get("item_id") or 0)
            if request.POST.get("action") == "remove":
                services.distribution_remove(
                    campaign=campaign, employee=employee, item=item, user=request.user
                )
            else:
                quantity = request.POST.get("quantity") or str(item.default_quantity)
                if not quantity.isdigit():
                    raise ValidationError(_("The quantity must be a positive integer"))
                services.distribution_record(
                    campaign=campaign,
                    employee=employee,
                    item=item,
                    quantity=int(quantity),
                    received_on=received_on,
                    recorded_by=request.user,
                )
            messages.success(
                request, _("Updated the receipts of %(name)s.") % {"name": employee.name}
            )
    except ValidationError as exc:
        _error(request, exc)
    del visible
    return redirect("care:campaign_detail", pk=campaign.pk)


def _parse_date(text):
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


@login_required
def campaign_report(request, pk: int):
    campaign = _campaign_for(request, pk)
    if not branch_selectors.is_secretary(request.user, campaign.branch):
        raise PermissionDenied
    coverage = selectors.campaign_coverage(campaign)
    type_labels = dict(EmploymentType.choices)
    for row in coverage["by_type"]:
        row["label"] = type_labels.get(row["employment_type"], row["employment_type"])
    return render(
        request, "care/campaign_report.html", {"campaign": campaign, "coverage": coverage}
    )


@login_required
def campaign_ledger(request, pk: int):
    campaign = _campaign_for(request, pk)
    if not branch_selectors.is_secretary(request.user, campaign.branch):
        raise PermissionDenied
    ledger = (
        (
            d.employee.team.name if d.employee.team else "",
            d.employee.staff_no,
            d.employee.name,
            d.employee.get_employment_type_display(),
            d.item.name,
            d.quantity,
            d.item.unit,
            d.received_on,
            getattr(getattr(d.recorded_by, "employee", None), "name", None)
            or d.recorded_by.get_username(),
        )
        for d in selectors.campaign_ledger(campaign).select_related("recorded_by__employee")
    )
    coverage = selectors.campaign_coverage(campaign)
    missing = (
        (p.team.name if p.team else "", p.staff_no, p.name, p.get_employment_type_display())
        for p in coverage["missing"]
    )
    sheets = [
        (
            _("Distribution ledger"),
            [
                _("Team"),
                _("Staff number"),
                _("Full name"),
                _("Employment type"),
                _("Item"),
                _("Quantity"),
                _("Unit"),
                _("Received on"),
                _("Recorded by"),
            ],
            ledger,
        ),
        (
            _("Not received"),
            [_("Team"), _("Staff number"), _("Full name"), _("Employment type")],
            missing,
        ),
    ]
    if campaign.excluded_types:
        sheets.append(
            (
                _("Exclusion note"),
                [_("Employment types not taking part"), _("Reason")],
                [("、".join(campaign.excluded_labels), campaign.exclusion_reason)],
            )
        )
    return xlsx_response(f"{campaign.occasion}台账.xlsx", sheets)


# ---------------------------------------------------------------- hardship cases


def _case_for(request, pk) -> HardshipCase:
    """The case, or 404 for anyone who may not read it (never 403: ids are not confirmed)."""
    case = selectors.cases_visible_to(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


@login_required
def case_list(request):
    cases = selectors.cases_visible_to(request.user).order_by("-created_at")
    return render(
        request,
        "care/case_list.html",
        {"cases": cases[:200], "is_secretary": branch_selectors.is_secretary(request.user)},
    )


def _handler_choices(branch):
    return User.objects.filter(employee__branch=branch, is_active=True).select_related("employee")


@login_required
def case_create(request):
    branch = _secretary_branch(request)
    form = CaseForm(
        request.POST or None,
        employees=Employee.objects.active().filter(branch=branch).select_related("team"),
        handlers=_handler_choices(branch),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = services.case_create(
            branch=branch,
            employee=data["employee"],
            category=data["category"],
            description=data["description"],
            handlers=data["handlers"],
            follow_up_on=data["follow_up_on"],
            created_by=request.user,
        )
        messages.success(request, _("Recorded."))
        return redirect("care:case_detail", pk=case.pk)
    return render(request, "care/case_form.html", {"form": form})


@login_required
def case_detail(request, pk: int):
    case = _case_for(request, pk)
    is_secretary = branch_selectors.is_secretary(request.user, case.branch)
    if request.method == "POST":
        return _case_post(request, case, is_secretary)
    services.case_access_log(case=case, user=request.user)
    history = case.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "care/case_detail.html",
        {
            "case": case,
            "visits": case.visits.select_related("visitor__employee"),
            "attachments": case.attachments.all(),
            "handlers": case.handlers.select_related("employee"),
            "history": history,
            "logs": case.access_logs.select_related("user__employee")[:20] if is_secretary else [],
            "visit_form": VisitForm(initial={"visited_on": timezone.localdate()}),
            "status_form": StatusForm(initial={"status": case.status}),
            "next_statuses": [
                (value, label)
                for value, label in CaseStatus.choices
                if value in services.TRANSITIONS[CaseStatus(case.status)]
            ],
            "attachment_form": AttachmentForm(),
            "update_form": CaseUpdateForm(
                handlers=_handler_choices(case.branch),
                initial={"handlers": list(case.handlers.all()), "follow_up_on": case.follow_up_on},
            )
            if is_secretary
            else None,
            "is_secretary": is_secretary,
        },
    )


def _case_post(request, case, is_secretary):
    action = request.POST.get("action")
    try:
        if action == "visit":
            form = VisitForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.visit_record(case=case, visitor=request.user, **form.cleaned_data)
            messages.success(request, _("Visit recorded."))
        elif action == "status":
            services.case_transition(
                case=case, status=request.POST.get("status", ""), user=request.user
            )
            messages.success(request, _("Status updated."))
        elif action == "update":
            if not is_secretary:
                raise PermissionDenied
            form = CaseUpdateForm(request.POST, handlers=_handler_choices(case.branch))
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.case_update(
                case=case,
                user=request.user,
                handlers=list(form.cleaned_data["handlers"]),
                follow_up_on=form.cleaned_data["follow_up_on"],
            )
            messages.success(request, _("Case handlers and follow-up date updated."))
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            services.attachment_add(case=case, upload=form.cleaned_data["file"], user=request.user)
            messages.success(request, _("Attachment uploaded."))
        else:
            raise ValidationError(_("Unknown action"))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("care:case_detail", pk=case.pk)


@login_required
def case_attachment(request, pk: int, attachment_id: int):
    case = _case_for(request, pk)
    attachment = get_object_or_404(case.attachments, pk=attachment_id)
    services.case_access_log(case=case, user=request.user, action="download")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- questions


@login_required
def question_list(request):
    employees = branch_selectors.employees_visible_to(request.user)
    form = AskForForm(request.POST or None, employees=employees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employee = data["employee"] or branch_selectors.employee_of(request.user)
        if employee is None:
            raise PermissionDenied
        try:
            question = services.question_ask(
                employee=employee, asked_by=request.user, category=data["category"],
                title=data["title"], body=data["body"],
            )  # fmt: skip
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("Submitted; the branch secretary will answer by %(due)s.")
                % {"due": question.due_on},
            )
            return redirect("care:question_list")
    questions = selectors.questions_visible_to(request.user).order_by("-asked_at")[:100]
    return render(
        request,
        "care/question_list.html",
        {"questions": questions, "form": form, "today": timezone.localdate(),
         "can_ask_for_others": _role(request) in {SECRETARY, LEADER}},
    )  # fmt: skip


@login_required
def question_detail(request, pk: int):
    question = get_object_or_404(selectors.questions_visible_to(request.user), pk=pk)
    is_secretary = branch_selectors.is_secretary(request.user, question.branch)
    form = AnswerForm(
        request.POST or None, initial={"answer": question.answer, "publish": question.published}
    )
    if request.method == "POST":
        if not is_secretary:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.question_answer(
                    question=question, answer=form.cleaned_data["answer"], user=request.user,
                    publish=form.cleaned_data["publish"],
                )  # fmt: skip
            except ValidationError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Answered."))
                return redirect("care:question_detail", pk=question.pk)
    return render(
        request,
        "care/question_detail.html",
        {
            "question": question,
            "form": form,
            "is_secretary": is_secretary,
            "today": timezone.localdate(),
        },
    )


@login_required
def faq(request):
    """Answered questions the secretary published, without names."""
    return render(request, "care/faq.html", {"questions": selectors.faq_for(request.user)})


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
    row = FeedToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        raise Http404
    body = build_feed(row.user, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="care.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
