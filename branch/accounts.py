"""Opening accounts in bulk for a real branch's first run, and the first-login password rule.

A secretary opens accounts for a team (or for every team leader) at once; each gets a generated
password that is shown once, on a printable sheet, and never stored in clear. Such an account
must choose its own password at first login: ``Employee.password_change_required`` is set here,
:class:`PasswordChangeRequiredMiddleware` sends the person to the password page until they do,
and :class:`FirstLoginPasswordChangeView` clears the flag.

The flag is copied into the session at login, so the middleware costs no query per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from .models import Branch, Employee

SESSION_KEY = "branch.password_change_required"
MAX_BATCH = 200  # password hashing is deliberately slow: a batch must finish within a request


@dataclass(frozen=True)
class OpenedAccount:
    employee: Employee
    username: str
    password: str


def accounts_to_open(branch: Branch, *, team_id: int | None = None, leaders_only: bool = False):
    """Active people of ``branch`` without an account, in sheet order."""
    people = Employee.objects.active().filter(branch=branch, user__isnull=True)
    if team_id is not None:
        people = people.filter(team_id=team_id)
    if leaders_only:
        people = people.filter(led_teams__isnull=False).distinct()
    return people.select_related("team", "branch").order_by("team__name", "staff_no")


@transaction.atomic
def accounts_open_bulk(*, employees: list[Employee]) -> list[OpenedAccount]:
    """Open an account for each person (team leaders also join the 班组长 group); each must
    change the printed password at first login. People who already have one are skipped."""
    from .roles import LEADER
    from .services import _add_to_group, employee_account_set

    opened = []
    leading = set(
        Employee.objects.filter(pk__in=[e.pk for e in employees], led_teams__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    for employee in employees[:MAX_BATCH]:
        if employee.user_id or employee.has_left():
            continue
        user, password = employee_account_set(employee=employee)
        if employee.pk in leading:
            _add_to_group(user, LEADER)
        opened.append(OpenedAccount(employee, user.username, password))
    Employee.objects.filter(pk__in=[o.employee.pk for o in opened]).update(
        password_change_required=True
    )  # a flag, not a change of the person's record: no history row
    return opened


def password_change_required_set(*, employee: Employee, required: bool) -> None:
    Employee.objects.filter(pk=employee.pk).update(password_change_required=required)


# -- the first-login rule ----------------------------------------------------------------------


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: remember in the session whether the password must change."""
    if request is None or not hasattr(request, "session"):
        return
    required = Employee.objects.filter(user=user, password_change_required=True).exists()
    if required:
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


ALLOWED_NAMES = ("password_change", "password_change_done", "logout", "login")


class PasswordChangeRequiredMiddleware:
    """Until a first-login password is changed, every page leads to the password page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            allowed = {reverse(name) for name in ALLOWED_NAMES}
            path = request.path_info
            if path not in allowed and not path.startswith(("/static/", "/favicon")):
                return redirect(f"{reverse('password_change')}?first=1")
        return self.get_response(request)


class FirstLoginPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also clears the first-login flag."""

    def form_valid(self, form):
        response = super().form_valid(form)
        Employee.objects.filter(user=self.request.user).update(password_change_required=False)
        self.request.session.pop(SESSION_KEY, None)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first_login"] = bool(self.request.session.get(SESSION_KEY))
        return context


# -- a real deployment's first run -------------------------------------------------------------


@transaction.atomic
def branch_setup(
    *,
    code: str,
    name: str,
    secretary_staff_no: str,
    secretary_name: str,
    password: str | None = None,
) -> tuple[Branch, Employee, str]:
    """Create a branch and its secretary (an employee with a login account in the 支部书记
    group). Returns (branch, secretary, password); the password must be changed at first login."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .roster.cells import CellError, parse_staff_no
    from .services import branch_add_secretary, branch_create, employee_account_set

    if Branch.objects.filter(code=code).exists():
        raise ValidationError(
            _("A Party branch with the code “%(code)s” already exists") % {"code": code}
        )
    try:
        staff_no = parse_staff_no(secretary_staff_no)
    except CellError as exc:
        raise ValidationError(str(exc)) from exc
    branch = branch_create(code=code, name=name)
    secretary = Employee(branch=branch, staff_no=staff_no, name=secretary_name.strip())
    secretary.full_clean()
    secretary.save()
    user, password = employee_account_set(employee=secretary, password=password)
    branch_add_secretary(branch=branch, user=user)
    password_change_required_set(employee=secretary, required=True)
    secretary.refresh_from_db()
    return branch, secretary, password
