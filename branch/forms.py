from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from .auth import users_for_staff_no
from .models import Branch


class StaffLoginForm(forms.Form):
    """工号 (or, for administrators, a username) + password; the branch is asked for only when
    the same staff number exists in two branches."""

    staff_no = forms.CharField(
        label=_("工号"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "inputmode": "text"}
        ),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    branch = forms.ModelChoiceField(
        label=_("党支部"),
        queryset=Branch.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("（仅在工号重复时选择）"),
    )

    error_messages = {
        "invalid_login": _("工号或密码不正确。"),
        "ambiguous": _("该工号在多个党支部中存在，请选择您的党支部。"),
        "inactive": _("该账号已停用，请联系支部书记。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)
        if Branch.objects.count() < 2:
            self.fields["branch"].widget = forms.HiddenInput()

    def clean(self):
        staff_no = (self.cleaned_data.get("staff_no") or "").strip()
        password = self.cleaned_data.get("password")
        branch = self.cleaned_data.get("branch")
        if not staff_no or not password:
            return self.cleaned_data
        branch_code = branch.code if branch else None
        if branch_code is None and users_for_staff_no(staff_no).count() > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        # One authenticate() call per attempt, so login throttling counts one failure: the
        # staff-number backend reads staff_no, and administrators without a staff number are
        # matched on their username by ModelBackend.
        user = authenticate(
            self.request,
            staff_no=staff_no,
            username=staff_no,
            branch_code=branch_code,
            password=password,
        )
        if user is None:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        if not user.is_active:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
        self.user_cache = user
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class AccountPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("新密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("留空则自动生成一个临时密码，仅显示一次。"),
    )
