"""The member-development pipeline and its rules (发展党员).

Every step is refused with the reason when it is early or incomplete:

- an applicant is at least 18 on the day of the application;
- 发展对象 at least one year after becoming 积极分子 (the anniversary day counts);
- 预备党员 (admission, by a branch meeting's vote) only after the political review (政审),
  the required training (at least 3 days or 24 学时) and the public notice (公示) have ended,
  with two introducers, and the Party committee's approval within 3 months of the vote; the
  probation starts on the day of the vote;
- 转正 by a branch meeting's vote at the end of the one-year probation (as extended), which may
  instead extend it once by 6 to 12 months or cancel it.

``Employee.political_status`` follows through ``branch.services.employee_set_political_status``
(预备党员 at admission, 党员 at 转正, back to the status before on cancellation)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from branch.models import Employee, PoliticalStatus
from branch.services import employee_set_political_status, notification_send

from .. import selectors
from ..models import Development, DevelopmentStep, Meeting, MeetingKind, Stage

MIN_AGE = 18
MIN_TRAINING_DAYS = 3
MIN_TRAINING_HOURS = 24
APPROVAL_MONTHS = 3
INTRODUCERS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def probation_ends_on(development: Development) -> datetime.date | None:
    if development.admitted_on is None:
        return None
    return add_months(development.admitted_on, 12 + development.extension_months)


@dataclass(frozen=True)
class NextStep:
    stage: str
    label: str
    due_on: datetime.date | None  # the earliest day it may be taken (None: no wait)
    missing: tuple[str, ...] = ()  # what is still missing before it may be taken


def next_step(development: Development) -> NextStep | None:
    """What comes next for this person, from when, and what is still missing."""
    d = development
    if d.stage == Stage.APPLICANT:
        return NextStep(Stage.ACTIVIST, Stage.ACTIVIST.label, d.applied_on)
    if d.stage == Stage.ACTIVIST:
        return NextStep(Stage.CANDIDATE, Stage.CANDIDATE.label, add_years(d.activist_on, 1))
    if d.stage == Stage.CANDIDATE:
        return NextStep(
            Stage.PROBATIONARY, Stage.PROBATIONARY.label, _admission_ready_on(d), _missing(d)
        )
    if d.stage == Stage.PROBATIONARY:
        return NextStep(Stage.MEMBER, _("Full membership vote"), probation_ends_on(d))
    return None


def _admission_ready_on(d: Development) -> datetime.date | None:
    days = [x for x in (d.political_review_on, d.notice_to) if x]
    if not days:
        return None
    last = max(days)
    return last + datetime.timedelta(days=1) if d.notice_to and last == d.notice_to else last


def _missing(d: Development, introducer_count: int | None = None) -> tuple[str, ...]:
    missing = []
    if d.political_review_on is None:
        missing.append(_("the political review"))
    if d.training_days < MIN_TRAINING_DAYS and d.training_hours < MIN_TRAINING_HOURS:
        missing.append(
            _("the training (at least %(days)s days or %(hours)s hours)")
            % {"days": MIN_TRAINING_DAYS, "hours": MIN_TRAINING_HOURS}
        )
    if d.notice_from is None or d.notice_to is None:
        missing.append(_("the public notice"))
    count = (
        introducer_count if introducer_count is not None else (d.introducers.count() if d.pk else 0)
    )
    if count < INTRODUCERS:
        missing.append(_("two introducers"))
    return tuple(missing)


def _require_secretary(user, branch) -> None:
    if branch.pk not in selectors.secretary_branch_ids(user):
        raise PermissionDenied(_("Only the branch secretary may record member development."))


def _fmt(day: datetime.date) -> str:
    return day.strftime("%Y-%m-%d")


@transaction.atomic
def development_start(
    *, employee: Employee, applied_on: datetime.date, user, documents: str = ""
) -> Development:
    """Record an application to join the Party (入党申请)."""
    _require_secretary(user, employee.branch)
    if employee.political_status in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY):
        raise ValidationError(_("This person is already a Party member."))
    if Development.objects.filter(employee=employee).exists():
        raise ValidationError(_("This person already has a development record."))
    if employee.birth_date is None:
        raise ValidationError(_("Record the date of birth first: an applicant must be 18."))
    age = employee.age_on(applied_on)
    if age < MIN_AGE:
        raise ValidationError(
            _("An applicant must be at least 18; %(name)s turns 18 on %(day)s.")
            % {"name": employee.name, "day": _fmt(add_years(employee.birth_date, MIN_AGE))}
        )
    development = Development(
        branch=employee.branch,
        employee=employee,
        stage=Stage.APPLICANT,
        applied_on=applied_on,
        status_before=employee.political_status,
        documents=documents,
    )
    development.full_clean()
    development.save()
    DevelopmentStep.objects.create(
        development=development, stage=Stage.APPLICANT, taken_on=applied_on, recorded_by=user
    )
    return development


@transaction.atomic
def development_update(*, development: Development, user, **fields) -> Development:
    """Record the checks on the way (政审, training, 公示), introducers and documents."""
    _require_secretary(user, development.branch)
    allowed = {
        "political_review_on", "training_days", "training_hours", "notice_from", "notice_to",
        "documents",
    }  # fmt: skip
    introducers = fields.pop("introducers", None)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(development, name, value)
    development.full_clean()
    development.save()
    if introducers is not None:
        people = list(introducers)
        if any(
            p.branch_id != development.branch_id
            or p.political_status != PoliticalStatus.MEMBER
            or p.pk == development.employee_id
            for p in people
        ):
            raise ValidationError(_("Introducers must be full Party members of this branch."))
        development.introducers.set(people)
    return development


def _check_vote(
    meeting: Meeting | None, development: Development, on: datetime.date, votes_for, votes_against
) -> None:
    if meeting is None:
        raise ValidationError(_("Choose the branch general meeting that voted."))
    if (
        meeting.branch_id != development.branch_id
        or MeetingKind.GENERAL_ASSEMBLY not in meeting.kinds
    ):
        raise ValidationError(_("Choose a branch general meeting of this branch."))
    if meeting.held_on != on:
        raise ValidationError(_("The step's date is the day of the branch meeting's vote."))
    if votes_for is None or votes_against is None or votes_for <= votes_against:
        raise ValidationError(_("The vote must pass: record the votes for and against."))


@transaction.atomic
def development_advance(
    *,
    development: Development,
    to_stage: str,
    on: datetime.date,
    user,
    meeting: Meeting | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    approved_on: datetime.date | None = None,
    approver: str = "",
    extension_months: int = 0,
    note: str = "",
) -> Development:
    """Take the next step; ``to_stage`` CANCELLED (取消预备党员资格) or PROBATIONARY again with
    ``extension_months`` (延长预备期) are the other outcomes of the probation vote."""
    _require_secretary(user, development.branch)
    d = Development.objects.select_for_update().get(pk=development.pk)
    outcome = DevelopmentStep.Outcome.ADVANCED
    if d.stage == Stage.APPLICANT and to_stage == Stage.ACTIVIST:
        if on < d.applied_on:
            raise ValidationError(_("An activist is chosen after the application."))
        d.activist_on = on
    elif d.stage == Stage.ACTIVIST and to_stage == Stage.CANDIDATE:
        earliest = add_years(d.activist_on, 1)
        if on < earliest:
            raise ValidationError(
                _("At least a year as an activist is required: the earliest day is %(day)s.")
                % {"day": _fmt(earliest)}
            )
        d.candidate_on = on
    elif d.stage == Stage.CANDIDATE and to_stage == Stage.PROBATIONARY:
        missing = _missing(d)
        if missing:
            raise ValidationError(
                _("Not yet: %(missing)s missing.") % {"missing": "、".join(missing)}
            )
        if d.political_review_on > on or d.notice_to >= on:
            raise ValidationError(
                _("The political review and the public notice must be over before the vote.")
            )
        _check_vote(meeting, d, on, votes_for, votes_against)
        if approved_on is None or not on <= approved_on <= add_months(on, APPROVAL_MONTHS):
            raise ValidationError(
                _("The Party committee must approve within 3 months of the vote (by %(day)s).")
                % {"day": _fmt(add_months(on, APPROVAL_MONTHS))}
            )
        d.admitted_on, d.approved_on = on, approved_on
        employee_set_political_status(
            employee=d.employee, status=PoliticalStatus.PROBATIONARY, reason="预备党员"
        )
    elif d.stage == Stage.PROBATIONARY and to_stage in (
        Stage.MEMBER, Stage.PROBATIONARY, Stage.CANCELLED
    ):  # fmt: skip
        end = probation_ends_on(d)
        if to_stage != Stage.CANCELLED and on < end:
            raise ValidationError(
                _("The probation ends on %(day)s; the vote comes at its end.") % {"day": _fmt(end)}
            )
        if to_stage == Stage.MEMBER:
            _check_vote(meeting, d, on, votes_for, votes_against)
            d.full_on = on
            employee_set_political_status(
                employee=d.employee, status=PoliticalStatus.MEMBER, reason="转为正式党员"
            )
        elif to_stage == Stage.PROBATIONARY:
            if d.extension_months:
                raise ValidationError(_("A probation can be extended only once."))
            if not 6 <= extension_months <= 12:
                raise ValidationError(_("A probation is extended by 6 to 12 months."))
            d.extension_months = extension_months
            outcome = DevelopmentStep.Outcome.EXTENDED
        else:
            if meeting is None:
                raise ValidationError(_("Choose the branch general meeting that decided it."))
            d.cancelled_on = on
            outcome = DevelopmentStep.Outcome.CANCELLED
            employee_set_political_status(
                employee=d.employee,
                status=d.status_before or PoliticalStatus.MASSES,
                reason="取消预备党员资格",
            )
    else:
        raise ValidationError(
            _("%(to)s cannot follow %(from)s.")
            % {"to": Stage(to_stage).label, "from": Stage(d.stage).label}
        )
    d.stage = to_stage
    d.full_clean()
    d.save()
    DevelopmentStep.objects.create(
        development=d, stage=to_stage, outcome=outcome, taken_on=on, meeting=meeting,
        votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
        approved_on=approved_on, approver=approver, note=note, recorded_by=user,
    )  # fmt: skip
    return d


def political_status_owner(employee_ids) -> dict[int, str]:
    """For branch's registry: the people whose political status development keeps."""
    return {
        pk: _("Member development: %(stage)s") % {"stage": Stage(stage).label}
        for pk, stage in Development.objects.filter(employee_id__in=employee_ids).values_list(
            "employee_id", "stage"
        )
    }


def development_reminders_send(*, day: datetime.date) -> int:
    """Tell the secretaries when a step falls due today (once per step and day it falls due)."""
    sent = 0
    developments = Development.objects.filter(
        stage__in=[Stage.ACTIVIST, Stage.PROBATIONARY]
    ).select_related("employee", "branch")
    for d in developments:
        step = next_step(d)
        if step is None or step.due_on != day:
            continue
        for secretary in d.branch.secretaries.filter(is_active=True):
            if notification_send(
                recipient=secretary,
                title=_("%(name)s: %(step)s is due")
                % {"name": d.employee.name, "step": step.label},
                url=reverse("partylife:development_list"),
                key=f"partylife:development:{d.pk}:{step.stage}:{day.isoformat()}",
                branch=d.branch,
            ):
                sent += 1
    return sent
