"""Home's own 台账 section: the study materials published in the year and their completion."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..registries import LedgerSection, LedgerTable


def study_section(branch, year: int) -> LedgerSection:
    from ..models import StudyMaterialPage
    from ..selectors import completion_report

    pages = StudyMaterialPage.objects.live().filter(branch=branch, first_published_at__year=year)
    report = completion_report(branch, pages)
    rows = [
        [
            item.page.title,
            item.page.topic.name if item.page.topic_id else "",
            item.page.first_published_at.date().isoformat() if item.page.first_published_at else "",
            item.total,
            item.studied_count,
            f"{item.percent}%",
        ]
        for item in report
    ]
    required = sum(i.total for i in report)
    studied = sum(i.studied_count for i in report)
    rate = round(100 * studied / required) if required else 0
    return LedgerSection(
        title=_("Study"),
        paragraphs=[
            _(
                "%(count)s study materials were published this year; %(studied)s of %(required)s required readings were done (%(rate)s%%)."
            )
            % {"count": len(report), "studied": studied, "required": required, "rate": rate}
        ],
        tables=[
            LedgerTable(
                caption=_("Study materials and completion"),
                header=[
                    _("Material"),
                    _("Topic"),
                    _("Published on"),
                    _("Required"),
                    _("Studied"),
                    _("Completion"),
                ],
                rows=rows,
            )
        ]
        if rows
        else [],
    )
