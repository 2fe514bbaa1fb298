"""Thin views: parse the request, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from . import selectors, services
from .forms import AccountPasswordForm, StaffLoginForm, parse_object_id
from .models import EmploymentType
from .paging import paginate
from .roles import LEADER, SECRETARY


class StaffLoginView(auth_views.LoginView):
    form_class = StaffLoginForm
    template_name = "branch/login.html"
    redirect_authenticated_user = True


class AdminLogoutView(WagtailLogoutView):
    """The Wagtail admin's logout, by POST only: Wagtail's view deletes the session cookie and
    adds its message whatever the method, so a GET (a link, an <img> on another site) would
    still log the person out while answering 405. Here any other method is refused untouched."""

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() != "post":
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_required
def people_list(request):
    """The people a leader or secretary looks after, by team, with their account status."""
    if selectors.role_of(request.user) not in {SECRETARY, LEADER}:
        raise PermissionDenied
    employees = selectors.employees_visible_to(request.user)
    team_id = request.GET.get("team")
    team_pk = parse_object_id(team_id)
    if team_pk is not None:
        employees = employees.filter(team_id=team_pk)
    employment_type = request.GET.get("type")
    if employment_type in EmploymentType.values:
        employees = employees.filter(employment_type=employment_type)
    query = (request.GET.get("q") or "").strip()
    if query:
        employees = employees.filter(name__contains=query) | employees.filter(
            staff_no__icontains=query
        )
    page = paginate(request, employees.order_by("team__name", "staff_no"))
    return render(
        request,
        "branch/people_list.html",
        {
            "page": page,
            "teams": selectors.teams_visible_to(request.user),
            "employment_types": EmploymentType.choices,
            "can_manage_accounts": selectors.is_secretary(request.user),
            "filters": {"team": team_id or "", "type": employment_type or "", "q": query},
        },
    )


@login_required
def employee_account(request, pk: int):
    """A secretary creates a worker's account or resets its password."""
    employee = get_object_or_404(selectors.employees_visible_to(request.user), pk=pk)
    if not selectors.is_secretary(request.user, employee.branch):
        raise PermissionDenied
    form = AccountPasswordForm(request.POST or None)
    new_password = None
    if request.method == "POST" and form.is_valid():
        try:
            _user, new_password = services.employee_account_set(
                employee=employee, password=form.cleaned_data["password"] or None
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("password", message)
        else:
            messages.success(request, _("Account set for %(name)s.") % {"name": employee.name})
    return render(
        request,
        "branch/employee_account.html",
        {"employee": employee, "form": form, "new_password": new_password},
    )


@login_required
def inbox(request):
    page = paginate(request, selectors.notifications_for(request.user), 30)
    return render(request, "branch/inbox.html", {"page": page})


@login_required
def inbox_open(request, pk: int):
    """Open a message: it is marked read, then its link is followed (or the inbox shown)."""
    note = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification_ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(note.url)
    return redirect("inbox")


@login_required
@require_POST
def inbox_mark_read(request):
    ids = [i for i in map(parse_object_id, request.POST.getlist("id")) if i is not None]
    services.notification_mark_read(user=request.user, notification_ids=ids or None)
    return redirect("inbox")
