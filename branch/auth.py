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
from django.db.models import Aggregate, CharField, OuterRef, Subquery, Value
from django.utils import timezone

from .models import Employee

GROUP_NAME_SEPARATOR = "\x1f"  # the ASCII unit separator: never typed into a group's name


class _JoinedNames(Aggregate):
    """Text values joined with a separator: STRING_AGG on PostgreSQL, GROUP_CONCAT on
    SQLite (both take the value and the separator)."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _group_names_joined():
    """The user's group names in one text (a subquery of the user's own row)."""
    memberships = get_user_model().groups.through.objects.filter(user_id=OuterRef("pk"))
    joined = (
        memberships.values("user_id")
        .annotate(names=_JoinedNames("group__name", Value(GROUP_NAME_SEPARATOR)))
        .values("names")
    )
    return Subquery(joined, output_field=CharField())


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
        """The session's user with their person, branch, team and group names in the same
        query: the leaver check, every page's ``employee_of`` and the role checks
        (``user_group_names``) read them without another query."""
        user_model = get_user_model()
        try:
            user = (
                user_model._default_manager.select_related("employee__branch", "employee__team")
                .annotate(group_names_joined=_group_names_joined())
                .get(pk=user_id)
            )
        except user_model.DoesNotExist:
            return None
        joined = user.__dict__.pop("group_names_joined", None)
        user._role_group_names = set(joined.split(GROUP_NAME_SEPARATOR)) if joined else set()
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
