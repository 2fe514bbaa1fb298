"""Recognition set-up: settings, default criteria and award levels, rating periods."""

import datetime
from decimal import Decimal

from django.db import transaction

from branch.models import Branch

from .. import selectors
from ..models import (
    AwardLevel,
    PeriodKind,
    RatingCriterion,
    RatingPeriod,
    RecognitionSettings,
)

# The seed's criteria: character and values first, then safety, skill and teamwork.
DEFAULT_CRITERIA = [
    ("品格", "诚实守信、爱岗敬业、遵章守纪", 3),
    ("人生价值观", "积极向上、甘于奉献、集体荣誉感", 3),
    ("安全", "严守操作规程，当班无违章", 2),
    ("技能", "技术过硬，一日一练、技术考评成绩", 2),
    ("团队协作", "互帮互助，服从指挥，带徒传艺", 1),
]
DEFAULT_AWARD_LEVELS = [
    ("一等奖", Decimal("1000")),
    ("二等奖", Decimal("500")),
    ("三等奖", Decimal("200")),
]


def settings_get_or_create(*, branch: Branch) -> RecognitionSettings:
    found, _created = RecognitionSettings.objects.get_or_create(branch=branch)
    return found


def criteria_ensure_defaults(*, branch: Branch) -> list[RatingCriterion]:
    """Give a branch the seed's criteria if it has none yet (safe to call on every use: when
    the branch has criteria, one read and no transaction)."""
    criteria = selectors.criteria_for(branch)
    if criteria:
        return criteria
    with transaction.atomic():
        if not RatingCriterion.objects.filter(branch=branch).exists():
            for order, (name, description, weight) in enumerate(DEFAULT_CRITERIA, start=1):
                criterion = RatingCriterion(
                    branch=branch,
                    name=name,
                    description=description,
                    weight=weight,
                    order=order * 10,
                )
                criterion.full_clean()
                criterion.save()
    return selectors.criteria_for(branch)


@transaction.atomic
def award_levels_ensure_defaults(*, branch: Branch) -> None:
    if not AwardLevel.objects.filter(branch=branch).exists():
        for order, (name, amount) in enumerate(DEFAULT_AWARD_LEVELS, start=1):
            AwardLevel.objects.create(branch=branch, name=name, amount=amount, order=order)


# ---------------------------------------------------------------- periods


def period_bounds(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the month / quarter / year that contains ``day``."""
    if kind == PeriodKind.MONTHLY:
        start = day.replace(day=1)
        next_start = (start + datetime.timedelta(days=32)).replace(day=1)
    elif kind == PeriodKind.QUARTERLY:
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        month = start.month + 3
        next_start = start.replace(year=start.year + (month > 12), month=(month - 1) % 12 + 1)
    else:
        start = day.replace(month=1, day=1)
        next_start = start.replace(year=start.year + 1)
    return start, next_start - datetime.timedelta(days=1)


def period_create(
    *,
    branch: Branch,
    kind: str,
    start: datetime.date,
    end: datetime.date | None = None,
    name: str = "",
) -> RatingPeriod:
    if end is None:
        start, end = period_bounds(kind, start)
    period = RatingPeriod(branch=branch, kind=kind, start=start, end=end, name=name)
    period.full_clean()
    period.save()
    return period


def period_close(*, period: RatingPeriod) -> RatingPeriod:
    period.status = RatingPeriod.Status.CLOSED
    period.save(update_fields=["status"])
    return period
