"""Demo data of the recognition app for ``manage.py seed_demo``: criteria, two closed periods
with approved ratings and an open one with drafts, suggestions in several states (one overdue,
one awarded), visions, commitments with check-ins and an incident long ago. Re-running changes
nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from branch.models import Employee

from . import services
from .models import (
    AwardLevel,
    Commitment,
    Incident,
    RatingPeriod,
    StarRating,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
    Vision,
)

S = SuggestionStatus
SUGGESTIONS = [
    # staff_no, kind, title, what, why, days ago, statuses to go through, award level
    (
        "W001",
        SuggestionKind.SMALL_IMPROVEMENT,
        "油管钳牙板快换卡槽",
        "在油管钳上加一个快换卡槽，换牙板不用拆整个钳头。",
        "现在换一次牙板要 20 分钟，改后 3 分钟，减少起下钻等待。",
        40,
        [S.ACCEPTED, S.ADOPTED, S.IMPLEMENTED],
        "二等奖",
    ),
    (
        "W002",
        SuggestionKind.SUGGESTION,
        "值班房增加工具定置板",
        "值班房墙上装工具定置板，按形状画出工具轮廓。",
        "交接班时一眼能看出工具齐不齐，少丢工具。",
        30,
        [S.ACCEPTED, S.PARTLY_ADOPTED],
        None,
    ),
    (
        "W004",
        SuggestionKind.SMALL_IMPROVEMENT,
        "井口防喷器手轮加长杆",
        "给防喷器手轮配一根加长杆，冬季戴手套也好操作。",
        "冬季关井速度慢，存在井控风险。",
        12,
        [S.ACCEPTED],
        None,
    ),
    (
        "W101",
        SuggestionKind.SUGGESTION,
        "改用一次性劳保手套",
        "把棉线手套换成一次性手套。",
        "清洗方便。",
        25,
        [S.ACCEPTED, S.REJECTED],
        None,
    ),
    (
        "W103",
        SuggestionKind.SUGGESTION,
        "夜班照明灯加装防眩罩",
        "井场探照灯加装防眩罩，灯光不直射司钻。",
        "夜间作业司钻被灯光晃眼，看不清指重表。",
        10,
        [],
        None,
    ),
    (
        "W005",
        SuggestionKind.SUGGESTION,
        "班前会增加五分钟安全经验分享",
        "每次班前会由一名员工讲一个身边的安全经验。",
        "人人讲安全，比只听文件更入脑入心。",
        1,
        [],
        None,
    ),
]
RESPONSES = {
    S.ACCEPTED: "已受理，安排技术组评估。",
    S.ADOPTED: "经评估，建议可行，予以采纳。",
    S.PARTLY_ADOPTED: "定置板采纳，先在修井一班试点。",
    S.REJECTED: "一次性手套耐磨性不足，存在安全隐患，暂不采纳，感谢参与。",
    S.IMPLEMENTED: "已在全大队推广实施。",
}
COMMITMENTS = [
    ("W001", "当班安全员", "井控设备我负责"),
    ("W002", "设备维护员", "液压钳保养我负责"),
    ("W004", "场地管理员", "井场 5S 我负责"),
    ("W101", "当班安全员", "起下钻安全我把关"),
    ("W201", "环保监督员", "井场零污染我守护"),
]
TEAM_VISIONS = {
    "修井一班": "打造“零违章”标杆班组，人人争当星级员工。",
    "修井二班": "干一口井、优一口井，创建学习型班组。",
    "修井三班": "师带徒、传帮带，新员工一年内独立顶岗。",
}


def _stars(staff_no: str, criterion_id: int, period_id: int) -> int:
    """Deterministic demo stars (3-5) so a re-run writes the same numbers."""
    return 3 + (sum(map(ord, staff_no)) + criterion_id * 7 + period_id) % 3


def _leader_user(team):
    leader = team.leaders.exclude(user=None).select_related("user").first()
    return leader.user if leader else None


def _rate(period, teams, secretary_user, *, approve: bool, team_names=None) -> None:
    criteria = services.criteria_ensure_defaults(branch=period.branch)
    for team in teams.values():
        if team_names and team.name not in team_names:
            continue
        leader_user = _leader_user(team)
        if leader_user is None or StarRating.objects.filter(period=period, team=team).exists():
            continue
        members = Employee.objects.active().filter(team=team).order_by("staff_no")
        leader_ids = set(team.leaders.values_list("pk", flat=True))

        def entries(people):
            return [
                {
                    "employee": m,
                    "stars": {c.pk: _stars(m.staff_no, c.pk, period.pk) for c in criteria},
                    "comment": "工作扎实，安全意识强。" if approve else "",
                }
                for m in people
            ]

        # members are rated by their leader, the leaders by the secretary
        services.rating_team_save(
            period=period,
            team=team,
            entries=entries([m for m in members if m.pk not in leader_ids]),
            by=leader_user,
            submit=approve,
        )
        services.rating_team_save(
            period=period,
            team=team,
            entries=entries([m for m in members if m.pk in leader_ids]),
            by=secretary_user,
            submit=approve,
        )
        if approve:
            services.rating_approve_team(period=period, team=team, by=secretary_user)


@transaction.atomic
def seed(context: dict) -> None:
    branch, teams = context["branch"], context["teams"]
    secretary_user = branch.secretaries.first()
    if secretary_user is None:
        return
    rule = services.settings_get_or_create(branch=branch)
    if rule.safety_start_date is None:
        rule.safety_start_date = datetime.date(2024, 1, 1)
        rule.save(update_fields=["safety_start_date"])
    services.criteria_ensure_defaults(branch=branch)
    services.award_levels_ensure_defaults(branch=branch)

    # Periods: the current quarter open, the two before it closed and approved.
    today = timezone.localdate()
    current_start, _end = services.period_bounds("quarterly", today)
    starts = [current_start]
    for _ in range(2):
        starts.append(
            services.period_bounds("quarterly", starts[-1] - datetime.timedelta(days=1))[0]
        )
    periods = []
    for start in reversed(starts):
        period = RatingPeriod.objects.filter(branch=branch, kind="quarterly", start=start).first()
        periods.append(
            period or services.period_create(branch=branch, kind="quarterly", start=start)
        )
    for period in periods[:2]:
        if period.is_open:
            _rate(period, teams, secretary_user, approve=True)
            services.period_close(period=period)
    _rate(periods[2], teams, secretary_user, approve=False, team_names={"修井一班"})

    # Suggestions in several states, one overdue, one awarded.
    if not Suggestion.objects.filter(branch=branch).exists():
        now = timezone.now()
        for staff_no, kind, title, what, why, days_ago, steps, award in SUGGESTIONS:
            employee = Employee.objects.get(branch=branch, staff_no=staff_no)
            by = employee.user or _leader_user(employee.team)
            submitted = now - datetime.timedelta(days=days_ago)
            suggestion = services.suggestion_submit(
                employee=employee, kind=kind, title=title, what=what, why=why, by=by, now=submitted
            )
            for step, status in enumerate(steps, start=1):
                services.suggestion_respond(
                    suggestion=suggestion,
                    to_status=status,
                    text=RESPONSES[status],
                    by=secretary_user,
                    now=submitted + datetime.timedelta(days=step * 2),
                )
            if award:
                services.award_grant(
                    suggestion=suggestion,
                    level=AwardLevel.objects.get(branch=branch, name=award),
                    awarded_on=(submitted + datetime.timedelta(days=10)).date(),
                    note="全大队推广",
                    by=secretary_user,
                )

    # Visions, commitments and check-ins, and an incident long ago.
    year = today.year
    if not Vision.objects.filter(branch=branch, year=year, scope=Vision.Scope.BRANCH).exists():
        services.vision_save(
            branch=branch,
            year=year,
            by=secretary_user,
            text="支部是我家，兴衰靠大家：建设一支安全、团结、能打硬仗的作业大队。",
            goals="零事故、零伤害、零污染",
        )
    for name, text in TEAM_VISIONS.items():
        team = teams.get(name)
        if team and not Vision.objects.filter(team=team, year=year).exists():
            services.vision_save(branch=branch, team=team, year=year, by=secretary_user, text=text)
    if not Commitment.objects.filter(employee__branch=branch).exists():
        for staff_no, role, promise in COMMITMENTS:
            employee = Employee.objects.get(branch=branch, staff_no=staff_no)
            commitment = services.commitment_create(
                employee=employee,
                role=role,
                promise=promise,
                start_on=today - datetime.timedelta(days=30),
                by=secretary_user,
            )
            for days_ago in range(1, 6):
                services.commitment_check_in(
                    commitment=commitment,
                    date=today - datetime.timedelta(days=days_ago),
                    kept=(days_ago + len(staff_no)) % 4 != 0,
                    note="" if days_ago % 2 else "交接班检查",
                    by=secretary_user,
                )
    if not Incident.objects.filter(branch=branch).exists():
        services.incident_record(
            branch=branch,
            team=teams.get("修井二班"),
            kind=Incident.Kind.INJURY,
            occurred_on=datetime.date(2025, 3, 12),
            description="起下钻时手指被吊卡挤伤，轻伤，已整改：吊卡操作加装防挤手柄。",
            by=secretary_user,
        )
