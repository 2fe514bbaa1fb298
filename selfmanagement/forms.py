from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, SafeModelMultipleChoiceField
from branch.idempotency import OnceFormMixin
from branch.uploads import validate_upload
from branch.validators import BoundedDatesMixin

from .models import CostItem

QTY = {"max_digits": 12, "decimal_places": 3, "min_value": 0}
PLAN_ROWS = 6
MEASURE_ROWS = 3


class ItemForm(forms.ModelForm):
    class Meta:
        model = CostItem
        fields = ["name", "category", "unit", "unit_cost", "active"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Catalogue (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds={"xlsx"}, max_bytes=2 * 1024 * 1024)
        return upload


class JobPlanForm(OnceFormMixin, BoundedDatesMixin, forms.Form):
    """A job and up to six planned items."""

    plan_date_fields = ("date",)

    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    job = forms.CharField(label=_("Job"), max_length=100)

    def __init__(self, *args, teams=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        for i in range(PLAN_ROWS):
            self.fields[f"item_{i}"] = forms.ModelChoiceField(
                label=_("Item"), queryset=items, required=False
            )
            self.fields[f"qty_{i}"] = forms.DecimalField(
                label=_("Planned quantity"), required=False, **QTY
            )

    def planned(self):
        rows = []
        for i in range(PLAN_ROWS):
            item, qty = self.cleaned_data.get(f"item_{i}"), self.cleaned_data.get(f"qty_{i}")
            if item is not None and qty is not None:
                rows.append((item, qty))
        return rows

    def clean(self):
        data = super().clean()
        for i in range(PLAN_ROWS):
            if (data.get(f"item_{i}") is None) != (data.get(f"qty_{i}") is None):
                raise ValidationError(_("Each planned item needs a quantity"))
        return data

    def plan_rows(self):
        return [(self[f"item_{i}"], self[f"qty_{i}"]) for i in range(PLAN_ROWS)]


class ActualForm(forms.Form):
    actual_qty = forms.DecimalField(label=_("Actual quantity"), **QTY)
    checked_by = forms.ModelChoiceField(label=_("Checked by"), queryset=None)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_by"].queryset = people
        for field in self.fields.values():  # one form per line: labelled without ids
            field.widget.attrs["aria-label"] = str(field.label)


class AnalysisForm(OnceFormMixin, BoundedDatesMixin, forms.Form):
    plan_date_fields = ("held_on", "due_*")

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    attendees = SafeModelMultipleChoiceField(
        label=_("Attendees"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    went_well = forms.CharField(
        label=_("What went well"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems = forms.CharField(
        label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, people=None, open_measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people
        self.open_measures = list(open_measures)
        for m in self.open_measures:
            self.fields[f"done_{m.pk}"] = forms.BooleanField(label=_("Done"), required=False)
            self.fields[f"note_{m.pk}"] = forms.CharField(
                label=_("Follow-up"), max_length=200, required=False
            )
        for i in range(MEASURE_ROWS):
            self.fields[f"measure_{i}"] = forms.CharField(
                label=_("Measure"), max_length=200, required=False
            )
            self.fields[f"owner_{i}"] = forms.ModelChoiceField(
                label=_("Person responsible"), queryset=people, required=False
            )
            self.fields[f"due_{i}"] = forms.DateField(
                label=_("Due date"), required=False, widget=DateInput()
            )

    def clean(self):
        data = super().clean()
        for i in range(MEASURE_ROWS):
            if data.get(f"measure_{i}") and not (data.get(f"owner_{i}") and data.get(f"due_{i}")):
                raise ValidationError(_("Each measure needs an owner and a due date"))
        return data

    def measures(self):
        return [
            {"text": self.cleaned_data[f"measure_{i}"], "owner": self.cleaned_data[f"owner_{i}"],
             "due_on": self.cleaned_data[f"due_{i}"]}
            for i in range(MEASURE_ROWS)
            if self.cleaned_data.get(f"measure_{i}")
        ]  # fmt: skip

    def follow_ups(self):
        return {
            m.pk: (self.cleaned_data.get(f"done_{m.pk}", False),
                   self.cleaned_data.get(f"note_{m.pk}", ""))
            for m in self.open_measures
            if self.cleaned_data.get(f"done_{m.pk}") or self.cleaned_data.get(f"note_{m.pk}")
        }  # fmt: skip

    def follow_up_rows(self):
        return [(m, self[f"done_{m.pk}"], self[f"note_{m.pk}"]) for m in self.open_measures]

    def measure_rows(self):
        return [(self[f"measure_{i}"], self[f"owner_{i}"], self[f"due_{i}"])
                for i in range(MEASURE_ROWS)]  # fmt: skip
