"""Log in with 工号 + password. Staff numbers are unique per branch, so when two branches share
a number the login form asks for the branch."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .models import Employee


def users_for_staff_no(staff_no: str, branch_code: str | None = None):
    qs = Employee.objects.filter(staff_no__iexact=staff_no.strip(), user__isnull=False)
    if branch_code:
        qs = qs.filter(branch__code=branch_code)
    return get_user_model().objects.filter(employee__in=qs)


class StaffNumberBackend(ModelBackend):
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
        if user.employee.left_on is not None:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
