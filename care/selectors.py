"""Scoped reads of the care calendar. Scope always comes from ``branch.selectors``."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from branch import selectors as branch_selectors
from branch.models import Employee

from . import birthdays
from .models import Distribution, HardshipCase, Question, WelfareCampaign


@dataclass
class BirthdayRow:
    employee: Employee
    date: datetime.date
    age: int
    lunar: bool
    label: str


def upcoming_birthdays(user, start: datetime.date, end: datetime.date) -> list[BirthdayRow]:
    """Birthdays in [start, end] of the people ``user`` looks after (never the worker's own
    list: leaders and secretaries only), soonest first."""
    if branch_selectors.role_of(user) not in {"支部书记", "班组长"}:
        return []
    people = branch_selectors.employees_visible_to(user).filter(birth_date__isnull=False)
    rows = []
    for person in people:
        for when in birthdays.occurrences_between(
            person.birth_date, person.birthday_calendar, start, end
        ):
            lunar = person.birthday_calendar == birthdays.LUNAR
            rows.append(
                BirthdayRow(
                    employee=person,
                    date=when.date,
                    age=when.age,
                    lunar=lunar,
                    label=birthdays.lunar_label(person.birth_date) if lunar else "",
                )
            )
    rows.sort(key=lambda r: (r.date, r.employee.name))
    return rows


def can_record_for(user, employee: Employee) -> bool:
    """A leader records for members of their own teams; a secretary for their branch."""
    if branch_selectors.is_secretary(user, employee.branch):
        return True
    return employee.team_id is not None and employee.team_id in set(
        branch_selectors.led_team_ids(user)
    )


def campaigns_visible_to(user) -> QuerySet[WelfareCampaign]:
    branch_ids = set(branch_selectors.administered_branch_ids(user))
    me = branch_selectors.employee_of(user)
    if me is not None:
        branch_ids.add(me.branch_id)
    return WelfareCampaign.objects.filter(branch_id__in=branch_ids).prefetch_related("items")


def campaign_targets(campaign: WelfareCampaign) -> QuerySet[Employee]:
    """Everyone the campaign is for: active people of the branch (or the chosen teams), less
    any employment type the secretary excluded."""
    qs = Employee.objects.active().filter(branch_id=campaign.branch_id)
    team_ids = [t.pk for t in campaign.teams.all()]
    if team_ids:
        qs = qs.filter(team_id__in=team_ids)
    if campaign.excluded_types:
        qs = qs.exclude(employment_type__in=campaign.excluded_types)
    return qs.select_related("team")


def campaign_checklist(campaign: WelfareCampaign, user) -> list[dict]:
    """The people ``user`` may record for in this campaign, each with what they received."""
    people = campaign_targets(campaign)
    if not branch_selectors.is_secretary(user, campaign.branch):
        people = people.filter(team__in=branch_selectors.teams_led_by(user))
    people = list(people.order_by("team__name", "staff_no"))
    received = {}
    for row in Distribution.objects.filter(campaign=campaign, employee__in=people):
        received.setdefault(row.employee_id, {})[row.item_id] = row
    items = list(campaign.items.all())
    return [
        {
            "employee": p,
            "cells": [(item, received.get(p.pk, {}).get(item.pk)) for item in items],
            "complete": len(received.get(p.pk, {})) == len(items) and bool(items),
            "none": not received.get(p.pk),
        }
        for p in people
    ]


def campaign_totals(campaign: WelfareCampaign) -> tuple[int, int]:
    """(people the campaign is for, how many of them received something), in one query: what
    the 工作台 shows, without the lists of ``campaign_coverage``."""
    got_any = Exists(Distribution.objects.filter(campaign=campaign, employee=OuterRef("pk")))
    totals = campaign_targets(campaign).aggregate(
        total=Count("pk"), covered=Count("pk", filter=got_any)
    )
    return totals["total"], totals["covered"]


def campaign_coverage(campaign: WelfareCampaign) -> dict:
    """Coverage per team and per employment type, and who has received nothing yet."""
    got_any = Exists(Distribution.objects.filter(campaign=campaign, employee=OuterRef("pk")))
    targets = campaign_targets(campaign).annotate(got=got_any)
    by_team = list(
        targets.values("team__name")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(got=True)))
        .order_by("team__name")
    )
    by_type = list(
        targets.values("employment_type")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(got=True)))
        .order_by("employment_type")
    )
    missing = list(targets.filter(got=False).order_by("team__name", "staff_no"))
    total = sum(r["total"] for r in by_team)
    covered = sum(r["covered"] for r in by_team)
    return {
        "by_team": by_team,
        "by_type": by_type,
        "missing": missing,
        "total": total,
        "covered": covered,
    }


def campaign_ledger(campaign: WelfareCampaign) -> QuerySet[Distribution]:
    return (
        Distribution.objects.filter(campaign=campaign)
        .select_related("employee__team", "item", "recorded_by")
        .order_by("employee__team__name", "employee__staff_no", "item_id")
    )


def can_read_case(user, case: HardshipCase) -> bool:
    if not user.is_authenticated:
        return False
    if branch_selectors.is_secretary(user, case.branch):
        return True
    return case.handlers.filter(pk=user.pk).exists()


def cases_visible_to(user) -> QuerySet[HardshipCase]:
    """Cases of the user's branches (secretary) or naming them as handler; nobody else's."""
    if not user.is_authenticated:
        return HardshipCase.objects.none()
    branch_ids = branch_selectors.administered_branch_ids(user)
    return (
        HardshipCase.objects.filter(Q(branch_id__in=branch_ids) | Q(handlers=user))
        .distinct()
        .select_related("employee__team", "branch")
    )


def questions_visible_to(user) -> QuerySet[Question]:
    """Secretary: the branch's questions; leader: those of their teams; worker: their own."""
    if not user.is_authenticated:
        return Question.objects.none()
    branch_ids = branch_selectors.administered_branch_ids(user)
    team_ids = branch_selectors.led_team_ids(user)
    me = branch_selectors.employee_of(user)
    scope = Q(branch_id__in=branch_ids) | Q(employee__team_id__in=team_ids) | Q(asked_by=user)
    if me is not None:
        scope |= Q(employee=me)
    return Question.objects.filter(scope).select_related("employee__team", "branch").distinct()


