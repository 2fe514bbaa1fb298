"""Private talks (谈心 / 倾听): a worker asks for a talk with the secretary or their leader; the
listener acknowledges it in time (a beat job reminds them and tells the secretary when not),
schedules it and records a short note only the one who held the talk and the secretary may read;
every read of the note is logged."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import caching
from branch import selectors as branch_selectors
from branch.models import Employee, Notification
from branch.services import notification_send, notifications_send_bulk, notify_employee

from ..models import ConfidentialAccessLog, TalkRequest, TalkStatus, TalkWith
from .settings import care_settings_for

OPEN_STATUSES = (TalkStatus.REQUESTED, TalkStatus.ACKNOWLEDGED, TalkStatus.SCHEDULED)


def _listener_for(employee: Employee, with_whom: str):
    if with_whom == TalkWith.SECRETARY:
        secretary = employee.branch.secretaries.filter(is_active=True).order_by("pk").first()
        if secretary is None:
            raise ValidationError(_("The branch has no secretary account yet"))
        return secretary
    if with_whom == TalkWith.LEADER:
        for leader in branch_selectors.leaders_of(employee):
            if leader.user_id and leader.user.is_active:
                return leader.user
        raise ValidationError(_("Your team has no leader with an account; ask the secretary"))
    raise ValidationError(_("Please choose whom to talk with"))


def can_handle_talk(user, talk: TalkRequest) -> bool:
    """The listener asked for, or the branch's secretary."""
    return talk.listener_id == user.pk or branch_selectors.is_secretary(user, talk.branch)


def can_read_talk_note(user, talk: TalkRequest) -> bool:
    """Only the one who held the talk and the branch's secretary."""
    return talk.talker_id == user.pk or branch_selectors.is_secretary(user, talk.branch)


@transaction.atomic
def talk_request(
    *, requested_by, with_whom: str, topic: str = "", confidential: bool = False
) -> TalkRequest:
    """A worker asks for a private talk for themself."""
    employee = branch_selectors.employee_of(requested_by)
    if employee is None or employee.has_left():
        raise PermissionDenied(_("Only members of a branch can ask for a talk"))
    listener = _listener_for(employee, with_whom)
    if listener.pk == requested_by.pk:
        raise ValidationError(_("You cannot ask for a talk with yourself"))
    hours = care_settings_for(employee.branch).talk_ack_hours
    talk = TalkRequest(
        branch=employee.branch,
        employee=employee,
        requested_by=requested_by,
        with_whom=with_whom,
        listener=listener,
        topic=(topic or "").strip(),
        confidential=confidential,
        acknowledge_by=timezone.now() + datetime.timedelta(hours=hours),
    )
    talk.full_clean()
    talk.save()
    notification_send(
        recipient=listener,
        title=_("%(name)s asks for a private talk") % {"name": employee.name},
        body="" if confidential or not talk.topic else talk.topic,
        url=reverse("care:talk_detail", args=[talk.pk]),
        key=f"care:talk:{talk.pk}:requested",
        branch=talk.branch,
    )
    return talk


def _require_handler(user, talk: TalkRequest) -> None:
    if not can_handle_talk(user, talk):
        raise PermissionDenied(_("Only the listener or the secretary can do this"))


def _locked(talk: TalkRequest) -> TalkRequest:
    return (
        TalkRequest.objects.select_for_update().select_related("branch", "employee").get(pk=talk.pk)
    )


@transaction.atomic
def talk_acknowledge(*, talk: TalkRequest, by) -> TalkRequest:
    talk = _locked(talk)
    _require_handler(by, talk)
    if talk.status != TalkStatus.REQUESTED:
        raise ValidationError(_("This request has already been acknowledged"))
    talk.status = TalkStatus.ACKNOWLEDGED
    talk.acknowledged_at = timezone.now()
    talk.save()
    notify_employee(
        employee=talk.employee,
        title=_("Your request for a talk has been received"),
        url=reverse("care:talk_detail", args=[talk.pk]),
        key=f"care:talk:{talk.pk}:acknowledged",
    )
    return talk


