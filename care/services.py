"""Every write and business rule of the care calendar: one function per use case, called
alike by views, the admin, tasks and the ``run_daily_care`` command."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.models import BirthdayCalendar, Branch, Employee, Notification
from branch.services import notification_send, notifications_send_bulk, notify_employee

from . import birthdays
from .models import (
    DEFAULT_GREETING,
    CampaignItem,
    CareSettings,
    CaseAccessLog,
    CaseAttachment,
    CaseStatus,
    Distribution,
    FeedToken,
    Greeting,
    HardshipCase,
    Question,
    Visit,
    WelfareCampaign,
    render_greeting,
)

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


# ---------------------------------------------------------------- settings


def care_settings_for(branch: Branch) -> CareSettings:
    """The branch's care settings (unsaved defaults when none were stored)."""
    return CareSettings.objects.filter(branch=branch).first() or CareSettings(branch=branch)


def care_settings_save(*, branch: Branch, greeting_template: str, answer_days: int) -> CareSettings:
    settings = care_settings_for(branch)
    settings.greeting_template = greeting_template
    settings.answer_days = answer_days
    settings.full_clean()
    settings.save()
    return settings


# ---------------------------------------------------------------- daily job


@dataclass
class DailyCareReport:
    day: datetime.date
    birthdays: int = 0
    greetings_created: int = 0
    notifications_sent: int = 0
    follow_ups: int = 0
    overdue_questions: int = 0
    names: list = field(default_factory=list)


def birthdays_on(day: datetime.date, *, branch_ids=None) -> list[tuple[int, birthdays.Occurrence]]:
    """(employee id, occurrence) of every active person whose birthday is kept on ``day``.
    Solar birthdays are matched in SQL; lunar ones by their lunar key in Python (one cheap
    pass over id and birth date)."""
    keys = birthdays.keys_on(day)
    base = Employee.objects.active().filter(birth_date__isnull=False, birth_date__lt=day)
    if branch_ids is not None:
        base = base.filter(branch_id__in=branch_ids)
    solar_q = Q()
    for month, dom in keys.solar:
        solar_q |= Q(birth_date__month=month, birth_date__day=dom)
    found = []
    for pk, born in (
        base.filter(solar_q, birthday_calendar=BirthdayCalendar.SOLAR)
        .values_list("pk", "birth_date")
        .iterator(chunk_size=2000)
    ):
        found.append((pk, birthdays.occurrence(born, birthdays.SOLAR, day.year)))
    for pk, born in (
        base.filter(birthday_calendar=BirthdayCalendar.LUNAR)
        .values_list("pk", "birth_date")
        .iterator(chunk_size=2000)
    ):
        if birthdays.birthday_key(born, birthdays.LUNAR) in keys.lunar:
            when = birthdays.occurrence(born, birthdays.LUNAR, keys.lunar_year)
            if when.date == day:
                found.append((pk, when))
    return found


def run_daily_care(day: datetime.date, *, batch_size: int = BATCH_SIZE) -> DailyCareReport:
    """The morning job: birthday greetings for ``day`` (one per person and year, enforced by
    the database), their notifications (keyed, so never twice), due follow-ups and overdue
    questions. Safe to run twice, concurrently, or again after a crash."""
    report = DailyCareReport(day=day)
    due = birthdays_on(day)
    report.birthdays = len(due)
    for start in range(0, len(due), batch_size):
        created, sent, names = _greet_batch(day, due[start : start + batch_size])
        report.greetings_created += created
        report.notifications_sent += sent
        report.names += names
    report.follow_ups = remind_follow_ups(day)
    report.overdue_questions = remind_overdue_questions(day)
    logger.info(
        "daily care day=%s birthdays=%s greetings_created=%s notifications=%s",
        day,
        report.birthdays,
        report.greetings_created,
        report.notifications_sent,
    )
    return report


