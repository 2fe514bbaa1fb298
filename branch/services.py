"""Every write of the organisation: one function per use case, called alike by views, the admin,
tasks and commands. Keyword-only arguments, ``full_clean()`` before saving, one transaction per
use case."""

import secrets
import string
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import caching
from .models import (
    Branch,
    ChannelSettings,
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Employee,
    Notification,
    Team,
)
from .roles import LEADER, SECRETARY, WORKER
from .roster import import_roster  # noqa: F401  (the roster import use case lives beside its parser)
from .selectors import forget_roles, leaders_of

User = get_user_model()


def _add_to_group(user, group_name: str) -> None:
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    forget_roles(user)


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
            raise ValidationError(_("A team leader must be an employee of this branch"))
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
    if employee.has_left():
        raise ValidationError(_("An employee who has left cannot get an account"))
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
        raise ValidationError(
            _("The account name %(name)s is already taken") % {"name": user.username}
        ) from exc
    if employee.user_id != user.pk:
        employee.user = user
        employee.save(update_fields=["user", "updated_at"])
    _add_to_group(user, WORKER)
    return user, password


@transaction.atomic
def employee_mark_left(*, employee: Employee, left_on, today=None) -> Employee:
    """Record that someone leaves on ``left_on``: the one place that ends a person's access.

    A leaving date today or in the past ends access at once (``employee_end_access``); a date in
    the future keeps the person active until that day, when the daily job
    (``employees_end_access_due``) ends it."""
    if left_on is None:
        raise ValidationError(_("Please give the leaving date"))
    if employee.hired_on and left_on < employee.hired_on:
        raise ValidationError(_("The leaving date cannot be before the hire date"))
    employee.left_on = left_on
    employee.full_clean()
    employee.save()
    if left_on <= (today or timezone.localdate()):
        employee_end_access(employee=employee)
    return employee


def _user_sessions_delete(user_ids: list[int]) -> int:
    """Delete the given users' sessions from a database-backed session store. Other stores
    cannot be searched by user; there the sessions die anyway, because the authentication
    backends refuse an inactive account on every request."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import SESSION_KEY

    if not user_ids:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store, "get_model_class", None)
    if get_model is None:
        return 0
    wanted = {str(pk) for pk in user_ids}
    model = get_model()
    doomed = []
    rows = model.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data"
    )
    for key, data in rows.iterator(chunk_size=500):
        if str(store().decode(data).get(SESSION_KEY)) in wanted:
            doomed.append(key)
    if doomed:
        model.objects.filter(session_key__in=doomed).delete()
        prefix = getattr(store, "cache_key_prefix", None)
        if prefix:  # cached_db: the cached copy goes too
            from django.core.cache import caches

            caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + k for k in doomed])
    return len(doomed)


@transaction.atomic
def employee_end_access(*, employee: Employee, delete_sessions: bool = True) -> bool:
    """End a leaver's access now: deactivate the account, delete its sessions and, after the
    transaction commits, announce ``person_left`` so every app revokes its tokens (calendar
    feed, API). Idempotent: an account already deactivated is not announced again. Returns
    whether anything was ended."""
    from .signals import person_left

    user_id = employee.user_id
    if user_id:
        ended = User.objects.filter(pk=user_id, is_active=True).update(is_active=False)
        if not ended:
            return False
        caching.bump(employee.branch_id, caching.ORG)  # an update sends no model signal
        if employee.user is not None:
            employee.user.is_active = False
        if delete_sessions:
            _user_sessions_delete([user_id])
    transaction.on_commit(
        lambda: person_left.send(sender=Employee, employee=employee, user_id=user_id)
    )
    return True


def employees_end_access_due(*, today=None) -> int:
    """The daily job: end the access of everyone whose leaving day has come and whose account
    is still active. Safe to run any number of times a day. Returns how many were ended."""
    today = today or timezone.localdate()
    due = Employee.objects.filter(
        left_on__lte=today, user__isnull=False, user__is_active=True
    ).select_related("user")
    ended_ids = []
    for employee in due.iterator(chunk_size=200):
        if employee_end_access(employee=employee, delete_sessions=False):
            ended_ids.append(employee.user_id)
    _user_sessions_delete(ended_ids)  # one pass over the session store for everyone
    return len(ended_ids)


@transaction.atomic
def employee_set_political_status(*, employee: Employee, status: str, reason: str) -> Employee:
    """Change a person's political status from a process that owns it (member development),
    with the reason kept in the employee's history."""
    employee.political_status = status
    employee._change_reason = reason[:100]
    employee.full_clean()
    employee.save(update_fields=["political_status", "updated_at"])
    return employee


