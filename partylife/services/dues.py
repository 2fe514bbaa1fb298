"""Party dues: the amount from the base, the monthly collection sheet, arrears, the year.

Rounding: the amount is ``base × rate`` rounded to the fen (0.01 yuan) with ROUND_HALF_UP; all
arithmetic is Decimal."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import caching
from branch.models import Branch, Employee, PoliticalStatus

from .. import selectors
from ..models import Development, DuesCategory, DuesPayment, DuesRate

FEN = Decimal("0.01")
ARREARS_MONTHS = 6


@dataclass(frozen=True)
class Rate:
    category: str
    up_to: Decimal | None
    percent: Decimal | None = None
    fixed_amount: Decimal | None = None


# The default table: one rate on the whole base, each bound inclusive.
DEFAULT_RATES = (
    Rate(DuesCategory.WAGE, Decimal("3000"), percent=Decimal("0.5")),
    Rate(DuesCategory.WAGE, Decimal("5000"), percent=Decimal("1")),
    Rate(DuesCategory.WAGE, Decimal("10000"), percent=Decimal("1.5")),
    Rate(DuesCategory.WAGE, None, percent=Decimal("2")),
    Rate(DuesCategory.RETIRED, None, fixed_amount=Decimal("2.00")),
    Rate(DuesCategory.NO_WAGE, None, fixed_amount=Decimal("0.20")),
)


def rate_table(branch: Branch) -> list[Rate]:
    rows = [
        Rate(r.category, r.up_to, r.percent, r.fixed_amount)
        for r in DuesRate.objects.filter(branch=branch)
    ]
    return rows or list(DEFAULT_RATES)


def dues_amount(*, base: Decimal, category: str, table) -> Decimal:
    """The month's dues for ``base`` (yuan) in ``category`` under ``table``."""
    base = Decimal(base)
    if base < 0:
        raise ValidationError(_("The dues base cannot be negative."))
    rules = sorted(
        (r for r in table if r.category == category),
        key=lambda r: (r.up_to is None, r.up_to or 0),
    )
    for rule in rules:
        if rule.up_to is None or base <= rule.up_to:
            if rule.fixed_amount is not None:
                return Decimal(rule.fixed_amount).quantize(FEN, rounding=ROUND_HALF_UP)
            return (base * Decimal(rule.percent) / 100).quantize(FEN, rounding=ROUND_HALF_UP)
    raise ValidationError(_("The dues table has no rate for this base."))


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def payers(branch: Branch, month: datetime.date) -> list[Employee]:
    """Who pays for ``month``: full members, and probationary members from the month of the
    branch meeting's vote that admitted them."""
    month = first_of_month(month)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    admitted_later = Development.objects.filter(branch=branch, admitted_on__gte=next_month).values(
        "employee_id"
    )
    return list(
        Employee.objects.active()
        .filter(branch=branch)
        .filter(
            Q(political_status=PoliticalStatus.MEMBER)
            | Q(political_status=PoliticalStatus.PROBATIONARY)
        )
        .exclude(pk__in=admitted_later)
        .select_related("team")
        .order_by("team__name", "staff_no")
    )


def _require_secretary(user, branch: Branch) -> None:
    if branch.pk not in selectors.secretary_branch_ids(user):
        raise PermissionDenied(_("Only the branch secretary records Party dues."))


@transaction.atomic
def dues_month_prepare(*, branch: Branch, month: datetime.date, user) -> int:
    """Open the month's sheet: a line per payer, base and category carried from their last
    month. Running it again adds only the lines still missing. Returns lines added."""
    _require_secretary(user, branch)
    month = first_of_month(month)
    people = payers(branch, month)
    have = set(
        DuesPayment.objects.filter(branch=branch, month=month).values_list("employee_id", flat=True)
    )
    last = {}
    for p in DuesPayment.objects.filter(
        branch=branch, month__lt=month, employee__in=people
    ).order_by("month"):
        last[p.employee_id] = p
    table = rate_table(branch)
    new = []
    for person in people:
        if person.pk in have:
            continue
        previous = last.get(person.pk)
        category = previous.category if previous else DuesCategory.WAGE
        base = previous.base if previous else Decimal("0")
        new.append(
            DuesPayment(
                branch=branch,
                employee=person,
                month=month,
                category=category,
                base=base,
                amount=dues_amount(base=base, category=category, table=table),
                recorded_by=user,
            )  # fmt: skip
        )
    DuesPayment.objects.bulk_create(new)  # a sheet opened in bulk: no history rows for these
    caching.bump(branch.pk, "partylife")  # nor a model signal
    return len(new)


