from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, SafeModelMultipleChoiceField
from branch.idempotency import OnceFormMixin
from branch.models import EmploymentType
from branch.uploads import IMAGE_KINDS, validate_upload
from branch.validators import BoundedDatesMixin

from .models import (
    PRAISE_MAX_CHARS,
    CareSettings,
    CaseStatus,
    HardshipCase,
    Mediation,
    MediationStatus,
    QuestionCategory,
    TalkWith,
    WelfareCampaign,
)
from .services.praise import MAX_PRAISE_PHOTO_BYTES  # noqa: E402


class CareSettingsForm(forms.ModelForm):
    class Meta:
        model = CareSettings
        fields = ["greeting_template", "answer_days", "talk_ack_hours", "heads_up_days"]
        widgets = {"greeting_template": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talk_ack_hours"].required = False  # left empty: unchanged


class ChannelSettingsForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("Send email"), required=False)
    webhook_enabled = forms.BooleanField(label=_("Post to group"), required=False)
    webhook_url = forms.URLField(
        label=_("Group bot address"),
        required=False,
        assume_scheme="https",
        help_text=_("Webhook address of a WeCom group bot; leave empty to not post"),
    )

    def clean_webhook_url(self):
        from branch.channels import validate_webhook_url

        url = (self.cleaned_data.get("webhook_url") or "").strip()
        validate_webhook_url(url)
        return url


class CampaignForm(BoundedDatesMixin, forms.ModelForm):
    plan_date_fields = ("starts_on", "ends_on")

    excluded_types = forms.MultipleChoiceField(
        label=_("Employment types not taking part"),
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Everyone takes part by default; an exclusion needs a written reason, which the report shows"
        ),
    )
    items_text = forms.CharField(
        label=_("New items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "绿豆汤 碗 1\n矿泉水 瓶 2"}),
        help_text=_(
            "One per line: name unit quantity per person (the quantity may be omitted, default 1)"
        ),
    )

    class Meta:
        model = WelfareCampaign
        fields = ["season", "occasion", "starts_on", "ends_on", "teams", "excluded_types",
                  "exclusion_reason"]  # fmt: skip
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "teams": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["teams"].help_text = _("None selected means the whole branch")

    def clean_items_text(self):
        items = []
        for number, line in enumerate(self.cleaned_data["items_text"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) not in (2, 3) or (
                len(parts) == 3 and not (parts[2].isascii() and parts[2].isdigit())
            ):
                raise ValidationError(
                    _("Line %(n)s should read: name unit quantity"), params={"n": number}
                )
            quantity = int(parts[2]) if len(parts) == 3 else 1
            if quantity <= 0:
                raise ValidationError(
                    _("Line %(n)s: the quantity must be greater than 0"), params={"n": number}
                )
            items.append((parts[0], parts[1], quantity))
        return items


class CaseForm(OnceFormMixin, BoundedDatesMixin, forms.ModelForm):
    plan_date_fields = ("follow_up_on",)

    class Meta:
        model = HardshipCase
        fields = ["employee", "category", "description", "handlers", "follow_up_on"]
        widgets = {"follow_up_on": DateInput(), "handlers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, employees=None, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["handlers"].queryset = handlers
        self.fields["handlers"].label_from_instance = lambda u: (
            getattr(getattr(u, "employee", None), "name", None) or u.get_username()
        )


class CaseUpdateForm(BoundedDatesMixin, forms.Form):
    plan_date_fields = ("follow_up_on",)

    handlers = SafeModelMultipleChoiceField(
        label=_("Case handler"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DateInput())

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = handlers
        self.fields["handlers"].label_from_instance = lambda u: (
            getattr(getattr(u, "employee", None), "name", None) or u.get_username()
        )


class VisitForm(OnceFormMixin, BoundedDatesMixin, forms.Form):
    plan_date_fields = ("follow_up_on",)
    past_date_fields = ("visited_on",)

    visited_on = forms.DateField(label=_("Visit date"), widget=DateInput())
    notes = forms.CharField(label=_("Visit notes"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_on = forms.DateField(label=_("Next follow-up"), required=False, widget=DateInput())


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"), help_text=_("PDF, JPEG, PNG or Word, up to 10 MB")
    )


class AskForForm(OnceFormMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Asking for"), queryset=None, required=False,
                                      empty_label=_("Myself"))  # fmt: skip
    category = forms.ChoiceField(label=_("Category"), choices=QuestionCategory.choices)
    title = forms.CharField(label=_("Question"), max_length=120)
    body = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    publish = forms.BooleanField(label=_("Publish anonymously to the FAQ"), required=False)


# ---------------------------------------------------------------- praise, talks, mediation


class PraiseForm(OnceFormMixin, forms.Form):
    people = SafeModelMultipleChoiceField(
        label=_("People praised"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(
        label=_("Good deed"),
        max_length=PRAISE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they did, in a few lines"),
    )
    photo = forms.FileField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = lambda e: (
            f"{e.name}（{e.team.name}）" if e.team_id else e.name
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_upload(photo, kinds=IMAGE_KINDS, max_bytes=MAX_PRAISE_PHOTO_BYTES)
        return photo


class TalkRequestForm(OnceFormMixin, forms.Form):
    with_whom = forms.ChoiceField(
        label=_("Talk with"), choices=TalkWith.choices, widget=forms.RadioSelect
    )
    topic = forms.CharField(label=_("Topic (optional)"), max_length=200, required=False)
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("The topic is shown only to the listener and the secretary"),
    )


class TalkScheduleForm(BoundedDatesMixin, forms.Form):
    plan_date_fields = ("scheduled_at",)

    scheduled_at = forms.DateTimeField(
        label=_("Scheduled for"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)


class TalkRecordForm(BoundedDatesMixin, forms.Form):
    past_date_fields = ("held_on",)

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    note = forms.CharField(
        label=_("Talk note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A short note; read only by the one who held the talk and the secretary"),
    )


class MediationForm(OnceFormMixin, BoundedDatesMixin, forms.ModelForm):
    plan_date_fields = ("follow_up_on",)

    class Meta:
        model = Mediation
        fields = ["employee", "parties", "situation", "agreed", "follow_up_on", "case", "handlers"]
        widgets = {"follow_up_on": DateInput(), "handlers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, employees=None, handlers=None, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["case"].queryset = cases
        self.fields["handlers"].queryset = handlers
        self.fields["handlers"].label_from_instance = lambda u: (
            getattr(getattr(u, "employee", None), "name", None) or u.get_username()
        )


class MediationUpdateForm(BoundedDatesMixin, forms.Form):
    plan_date_fields = ("follow_up_on",)

    agreed = forms.CharField(
        label=_("What was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=MediationStatus.choices)