DEFAULT_CHANNELS = (DeliveryChannel.EMAIL,)


def notification_send(
    *,
    recipient,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    about: Employee | None = None,
    branch: Branch | None = None,
    channels: tuple[str, ...] = DEFAULT_CHANNELS,
) -> Notification | None:
    """Put one message in ``recipient``'s inbox. With a ``key`` the message is written at most
    once per recipient (the database enforces it); a repeat returns None.

    The inbox copy is written in the caller's transaction. Copies through other ``channels``
    (e-mail to the recipient's address; ``webhook`` to the branch's group-chat robot, once per
    key) are recorded as deliveries in the same transaction and sent by a Celery task after
    commit, so a failing channel never takes the inbox copy with it."""
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
    _deliveries_create(notification=notification, channels=channels)
    return notification


def channel_settings_for(branch: Branch | None) -> ChannelSettings | None:
    if branch is None:
        return None
    cache = getattr(branch, "_channel_settings_cache", False)
    if cache is False:
        cache = ChannelSettings.objects.filter(branch=branch).first()
        branch._channel_settings_cache = cache
    return cache


def _deliveries_create(*, notification: Notification, channels) -> list[Delivery]:
    config = channel_settings_for(notification.branch)
    wanted = []
    email = (notification.recipient.email or "").strip()
    if DeliveryChannel.EMAIL in channels and email and (config is None or config.email_enabled):
        wanted.append(Delivery(channel=DeliveryChannel.EMAIL, target=email))
    if (
        DeliveryChannel.WEBHOOK in channels
        and config is not None
        and config.webhook_enabled
        and config.webhook_url
    ):
        wanted.append(Delivery(channel=DeliveryChannel.WEBHOOK, target=str(_("Group bot"))))
    created = []
    for delivery in wanted:
        delivery.notification = notification
        delivery.branch = notification.branch
        delivery.key = notification.key if delivery.channel == DeliveryChannel.WEBHOOK else ""
        try:
            with transaction.atomic():
                delivery.save()
        except IntegrityError:
            continue  # this group already got the message under the same key
        created.append(delivery)
    if created:
        from .tasks import deliver_notification

        ids = [d.pk for d in created]
        transaction.on_commit(lambda: [deliver_notification.delay(pk) for pk in ids])
    return created


@dataclass
class DeliveryOutcome:
    status: str
    attempts: int
    retry: bool


def delivery_attempt(*, delivery_id: int) -> DeliveryOutcome:
    """Try one delivery once and record the attempt. ``retry`` tells the task whether
    another attempt may succeed."""

    with transaction.atomic():
        # The row lock makes a delivery queued twice (two runs racing) go out once.
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__recipient", "branch")
            .filter(pk=delivery_id)
            .first()
        )
        return _delivery_attempt_locked(delivery)


DELIVERY_LOCK_BATCH = 20


