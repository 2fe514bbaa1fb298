"""Every write about study materials: securing study libraries, study records."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from branch.models import Employee
from branch.selectors import is_secretary, teams_led_by

from .models import StudyIndexPage, StudyMaterialPage, StudyMethod, StudyRecord
from .rights import branch_rights_ensure, rights_sync_all

STUDY_COLLECTION = "学习资料"


@transaction.atomic
def study_index_secure(*, index: StudyIndexPage) -> None:
    """Members only: a login view restriction on the study library; the rights to add, edit
    and publish in it go to its branch's groups only (``home.rights``). Idempotent; runs
    whenever a library is saved."""
    if not PageViewRestriction.objects.filter(page=index).exists():
        PageViewRestriction.objects.create(page=index, restriction_type=BaseViewRestriction.LOGIN)
    if index.branch_id:
        branch_rights_ensure(index.branch)


def study_collection() -> Collection | None:
    """The former shared collection of study files (before each branch had its own)."""
    return Collection.objects.filter(name=STUDY_COLLECTION, depth=2).first()


@transaction.atomic
def study_permissions_sync(**kwargs) -> None:
    """After every ``migrate``: the former shared collection stays members-only, and the
    per-branch rights are (re)applied (idempotent)."""
    collection = study_collection()
    if (
        collection is not None
        and not CollectionViewRestriction.objects.filter(collection=collection).exists()
    ):
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.LOGIN
        )
    rights_sync_all()


@transaction.atomic
def study_record_mark(
    *,
    employee: Employee,
    page: StudyMaterialPage,
    recorded_by=None,
    method: str = StudyMethod.SELF,
) -> StudyRecord:
    """Record that ``employee`` has studied ``page``; a second call changes nothing."""
    if not page.live:
        raise ValidationError(_("This material is not published yet."))
    if page.branch_id != employee.branch_id:
        raise ValidationError(_("This material does not belong to the person's Party branch."))
    if employee.has_left():
        raise ValidationError(_("This person has left."))
    existing = StudyRecord.objects.filter(employee=employee, page=page).first()
    if existing is not None:
        return existing
    record = StudyRecord(employee=employee, page=page, recorded_by=recorded_by, method=method)
    record.full_clean(validate_constraints=False)
    record.save()
    return record


@transaction.atomic
def study_records_mark_attendance(
    *, leader_user, page: StudyMaterialPage, employees: Iterable[Employee]
) -> list[StudyRecord]:
    """A team leader (for their own teams' members) or the branch secretary (for anyone in the
    branch) records who attended a group reading of ``page``."""
    employees = list(employees)
    if is_secretary(leader_user, page.branch):
        allowed = None
    else:
        team_ids = set(teams_led_by(leader_user).values_list("pk", flat=True))
        if not team_ids:
            raise PermissionDenied(
                _("Only a team leader or the branch secretary can record group study.")
            )
        allowed = team_ids
    for person in employees:
        if person.branch_id != page.branch_id:
            raise ValidationError(
                _("%(name)s does not belong to this branch.") % {"name": person.name}
            )
        if allowed is not None and person.team_id not in allowed:
            raise PermissionDenied(_("%(name)s is not in a team you lead.") % {"name": person.name})
    return [
        study_record_mark(
            employee=person, page=page, recorded_by=leader_user, method=StudyMethod.MEETING
        )
        for person in employees
    ]


def study_material_announce(*, page: StudyMaterialPage) -> int:
    """Tell the people a newly published material is required for: each person with an account
    gets a message, and the leaders of teams with required people who have no account are asked
    to organise a group reading. Safe to run twice (messages are keyed per material)."""
    from branch.services import notification_send

    if not page.live or page.branch_id is None:
        return 0
    if not page.required_for_all and not page.required_teams.exists():
        return 0
    people = Employee.objects.active().filter(branch_id=page.branch_id)
    if not page.required_for_all:
        people = people.filter(team__in=page.required_teams.all())
    people = people.select_related("user", "team")
    url = page.url or ""
    sent = 0
    teams_without_accounts: dict[int, list[Employee]] = {}
    for person in people:
        if person.user_id and person.user.is_active:
            message = notification_send(
                recipient=person.user,
                title=_("New required material: %(title)s") % {"title": page.title},
                body=page.summary,
                url=url,
                key=f"study-material:{page.pk}",
                about=person,
                branch=person.branch,
            )
            sent += message is not None
        elif person.team_id:
            teams_without_accounts.setdefault(person.team_id, []).append(person)
    for team_id, members in teams_without_accounts.items():
        leaders = Employee.objects.filter(led_teams=team_id, user__isnull=False).select_related(
            "user"
        )
        names = "、".join(p.name for p in members)
        for leader in leaders:
            message = notification_send(
                recipient=leader.user,
                title=_("Please organise group study: %(title)s") % {"title": page.title},
                body=_(
                    "These people have no account, please record them after the group study: %(names)s"
                )
                % {"names": names},
                url=f"/me/study/{page.pk}/attendance/",
                key=f"study-material:{page.pk}:team:{team_id}",
                branch=leader.branch,
            )
            sent += message is not None
    return sent