@transaction.atomic
def _greet_batch(day, batch) -> tuple[int, int, list[str]]:
    when_by_id = dict(batch)
    people = list(
        Employee.objects.filter(pk__in=when_by_id)
        .select_related("team", "branch", "user")
        .prefetch_related(
            Prefetch("team__leaders", queryset=Employee.objects.select_related("user")),
            "branch__secretaries",
        )
    )
    templates = {
        s.branch_id: s.greeting_template
        for s in CareSettings.objects.filter(branch_id__in={p.branch_id for p in people})
    }
    greetings = []
    for person in people:
        when = when_by_id[person.pk]
        greetings.append(
            Greeting(
                employee=person,
                year=when.year,
                birthday=when.date,
                age=when.age,
                message=render_greeting(
                    templates.get(person.branch_id, DEFAULT_GREETING),
                    name=person.name,
                    age=when.age,
                    team=person.team.name if person.team else "",
                ),
            )
        )
    existing = set(
        Greeting.objects.filter(employee_id__in=when_by_id).values_list("employee_id", "year")
    )
    Greeting.objects.bulk_create(greetings, ignore_conflicts=True)
    created = sum((g.employee_id, g.year) not in existing for g in greetings)
    stored = {
        (g.employee_id, g.year): g
        for g in Greeting.objects.filter(
            employee_id__in=when_by_id, year__in={w.year for w in when_by_id.values()}
        )
    }
    notes, webhook_keys = [], set()
    for person in people:
        greeting = stored.get((person.pk, when_by_id[person.pk].year))
        if greeting is None:
            continue
        notes += _greeting_notifications(person, greeting)
        webhook_keys.add(greeting.notification_key)
    sent = notifications_send_bulk(notifications=notes, webhook_keys=webhook_keys)
    return created, sent, [p.name for p in people]


def _greeting_notifications(person: Employee, greeting: Greeting) -> list[Notification]:
    key = greeting.notification_key
    url = reverse("care:greeting_card", args=[greeting.pk])
    reachable = bool(person.user_id and person.user.is_active)
    recipients = {}
    if reachable:
        recipients[person.user_id] = (
            person.user,
            _("Happy birthday, %(name)s!") % {"name": person.name},
            greeting.message,
        )
    team = person.team.name if person.team else _("No team")
    for leader in person.team.leaders.all() if person.team else []:
        if leader.pk == person.pk or not leader.user_id or not leader.user.is_active:
            continue
        title = _("Today is the %(age)sth birthday of %(name)s (%(team)s)") % {
            "name": person.name,
            "team": team,
            "age": greeting.age,
        }
        body = (
            ""
            if reachable
            else _("%(name)s has no account, please pass on the branch's wishes.")
            % {"name": person.name}
        )
        recipients.setdefault(leader.user_id, (leader.user, title, body))
    for secretary in person.branch.secretaries.all():
        if secretary.is_active:
            recipients.setdefault(
                secretary.pk,
                (
                    secretary,
                    _("Today is the %(age)sth birthday of %(name)s (%(team)s)")
                    % {"name": person.name, "team": team, "age": greeting.age},
                    "",
                ),
            )
    return [
        Notification(
            recipient=user,
            branch=person.branch,
            about=person,
            title=title[:200],
            body=body,
            url=url,
            key=key,
        )
        for user, title, body in recipients.values()
    ]


# ---------------------------------------------------------------- welfare campaigns


@transaction.atomic
def campaign_save(*, campaign: WelfareCampaign, teams=None, items=()) -> WelfareCampaign:
    """Create or update a campaign with its target teams and (new) items [(name, unit, qty)]."""
    campaign.full_clean()
    campaign.save()
    if teams is not None:
        if any(t.branch_id != campaign.branch_id for t in teams):
            raise ValidationError(_("Only teams of this branch can be chosen"))
        campaign.teams.set(teams)
    for name, unit, quantity in items:
        item = CampaignItem(campaign=campaign, name=name, unit=unit, default_quantity=quantity)
        item.full_clean()
        item.save()
    return campaign