def deliveries_attempt(*, delivery_ids: list[int]) -> dict[int, DeliveryOutcome]:
    """Try each delivery of a batch once and record the attempts, e-mails through one mail
    connection. Twenty at a time are locked, sent and recorded in one transaction (one
    commit per twenty, not per message); a worker killed mid-way re-sends at most those
    twenty, and a delivery already sent is never sent again. Returns the outcome per id."""
    from django.core.mail import get_connection

    outcomes, connection = {}, None
    try:
        for start in range(0, len(delivery_ids), DELIVERY_LOCK_BATCH):
            ids = delivery_ids[start : start + DELIVERY_LOCK_BATCH]
            with transaction.atomic():
                locked = {
                    d.pk: d
                    for d in Delivery.objects.select_for_update(of=("self",))
                    .select_related("notification__recipient", "branch")
                    .filter(pk__in=ids)
                    .order_by("pk")
                }
                for pk in ids:
                    delivery = locked.get(pk)
                    if (
                        connection is None
                        and delivery
                        and delivery.channel == DeliveryChannel.EMAIL
                    ):
                        connection = get_connection()
                    outcomes[pk] = _delivery_attempt_locked(delivery, connection=connection)
    finally:
        if connection is not None:
            connection.close()
    return outcomes


def _delivery_attempt_locked(delivery, *, connection=None) -> DeliveryOutcome:
    from . import channels

    if delivery is None:
        return DeliveryOutcome(status="missing", attempts=0, retry=False)
    if delivery.status == DeliveryStatus.SENT:
        return DeliveryOutcome(status=delivery.status, attempts=delivery.attempts, retry=False)
    delivery.attempts += 1
    try:
        if delivery.channel == DeliveryChannel.EMAIL:
            channels.send_email(
                notification=delivery.notification, address=delivery.target, connection=connection
            )
        else:
            config = channel_settings_for(delivery.branch)
            if config is None or not config.webhook_url or not config.webhook_enabled:
                raise channels.ChannelError(_("No group bot address is configured for this branch"))
            channels.post_webhook(
                url=config.webhook_url, text=channels.notification_text(delivery.notification)
            )
    except channels.ChannelError as exc:
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = str(exc)[:1000]
        retry = True
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        retry = False
    delivery.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return DeliveryOutcome(status=delivery.status, attempts=delivery.attempts, retry=retry)


def channel_settings_save(
    *, branch: Branch, email_enabled: bool, webhook_url: str, webhook_enabled: bool
) -> ChannelSettings:
    config = ChannelSettings.objects.filter(branch=branch).first() or ChannelSettings(branch=branch)
    config.email_enabled = email_enabled
    config.webhook_url = webhook_url.strip()
    config.webhook_enabled = webhook_enabled
    config.full_clean()
    config.save()
    branch.__dict__.pop("_channel_settings_cache", None)
    return config


def notify_employee(
    *,
    employee: Employee,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    channels: tuple[str, ...] = DEFAULT_CHANNELS,
) -> list[Notification]:
    """Tell an employee something. Someone without an account is reached through their team
    leader(s), whose message names the person it is about."""
    if employee.user_id and employee.user.is_active:
        sent = notification_send(
            recipient=employee.user,
            title=title,
            body=body,
            url=url,
            key=key,
            about=employee,
            channels=channels,
        )
        return [sent] if sent else []
    sent = []
    for leader in leaders_of(employee):
        if leader.user_id:
            message = notification_send(
                recipient=leader.user,
                title=_("[For %(name)s] %(title)s") % {"name": employee.name, "title": title},
                body=body,
                url=url,
                key=f"{key}:via-leader" if key else "",
                about=employee,
                channels=channels,
            )
            if message:
                sent.append(message)
    return sent


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's messages (all, or the given ones) read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    changed = qs.update(read_at=timezone.now())
    caching.forget_unread([user.pk])
    return changed


