"""Forms of organisational life; querysets are limited to the user's branch."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, SafeModelMultipleChoiceField
from branch.idempotency import OnceFormMixin
from branch.models import Employee, PartyGroup
from branch.validators import BoundedDatesMixin
from home.models import StudyMaterialPage

from .models import AttendanceStatus, DuesCategory, Meeting, MeetingFile, MeetingKind


class TimeInput(forms.TimeInput):
    input_type = "time"


class MeetingForm(OnceFormMixin, BoundedDatesMixin, forms.ModelForm):
    plan_date_fields = ("held_on",)

    attendees = SafeModelMultipleChoiceField(
        label=_("Also expected"),
        queryset=Employee.objects.none(),
        required=False,
        help_text=_("Besides the members the roster expects, e.g. an invited activist"),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "also_counts_as",
            "title",
            "held_on",
            "start_time",
            "place",
            "host",
            "recorder",
            "party_group",
            "study_material",
            "themed_activity",
            "topic",
            "agenda",
            "minutes",
            "resolutions",
            "period_of",
        ]
        widgets = {
            "held_on": DateInput(),
            "period_of": DateInput(),
            "start_time": TimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "resolutions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, branch, group_leader_groups=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        people = Employee.objects.active().filter(branch=branch).select_related("team")
        for name in ("host", "recorder"):
            self.fields[name].queryset = people
        groups = PartyGroup.objects.filter(branch=branch)
        if group_leader_groups is not None:  # a Party-group leader records their group only
            groups = group_leader_groups
            self.fields["kind"].choices = [(MeetingKind.GROUP, MeetingKind.GROUP.label)]
        self.fields["party_group"].queryset = groups
        self.fields["study_material"].queryset = StudyMaterialPage.objects.filter(
            branch=branch
        ).order_by("-first_published_at", "title")
        if editing:
            del self.fields["attendees"]
        else:
            self.fields["attendees"].queryset = people


class AttendanceMarkForm(forms.Form):
    employee = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    status = forms.ChoiceField(choices=AttendanceStatus.choices)
    reason = forms.CharField(max_length=200, required=False)


class MeetingFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingFile.Kind.choices)
    file = forms.FileField(label=_("File"))


class DuesRateForm(forms.Form):
    """One line of the dues table on the secretary's rate page."""

    category = forms.ChoiceField(label=_("Category"), choices=DuesCategory.choices)
    up_to = forms.DecimalField(
        label=_("Base up to (inclusive)"), required=False, min_value=Decimal("0.01"),
        max_value=Decimal("99999999.99"), decimal_places=2, max_digits=10,
        help_text=_("Empty: no upper bound"),
    )  # fmt: skip
    percent = forms.DecimalField(
        label=_("Rate (%)"), required=False, min_value=Decimal("0.01"), max_value=Decimal("100"),
        decimal_places=2, max_digits=5,
    )  # fmt: skip
    fixed_amount = forms.DecimalField(
        label=_("Fixed monthly amount"), required=False, min_value=Decimal("0"),
        max_value=Decimal("10000"), decimal_places=2, max_digits=8,
    )  # fmt: skip


DuesRateFormSet = forms.formset_factory(
    DuesRateForm, extra=2, can_delete=True, max_num=30, validate_max=True, absolute_max=30
)
