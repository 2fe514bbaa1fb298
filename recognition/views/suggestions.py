"""Suggestions, their responses and awards, the public board and the award ledger."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.exports import EXPORT_CHUNK
from branch.forms import parse_object_id
from branch.idempotency import once
from branch.models import Employee
from branch.paging import paginate
from branch.spreadsheets import xlsx_response

from .. import forms, selectors, services
from ..models import (
    SuggestionStatus,
)
from .common import branch_or_404, error_text, secretary_branch

# ---------------------------------------------------------------- suggestions


@login_required
def suggestion_list(request):
    """Suggestions the user may see, newest first; overdue ones are marked and can be filtered."""
    user = request.user
    qs = selectors.suggestions_visible_to(user)
    status = request.GET.get("status")
    if status in SuggestionStatus.values:
        qs = qs.filter(status=status)
    now = timezone.now()
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        qs = qs.filter(selectors.overdue_q(now))
    page = paginate(request, qs.order_by("-submitted_at", "-pk"), 30)
    for suggestion in page:
        suggestion.overdue = suggestion.is_overdue(now)
    return render(
        request,
        "recognition/suggestion_list.html",
        {
            "page": page,
            "statuses": SuggestionStatus.choices,
            "filters": {"status": status or "", "overdue": overdue_only},
            "overdue_count": selectors.suggestions_visible_to(user)
            .filter(selectors.overdue_q(now))
            .count(),
        },
    )


@login_required
def suggestion_new(request):
    """Submit a suggestion from a phone; a leader may submit for a member without an account."""
    user = request.user
    me = branch_selectors.employee_of(user)
    led = branch_selectors.teams_led_by(user)
    on_behalf = None
    if branch_selectors.is_team_leader(user) or selectors.branch_ids_of(user):
        on_behalf = Employee.objects.active().filter(
            team__in=led
        ) | Employee.objects.active().filter(branch_id__in=selectors.branch_ids_of(user))
        on_behalf = on_behalf.distinct().order_by("team__name", "staff_no")
    if me is None and on_behalf is None:
        raise PermissionDenied
    form = forms.SuggestionForm(request.POST or None, request.FILES or None, employees=on_behalf)
    if on_behalf is not None and me is not None:
        form.fields["employee"].initial = me.pk
    if request.method == "POST" and form.is_valid():
        response = once(request, lambda: _suggestion_submit(request, form, me))
        if response is not None:
            return response
    return render(request, "recognition/suggestion_form.html", {"form": form})


def _suggestion_submit(request, form, me):
    employee = form.cleaned_data.get("employee") or me
    try:
        suggestion = services.suggestion_submit(
            employee=employee,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            what=form.cleaned_data["what"],
            why=form.cleaned_data["why"],
            photo=form.cleaned_data.get("photo"),
            by=request.user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(
        request,
        _("Suggestion submitted; you will get a reply by %(date)s.")
        % {"date": timezone.localtime(suggestion.response_deadline).strftime("%Y-%m-%d")},
    )
    return redirect("recognition:suggestion_detail", suggestion.pk)


@login_required
def suggestion_detail(request, pk: int):
    """A suggestion with its responses; the secretary answers and awards here."""
    user = request.user
    suggestion = get_object_or_404(selectors.suggestions_visible_to(user), pk=pk)
    can_respond = selectors.can_respond(user, suggestion)
    is_secretary = selectors.can_approve(user, suggestion.branch)
    response_form = award_form = None
    if can_respond and suggestion.allowed_next:
        response_form = forms.ResponseForm(
            request.POST if request.POST.get("action") == "respond" else None, suggestion=suggestion
        )
    award = getattr(suggestion, "award", None) if hasattr(suggestion, "award") else None
    # Nobody rewards their own suggestion (see selectors.may_approve_record).
    can_award = selectors.may_approve_record(user, suggestion.employee, suggestion.branch)[0]
    if can_award and suggestion.awardable and award is None:
        award_form = forms.AwardForm(
            request.POST if request.POST.get("action") == "award" else None,
            branch=suggestion.branch,
        )
    benefit_form = (
        forms.BenefitForm(
            request.POST if request.POST.get("action") == "benefit" else None,
            branch=suggestion.branch,
            initial={
                "benefit_unit": suggestion.benefit_unit,
                "estimated_benefit": suggestion.estimated_benefit,
                "realised_benefit": suggestion.realised_benefit,
                "implemented_by": list(suggestion.implemented_by.all()),
            },
        )
        if is_secretary
        else None
    )
    if request.method == "POST":
        if not can_respond:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "benefit" and benefit_form.is_valid():
                services.suggestion_benefit_save(
                    suggestion=suggestion, by=user, **benefit_form.cleaned_data
                )
                messages.success(request, _("Benefit saved."))
                return redirect("recognition:suggestion_detail", pk)
            if action == "respond" and response_form is not None and response_form.is_valid():
                services.suggestion_respond(
                    suggestion=suggestion,
                    to_status=response_form.cleaned_data["to_status"],
                    text=response_form.cleaned_data["text"],
                    by=user,
                )
                messages.success(request, _("Replied; the suggester will be notified."))
                return redirect("recognition:suggestion_detail", pk)
            if action == "award" and award_form is not None and award_form.is_valid():
                services.award_grant(
                    suggestion=suggestion,
                    level=award_form.cleaned_data["level"],
                    amount=award_form.cleaned_data["amount"],
                    awarded_on=award_form.cleaned_data["awarded_on"],
                    note=award_form.cleaned_data["note"],
                    by=user,
                )
                messages.success(request, _("Suggestion award granted."))
                return redirect("recognition:suggestion_detail", pk)
            if action == "award" and award_form is None:
                messages.error(request, _("Only adopted suggestions can receive an award."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return render(
        request,
        "recognition/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "responses": suggestion.responses.select_related("responded_by").order_by(
                "created_at", "pk"
            ),
            "response_form": response_form,
            "award_form": award_form,
            "benefit_form": benefit_form,
            "implementers": list(suggestion.implemented_by.all()),
            "award": award,
            "overdue": suggestion.is_overdue(),
        },
    )


@login_required
def suggestion_photo(request, pk: int):
    """The photo of a suggestion, streamed only to people who may see the suggestion."""
    branch = selectors.home_branch_of(request.user)
    suggestion = selectors.suggestions_visible_to(request.user).filter(pk=pk).first() or (
        selectors.suggestion_board(branch).filter(pk=pk).first() if branch else None
    )
    if suggestion is None or not suggestion.photo:
        raise Http404
    content_type = "image/png" if suggestion.photo.name.endswith(".png") else "image/jpeg"
    with suggestion.photo.open("rb") as handle:
        return HttpResponse(handle.read(), content_type=content_type)


@login_required
def suggestion_board(request):
    """你提我改: the branch's adopted and implemented suggestions, for its members."""
    me = branch_selectors.employee_of(request.user)
    branch = branch_or_404(request.user)
    if me is None and not selectors.can_approve(request.user, branch):
        raise PermissionDenied
    page = paginate(request, selectors.suggestion_board(branch), 30)
    return render(request, "recognition/suggestion_board.html", {"page": page, "branch": branch})


