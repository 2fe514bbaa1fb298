"""Welfare campaigns: list, edit, checklist, report and ledger."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.exports import EXPORT_CHUNK
from branch.forms import parse_object_id
from branch.models import Employee, EmploymentType
from branch.paging import paginate
from branch.roles import LEADER, SECRETARY
from branch.spreadsheets import xlsx_response

from .. import selectors, services
from ..forms import (
    CampaignForm,
)
from ..models import (
    WelfareCampaign,
)
from .common import require_role, role_of_request, secretary_branch, show_errors

# ---------------------------------------------------------------- campaigns


@login_required
def campaign_list(request):
    require_role(request, SECRETARY, LEADER)
    campaigns = selectors.campaigns_visible_to(request.user).prefetch_related("teams", "items")
    page = paginate(request, campaigns)
    return render(
        request,
        "care/campaign_list.html",
        {
            "campaigns": page.object_list,
            "page": page,
            "is_secretary": role_of_request(request) == SECRETARY,
        },
    )


@login_required
def campaign_edit(request, pk: int | None = None):
    branch = secretary_branch(request)
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
            show_errors(request, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("care:campaign_detail", pk=campaign.pk)
    return render(request, "care/campaign_form.html", {"form": form, "campaign": campaign})


def _campaign_for(request, pk):
    require_role(request, SECRETARY, LEADER)
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
            "received_default": _default_received_on(campaign),
            "is_secretary": branch_selectors.is_secretary(request.user, campaign.branch),
        },
    )


def _campaign_post(request, campaign):
    visible = selectors.campaign_targets(campaign)
    try:
        received_on = _received_on(request.POST.get("received_on"), campaign)
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
                Employee,
                pk=parse_object_id(request.POST.get("employee_id")) or 0,
                branch=campaign.branch,
            )
            item = get_object_or_404(
                campaign.items, pk=parse_object_id(request.POST.get("item_id")) or 0
            )
            if request.POST.get("action") == "remove":
                services.distribution_remove(
                    campaign=campaign, employee=employee, item=item, user=request.user
                )
            else:
                quantity = request.POST.get("quantity") or str(item.default_quantity)
                if not (quantity.isascii() and quantity.isdigit() and len(quantity) <= 6):
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
        show_errors(request, exc)
    del visible
    return redirect("care:campaign_detail", pk=campaign.pk)


def _default_received_on(campaign) -> datetime.date:
    """Today, or the campaign's nearest day when today lies outside it (a receipt entered late
    is dated on the campaign's last day)."""
    return min(max(timezone.localdate(), campaign.starts_on), campaign.ends_on)


def _received_on(text: str | None, campaign) -> datetime.date:
    """The date of receipt from the checklist: the default date when the form sent none (a
    tap on one item's chip), an error (never today in its place) when it sent something that
    is not a date."""
    if text is None:
        return _default_received_on(campaign)
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(_("Please enter a valid date of receipt.")) from None


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
        for d in selectors.campaign_ledger(campaign)
        .select_related("recorded_by__employee")
        .iterator(chunk_size=EXPORT_CHUNK)
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
