"""The member cards of the team rating sheet, drawn from plain values.

A team of 50 has 250 star fields of five radios each. Drawn with a Django form, bound fields
and widgets per member, or with the template engine's loops inside loops, that is most of the
page's time (issue 17). The forms stay for checking what is posted
(``forms.MemberRatingForm``); this module only draws the same markup, once per card, from the
sheet's rows, the criteria and, after a refused post, the forms' data and errors. The card's
frame (name, tags, status, return form) stays in ``rating_sheet.html``."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from branch.models import Employee

from .models import RatingCriterion, StarRating
from .selectors import SheetRow

STAR_VALUES = "54321"  # the radios of a star field, highest first


def _choice_labels(model, field: str) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _radios(name: str, current: str) -> str:
    return "".join(
        f'<label title="{v}"><input type="radio" name="{name}" value="{v}"'
        f"{' checked' if v == current else ''}>★</label>"
        for v in STAR_VALUES
    )


class _Drawing:
    """What every card of one page shares: the criteria's markup, the translated words and
    the read-only stars of each value (the ``stars.html`` include, drawn once per value)."""

    def __init__(self, criteria: list[RatingCriterion]):
        self.criteria = [(c.pk, escape(c.name)) for c in criteria]
        self.remarks = escape(_("Remarks"))
        self._stars: dict[int, str] = {}

    def stars(self, value: int) -> str:
        if value not in self._stars:
            self._stars[value] = render_to_string(
                "recognition/includes/stars.html", {"value": value, "whole": value}
            )
        return self._stars[value]

    def fields(self, pk: int, values, errors) -> str:
        """The star fields and the remarks of one member whose rating is open on this page.
        ``values`` maps a field's name to what it holds (posted, or the saved rating)."""
        parts = []
        for cid, name in self.criteria:
            html_name = f"m{pk}-c{cid}"
            current = str(values.get(html_name))  # as the old ``value|stringformat:"s"``
            field_errors = "".join(
                f'<small class="error">{escape(e)}</small>' for e in errors.get(f"c{cid}", ())
            )
            parts.append(
                f'<fieldset class="star-field"><legend>{name}</legend><div class="star-input">'
                f"{_radios(html_name, current)}</div>{field_errors}</fieldset>"
            )
        # The remarks as Django's Textarea draws them (aria-invalid when refused).
        comment_id = f"id_m{pk}-comment"
        invalid = (
            f' aria-invalid="true" aria-describedby="{comment_id}_error"'
            if errors.get("comment")
            else ""
        )
        comment = values.get(f"m{pk}-comment")
        parts.append(
            f'\n<label class="comment-label" for="{comment_id}">{self.remarks}</label>'
            f'<textarea name="m{pk}-comment" cols="40" rows="2" maxlength="500"{invalid}'
            f' id="{comment_id}">\n{escape(comment) if comment else ""}</textarea>\n'
        )
        return "".join(parts)

    def scores(self, row: SheetRow) -> str:
        """The read-only stars of one member per criterion, and the remarks."""
        items = "".join(
            f"<li><span>{name}</span>{self.stars(row.stars[cid]) if cid in row.stars else ''}</li>"
            for cid, name in self.criteria
        )
        comment = row.rating.comment if row.rating else ""
        comment = f'<p class="comment">{escape(comment)}</p>' if comment else ""
        return f'<ul class="score-list">{items}</ul>{comment}\n'


def sheet_cards(
    rows: list[SheetRow],
    criteria: list[RatingCriterion],
    *,
    editable: bool,
    forms: dict | None = None,
    measures=(),
) -> list[dict]:
    """One card per row of the sheet, as the template shows it. ``editable``: the page takes
    ratings (then each row the user may rate shows its star fields); ``forms``: after a post,
    the checked form of each such row by employee id, whose data and errors are shown;
    ``measures``: what ``home.registries.all_measure_values`` gave for the rows."""
    forms = forms or {}
    drawing = _Drawing(criteria)
    type_labels = _choice_labels(Employee, "employment_type")
    status_labels = _choice_labels(StarRating, "status")
    cards = []
    for row in rows:
        employee, rating = row.employee, row.rating
        pk = employee.pk
        form = forms.get(pk)
        errors = form.errors if form is not None else {}
        if editable and row.editable:
            if form is not None:
                values = form.data
            else:
                values = {f"m{pk}-c{cid}": str(stars) for cid, stars in row.stars.items()}
                values[f"m{pk}-comment"] = rating.comment if rating else ""
            body = drawing.fields(pk, values, errors)
        else:
            body = drawing.scores(row)
        status = rating.status if rating else ""
        cards.append(
            {
                "pk": pk,
                "name": employee.name,
                "staff_no": employee.staff_no,
                "type": employee.employment_type,
                "type_label": type_labels.get(employee.employment_type, employee.employment_type),
                "is_leader": row.is_leader,
                "can_rate": row.can_rate,
                "measures": [(label, by_pk[pk]) for _key, label, by_pk in measures if pk in by_pk],
                "status": status,
                "status_label": status_labels.get(status, status),
                "overall": rating.overall if rating else None,
                "return_reason": rating.return_reason if rating else "",
                "rating_pk": rating.pk if rating else None,
                "return_url": reverse("recognition:rating_return", args=[rating.pk])
                if status == StarRating.Status.SUBMITTED
                else "",
                "plaque_url": reverse("recognition:plaque", args=[rating.pk])
                if status == StarRating.Status.APPROVED
                else "",
                "has_error": bool(errors),
                "errors": errors.get("__all__", ()),
                "body": SafeString(body),
            }
        )
    return cards
