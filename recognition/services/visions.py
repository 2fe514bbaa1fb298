"""Visions, commitments and check-ins, incidents."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.models import Branch, Employee, Team

from .. import selectors
from ..models import (
    Commitment,
    CommitmentCheckIn,
    Incident,
    Vision,
)

# ---------------------------------------------------------------- visions, commitments, safety


def _check_team_keeper(by, team: Team) -> None:
    if selectors.can_rate_team(by, team) or selectors.can_approve(by, team.branch):
        return
    raise PermissionDenied(_("Only this team's leader or the branch secretary can maintain this."))


@transaction.atomic
def vision_save(
    *, branch: Branch, year: int, text: str, by, team: Team | None = None, goals: str = ""
) -> Vision:
    """Write the branch vision (secretary) or a team's small vision (its leader) for a year."""
    if team is None:
        if not selectors.can_approve(by, branch):
            raise PermissionDenied(_("Only the branch secretary can change the branch vision."))
        vision = Vision.objects.filter(branch=branch, scope=Vision.Scope.BRANCH, year=year).first()
        vision = vision or Vision(branch=branch, scope=Vision.Scope.BRANCH, year=year)
    else:
        if team.branch_id != branch.pk:
            raise ValidationError(_("The team does not belong to this branch."))
        _check_team_keeper(by, team)
        vision = Vision.objects.filter(team=team, scope=Vision.Scope.TEAM, year=year).first()
        vision = vision or Vision(branch=branch, scope=Vision.Scope.TEAM, team=team, year=year)
    vision.text = (text or "").strip()
    vision.goals = (goals or "").strip()
    vision.full_clean()
    vision.save()
    return vision


def commitment_create(
    *,
    employee: Employee,
    role: str,
    promise: str,
    start_on: datetime.date,
    end_on: datetime.date | None = None,
    by,
) -> Commitment:
    if employee.team_id is None:
        raise ValidationError(_("This employee has no team."))
    _check_team_keeper(by, employee.team)
    commitment = Commitment(
        employee=employee,
        role=(role or "").strip(),
        promise=(promise or "").strip(),
        start_on=start_on,
        end_on=end_on,
        created_by=by,
    )
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def commitment_check_in(
    *, commitment: Commitment, date: datetime.date, kept: bool, note: str = "", by
) -> CommitmentCheckIn:
    """Record (or correct) the leader's check of a commitment for a day."""
    _check_team_keeper(by, commitment.employee.team)
    if not commitment.is_active_on(date):
        raise ValidationError(_("The date is outside the pledge's period."))
    if date > timezone.localdate():
        raise ValidationError(_("Cannot check in for a future date."))
    checkin = CommitmentCheckIn.objects.filter(commitment=commitment, date=date).first()
    checkin = checkin or CommitmentCheckIn(commitment=commitment, date=date)
    checkin.kept = kept
    checkin.note = (note or "").strip()
    checkin.checked_by = by
    checkin.full_clean()
    checkin.save()
    return checkin


def incident_record(
    *,
    branch: Branch,
    kind: str,
    occurred_on: datetime.date,
    description: str,
    by,
    team: Team | None = None,
) -> Incident:
    if not selectors.can_approve(by, branch):
        raise PermissionDenied(_("Only the branch secretary can record safety incidents."))
    if team is not None and team.branch_id != branch.pk:
        raise ValidationError(_("The team does not belong to this branch."))
    if occurred_on > timezone.localdate():
        raise ValidationError(_("The date it occurred cannot be after today."))
    incident = Incident(
        branch=branch,
        team=team,
        kind=kind,
        occurred_on=occurred_on,
        description=(description or "").strip(),
        recorded_by=by,
    )
    incident.full_clean()
    incident.save()
    return incident