def notifications_send_bulk(
    *, notifications: list[Notification], webhook_keys: set[str] = frozenset()
) -> int:
    """Write many keyed inbox messages in one statement (repeats are skipped by the
    database), then record and queue their channel copies: e-mail for recipients with an
    address, and one group-chat post per key in ``webhook_keys``. For batch jobs that must keep
    their query count independent of the number of messages. Returns the messages sent."""
    if not notifications:
        return 0
    assert all(n.key for n in notifications), "bulk messages need keys"
    keys = {n.key for n in notifications}
    before = set(Notification.objects.filter(key__in=keys).values_list("recipient_id", "key"))
    fresh = [n for n in notifications if (n.recipient_id, n.key) not in before]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    caching.forget_unread(n.recipient_id for n in fresh)
    rows = list(
        Notification.objects.filter(key__in=keys, deliveries__isnull=True)
        .select_related("recipient", "branch")
        .order_by("id")
    )
    configs = {
        c.branch_id: c
        for c in ChannelSettings.objects.filter(branch_id__in={n.branch_id for n in rows})
    }
    deliveries, posted = [], set()
    for note in rows:
        config = configs.get(note.branch_id)
        email = (note.recipient.email or "").strip()
        if email and (config is None or config.email_enabled):
            deliveries.append(
                Delivery(notification=note, branch_id=note.branch_id, channel="email", target=email)
            )
        if (
            note.key in webhook_keys
            and (note.branch_id, note.key) not in posted
            and config is not None
            and config.webhook_enabled
            and config.webhook_url
        ):
            posted.add((note.branch_id, note.key))
            deliveries.append(
                Delivery(
                    notification=note,
                    branch_id=note.branch_id,
                    channel="webhook",
                    target=str(_("Group bot")),
                    key=note.key,
                )
            )
    if deliveries:
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        ids = list(
            Delivery.objects.filter(
                notification__key__in=keys, status=DeliveryStatus.PENDING, attempts=0
            ).values_list("pk", flat=True)
        )
        deliveries_queue(delivery_ids=ids)
    return len(fresh)


def deliveries_queue(*, delivery_ids: list[int]) -> None:
    """After commit, queue the deliveries in batches of ``NOTIFICATION_DELIVERY_BATCH`` (one
    Celery message and one mail connection per batch, not per message)."""
    from django.conf import settings

    from .tasks import deliver_notifications

    size = max(1, getattr(settings, "NOTIFICATION_DELIVERY_BATCH", 100))
    batches = [delivery_ids[i : i + size] for i in range(0, len(delivery_ids), size)]
    if batches:
        transaction.on_commit(lambda: [deliver_notifications.delay(batch) for batch in batches])


def employee_login_locked(*, employee: Employee) -> bool:
    """Whether the person's account is locked by failed logins (per-account counter)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Sum

    if not employee.user_id:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(
        username=employee.user.username.lower(), attempt_time__gte=since
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def employee_login_unlock(*, employee: Employee, by) -> int:
    """The branch secretary lifts the login lock of a person of their branch before the
    cool-off ends. Returns how many attempt records were cleared."""
    from axes.utils import reset

    from .selectors import is_secretary

    if not is_secretary(by, employee.branch):
        raise PermissionDenied
    if not employee.user_id:
        return 0
    return reset(username=employee.user.username.lower())


def login_failures_prune(*, now=None) -> int:
    """Delete failed-login records older than ``LOGIN_FAILURE_LOG_DAYS`` (default 30; never
    less than the per-address window), so the log stays small and the ceiling check fast.
    Returns how many rows went."""
    import datetime

    from axes.models import AccessFailureLog
    from django.conf import settings

    from .security import address_window

    keep = max(
        datetime.timedelta(days=getattr(settings, "LOGIN_FAILURE_LOG_DAYS", 30)), address_window()
    )
    cutoff = (now or timezone.now()) - keep
    deleted, _detail = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted


FORM_TOKEN_DAYS = 30


def form_submissions_prune(*, now=None) -> int:
    """Forget one-time form tokens after ``FORM_TOKEN_DAYS``: a page left open longer than
    that and sent again makes a new record, which is what its reader then expects."""
    import datetime

    from .models import FormSubmission

    cutoff = (now or timezone.now()) - datetime.timedelta(days=FORM_TOKEN_DAYS)
    deleted, _detail = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