def faq_for(user) -> QuerySet[Question]:
    me = branch_selectors.employee_of(user)
    branch_ids = set(branch_selectors.administered_branch_ids(user))
    if me is not None:
        branch_ids.add(me.branch_id)
    return Question.objects.filter(branch_id__in=branch_ids, published=True).order_by(
        "category", "-answered_at"
    )


# ---------------------------------------------------------------- praise, talks, mediation


def praise_wall(branch) -> QuerySet:
    """The branch's approved praise, newest first, with the people praised (constant queries)."""
    from .models import Praise, PraiseStatus

    return (
        Praise.objects.filter(branch=branch, status=PraiseStatus.APPROVED)
        .select_related("posted_by__employee")
        .prefetch_related(Prefetch("people", queryset=Employee.objects.select_related("team")))
        .order_by("-created_at", "-pk")
    )


def praises_to_review(user) -> QuerySet:
    """Pending praise ``user`` may review: the secretary's branch, a leader's team members;
    never their own posts."""
    from .models import Praise, PraiseStatus

    if not user.is_authenticated:
        return Praise.objects.none()
    branch_ids = branch_selectors.administered_branch_ids(user)
    team_ids = branch_selectors.led_team_ids(user)
    return (
        Praise.objects.filter(status=PraiseStatus.PENDING)
        .filter(Q(branch_id__in=branch_ids) | Q(people__team_id__in=team_ids))
        .exclude(posted_by=user)
        .distinct()
        .select_related("posted_by__employee")
        .prefetch_related(Prefetch("people", queryset=Employee.objects.select_related("team")))
        .order_by("created_at", "pk")
    )


def praise_counts(employee_ids, day: datetime.date) -> dict[int, int]:
    """Approved praise per person in the year up to ``day``: one query."""
    from .models import Praise, PraiseStatus

    since = day - datetime.timedelta(days=365)
    rows = (
        Praise.people.through.objects.filter(
            employee_id__in=list(employee_ids),
            praise__status=PraiseStatus.APPROVED,
            praise__created_at__date__gt=since,
            praise__created_at__date__lte=day,
        )
        .values("employee_id")
        .annotate(n=Count("praise_id"))
    )
    return {row["employee_id"]: row["n"] for row in rows}


def praise_visible_to(user, pk: int):
    """A praise ``user`` may open: approved ones of their branch; pending ones they posted or
    may review."""
    from .models import Praise, PraiseStatus

    branch_ids = set(branch_selectors.administered_branch_ids(user))
    me = branch_selectors.employee_of(user)
    if me is not None:
        branch_ids.add(me.branch_id)
    praise = Praise.objects.filter(pk=pk, branch_id__in=branch_ids).first()
    if praise is None:
        return None
    if praise.status == PraiseStatus.APPROVED or praise.posted_by_id == user.pk:
        return praise
    return praise if praises_to_review(user).filter(pk=pk).exists() else None


def talks_visible_to(user) -> QuerySet:
    """Talk requests the user asked for, is the listener of, or (secretary) of their branch."""
    from .models import TalkRequest

    if not user.is_authenticated:
        return TalkRequest.objects.none()
    branch_ids = branch_selectors.administered_branch_ids(user)
    return TalkRequest.objects.filter(
        Q(branch_id__in=branch_ids) | Q(listener=user) | Q(requested_by=user)
    ).select_related("employee__team", "branch", "listener__employee", "talker__employee")


def mediations_visible_to(user) -> QuerySet:
    """Mediation records of the secretary's branches or naming the user as handler."""
    from .models import Mediation

    if not user.is_authenticated:
        return Mediation.objects.none()
    branch_ids = branch_selectors.administered_branch_ids(user)
    return (
        Mediation.objects.filter(Q(branch_id__in=branch_ids) | Q(handlers=user))
        .distinct()
        .select_related("employee__team", "branch", "case")
    )
