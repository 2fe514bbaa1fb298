from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from .auth import users_for_staff_no
from .models import Branch


class AdminLoginForm(LoginForm):
    """Wagtail's admin login form with its password field labelled (Wagtail gives it no label,
    so Django shows the field's name, "Password", in every language)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class StaffLoginForm(forms.Form):
    """工号 (or, for administrators, a username) + password; the branch is asked for only when
    the same staff number exists in two branches."""

    staff_no = forms.CharField(
        label=_("Staff number"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "inputmode": "text"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    branch = forms.ModelChoiceField(
        label=_("Party branch"),
        queryset=Branch.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("(choose only if the staff number exists in several branches)"),
    )

    error_messages = {
        "invalid_login": _("Incorrect staff number or password."),
        "ambiguous": _("This staff number exists in several Party branches, please choose yours."),
        "inactive": _("This account is disabled, please contact the branch secretary."),
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
        label=_("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to generate a temporary password, shown only once."),
    )


def parse_object_id(value) -> int | None:
    """An id from a query string or a form: ASCII digits that fit a database integer, else None.
    (``str.isdigit`` alone accepts "²" and ids too large for the database.)"""
    text = str(value or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that treats an id too large for the database as invalid
    instead of letting the ``__in`` lookup overflow (SQLite raises OverflowError for it)."""

    MAX_ID = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.isascii() and text.isdigit() and int(text) > self.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD) whatever the locale's
    format: zh-Hans renders 2026/12/01, which the picker shows as empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, with the ISO value it needs."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
