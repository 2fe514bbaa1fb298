"""``manage.py seed_demo`` gives a newcomer a working branch, and a second run changes nothing."""

import pytest
from django.core.management import call_command

from branch import roles, selectors
from branch.models import Branch, Employee, EmploymentType

pytestmark = pytest.mark.django_db


def snapshot():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"branch", "home", "care", "recognition", "auth"}
    }


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    out = capsys.readouterr().out
    assert "S001" in out and "L001" in out and "W001" in out


def test_demo_has_every_role_and_employment_type():
    call_command("seed_demo")
    branch = Branch.objects.get(code="zydd")
    types = set(Employee.objects.filter(branch=branch).values_list("employment_type", flat=True))
    assert types == set(EmploymentType.values)
    assert Employee.objects.filter(branch=branch, user__isnull=True).exists()
    by_role = {
        staff_no: selectors.role_of(Employee.objects.get(staff_no=staff_no).user)
        for staff_no in ("S001", "L001", "W001")
    }
    assert by_role == {"S001": roles.SECRETARY, "L001": roles.LEADER, "W001": roles.WORKER}