def _ledger_year(request) -> int:
    """The ledger's year from the query (2000..2100); another value is said to be invalid."""
    value = request.GET.get("year", "")
    year = parse_object_id(value)
    if year is not None and 2000 <= year <= 2100:
        return year
    if value:
        messages.warning(
            request, _("“%(text)s” is not a year; showing this year.") % {"text": value[:20]}
        )
    return timezone.localdate().year


@login_required
def award_ledger(request):
    branch = secretary_branch(request.user)
    year = _ledger_year(request)
    awards = selectors.award_ledger(branch, year)
    page = paginate(request, awards)
    total = awards.order_by().aggregate(total=Sum("amount"))["total"] or 0
    return render(
        request,
        "recognition/award_ledger.html",
        {
            "awards": page.object_list,
            "page": page,
            "year": year,
            "total": total,
            "years": range(year - 3, year + 1),
        },
    )


def _benefit_text(suggestion, amount) -> str:
    if amount is None:
        return ""
    return f"{amount} {suggestion.get_benefit_unit_display()}"


@login_required
def award_ledger_xlsx(request):
    branch = secretary_branch(request.user)
    year = _ledger_year(request)
    rows = (
        (
            a.awarded_on,
            a.suggestion.employee.staff_no,
            a.suggestion.employee.name,
            a.suggestion.team.name if a.suggestion.team else "",
            a.suggestion.get_kind_display(),
            a.suggestion.title,
            a.suggestion.get_status_display(),
            a.level.name,
            float(a.amount),
            _benefit_text(a.suggestion, a.suggestion.estimated_benefit),
            _benefit_text(a.suggestion, a.suggestion.realised_benefit),
            "、".join(p.name for p in a.suggestion.implemented_by.all()),
            a.note,
        )
        for a in selectors.award_ledger(branch, year).iterator(chunk_size=EXPORT_CHUNK)
    )
    header = [
        "颁奖日期",
        "工号",
        "姓名",
        "班组",
        "类别",
        "建议标题",
        "状态",
        "奖项",
        "奖金（元）",
        "预计效益",
        "实际效益",
        "实施人",
        "备注",
    ]
    return xlsx_response(f"合理化建议奖台账-{year}.xlsx", [(f"{year}年", header, rows)])
