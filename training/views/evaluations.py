"""Reports, the technical evaluation (技术考评) with its rule and nominations, and contests."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.models import Employee
from branch.paging import paginate

from .. import selectors, services
from ..models import Contest, Entry, Grade, Nomination
from .common import branch_or_403, error_text, role_flags

PERIOD_RE = re.compile(r"^20\d\d-H[12]$")
RULE_FIELDS = (
    "drill_weight", "lesson_weight", "exam_weight", "contest_weight",
    "excellent_from", "good_from", "pass_from",
)  # fmt: skip


def _period(request) -> str:
    value = request.GET.get("period", "")
    return value if PERIOD_RE.match(value) else selectors.current_period()


@login_required
def report(request):
    """Completion and average scores per team and per employment type: the secretary for the
    branch, a leader for their teams."""
    user = request.user
    branch = branch_or_403(user)
    flags = role_flags(user, branch)
    people = Employee.objects.active().filter(branch=branch).select_related("team")
    if not flags["is_secretary"]:
        if not flags["is_leader"]:
            raise PermissionDenied
        people = people.filter(team__in=branch_selectors.teams_led_by(user))
    period = _period(request)
    teams, types, rows = selectors.report_rows(
        branch, list(people.order_by("team__name", "staff_no")), period
    )
    page = paginate(request, rows)
    return render(
        request,
        "training/report.html",
        {
            "period": period,
            "teams": teams,
            "types": types,
            "rows": page.object_list,
            "page": page,
            **flags,
        },
    )


@login_required
def evaluations(request):
    """The secretary's technical evaluation: the rule (seen and set), every person's inputs
    beside the grade, the 入党 reference column and nomination decisions with history."""
    user = request.user
    branch = branch_selectors.branches_administered_by(user).first()
    if branch is None:
        raise PermissionDenied
    period = _period(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "compute":
                services.evaluations_compute(branch=branch, period=period)
                messages.success(request, _("Evaluations computed."))
            elif action == "rule":
                values = {}
                for name in RULE_FIELDS:
                    text = request.POST.get(name, "").strip()
                    if not (text.isascii() and text.isdigit()) or int(text) > 100:
                        raise ValidationError(_("Please enter whole numbers from 0 to 100."))
                    values[name] = int(text)
                values["contest_entry_grade"] = request.POST.get("contest_entry_grade", "")
                services.evaluation_rule_set(branch=branch, user=user, **values)
                messages.success(request, _("Rule saved."))
            elif action == "nominate":
                employee = get_object_or_404(
                    Employee.objects.filter(branch=branch),
                    pk=parse_object_id(request.POST.get("employee")) or 0,
                )
                services.nomination_decide(
                    employee=employee,
                    purpose=request.POST.get("purpose", ""),
                    period=period,
                    decision=request.POST.get("decision", ""),
                    note=request.POST.get("note", ""),
                    user=user,
                )
                messages.success(request, _("Decision recorded."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return redirect(f"{request.path}?period={period}")
    page = paginate(request, selectors.evaluations_for(branch, period))
    rows = list(page.object_list)
    nominations = {
        (n.employee_id, n.purpose): n
        for n in Nomination.objects.filter(
            employee__branch=branch, period=period, employee__in=[e.employee_id for e in rows]
        )
    }
    changes = dict(
        Nomination.history.filter(id__in=[n.pk for n in nominations.values()])
        .values("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    for nomination in nominations.values():
        nomination.changes = changes.get(nomination.pk, 0)
    return render(
        request,
        "training/evaluations.html",
        {
            "period": period,
            "rule": services.evaluation_rule_of(branch),
            "rows": [(e, nominations.get((e.employee_id, Nomination.Purpose.PARTY))) for e in rows],
            "page": page,
            "grades": Grade.choices,
            "purposes": Nomination.Purpose.choices,
            "decisions": Nomination.Decision.choices,
            "is_secretary": True,
        },
    )


@login_required
def contest_detail(request, pk: int):
    """Published results: winners and placed entrants; each entrant sees their own rank."""
    user = request.user
    branch = branch_or_403(user)
    is_secretary = branch_selectors.is_secretary(user, branch)
    contests = Contest.objects.filter(branch=branch)
    if not is_secretary:
        contests = contests.filter(published_at__isnull=False)
    contest = get_object_or_404(contests, pk=pk)
    me = branch_selectors.employee_of(user)
    mine = list(
        Entry.objects.filter(event__contest=contest, employee=me).select_related("event")
        if me
        else []
    )
    return render(
        request,
        "training/contest_detail.html",
        {
            "contest": contest,
            "placed": list(services.placed_entries(contest)),
            "mine": mine,
            "is_secretary": is_secretary,
        },
    )
