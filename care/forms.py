from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branch.models import EmploymentType

from .models import (
    CareSettings,
    CaseStatus,
    HardshipCase,
    QuestionCategory,
    WelfareCampaign,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CareSettingsForm(forms.ModelForm):
    class Meta:
        model = CareSettings
        fields = ["greeting_template", "answer_days"]
        widgets = {"greeting_template": forms.Textarea(attrs={"rows": 5})}


class ChannelSettingsForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("发送邮件"), required=False)
    webhook_enabled = forms.BooleanField(label=_("推送到群"), required=False)
    webhook_url = forms.URLField(
        label=_("群机器人地址"),
        required=False,
        assume_scheme="https",
        help_text=_("企业微信群机器人的 Webhook 地址；留空则不推送"),
    )


class CampaignForm(forms.ModelForm):
    excluded_types = forms.MultipleChoiceField(
        label=_("不参加的用工性质"),
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认所有人都参加；排除时必须写明原因，报表会显示"),
    )
    items_text = forms.CharField(
        label=_("新增物品"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "绿豆汤 碗 1\n矿泉水 瓶 2"}),
        help_text=_("每行一种：名称 单位 每人数量（数量可省略，默认 1）"),
    )

    class Meta:
        model = WelfareCampaign
        fields = ["season", "occasion", "starts_on", "ends_on", "teams", "excluded_types",
                  "exclusion_reason"]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE, "teams": forms.CheckboxSelectMultiple}

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["teams"].help_text = _("不选表示全支部")

    def clean_items_text(self):
        items = []
        for number, line in enumerate(self.cleaned_data["items_text"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) not in (2, 3) or (len(parts) == 3 and not parts[2].isdigit()):
                raise ValidationError(
                    _("第 %(n)s 行格式应为：名称 单位 数量"), params={"n": number}
                )
            quantity = int(parts[2]) if len(parts) == 3 else 1
            if quantity <= 0:
                raise ValidationError(_("第 %(n)s 行数量必须大于 0"), params={"n": number})
            items.append((parts[0], parts[1], quantity))
        return items


class CaseForm(forms.ModelForm):
    class Meta:
        model = HardshipCase
        fields = ["employee", "category", "description", "handlers", "follow_up_on"]
        widgets = {"follow_up_on": DATE, "handlers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, employees=None, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["handlers"].queryset = handlers
        self.fields["handlers"].label_from_instance = lambda u: (
            getattr(getattr(u, "employee", None), "name", None) or u.get_username()
        )


class CaseUpdateForm(forms.Form):
    handlers = forms.ModelMultipleChoiceField(
        label=_("经办人"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    follow_up_on = forms.DateField(label=_("回访日期"), required=False, widget=DATE)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = handlers
        self.fields["handlers"].label_from_instance = lambda u: (
            getattr(getattr(u, "employee", None), "name", None) or u.get_username()
        )


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    notes = forms.CharField(label=_("走访记录"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_on = forms.DateField(label=_("下次回访"), required=False, widget=DATE)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=CaseStatus.choices)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_("PDF、JPEG、PNG 或 Word，最大 10 MB"))


class AskForForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("为谁提问"), queryset=None, required=False,
                                      empty_label=_("我自己"))  # fmt: skip
    category = forms.ChoiceField(label=_("类别"), choices=QuestionCategory.choices)
    title = forms.CharField(label=_("问题"), max_length=120)
    body = forms.CharField(
        label=_("详细情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 5}))
    publish = forms.BooleanField(label=_("匿名公开到常见问题"), required=False)
