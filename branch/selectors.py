"""Read queries shared by pages, the admin and APIs. Every query is scoped here by branch and
role (DESIGN.md §3), never only in a template."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Branch, CommitteeMember, CommitteePost, Employee, Notification, Team
from .roles import LEADER, SECRETARY, WORKER


def user_group_names(user) -> set[str]:
    """The role groups of ``user``, cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_group_names = cached
    return cached


_REQUEST_CACHES = (
    "_role_group_names",
    "_administered_branch_ids",
    "_led_teams",
    "_role_cache",
)


def forget_roles(user) -> None:
    """Drop what this user object remembers of its roles (after a role changed)."""
    for name in _REQUEST_CACHES:
        user.__dict__.pop(name, None)


def employee_of(user) -> Employee | None:
    """The employee record behind an account, or None (cached on the user)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if not hasattr(user, "_employee_cache"):
        loaded = getattr(getattr(user, "_state", None), "fields_cache", {})
        if "employee" in loaded:  # read with the user (``branch.auth``: branch and team too)
            user._employee_cache = loaded["employee"]
        else:
            user._employee_cache = (
                Employee.objects.select_related("branch", "team").filter(user=user).first()
            )
    return user._employee_cache


def branches_administered_by(user) -> QuerySet[Branch]:
    if not user.is_authenticated:
        return Branch.objects.none()
    if user.is_superuser:
        return Branch.objects.all()
    if SECRETARY not in user_group_names(user):
        return Branch.objects.none()
    return Branch.objects.filter(secretaries=user)


def teams_led_by(user) -> QuerySet[Team]:
    employee = employee_of(user)
    if employee is None or LEADER not in user_group_names(user):
        return Team.objects.none()
    return Team.objects.filter(leaders=employee)


def administered_branch_ids(user) -> list[int]:
    """The pks of ``branches_administered_by(user)``, read once per request (kept on the user
    object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_administered_branch_ids", None)
    if cached is None:
        cached = sorted(branches_administered_by(user).values_list("pk", flat=True))
        user._administered_branch_ids = cached
    return list(cached)


def _led_teams(user) -> list[tuple[int, int]]:
    """(team pk, branch pk) of the teams ``user`` leads, read once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_led_teams", None)
    if cached is None:
        cached = sorted(teams_led_by(user).values_list("pk", "branch_id"))
        user._led_teams = cached
    return cached


def led_team_ids(user) -> list[int]:
    """The pks of ``teams_led_by(user)``, read once per request."""
    return [pk for pk, _branch_id in _led_teams(user)]


def led_team_branch_ids(user) -> list[int]:
    return sorted({branch_id for _pk, branch_id in _led_teams(user)})


def is_secretary(user, branch: Branch | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ids = administered_branch_ids(user)
    return branch.pk in ids if branch is not None else bool(ids)


def is_team_leader(user, team: Team | None = None) -> bool:
    ids = led_team_ids(user)
    return team.pk in ids if team is not None else bool(ids)


def role_of(user) -> str | None:
    """The widest role a user holds: 支部书记 > 班组长 > 员工, or None. Computed once per
    request (kept on the user object, like the rights it is read from)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_role_cache"):
        if user.is_superuser or is_secretary(user):
            role = SECRETARY
        elif is_team_leader(user):
            role = LEADER
        elif employee_of(user) is not None or WORKER in user_group_names(user):
            role = WORKER
        else:
            role = None
        user._role_cache = role
    return user._role_cache


def employees_visible_to(user, *, include_left: bool = False) -> QuerySet[Employee]:
    """The people ``user`` may see: a secretary their branches, a leader their teams' members,
    a worker only themself, anyone else nobody."""
    qs = Employee.objects.select_related("branch", "team", "user")
    if not include_left:
        qs = qs.active()
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    scope = Q(pk__in=[])
    branch_ids = administered_branch_ids(user)
    if branch_ids:
        scope |= Q(branch_id__in=branch_ids)
    team_ids = led_team_ids(user)
    if team_ids:
        scope |= Q(team_id__in=team_ids)
    me = employee_of(user)
    if me is not None:
        scope |= Q(pk=me.pk)
    return qs.filter(scope)


def teams_visible_to(user) -> QuerySet[Team]:
    """Teams a secretary administers or a leader leads, with their member counts."""
    if not user.is_authenticated:
        return Team.objects.none()
    qs = Team.objects.select_related("branch")
    if not user.is_superuser:
        branch_ids = administered_branch_ids(user)
        led_ids = led_team_ids(user)
        qs = qs.filter(Q(branch_id__in=branch_ids) | Q(pk__in=led_ids))
    return qs.annotate(
        member_count=Count(
            "members",
            filter=Q(members__left_on__isnull=True) | Q(members__left_on__gt=timezone.localdate()),
            distinct=True,
        )
    ).distinct()


def leaders_of(employee: Employee) -> QuerySet[Employee]:
    """The team leaders who look after ``employee`` (excluding the employee themself)."""
    if employee.team_id is None:
        return Employee.objects.none()
    return (
        Employee.objects.filter(led_teams=employee.team_id)
        .exclude(pk=employee.pk)
        .select_related("user")
    )


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("about")


def unread_notification_count(user) -> int:
    """The user's unread messages (the header's badge), kept in the cache until a message of
    theirs is written, read or deleted (``caching.forget_unread``)."""
    if not user.is_authenticated:
        return 0
    from . import caching

    return caching.cached(
        caching.unread_key(user.pk),
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    )


# The order in which committee posts stand in for the secretary when a record of the secretary's
# own needs another approver.
ALTERNATE_APPROVER_POSTS = (
    CommitteePost.DEPUTY_SECRETARY,
    CommitteePost.ORGANISATION,
    CommitteePost.DISCIPLINE,
    CommitteePost.PUBLICITY,
    CommitteePost.OTHER,
    CommitteePost.SECRETARY,
)


def committee_of(branch: Branch, day=None) -> QuerySet[CommitteeMember]:
    """The branch committee's current seats (on ``day``, default today), with their people."""
    return (
        CommitteeMember.objects.current(day)
        .filter(branch=branch)
        .filter(
            Q(employee__left_on__isnull=True) | Q(employee__left_on__gt=day or timezone.localdate())
        )
        .select_related("employee", "employee__user")
    )


def alternate_approver(branch: Branch, *, excluding: Employee | None, day=None) -> Employee | None:
    """Who approves a record that ``excluding`` may not approve themself (their own rating, their
    own draft, an escalation of their own overdue reply): another current committee member with an
    active account, the deputy secretary first. None when the branch has nobody else, in which
    case the caller records that the person approved their own record."""
    seats = [
        seat
        for seat in committee_of(branch, day)
        if seat.employee.user_id
        and seat.employee.user.is_active
        and (excluding is None or seat.employee_id != excluding.pk)
    ]
    rank = {post: i for i, post in enumerate(ALTERNATE_APPROVER_POSTS)}
    seats.sort(key=lambda seat: (rank.get(seat.post, len(rank)), seat.start_on, seat.pk))
    return seats[0].employee if seats else None


# -- political status owners -------------------------------------------------------------------
# An app that moves ``Employee.political_status`` through its own process (partylife's member
# development) registers an owner: ``owner(employee_ids) -> {employee_id: reason}`` names the
# people whose status it keeps. The roster import must not overwrite their status: it calls
# ``political_status_conflicts`` and reports the rows it returns instead.

_political_status_owners: list = []


def register_political_status_owner(owner) -> None:
    if owner not in _political_status_owners:
        _political_status_owners.append(owner)


def political_status_owned(employee_ids) -> dict[int, str]:
    """{employee_id: reason} for the people whose political status an app keeps."""
    ids = list(employee_ids)
    owned: dict[int, str] = {}
    for owner in _political_status_owners:
        # In slices, so a roster of 100,000 changes stays under SQLite's parameter limit.
        for start in range(0, len(ids), 5000):
            for pk, reason in owner(ids[start : start + 5000]).items():
                owned.setdefault(pk, reason)
    return owned


def political_status_conflicts(changes) -> list[tuple[Employee, str, str]]:
    """For ``changes`` as (employee, new_status) pairs: those that would overwrite a status an
    app keeps, as (employee, new_status, reason). One query per registered owner."""
    pending = [(e, s) for e, s in changes if e.pk and e.political_status != s]
    owned = political_status_owned(e.pk for e, _s in pending)
    return [(e, s, owned[e.pk]) for e, s in pending if e.pk in owned]
