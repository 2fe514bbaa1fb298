"""Party dues: the monthly collection sheet, the yearly summary and its .xlsx export."""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.spreadsheets import xlsx_response

from .. import selectors, services
from ..forms import DuesRateFormSet
from ..models import DuesCategory
from .common import secretary_branch, show_errors


def _month(request) -> datetime.date:
    text = request.GET.get("month") or request.POST.get("month") or ""
    try:
        day = datetime.date.fromisoformat(text + "-01")
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        if text:  # said, not silently replaced: the month asked for is not a month
            messages.warning(
                request, _("“%(text)s” is not a month; showing this month.") % {"text": text[:20]}
            )
        day = timezone.localdate()
    return day.replace(day=1)


def _viewer_branch(request):
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is not None:
        return branch, True
    me = branch_selectors.employee_of(request.user)
    if me is not None and selectors.party_groups_led_by(request.user).exists():
        return me.branch, False
    raise PermissionDenied


@login_required
def dues_sheet(request):
    """The month's collection sheet: the secretary records; a Party-group leader reads their
    group's lines."""
    branch, is_secretary = _viewer_branch(request)
    month = _month(request)
    if request.method == "POST":
        if not is_secretary:
            raise PermissionDenied
        _sheet_post(request, branch, month)
        return redirect(f"{reverse('partylife:dues_sheet')}?month={month:%Y-%m}")
    lines = list(
        selectors.dues_visible_to(request.user)
        .filter(branch=branch, month=month)
        .order_by("employee__team__name", "employee__staff_no")
    )
    owing = services.arrears(branch, month)
    for line in lines:
        line.arrears = owing.get(line.employee_id, 0)
    return render(
        request,
        "partylife/dues_sheet.html",
        {
            "month": month,
            "lines": lines,
            "is_secretary": is_secretary,
            "categories": DuesCategory.choices,
            "paid_total": sum((x.amount for x in lines if x.paid_on), Decimal("0")),
            "due_total": sum((x.amount for x in lines), Decimal("0")),
            "unpaid": sum(1 for x in lines if not x.paid_on),
            "today": timezone.localdate(),
        },
    )


def _sheet_post(request, branch, month) -> None:
    try:
        if request.POST.get("action") == "prepare":
            added = services.dues_month_prepare(branch=branch, month=month, user=request.user)
            messages.success(request, _("%(n)s lines added.") % {"n": added})
            return
        pk = parse_object_id(request.POST.get("line"))
        line = (
            selectors.dues_visible_to(request.user).filter(branch=branch, pk=pk).first()
            if pk
            else None
        )
        if line is None:
            raise ValidationError(_("No such line on this sheet."))
        try:
            base = Decimal(request.POST.get("base", "").strip() or line.base)
        except InvalidOperation as exc:
            raise ValidationError(_("Enter the dues base as a number of yuan.")) from exc
        if not base.is_finite() or base < 0 or base >= Decimal("100000000"):
            raise ValidationError(_("Enter the dues base as a number of yuan."))
        paid = request.POST.get("paid") == "1"
        services.dues_payment_set(
            payment=line, user=request.user, base=base.quantize(Decimal("0.01")),
            category=request.POST.get("category") or line.category,
            paid_on=timezone.localdate() if paid and not line.paid_on else None,
            unpaid=request.POST.get("paid") == "0",
        )  # fmt: skip
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        show_errors(request, exc)


def _year_rows(branch, user, year):
    lines = (
        selectors.dues_visible_to(user)
        .filter(branch=branch, month__year=year)
        .order_by("employee__team__name", "employee__staff_no", "month")
    )
    people: dict[int, dict] = {}
    for line in lines:
        row = people.setdefault(
            line.employee_id,
            {
                "employee": line.employee,
                "months": [None] * 12,
                "paid": Decimal("0"),
                "due": Decimal("0"),
            },
        )
        row["months"][line.month.month - 1] = line
        row["due"] += line.amount
        if line.paid_on:
            row["paid"] += line.amount
    return list(people.values())


@login_required
def dues_year(request):
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is None:
        raise PermissionDenied
    year = parse_object_id(request.GET.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    rows = _year_rows(branch, request.user, year)
    if request.GET.get("format") == "xlsx":
        header = [_("Staff number"), _("Full name"), *[f"{m}月" for m in range(1, 13)],
                  _("Due"), _("Paid")]  # fmt: skip
        data = [
            [
                r["employee"].staff_no,
                r["employee"].name,
                *[
                    (float(x.amount) if x.paid_on else (f"未缴 {x.amount}" if x else ""))
                    if x
                    else ""
                    for x in r["months"]
                ],
                float(r["due"]),
                float(r["paid"]),
            ]  # fmt: skip
            for r in rows
        ]
        return xlsx_response(f"党费{year}.xlsx", [(f"{year}", header, data)])
    return render(request, "partylife/dues_year.html", {"rows": rows, "year": year})


@login_required
def dues_rates(request):
    """The branch's dues table: brackets of the base with their rate, and the fixed amounts of
    the categories without a wage. Saving replaces the whole table at once."""
    branch = secretary_branch(request)
    if request.method == "POST":
        formset = DuesRateFormSet(request.POST, prefix="rates")
        if formset.is_valid():
            rates = [
                services.Rate(
                    f.cleaned_data["category"],
                    f.cleaned_data.get("up_to"),
                    f.cleaned_data.get("percent"),
                    f.cleaned_data.get("fixed_amount"),
                )
                for f in formset.forms
                if f.cleaned_data
                and not f.cleaned_data.get("DELETE")
                and any(
                    f.cleaned_data.get(k) is not None for k in ("up_to", "percent", "fixed_amount")
                )
            ]
            try:
                changed = services.dues_rates_set(branch=branch, user=request.user, rates=rates)
            except ValidationError as exc:
                for message in exc.messages:
                    formset._non_form_errors = formset.error_class(
                        [*formset.non_form_errors(), message]
                    )
            else:
                messages.success(
                    request,
                    _("Dues table saved; %(n)s unpaid lines recomputed.") % {"n": changed},
                )
                return redirect("partylife:dues_rates")
    else:
        initial = [
            {"category": r.category, "up_to": r.up_to, "percent": r.percent,
             "fixed_amount": r.fixed_amount}
            for r in services.rate_table(branch)
        ]  # fmt: skip
        formset = DuesRateFormSet(prefix="rates", initial=initial)
    return render(request, "partylife/dues_rates.html", {"formset": formset})
