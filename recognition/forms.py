"""Forms of the recognition pages. They parse and check input; the rules live in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.models import Employee

from .models import (
    SUGGESTION_TRANSITIONS,
    AwardLevel,
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
        label=_("评语"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
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
                error_messages={"invalid_choice": _("星级必须是 1 到 5。")},
            )
        self.star_fields = [self[f"c{c.pk}"] for c in criteria]

    def clean(self):
        data = super().clean()
        filled = [c for c in self.criteria if data.get(f"c{c.pk}") not in (None, "")]
        if filled and len(filled) != len(self.criteria):
            missing = "、".join(c.name for c in self.criteria if c not in filled)
            raise forms.ValidationError(_("请为以下项目打星：%(items)s") % {"items": missing})
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
        label=_("退回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}), strip=True
    )


class SuggestionForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("建议人"),
        queryset=Employee.objects.none(),
        required=False,
        help_text=_("班组长可代本班组没有账号的员工提交"),
    )
    kind = forms.ChoiceField(label=_("类别"), choices=SuggestionKind.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    what = forms.CharField(
        label=_("建议内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("想改什么、怎么改"),
    )
    why = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("为什么要改，能带来什么好处"),
    )
    photo = forms.ImageField(
        label=_("照片"),
        required=False,
        help_text=_("可选，不超过 5 MB"),
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
    to_status = forms.ChoiceField(label=_("新状态"), choices=())
    text = forms.CharField(
        label=_("答复内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("建议人会收到这条答复"),
    )

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, SuggestionStatus(s).label) for s in SUGGESTION_TRANSITIONS[suggestion.status]
        ]


class AwardForm(forms.Form):
    level = forms.ModelChoiceField(label=_("奖项"), queryset=AwardLevel.objects.none())
    amount = forms.DecimalField(
        label=_("奖金（元）"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("留空取奖项金额"),
    )
    awarded_on = forms.DateField(
        label=_("颁奖日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = AwardLevel.objects.filter(branch=branch)
        self.fields["awarded_on"].initial = timezone.localdate()


class VisionForm(forms.Form):
    text = forms.CharField(
        label=_("愿景"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals = forms.CharField(label=_("大目标"), max_length=200, required=False)


class CommitmentForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("员工"), queryset=Employee.objects.none())
    role = forms.CharField(label=_("角色"), max_length=30, help_text=_("如：当班安全员"))
    promise = forms.CharField(label=_("承诺"), max_length=200, help_text=_("如：井控设备我负责"))
    start_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_on = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["start_on"].initial = timezone.localdate()


class CheckInForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kept = forms.TypedChoiceField(
        label=_("践诺情况"),
        choices=[("1", _("已践诺")), ("0", _("未践诺"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["kept"].initial = "1"


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["kind", "team", "occurred_on", "description"]
        widgets = {"occurred_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = branch.teams.all()


# ---- the secretary's set-up pages (branch is set by the view, never by the form)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = RatingCriterion
        fields = ["name", "description", "weight", "order", "active"]


class PeriodForm(forms.ModelForm):
    class Meta:
        model = RatingPeriod
        fields = ["kind", "start", "end", "name", "status"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("结束日期不能早于开始日期"))
        return data


class AwardLevelForm(forms.ModelForm):
    class Meta:
        model = AwardLevel
        fields = ["name", "amount", "order"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = RecognitionSettings
        fields = [
            "rating_kind",
            "response_days",
            "eligibility_min_average",
            "eligibility_periods",
            "safety_start_date",
        ]
        widgets = {"safety_start_date": forms.DateInput(attrs={"type": "date"})}