@transaction.atomic
def talk_schedule(
    *, talk: TalkRequest, by, scheduled_at: datetime.datetime, place: str = ""
) -> TalkRequest:
    talk = _locked(talk)
    _require_handler(by, talk)
    if talk.status not in OPEN_STATUSES:
        raise ValidationError(_("This talk is no longer open"))
    talk.status = TalkStatus.SCHEDULED
    talk.acknowledged_at = talk.acknowledged_at or timezone.now()
    talk.scheduled_at = scheduled_at
    talk.place = (place or "").strip()
    talk.full_clean()
    talk.save()
    when = timezone.localtime(scheduled_at).strftime("%Y-%m-%d %H:%M")
    notify_employee(
        employee=talk.employee,
        title=_("Your talk is scheduled for %(when)s") % {"when": when},
        body=talk.place,
        url=reverse("care:talk_detail", args=[talk.pk]),
        key=f"care:talk:{talk.pk}:scheduled:{when}",
    )
    return talk


@transaction.atomic
def talk_record(*, talk: TalkRequest, by, held_on: datetime.date, note: str) -> TalkRequest:
    """Record that the talk was held, by whom, with a short note."""
    talk = _locked(talk)
    _require_handler(by, talk)
    if talk.status not in OPEN_STATUSES:
        raise ValidationError(_("This talk is no longer open"))
    if held_on > timezone.localdate():
        raise ValidationError(_("The date of the talk cannot be in the future"))
    talk.status = TalkStatus.HELD
    talk.acknowledged_at = talk.acknowledged_at or timezone.now()
    talk.held_on = held_on
    talk.talker = by
    talk.note = (note or "").strip()
    talk.full_clean()
    talk.save()
    return talk


@transaction.atomic
def talk_withdraw(*, talk: TalkRequest, by) -> TalkRequest:
    talk = _locked(talk)
    if talk.requested_by_id != by.pk:
        raise PermissionDenied(_("Only the person who asked can withdraw the request"))
    if talk.status not in OPEN_STATUSES:
        raise ValidationError(_("This talk is no longer open"))
    talk.status = TalkStatus.WITHDRAWN
    talk.save()
    return talk


def talk_access_log(*, talk: TalkRequest, user) -> None:
    ConfidentialAccessLog.objects.create(talk=talk, user=user)


def talks_remind_unacknowledged(now: datetime.datetime | None = None) -> int:
    """Requests past their acknowledgement time: remind the listener and tell the branch's
    secretaries (other than the listener). Once per request: ``escalated_at`` marks it, and the
    messages are keyed, so a rerun or a second scheduler sends nothing new."""
    now = now or timezone.now()
    late = list(
        TalkRequest.objects.filter(
            status=TalkStatus.REQUESTED, acknowledge_by__lt=now, escalated_at__isnull=True
        )
        .select_related("branch", "employee", "listener")
        .prefetch_related("branch__secretaries")
    )
    notes = []
    for talk in late:
        url = reverse("care:talk_detail", args=[talk.pk])
        notes.append(
            Notification(
                recipient=talk.listener,
                branch=talk.branch,
                title=_("Talk request not yet acknowledged: %(name)s")
                % {"name": talk.employee.name},
                url=url,
                key=f"care:talk:{talk.pk}:reminder",
            )
        )
        for secretary in talk.branch.secretaries.all():
            if secretary.pk != talk.listener_id:
                notes.append(
                    Notification(
                        recipient=secretary,
                        branch=talk.branch,
                        title=_("A talk request was not acknowledged in time: %(name)s")
                        % {"name": talk.employee.name},
                        url=url,
                        key=f"care:talk:{talk.pk}:escalated",
                    )
                )
    sent = notifications_send_bulk(notifications=notes)
    TalkRequest.objects.filter(pk__in=[t.pk for t in late], escalated_at__isnull=True).update(
        escalated_at=now
    )
    caching.bump_many({t.branch_id for t in late}, "care")  # an update sends no model signal
    return sent
