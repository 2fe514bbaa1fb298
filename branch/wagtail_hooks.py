"""The organisation in the Wagtail admin: branches, teams and people, scoped to the branches
the signed-in secretary administers."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

from . import selectors, services
from .admin_scope import BranchScopedSnippetViewSet
from .models import Branch, Employee, Team


def _branch_ids(user):
    return selectors.branches_administered_by(user).values_list("pk", flat=True)


class ScopedBranchForm(WagtailAdminModelForm):
    """Limits branch and team choices to what the signed-in secretary administers."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        branch_ids = list(_branch_ids(for_user))
        if "branch" in self.fields:
            self.fields["branch"].queryset = Branch.objects.filter(pk__in=branch_ids)
            if len(branch_ids) == 1 and not self.instance.pk:
                self.fields["branch"].initial = branch_ids[0]
        if "team" in self.fields:
            self.fields["team"].queryset = Team.objects.filter(branch_id__in=branch_ids)
        if "leaders" in self.fields:
            self.fields["leaders"].queryset = Employee.objects.active().filter(
                branch_id__in=branch_ids
            )

    def clean(self):
        cleaned = super().clean()
        branch, team = cleaned.get("branch"), cleaned.get("team")
        if branch and team and team.branch_id != branch.pk:
            self.add_error("team", _("The selected team does not belong to this Party branch"))
        return cleaned


class TeamForm(ScopedBranchForm):
    """Saving a team's leaders goes through the service, which also grants the 班组长 role."""

    def save(self, commit=True):
        team = super().save(commit=commit)
        if commit:
            services.team_set_leaders(team=team, leaders=list(self.cleaned_data["leaders"]))
        return team


class EmployeeForm(ScopedBranchForm):
    """Setting a leaving date goes through ``employee_mark_left``, the one service that ends a
    person's access (at once, or on the day when the date is still to come)."""

    def clean(self):
        cleaned = super().clean()
        hired_on, left_on = cleaned.get("hired_on"), cleaned.get("left_on")
        if hired_on and left_on and left_on < hired_on:
            self.add_error("left_on", _("The leaving date cannot be before the hire date"))
        return cleaned

    def save(self, commit=True):
        left_on = self.cleaned_data.get("left_on")
        leaving = left_on is not None and "left_on" in self.changed_data
        if leaving:
            # The service records the date and ends access; keep the old date until it runs.
            self.instance.left_on = self.initial.get("left_on")
        employee = super().save(commit=commit)
        if leaving:
            if commit:
                services.employee_mark_left(employee=employee, left_on=left_on)
            else:
                employee.left_on = left_on
        return employee


def _teams_of_request(request):
    if request is None:
        return Team.objects.none()
    return Team.objects.filter(branch_id__in=_branch_ids(request.user)).order_by("name")


class EmployeeFilterSet(WagtailFilterSet):
    """The employee list's filters; the team choices are the user's branches' teams only."""

    team = django_filters.ModelChoiceFilter(queryset=_teams_of_request, label=_("Team"))

    class Meta:
        model = Employee
        fields = ["team", "employment_type", "political_status", "birthday_calendar"]


class EmployeeViewSet(BranchScopedSnippetViewSet):
    model = Employee
    icon = "user"
    menu_label = _("Employee")
    add_to_admin_menu = False
    list_display = ["name", "staff_no", "team", "employment_type", "political_status", "left_on"]
    filterset_class = EmployeeFilterSet
    list_export = [
        "staff_no",
        "name",
        "team",
        "employment_type",
        "political_status",
        "gender",
        "birth_date",
        "birthday_calendar",
        "hired_on",
        "mobile",
        "left_on",
    ]
    export_filename = "employees"
    search_fields = ["name", "staff_no"]
    ordering = ["team__name", "staff_no"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("staff_no"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("branch"), FieldPanel("team")]),
            FieldRowPanel([FieldPanel("employment_type"), FieldPanel("political_status")]),
            FieldRowPanel([FieldPanel("gender"), FieldPanel("mobile")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("birth_date"), FieldPanel("birthday_calendar")]),
                    FieldRowPanel([FieldPanel("hired_on"), FieldPanel("left_on")]),
                ],
                heading=_("Date"),
            ),
        ],
        base_form_class=EmployeeForm,
    )

    def scope(self, user):
        return Employee.objects.filter(branch_id__in=_branch_ids(user)).select_related("team")


class TeamViewSet(BranchScopedSnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Team")
    add_to_admin_menu = False
    list_display = ["name", "branch"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [FieldPanel("branch"), FieldPanel("name"), FieldPanel("leaders")],
        base_form_class=TeamForm,
    )

    def scope(self, user):
        return Team.objects.filter(branch_id__in=_branch_ids(user)).select_related("branch")


class BranchViewSet(BranchScopedSnippetViewSet):
    model = Branch
    icon = "home"
    menu_label = _("Party branch")
    add_to_admin_menu = False
    list_display = ["name", "code"]
    panels = [FieldPanel("code"), FieldPanel("name")]

    def scope(self, user):
        return selectors.branches_administered_by(user)


class OrganisationGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 200
    items = (EmployeeViewSet, TeamViewSet, BranchViewSet)


register_snippet(OrganisationGroup)


# --- Roster (花名册): upload with preview, export. Secretaries and superusers only. ---------


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.branches_administered_by(request.user).exists()


@hooks.register("register_admin_urls")
def register_roster_urls():
    from .admin_roster import roster_urls

    return roster_urls()


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return RosterMenuItem(
        _("Import roster"), reverse("roster_upload"), icon_name="upload", order=250
    )


# --- Login locks: the secretary unlocks a person of their branch. -----------------------------


@hooks.register("register_admin_urls")
def register_security_urls():
    from .admin_security import security_urls

    return security_urls()


@hooks.register("register_snippet_listing_buttons")
def employee_unlock_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import Button

    if isinstance(snippet, Employee) and snippet.user_id:
        yield Button(
            _("Unlock login"),
            url=reverse("employee_login_unlock", args=[snippet.pk]),
            icon_name="lock-open",
            priority=60,
        )
