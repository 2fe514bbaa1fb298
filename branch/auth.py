"""The authentication backends every login form shares (the site's 工号 form, the Wagtail
admin's and private pages' username forms, the API's password exchange).

- ``StaffNumberBackend``: 工号 + password. Staff numbers are unique per branch, so when two
  branches share a number the login form asks for the branch.
- ``UsernameBackend``: Django's username + password.

Both refuse an account whose person has left (the leaving day has come), on login and on every
later request of a session (``get_user``), so a leaver is refused the same way by every form
even before the daily job has deactivated the account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .models import Employee


def users_for_staff_no(staff_no: str, branch_code: str | None = None):
    qs = Employee.objects.filter(staff_no__iexact=staff_no.strip(), user__isnull=False)
    if branch_code:
        qs = qs.filter(branch__code=branch_code)
    return get_user_model().objects.filter(employee__in=qs)


def person_has_left(user) -> bool:
    """Whether the account belongs to a person whose leaving day has come."""
    from .selectors import employee_of

    try:
        # The same read (kept on the user object) that the page's role checks use next.
        employee = employee_of(user)
    except AttributeError:
        return False
    return employee is not None and employee.has_left(timezone.localdate())


class LeaverAwareBackendMixin:
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not person_has_left(user)

    def get_user(self, user_id):
        """The session's user with their person, branch and team in the same query: the
        leaver check and every page's ``employee_of`` read them without another query."""
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related(
                "employee__branch", "employee__team"
            ).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class UsernameBackend(LeaverAwareBackendMixin, ModelBackend):
    """Username + password (the Wagtail admin and private-page logins), refusing leavers."""


class StaffNumberBackend(LeaverAwareBackendMixin, ModelBackend):
    """Authenticates ``staff_no`` (+ optional ``branch_code``) and password."""

    def authenticate(self, request, staff_no=None, password=None, branch_code=None, **kwargs):
        if not staff_no or password is None:
            return None
        users = list(users_for_staff_no(staff_no, branch_code)[:2])
        if len(users) != 1:  # unknown, or shared by two branches and no branch chosen
            # Run the hasher anyway so a missing account takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
