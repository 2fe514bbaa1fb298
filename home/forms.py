from django import forms
from django.utils.translation import gettext_lazy as _

from branch.models import Employee


class AttendanceForm(forms.Form):
    """The people who attended a group reading, from those the leader may record."""

    employees = forms.ModelMultipleChoiceField(
        label=_("参加学习的人员"),
        queryset=Employee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = (
            people if people is not None else Employee.objects.none()
        )
        self.fields["employees"].label_from_instance = lambda e: f"{e.name}（{e.staff_no}）"