def _check_can_record(user, campaign: WelfareCampaign, employee: Employee) -> None:
    from .selectors import campaign_targets, can_record_for

    if not can_record_for(user, employee) or employee.branch_id != campaign.branch_id:
        raise PermissionDenied(_("You can only record for employees of your team"))
    if not campaign_targets(campaign).filter(pk=employee.pk).exists():
        raise ValidationError(
            _("%(name)s is not covered by this campaign") % {"name": employee.name}
        )


@transaction.atomic
def distribution_record(
    *,
    campaign: WelfareCampaign,
    employee: Employee,
    item: CampaignItem,
    quantity: int,
    received_on: datetime.date,
    recorded_by,
) -> Distribution:
    """Record (or correct) what one person received of one item."""
    if item.campaign_id != campaign.pk:
        raise ValidationError(_("The item does not belong to this campaign"))
    if quantity is None or quantity <= 0:
        raise ValidationError(_("The quantity must be greater than 0"))
    _check_can_record(recorded_by, campaign, employee)
    row, _created = Distribution.objects.update_or_create(
        campaign=campaign,
        employee=employee,
        item=item,
        defaults={"quantity": quantity, "received_on": received_on, "recorded_by": recorded_by},
    )
    return row


@transaction.atomic
def distribution_remove(*, campaign: WelfareCampaign, employee: Employee, item, user) -> None:
    _check_can_record(user, campaign, employee)
    Distribution.objects.filter(campaign=campaign, employee=employee, item=item).delete()


@transaction.atomic
def distribution_record_all(
    *, campaign: WelfareCampaign, employees, received_on: datetime.date, recorded_by
) -> int:
    """“全部已领”: every item at its default quantity for each given person (existing records
    are kept). Returns the number of new records."""
    from .selectors import campaign_targets, can_record_for

    allowed = set(campaign_targets(campaign).values_list("pk", flat=True))
    employees = list(employees)
    for employee in employees:
        if not can_record_for(recorded_by, employee) or employee.pk not in allowed:
            raise PermissionDenied(
                _("You can only record for employees of your team covered by the campaign")
            )
    items = list(campaign.items.all())
    have = set(
        Distribution.objects.filter(campaign=campaign, employee__in=employees).values_list(
            "employee_id", "item_id"
        )
    )
    rows = [
        Distribution(
            campaign=campaign,
            employee=e,
            item=i,
            quantity=i.default_quantity,
            received_on=received_on,
            recorded_by=recorded_by,
        )
        for e in employees
        for i in items
        if (e.pk, i.pk) not in have
    ]
    Distribution.objects.bulk_create(rows, ignore_conflicts=True)  # no history on distributions
    return len(rows)


# ---------------------------------------------------------------- hardship cases

TRANSITIONS = {
    CaseStatus.REGISTERED: {CaseStatus.FOLLOWING, CaseStatus.CLOSED},
    CaseStatus.FOLLOWING: {CaseStatus.RESOLVED, CaseStatus.CLOSED},
    CaseStatus.RESOLVED: set(),
    CaseStatus.CLOSED: set(),
}


def _require_secretary(user, branch) -> None:
    if not branch_selectors.is_secretary(user, branch):
        raise PermissionDenied(_("Only the secretary of this branch can do this"))


def _check_handlers(branch: Branch, handlers) -> None:
    """Handlers are people of the branch (with accounts) or its secretaries."""
    from django.contrib.auth import get_user_model

    ids = {u.pk for u in handlers}
    allowed = set(
        get_user_model()
        .objects.filter(pk__in=ids)
        .filter(Q(employee__branch=branch) | Q(administered_branches=branch))
        .values_list("pk", flat=True)
    )
    if ids - allowed:
        raise ValidationError(_("The case handler must be a member of this branch"))


