"""Benchmark data of the recognition app (``manage.py seed_bench``): every branch's criteria and
settings, last quarter's star ratings approved for everybody (100,000 at 100,000 employees, with
their per-criterion stars), this quarter open, and 50,000 suggestions, most of them answered.
Bulk writes: no history rows are written for these."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from branch.bench import bulk_insert

from . import services
from .models import (
    StarRating,
    StarScore,
    Suggestion,
    SuggestionKind,
    SuggestionResponse,
    SuggestionStatus,
)

SUGGESTIONS = 50_000
BATCH = 2000

IDEAS = (
    ("油管钳牙板快换卡槽", "在油管钳上加一个快换卡槽，换牙板不用拆整个钳头。", "换一次牙板从20分钟缩短到3分钟。"),
    ("值班房增加工具定置板", "值班房墙上装工具定置板，按形状画出工具轮廓。", "交接班一眼看出工具齐不齐。"),
    ("防喷器手轮加长杆", "给防喷器手轮配一根加长杆，冬季戴手套也好操作。", "冬季关井速度慢，存在井控风险。"),
    ("夜班照明灯加装防眩罩", "井场探照灯加装防眩罩，灯光不直射司钻。", "夜间作业司钻被灯光晃眼。"),
    ("班前会安全经验分享", "每次班前会由一名员工讲一个身边的安全经验。", "人人讲安全，比只听文件更入脑入心。"),
    ("废旧抽油杆修复再利用", "对轻微磨损的抽油杆修复后用于浅井。", "每年节约材料费用。"),
)  # fmt: skip
ANSWERS = {
    SuggestionStatus.ACCEPTED: "已受理，安排技术组评估。",
    SuggestionStatus.ADOPTED: "经评估，建议可行，予以采纳。",
    SuggestionStatus.REJECTED: "暂不具备实施条件，感谢参与。",
    SuggestionStatus.IMPLEMENTED: "已在全大队推广实施。",
}
# Where the suggestions stand: the path of statuses each one went through.
PATHS = (
    ((), 25),
    ((SuggestionStatus.ACCEPTED,), 25),
    ((SuggestionStatus.ACCEPTED, SuggestionStatus.ADOPTED), 20),
    ((SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED), 10),
    ((SuggestionStatus.ACCEPTED, SuggestionStatus.ADOPTED, SuggestionStatus.IMPLEMENTED), 20),
)


def _overall(stars: list[int], weights: list[int]) -> Decimal:
    total = sum(Decimal(s) * w for s, w in zip(stars, weights, strict=True))
    return (total / Decimal(sum(weights))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _ratings(context: dict, secretaries: dict[int, int], now) -> int:
    """Last quarter closed with an approved rating for everybody; this quarter open."""
    rng = context["rng"]
    today = timezone.localdate()
    current, _end = services.period_bounds("quarterly", today)
    previous, _end = services.period_bounds("quarterly", current - datetime.timedelta(days=1))
    criteria, periods = {}, {}
    for branch in context["branches"]:
        services.settings_get_or_create(branch=branch)
        services.award_levels_ensure_defaults(branch=branch)
        criteria[branch.pk] = services.criteria_ensure_defaults(branch=branch)
        closed = services.period_create(branch=branch, kind="quarterly", start=previous)
        services.period_close(period=closed)
        services.period_create(branch=branch, kind="quarterly", start=current)
        periods[branch.pk] = closed
    leader_of_team = {p.team_id: p.user_id for p in context["leaders"]}
    count = 0
    people = context["people"]
    for chunk in range(0, len(people), 20_000):
        ratings, all_stars = [], []
        for person in people[chunk : chunk + 20_000]:
            branch_criteria = criteria[person.branch_id]
            stars = [rng.choice((3, 4, 4, 5, 5)) for _ in branch_criteria]
            all_stars.append(stars)
            approved = now - datetime.timedelta(days=rng.randrange(1, 20))
            ratings.append(
                StarRating(
                    employee_id=person.pk,
                    period=periods[person.branch_id],
                    team_id=person.team_id,
                    status=StarRating.Status.APPROVED,
                    overall=_overall(stars, [c.weight for c in branch_criteria]),
                    comment="工作扎实，安全意识强。",
                    rated_by_id=leader_of_team.get(person.team_id),
                    approved_by_id=secretaries.get(person.branch_id),
                    submitted_at=approved - datetime.timedelta(days=2),
                    approved_at=approved,
                )
            )
        StarRating.objects.bulk_create(ratings, batch_size=BATCH)
        scores = [
            StarScore(rating_id=rating.pk, criterion_id=c.pk, stars=s, weight=c.weight)
            for rating, stars in zip(ratings, all_stars, strict=True)
            for c, s in zip(criteria[rating.period.branch_id], stars, strict=True)
        ]
        bulk_insert(StarScore, scores)
        count += len(ratings)
    return count


def _suggestions(context: dict, secretaries: dict[int, int], now) -> tuple[int, int]:
    rng = context["rng"]
    total = max(1, round(SUGGESTIONS * context["scale"]))
    people = context["people"]
    paths, weights = zip(*PATHS, strict=True)
    suggestions, steps = [], []
    for n in range(total):
        person = people[rng.randrange(len(people))]
        title, what, why = IDEAS[n % len(IDEAS)]
        submitted = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        path = rng.choices(paths, weights=weights)[0]
        suggestions.append(
            Suggestion(
                branch_id=person.branch_id,
                employee_id=person.pk,
                team_id=person.team_id,
                kind=SuggestionKind.SMALL_IMPROVEMENT if n % 3 == 0 else SuggestionKind.SUGGESTION,
                title=title,
                what=what,
                why=why,
                submitted_by_id=person.user_id,
                status=path[-1] if path else SuggestionStatus.SUBMITTED,
                submitted_at=submitted,
                response_deadline=submitted + datetime.timedelta(days=7),
                first_response_at=submitted + datetime.timedelta(days=2) if path else None,
            )
        )
        steps.append(path)
    responses = 0
    for chunk in range(0, total, 10_000):
        batch = suggestions[chunk : chunk + 10_000]
        Suggestion.objects.bulk_create(batch, batch_size=BATCH)
        rows = []
        for suggestion, path in zip(batch, steps[chunk : chunk + 10_000], strict=True):
            previous = SuggestionStatus.SUBMITTED
            for i, status in enumerate(path, start=1):
                rows.append(
                    SuggestionResponse(
                        suggestion_id=suggestion.pk,
                        from_status=previous,
                        to_status=status,
                        text=ANSWERS[status],
                        responded_by_id=secretaries.get(suggestion.branch_id),
                        created_at=suggestion.submitted_at + datetime.timedelta(days=2 * i),
                    )
                )
                previous = status
        responses += bulk_insert(SuggestionResponse, rows)
    return total, responses


@transaction.atomic
def seed(context: dict) -> None:
    now = timezone.now()
    secretaries = {p.branch_id: p.user_id for p in context["secretaries"]}
    ratings = _ratings(context, secretaries, now)
    suggestions, responses = _suggestions(context, secretaries, now)
    print(f"  {ratings} star ratings, {suggestions} suggestions, {responses} responses")
