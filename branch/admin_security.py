"""The secretary lifts a login lock in the admin: a button on each person of their branch in the
employee list opens this page; another branch's person answers 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from . import selectors, services
from .models import Employee


def login_unlock(request, pk: int):
    branches = selectors.branches_administered_by(request.user)
    employee = get_object_or_404(
        Employee.objects.filter(branch__in=branches).select_related("user", "branch"), pk=pk
    )
    if request.method == "POST":
        services.employee_login_unlock(employee=employee, by=request.user)
        messages.success(request, _("The login of %(name)s is unlocked.") % {"name": employee.name})
        return redirect("wagtailsnippets_branch_employee:list")
    locked = services.employee_login_locked(employee=employee)
    return render(
        request, "branch/admin/login_unlock.html", {"employee": employee, "locked": locked}
    )


def security_urls():
    return [path("people/<int:pk>/unlock-login/", login_unlock, name="employee_login_unlock")]
