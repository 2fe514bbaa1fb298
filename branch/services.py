"""Every write of the organisation: one function per use case, called alike by views, the admin,
tasks and commands. Keyword-only arguments, ``full_clean()`` before saving, one transaction per
use case."""

import secrets
import string

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Branch, Employee, Notification, Team
from .roles import LEADER, SECRETARY, WORKER
from .roster import import_roster  # noqa: F401  (the roster import use case lives beside its parser)
from .selectors import leaders_of

User = get_user_model()


def _add_to_group(user, group_name: str) -> None:
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    user.__dict__.pop("_role_group_names", None)


def branch_create(*, code: str, name: str) -> Branch:
    branch = Branch(code=code, name=name)
    branch.full_clean()
    branch.save()
    return branch


@transaction.atomic
def branch_add_secretary(*, branch: Branch, user) -> None:
    branch.secretaries.add(user)
    _add_to_group(user, SECRETARY)
    user.is_staff = True
    user.save(update_fields=["is_staff"])


def team_get_or_create(*, branch: Branch, name: str) -> tuple[Team, bool]:
    name = name.strip()
    team = Team(branch=branch, name=name)
    existing = Team.objects.filter(branch=branch, name=name).first()
    if existing:
        return existing, False
    team.full_clean()
    team.save()
    return team, True


@transaction.atomic
def team_set_leaders(*, team: Team, leaders: list[Employee]) -> None:
    """Make ``leaders`` the team's leaders; leaders with accounts join the 班组长 group."""
    for leader in leaders:
        if leader.branch_id != team.branch_id:
            raise ValidationError(_("班组长必须是本支部的员工"))
    team.leaders.set(leaders)
    for leader in leaders:
        if leader.user_id:
            _add_to_group(leader.user, LEADER)


def generate_password(length: int = 10) -> str:
    """A readable one-off password: no 0/O/1/l, letters and digits mixed."""
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


def account_username(employee: Employee) -> str:
    return f"{employee.staff_no}@{employee.branch.code}".lower()


@transaction.atomic
def employee_account_set(*, employee: Employee, password: str | None = None) -> tuple[object, str]:
    """Create the employee's login account, or reset its password. Returns (user, password);
    a password is generated when none is given, and shown once to the secretary."""
    if employee.left_on is not None:
        raise ValidationError(_("已离职员工不能开通账号"))
    password = password or generate_password()
    user = employee.user
    if user is None:
        user = User(username=account_username(employee), first_name=employee.name)
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(_("账号名 %(name)s 已被占用") % {"name": user.username}) from exc
    if employee.user_id != user.pk:
        employee.user = user
        employee.save(update_fields=["user", "updated_at"])
    _add_to_group(user, WORKER)
    return user, password


@transaction.atomic
def employee_mark_left(*, employee: Employee, left_on) -> Employee:
    """Record that someone has left; their account can no longer log in."""
    if employee.hired_on and left_on < employee.hired_on:
        raise ValidationError(_("离职日期不能早于入职日期"))
    employee.left_on = left_on
    employee.full_clean()
    employee.save()
    if employee.user_id:
        User.objects.filter(pk=employee.user_id).update(is_active=False)
    return employee


def notification_send(
    *,
    recipient,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    about: Employee | None = None,
    branch: Branch | None = None,
) -> Notification | None:
    """Put one message in ``recipient``'s inbox. With a ``key`` the message is written at most
    once per recipient (the database enforces it); a repeat returns None."""
    notification = Notification(
        recipient=recipient,
        title=title[:200],
        body=body,
        url=url,
        key=key,
        about=about,
        branch=branch or (about.branch if about else None),
    )
    if key:
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            return None
    else:
        notification.save()
    return notification


def notify_employee(
    *, employee: Employee, title: str, body: str = "", url: str = "", key: str = ""
) -> list[Notification]:
    """Tell an employee something. Someone without an account is reached through their team
    leader(s), whose message names the person it is about."""
    if employee.user_id and employee.user.is_active:
        sent = notification_send(
            recipient=employee.user, title=title, body=body, url=url, key=key, about=employee
        )
        return [sent] if sent else []
    sent = []
    for leader in leaders_of(employee):
        if leader.user_id:
            message = notification_send(
                recipient=leader.user,
                title=_("【代转 %(name)s】%(title)s") % {"name": employee.name, "title": title},
                body=body,
                url=url,
                key=f"{key}:via-leader" if key else "",
                about=employee,
            )
            if message:
                sent.append(message)
    return sent


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's messages (all, or the given ones) read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
