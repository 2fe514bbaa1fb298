"""Care's 台账 section: welfare campaigns and their distributions, and hardship help counted
without confidential detail (numbers by category and status; never a name, a story or a visit
note). Registered from ``CareConfig.ready()``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from home.registries import LedgerSection, LedgerTable


def care_section(branch, year: int) -> LedgerSection:
    from .models import (
        CaseStatus,
        Distribution,
        HardshipCase,
        HardshipCategory,
        Season,
        Visit,
        WelfareCampaign,
    )

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    campaigns = list(
        WelfareCampaign.objects.filter(branch=branch, starts_on__lte=last, ends_on__gte=first)
        .annotate(
            people=Count("distributions__employee", distinct=True),
            records=Count("distributions", distinct=True),
        )
        .order_by("starts_on", "pk")
    )
    quantities = {
        (row["campaign_id"], row["item__name"]): row["total"]
        for row in Distribution.objects.filter(campaign__in=campaigns)
        .values("campaign_id", "item__name")
        .annotate(total=Sum("quantity"))
    }
    campaign_rows = []
    for campaign in campaigns:
        items = "、".join(
            f"{name} {total}"
            for (cid, name), total in sorted(quantities.items())
            if cid == campaign.pk
        )
        campaign_rows.append(
            [
                campaign.occasion,
                str(Season(campaign.season).label),
                f"{campaign.starts_on.isoformat()} – {campaign.ends_on.isoformat()}",
                campaign.people,
                items,
                "、".join(campaign.excluded_labels),
            ]
        )

    cases = HardshipCase.objects.filter(branch=branch, created_at__year=year)
    by_category = {
        row["category"]: row
        for row in cases.values("category").annotate(
            total=Count("pk"),
            resolved=Count("pk", filter=Q(status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED])),
        )
    }
    case_rows = [
        [
            str(category.label),
            by_category[category.value]["total"],
            by_category[category.value]["resolved"],
        ]
        for category in HardshipCategory
        if category.value in by_category
    ]
    total_cases = sum(r["total"] for r in by_category.values())
    visits = Visit.objects.filter(case__branch=branch, visited_on__year=year).count()
    return LedgerSection(
        title=_("Care: welfare campaigns and hardship help"),
        paragraphs=[
            _(
                "%(campaigns)s welfare campaigns this year reached %(people)s people (distribution records: %(records)s)."
            )
            % {
                "campaigns": len(campaigns),
                "people": sum(c.people for c in campaigns),
                "records": sum(c.records for c in campaigns),
            },
            _(
                "Hardship help: %(cases)s cases registered, %(visits)s visits made. Details are confidential and kept by the branch secretary."
            )
            % {"cases": total_cases, "visits": visits},
        ],
        tables=[
            LedgerTable(
                caption=_("Welfare campaigns"),
                header=[
                    _("Campaign"),
                    _("Category"),
                    _("Dates"),
                    _("People reached"),
                    _("Items handed out"),
                    _("Not taking part"),
                ],
                rows=campaign_rows,
            ),
            LedgerTable(
                caption=_("Hardship help by category"),
                header=[_("Category"), _("Cases"), _("Resolved or closed")],
                rows=case_rows,
            ),
        ],
    )