@transaction.atomic
def case_create(
    *,
    branch: Branch,
    employee: Employee,
    category: str,
    description: str,
    created_by,
    handlers=(),
    follow_up_on: datetime.date | None = None,
) -> HardshipCase:
    _require_secretary(created_by, branch)
    if employee.branch_id != branch.pk:
        raise ValidationError(_("The person helped must be an employee of this branch"))
    _check_handlers(branch, handlers)
    case = HardshipCase(
        branch=branch,
        employee=employee,
        category=category,
        description=description,
        created_by=created_by,
        follow_up_on=follow_up_on,
    )
    case.full_clean()
    case.save()
    case.handlers.set(handlers)
    return case


@transaction.atomic
def case_update(
    *, case: HardshipCase, user, handlers=None, follow_up_on=None, description=None
) -> HardshipCase:
    """The secretary names handlers; secretary or handler set the follow-up date."""
    from .selectors import can_read_case

    if handlers is not None:
        _require_secretary(user, case.branch)
        _check_handlers(case.branch, handlers)
        case.handlers.set(handlers)
    if not can_read_case(user, case):
        raise PermissionDenied
    if follow_up_on is not None:
        case.follow_up_on = follow_up_on
    if description is not None:
        case.description = description
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_transition(*, case: HardshipCase, status: str, user) -> HardshipCase:
    """登记 → 跟进中 → 已解决 / 已关闭 (登记 may also be closed); anything else is refused."""
    from .selectors import can_read_case

    if not can_read_case(user, case):
        raise PermissionDenied
    locked = HardshipCase.objects.select_for_update().get(pk=case.pk)
    if status not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("Cannot change from “%(old)s” to “%(new)s”")
            % {
                "old": CaseStatus(locked.status).label,
                "new": CaseStatus(status).label if status in CaseStatus.values else status,
            }
        )
    locked.status = status
    locked.save()
    case.status = status
    return locked


@transaction.atomic
def visit_record(
    *,
    case: HardshipCase,
    visitor,
    visited_on: datetime.date,
    notes: str,
    follow_up_on: datetime.date | None = None,
) -> Visit:
    from .selectors import can_read_case

    if not can_read_case(visitor, case):
        raise PermissionDenied
    if visited_on > timezone.localdate():
        raise ValidationError(_("The visit date cannot be after today"))
    visit = Visit(case=case, visitor=visitor, visited_on=visited_on, notes=notes)
    visit.full_clean()
    visit.save()
    changed = []
    if case.status == CaseStatus.REGISTERED:
        case.status = CaseStatus.FOLLOWING
        changed.append("status")
    if follow_up_on is not None:
        case.follow_up_on = follow_up_on
        changed.append("follow_up_on")
    if changed:
        case.save()
    return visit