@transaction.atomic
def dues_payment_set(
    *,
    payment: DuesPayment,
    user,
    base: Decimal | None = None,
    category: str | None = None,
    paid_on: datetime.date | None = None,
    unpaid: bool = False,
) -> DuesPayment:
    """Set a line's base or category (the amount follows) and mark it paid or unpaid."""
    payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
    _require_secretary(user, payment.branch)
    if category is not None:
        if category not in DuesCategory.values:
            raise ValidationError(_("Unknown dues category."))
        payment.category = category
    if base is not None:
        payment.base = Decimal(base)
    payment.amount = dues_amount(
        base=payment.base, category=payment.category, table=rate_table(payment.branch)
    )
    if paid_on is not None:
        if paid_on < payment.month:
            raise ValidationError(_("Dues cannot be paid before their month."))
        if paid_on > timezone.localdate():
            raise ValidationError(_("The payment date cannot be in the future."))
        payment.paid_on = paid_on
    if unpaid:
        payment.paid_on = None
    payment.recorded_by = user
    payment.full_clean()
    payment.save()
    return payment


def arrears(branch: Branch, month: datetime.date) -> dict[int, int]:
    """{employee_id: unpaid months up to ``month``} for those owing ``ARREARS_MONTHS`` or more
    (flagged on the sheet)."""
    counts: dict[int, int] = {}
    for employee_id in DuesPayment.objects.filter(
        branch=branch, month__lte=first_of_month(month), paid_on__isnull=True
    ).values_list("employee_id", flat=True):
        counts[employee_id] = counts.get(employee_id, 0) + 1
    return {pk: n for pk, n in counts.items() if n >= ARREARS_MONTHS}


MAX_PERCENT = Decimal("100")
MAX_AMOUNT = Decimal("99999999.99")


@transaction.atomic
def dues_rates_set(*, branch: Branch, user, rates: list[Rate]) -> int:
    """Replace the branch's dues table with ``rates`` (all or nothing) and recompute the unpaid
    lines from this month on, so the sheet shows what members owe under the new table. Returns
    the number of lines recomputed.

    Each category needs exactly one open-ended rule; wage brackets are percentages with rising,
    distinct upper bounds; the categories without a wage base pay a fixed amount."""
    _require_secretary(user, branch)
    errors: list[str] = []
    for category, label in DuesCategory.choices:
        rules = [r for r in rates if r.category == category]
        if not rules:
            errors.append(_("%(category)s: the table needs a rate.") % {"category": label})
            continue
        if sum(1 for r in rules if r.up_to is None) != 1:
            errors.append(
                _("%(category)s: exactly one rate must have no upper bound.") % {"category": label}
            )
        bounds = [r.up_to for r in rules if r.up_to is not None]
        if len(bounds) != len(set(bounds)):
            errors.append(
                _("%(category)s: two rates have the same upper bound.") % {"category": label}
            )
        for rule in rules:
            if (rule.percent is None) == (rule.fixed_amount is None):
                errors.append(
                    _("%(category)s: give either a rate or a fixed amount, not both.")
                    % {"category": label}
                )
            elif category == DuesCategory.WAGE and rule.percent is None:
                errors.append(_("Wage earners pay a rate of their base."))
            if rule.percent is not None and not Decimal("0") < rule.percent <= MAX_PERCENT:
                errors.append(_("A rate must be above 0 % and at most 100 %."))
            if rule.fixed_amount is not None and not Decimal("0") <= rule.fixed_amount <= Decimal(
                "10000"
            ):
                errors.append(_("A fixed amount must be between ¥0 and ¥10,000."))
            if rule.up_to is not None and not Decimal("0") < rule.up_to <= MAX_AMOUNT:
                errors.append(_("An upper bound must be a positive number of yuan."))
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    DuesRate.objects.filter(branch=branch).delete()
    DuesRate.objects.bulk_create(
        DuesRate(
            branch=branch,
            category=r.category,
            up_to=r.up_to,
            percent=r.percent,
            fixed_amount=r.fixed_amount,
        )
        for r in rates
    )
    caching.bump(branch.pk, "partylife")  # bulk writes send no model signal
    table = rate_table(branch)
    changed = []
    for line in DuesPayment.objects.filter(
        branch=branch, paid_on__isnull=True, month__gte=first_of_month(timezone.localdate())
    ):
        amount = dues_amount(base=line.base, category=line.category, table=table)
        if amount != line.amount:
            line.amount = amount
            changed.append(line)
    DuesPayment.objects.bulk_update(changed, ["amount"])
    return len(changed)
