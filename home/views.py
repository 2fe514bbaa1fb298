"""Front-end pages of the home app: 我的, study actions, the secretary's reports. Thin: parse,
call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch import caching, roles
from branch.models import Branch, Employee, Team
from branch.paging import paginate
from branch.selectors import (
    administered_branch_ids,
    branches_administered_by,
    employee_of,
    is_secretary,
    led_team_ids,
    role_of,
    teams_led_by,
)
from branch.spreadsheets import xlsx_response

from . import selectors, services
from .forms import AttendanceForm
from .models import StudyMaterialPage
from .panels import render_dashboard_panels, render_me_panels, render_workplace_panels
from .registries import collect_todos
from .workplace import STUDY

REPORT_PER_PAGE = 10  # materials per page of a report that names every reader


def _readable_material(user, page_id: int) -> StudyMaterialPage:
    return get_object_or_404(selectors.materials_readable_by(user), pk=page_id)


def _secretary_branch(user) -> Branch:
    branch = branches_administered_by(user).order_by("pk").first()
    if branch is None:
        raise PermissionDenied
    return branch


def _me_study_html(request, employee) -> str:
    """我的's study sections: what is left to study, what was studied lately, and (for a leader)
    the materials to record a group study of."""
    context = {"index": selectors.study_index_for(request.user)}
    if employee is not None:
        context["to_study"] = list(selectors.materials_to_study(employee)[:20])
        context["recent"] = list(selectors.recent_records(employee))
    if led_team_ids(request.user):
        context["to_record"] = list(selectors.materials_readable_by(request.user)[:5])
    return render_to_string("home/_me_study.html", context, request=request)


@login_required
def me(request):
    """我的: every section cached per user until the data it shows changes (``branch.caching``),
    so a warm page costs a handful of queries whatever the data."""
    employee = employee_of(request.user)
    study_html = caching.cached(
        caching.user_key(request.user, "me:study", [STUDY]),
        lambda: _me_study_html(request, employee),
    )
    context = {
        "employee": employee,
        "panels": render_me_panels(request),
        "study_html": study_html,
    }
    return render(request, "home/me.html", context)


@login_required
def study_list(request):
    index = selectors.study_index_for(request.user)
    if index is not None:
        return redirect(index.url)
    page = paginate(request, selectors.materials_readable_by(request.user).defer_streamfields())
    return render(
        request,
        "home/study_list.html",
        {"materials": list(page.object_list), "materials_page": page},
    )


@login_required
@require_POST
def study_done(request, page_id: int):
    page = _readable_material(request.user, page_id)
    employee = employee_of(request.user)
    if employee is None:
        raise PermissionDenied
    try:
        services.study_record_mark(employee=employee, page=page, recorded_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded: you studied “%(title)s”.") % {"title": page.title})
    return redirect(page.url)


@login_required
def study_attendance(request, page_id: int):
    page = _readable_material(request.user, page_id)
    if is_secretary(request.user, page.branch):
        people = Employee.objects.active().filter(branch_id=page.branch_id)
    else:
        team_ids = list(teams_led_by(request.user).values_list("pk", flat=True))
        if not team_ids:
            raise PermissionDenied
        people = Employee.objects.active().filter(team_id__in=team_ids)
    people = people.select_related("team", "user").order_by("team_id", "staff_no")
    form = AttendanceForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            records = services.study_records_mark_attendance(
                leader_user=request.user, page=page, employees=form.cleaned_data["employees"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Recorded %(n)d people in the group study.") % {"n": len(records)}
            )
            return redirect("home:study_attendance", page_id=page.pk)
    studied = set(page.study_records.values_list("employee_id", flat=True))
    return render(
        request,
        "home/study_attendance.html",
        {"page": page, "form": form, "people": list(people), "studied": studied},
    )


def _report_rows(report):
    """The report's rows one by one (50,000 of them for 100 materials and 500 people): the
    write-only workbook takes them as they come, nothing is gathered first."""
    no_team = _("No team")
    labels = {"studied": _("Studied"), "missing": _("Not studied")}
    also = _("Studied (not required)")
    for item in report:
        title = item.page.title
        for team in item.teams:
            team_name = team.team.name if team.team else no_team
            for person in team.studied:
                yield [title, team_name, person.staff_no, person.name, labels["studied"]]
            for person in team.missing:
                yield [title, team_name, person.staff_no, person.name, labels["missing"]]
        for person in item.also_studied:
            team_name = person.team.name if person.team else no_team
            yield [title, team_name, person.staff_no, person.name, also]


def _report_sheets(report):
    return [
        (
            _("Study completion"),
            [_("Material"), _("Team"), _("Staff number"), _("Full name"), _("Status")],
            _report_rows(report),
        )
    ]


@login_required
def study_report(request):
    branch = _secretary_branch(request.user)
    if request.GET.get("format") == "xlsx":
        report = selectors.completion_report(branch)
        stamp = timezone.localdate().isoformat()
        return xlsx_response(f"study-report-{stamp}.xlsx", _report_sheets(report))
    # Each material lists its readers by name: a few materials a page keeps it small. The named
    # readers are kept per secretary and page until a study, a material or the roster changes.
    page = paginate(request, selectors.materials_of_branch(branch), REPORT_PER_PAGE)
    report_html = caching.cached(
        caching.user_key(request.user, "study:report", [STUDY], branch.pk, page.number),
        lambda: render_to_string(
            "home/_study_report_items.html",
            {"report": selectors.completion_report(branch, page.object_list)},
            request=request,
        ),
    )
    return render(
        request,
        "home/study_report.html",
        {"branch": branch, "report_html": report_html, "report_page": page},
    )


@login_required
def study_material_report(request, page_id: int):
    branch = _secretary_branch(request.user)
    page = get_object_or_404(StudyMaterialPage.objects.live(), pk=page_id, branch=branch)
    report = selectors.completion_report(branch, [page])
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"study-report-{page.pk}.xlsx", _report_sheets(report))
    return render(
        request,
        "home/study_material_report.html",
        {"branch": branch, "item": report[0], "material": page},
    )


@login_required
def study_stragglers(request):
    """Who has not studied a required material by its date: a leader sees their own teams, the
    secretary the whole branch; nobody else."""
    day = timezone.localdate()
    branch = branches_administered_by(request.user).order_by("pk").first()
    team_ids = None
    if branch is None:
        teams = list(teams_led_by(request.user))
        if not teams:
            raise PermissionDenied
        branch = teams[0].branch
        team_ids = [t.pk for t in teams if t.branch_id == branch.pk]
    page = paginate(request, selectors.stragglers(branch, day, team_ids=team_ids), REPORT_PER_PAGE)
    return render(
        request,
        "home/study_stragglers.html",
        {
            "branch": branch,
            "report": page.object_list,
            "report_page": page,
            "day": day,
            "whole_branch": team_ids is None,
        },
    )


@login_required
def study_search(request):
    """One search box: study materials, published FAQ answers, suggestions… each kind
    registered in ``home.registries`` and scoped to what the reader may see."""
    from .registries import collect_search
    from .search import query_words

    query = request.GET.get("q", "").strip()[:100]
    words = query_words(query) if query else []
    groups = collect_search(request.user, words, limit=20) if words else []
    total = sum(len(hits) for _label, hits in groups)
    return render(
        request,
        "home/study_search.html",
        {"query": query, "words": words, "groups": groups, "total": total},
    )


@login_required
def workplace(request):
    """The 工作台: the role's to-dos, most urgent first, then its panels (the branch or the team
    at a glance for secretaries and leaders; 待学习, suggestions, stars and pledges for workers).
    Served at the site home "/" for everybody logged in (``HomePage.serve``)."""
    role = role_of(request.user)
    employee = employee_of(request.user)
    day = timezone.localdate()
    context = {
        "role": role,
        "employee": employee,
        "today": day,
        "todos": collect_todos(request.user, day),
        "panels": render_workplace_panels(request, role),
    }
    if role == roles.SECRETARY:
        context["branch"] = _workplace_branch(request.user, employee)
        context["dashboard_panels"] = render_dashboard_panels(request)
    elif role == roles.LEADER:
        context["teams"] = list(Team.objects.filter(pk__in=led_team_ids(request.user)))
    if employee is not None and role == roles.WORKER:
        context["study_html"] = caching.cached(
            caching.user_key(request.user, "workplace:study", [STUDY]),
            lambda: render_to_string(
                "home/_workplace_study.html",
                {"to_study": list(selectors.materials_to_study(employee)[:10])},
                request=request,
            ),
        )
        context["me_panels"] = render_me_panels(request, workplace=True)
    return render(request, "home/workplace.html", context)


def _workplace_branch(user, employee) -> Branch:
    """The branch a secretary's 工作台 is about: their first administered branch (their own
    record's branch, already read, when it is that one)."""
    ids = administered_branch_ids(user)
    if not ids:
        raise PermissionDenied
    if employee is not None and employee.branch_id == ids[0]:
        return employee.branch
    return Branch.objects.get(pk=ids[0])


@login_required
def dashboard(request):
    """The former 支部工作台 address: the 工作台 is now the site home."""
    return redirect("/")


@login_required
def more(request):
    """更多: every destination of the role, grouped (the phone tab bar shows only five)."""
    return render(request, "home/more.html")
