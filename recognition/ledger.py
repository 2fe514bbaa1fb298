"""Recognition's 台账 sections: suggestions and awards, star ratings; visions and safe days.
Registered from ``RecognitionConfig.ready()``."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _

from home.registries import LedgerSection, LedgerTable


def recognition_section(branch, year: int) -> LedgerSection:
    from .models import Award, StarRating, Suggestion, SuggestionKind, SuggestionStatus

    suggestions = Suggestion.objects.filter(branch=branch, submitted_at__year=year)
    counts = Counter(
        {
            (row["kind"], row["status"]): row["total"]
            for row in suggestions.values("kind", "status").annotate(total=Count("pk"))
        }
    )
    suggestion_rows = []
    for kind in SuggestionKind:
        row = [str(kind.label)] + [counts[(kind.value, s.value)] for s in SuggestionStatus]
        suggestion_rows.append([*row, sum(row[1:])])
    awards = list(
        Award.objects.filter(suggestion__branch=branch, awarded_on__year=year)
        .select_related("suggestion__employee", "level")
        .order_by("awarded_on", "pk")
    )
    award_rows = [
        [
            a.awarded_on.isoformat(),
            a.suggestion.title,
            a.suggestion.employee.name,
            a.level.name if a.level_id else "",
            a.amount,
        ]
        for a in awards
    ]
    ratings = StarRating.objects.filter(
        period__branch=branch, period__start__year=year, status=StarRating.Status.APPROVED
    ).select_related("period")
    per_period: dict[int, tuple[str, Counter]] = {}
    for rating in ratings.order_by("period__start", "period_id"):
        name, stars = per_period.setdefault(rating.period_id, (str(rating.period), Counter()))
        stars[rating.whole_stars] += 1
    rating_rows = [
        [name, *[stars[n] for n in range(5, 0, -1)], sum(stars.values())]
        for name, stars in per_period.values()
    ]
    total_amount = sum((a.amount or 0) for a in awards)
    # Nobody approves their own record; where the branch had nobody else, the ledger says so.
    self_approved = [
        *(
            str(r.employee.name)
            for r in ratings.filter(self_approved=True).select_related("employee")
        ),
        *(a.suggestion.employee.name for a in awards if a.self_approved),
    ]
    paragraphs = [
        _(
            "%(count)s suggestions and small improvements were made this year; %(awards)s awards were given, %(amount)s yuan in all."
        )
        % {"count": suggestions.count(), "awards": len(awards), "amount": total_amount},
    ]
    if self_approved:
        paragraphs.append(
            _(
                "Approved by the person themself, the branch having no other committee member: %(names)s."
            )
            % {"names": "、".join(self_approved)}
        )
    return LedgerSection(
        title=_("Suggestions, awards and star ratings"),
        paragraphs=paragraphs,
        tables=[
            LedgerTable(
                caption=_("Suggestions by status"),
                header=[_("Kind"), *[str(s.label) for s in SuggestionStatus], _("Total")],
                rows=suggestion_rows,
            ),
            LedgerTable(
                caption=_("Suggestion awards"),
                header=[_("Date"), _("Suggestion"), _("Proposed by"), _("Award"), _("Amount")],
                rows=award_rows,
            ),
            LedgerTable(
                caption=_("Approved star ratings by stars"),
                header=[_("Period"), "★★★★★", "★★★★", "★★★", "★★", "★", _("Total")],
                rows=rating_rows,
            ),
        ],
    )


def safety_section(branch, year: int) -> LedgerSection:
    from .models import Incident, Vision
    from .selectors import safe_days

    visions = list(
        Vision.objects.filter(branch=branch, year=year)
        .select_related("team")
        .order_by("scope", "team__name")
    )
    vision_rows = [
        [v.team.name if v.team_id else _("Whole branch"), v.text, v.goals] for v in visions
    ]
    incidents = dict(
        Incident.objects.filter(branch=branch, occurred_on__year=year)
        .values("kind")
        .annotate(total=Count("pk"))
        .values_list("kind", "total")
    )
    incident_rows = [[str(k.label), incidents.get(k.value, 0)] for k in Incident.Kind]
    end = min(datetime.date(year, 12, 31), datetime.date.today())
    branch_days, team_days = safe_days(branch, end)
    safe_rows = [
        [d.label, d.days if d.days is not None else "", d.since.isoformat() if d.since else ""]
        for d in [branch_days, *team_days]
    ]
    return LedgerSection(
        title=_("Visions and safe days"),
        paragraphs=[
            _("Incidents this year: %(total)s. Safe days as of %(day)s: %(days)s.")
            % {
                "total": sum(incidents.values()),
                "day": end.isoformat(),
                "days": branch_days.days if branch_days.days is not None else "-",
            }
        ],
        tables=[
            LedgerTable(
                caption=_("Visions"),
                header=[_("Scope"), _("Vision"), _("Goals")],
                rows=vision_rows,
            ),
            LedgerTable(
                caption=_("Incidents by kind"), header=[_("Kind"), _("Count")], rows=incident_rows
            ),
            LedgerTable(
                caption=_("Safe days"),
                header=[_("Team"), _("Safe days"), _("Since")],
                rows=safe_rows,
            ),
        ],
    )