def case_access_log(*, case: HardshipCase, user, action: str = "view") -> None:
    CaseAccessLog.objects.create(case=case, user=user, action=action)


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff_type(upload) -> tuple[str, str] | None:
    """The file type judged by content (not by name): PDF, JPEG, PNG or DOCX."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX, ".docx"
    return None


@transaction.atomic
def attachment_add(*, case: HardshipCase, upload, user) -> CaseAttachment:
    from .selectors import can_read_case

    if not can_read_case(user, case):
        raise PermissionDenied
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file cannot exceed 10 MB"))
    kind = sniff_type(upload)
    if kind is None:
        raise ValidationError(_("Only PDF, JPEG, PNG or Word (.docx) files are accepted"))
    content_type, ext = kind
    original = (upload.name or "file").rsplit("/", 1)[-1][:200]
    attachment = CaseAttachment(
        case=case,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save(f"case-{case.pk}{ext}", upload, save=False)
    attachment.save()
    return attachment


def remind_follow_ups(day: datetime.date) -> int:
    """Tell each handler (or the secretaries when none is named) about follow-ups due on or
    before ``day`` of open cases; keyed per case and date, so reruns send nothing new."""
    cases = (
        HardshipCase.objects.filter(
            follow_up_on__lte=day, status__in=[CaseStatus.REGISTERED, CaseStatus.FOLLOWING]
        )
        .select_related("employee", "branch")
        .prefetch_related("handlers", "branch__secretaries")
    )
    notes = []
    for case in cases:
        recipients = list(case.handlers.all()) or list(case.branch.secretaries.all())
        for user in recipients:
            notes.append(
                Notification(
                    recipient=user,
                    branch=case.branch,
                    title=_("Follow-up reminder: %(category)s (%(date)s)")
                    % {"category": case.get_category_display(), "date": case.follow_up_on},
                    body=_("A hardship case has reached its follow-up date, please visit in time."),
                    url=reverse("care:case_detail", args=[case.pk]),
                    key=f"care:case:{case.pk}:follow-up:{case.follow_up_on.isoformat()}",
                )
            )
    return notifications_send_bulk(notifications=notes)


# ---------------------------------------------------------------- questions


@transaction.atomic
def question_ask(
    *, employee: Employee, asked_by, category: str, title: str, body: str = ""
) -> Question:
    """A worker asks, or a leader asks on behalf of a member of their team."""
    from .selectors import can_record_for

    me = branch_selectors.employee_of(asked_by)
    if not (me and me.pk == employee.pk) and not can_record_for(asked_by, employee):
        raise PermissionDenied(_("You can only ask for yourself or an employee of your team"))
    days = care_settings_for(employee.branch).answer_days
    question = Question(
        branch=employee.branch,
        employee=employee,
        asked_by=asked_by,
        category=category,
        title=title.strip(),
        body=body.strip(),
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    question.full_clean()
    question.save()
    for secretary in employee.branch.secretaries.all():
        notification_send(
            recipient=secretary,
            title=_("New question: %(title)s") % {"title": question.title},
            url=reverse("care:question_detail", args=[question.pk]),
            key=f"care:question:{question.pk}:asked",
            branch=employee.branch,
        )
    return question


@transaction.atomic
def question_answer(*, question: Question, answer: str, user, publish: bool = False) -> Question:
    _require_secretary(user, question.branch)
    if not answer.strip():
        raise ValidationError(_("Please write the answer"))
    question.answer = answer.strip()
    question.answered_by = user
    question.answered_at = question.answered_at or timezone.now()
    question.published = publish
    question.full_clean()
    question.save()
    notify_employee(
        employee=question.employee,
        title=_("Your question has been answered: %(title)s") % {"title": question.title},
        body=question.answer[:500],
        url=reverse("care:question_detail", args=[question.pk]),
        key=f"care:question:{question.pk}:answered",
    )
    return question


@transaction.atomic
def question_publish(*, question: Question, user, published: bool) -> Question:
    _require_secretary(user, question.branch)
    if published and not question.answer:
        raise ValidationError(_("An unanswered question cannot be published"))
    question.published = published
    question.save()
    return question


def remind_overdue_questions(day: datetime.date) -> int:
    """Remind the secretaries of unanswered questions past their deadline (once per question
    and day)."""
    overdue = (
        Question.objects.filter(answer="", due_on__lt=day)
        .select_related("branch")
        .prefetch_related("branch__secretaries")
    )
    notes = [
        Notification(
            recipient=secretary,
            branch=q.branch,
            title=_("Question overdue without answer: %(title)s") % {"title": q.title},
            body=_("Answer deadline: %(due)s") % {"due": q.due_on},
            url=reverse("care:question_detail", args=[q.pk]),
            key=f"care:question:{q.pk}:overdue:{day.isoformat()}",
        )
        for q in overdue
        for secretary in q.branch.secretaries.all()
    ]
    return notifications_send_bulk(notifications=notes)


# ---------------------------------------------------------------- calendar feed


def feed_token_regenerate(*, user) -> FeedToken:
    """A new secret feed URL; the old one stops working at once."""
    token, _created = FeedToken.objects.get_or_create(user=user)
    if not _created:
        from .models import new_feed_token

        token.token = new_feed_token()
        token.save()
    return token


def feed_token_revoke(*, user) -> None:
    FeedToken.objects.filter(user=user).delete()
