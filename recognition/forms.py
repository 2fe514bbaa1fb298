"""Forms of the recognition pages. They parse and check input; the rules live in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, SafeModelMultipleChoiceField
from branch.idempotency import OnceFormMixin
from branch.models import Employee
from branch.validators import BoundedDatesMixin

from .models import (
    SUGGESTION_TRANSITIONS,
    AwardLevel,
    BenefitUnit,
    Incident,
    RatingCriterion,
    RatingPeriod,
    RecognitionSettings,
    SuggestionKind,
    SuggestionStatus,
)
from .photos import validate_photo

STAR_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class MemberRatingForm(forms.Form):
    """One member's row on the team rating page: 1-5 stars per criterion and a comment.
    The forms of one page share the criteria and are told apart by prefix (``m<id>``)."""

    comment = forms.CharField(
        label=_("Remarks"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria: list[RatingCriterion], row, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.row = row
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=STAR_CHOICES,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Stars must be between 1 and 5.")},
            )
        self.star_fields = [self[f"c{c.pk}"] for c in criteria]

    def clean(self):
        data = super().clean()
        filled = [c for c in self.criteria if data.get(f"c{c.pk}") not in (None, "")]
        if filled and len(filled) != len(self.criteria):
            missing = "、".join(c.name for c in self.criteria if c not in filled)
            raise forms.ValidationError(_("Please give stars for: %(items)s") % {"items": missing})
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data) and all(
            self.cleaned_data.get(f"c{c.pk}") not in (None, "") for c in self.criteria
        )

    def stars(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
    )


class SuggestionForm(OnceFormMixin, forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Suggested by"),
        queryset=Employee.objects.none(),
        required=False,
        help_text=_("Team leaders may submit for employees of their team who have no account"),
    )
    kind = forms.ChoiceField(label=_("Category"), choices=SuggestionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    what = forms.CharField(
        label=_("Suggestion"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What to change, and how"),
    )
    why = forms.CharField(
        label=_("Rationale"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why change it, and what good it brings"),
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("Optional, up to 5 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employees is not None:
            self.fields["employee"].queryset = employees
            self.fields["employee"].required = True
        else:
            del self.fields["employee"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_photo(photo)
        return photo


class ResponseForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    text = forms.CharField(
        label=_("Reply"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person who made the suggestion receives this reply"),
    )

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, SuggestionStatus(s).label) for s in SUGGESTION_TRANSITIONS[suggestion.status]
        ]


class AwardForm(BoundedDatesMixin, forms.Form):
    plan_date_fields = ("awarded_on",)

    level = forms.ModelChoiceField(label=_("Award"), queryset=AwardLevel.objects.none())
    amount = forms.DecimalField(
        label=_("Prize money (yuan)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Leave empty to use the award's amount"),
    )
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput())
    note = forms.CharField(label=_("Notes"), max_length=200, required=False)

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = AwardLevel.objects.filter(branch=branch)
        self.fields["awarded_on"].initial = timezone.localdate()


class BenefitForm(forms.Form):
    benefit_unit = forms.ChoiceField(label=_("Benefit measured in"), choices=BenefitUnit.choices)
    estimated_benefit = forms.DecimalField(
        label=_("Estimated benefit"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    realised_benefit = forms.DecimalField(
        label=_("Realised benefit"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    implemented_by = SafeModelMultipleChoiceField(
        label=_("Implemented by"), queryset=Employee.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implemented_by"].queryset = (
            Employee.objects.active().filter(branch=branch).select_related("team")
        )


class VisionForm(forms.Form):
    text = forms.CharField(
        label=_("Vision"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals = forms.CharField(label=_("Big goal"), max_length=200, required=False)


class CommitmentForm(OnceFormMixin, BoundedDatesMixin, forms.Form):
    plan_date_fields = ("start_on", "end_on")

    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    role = forms.CharField(label=_("Role"), max_length=30, help_text=_("e.g. shift safety officer"))
    promise = forms.CharField(
        label=_("Pledge"),
        max_length=200,
        help_text=_("e.g. I look after the well control equipment"),
    )
    start_on = forms.DateField(label=_("Start date"), widget=DateInput())
    end_on = forms.DateField(label=_("End date"), required=False, widget=DateInput())

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["start_on"].initial = timezone.localdate()


class CheckInForm(BoundedDatesMixin, forms.Form):
    past_date_fields = ("date",)

    date = forms.DateField(label=_("Date"), widget=DateInput())
    kept = forms.TypedChoiceField(
        label=_("Pledge kept?"),
        choices=[("1", _("Kept")), ("0", _("Not kept"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["kept"].initial = "1"


class IncidentForm(OnceFormMixin, BoundedDatesMixin, forms.ModelForm):
    past_date_fields = ("occurred_on",)

    class Meta:
        model = Incident
        fields = ["kind", "team", "occurred_on", "description"]
        widgets = {"occurred_on": DateInput()}

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = branch.teams.all()


# ---- the secretary's set-up pages (branch is set by the view, never by the form)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = RatingCriterion
        fields = ["name", "description", "weight", "order", "active"]


class PeriodForm(BoundedDatesMixin, forms.ModelForm):
    plan_date_fields = ("start", "end")

    class Meta:
        model = RatingPeriod
        fields = ["kind", "start", "end", "name", "status"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date"))
        return data


class AwardLevelForm(forms.ModelForm):
    class Meta:
        model = AwardLevel
        fields = ["name", "amount", "order"]


class SettingsForm(BoundedDatesMixin, forms.ModelForm):
    past_date_fields = ("safety_start_date",)

    class Meta:
        model = RecognitionSettings
        fields = [
            "rating_kind",
            "response_days",
            "eligibility_min_average",
            "eligibility_periods",
            "wall_min_stars",
            "safety_start_date",
        ]
        widgets = {"safety_start_date": DateInput()}
