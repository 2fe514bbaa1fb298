from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from branch.forms import SafeModelMultipleChoiceField
from branch.models import Employee, Team
from branch.selectors import branches_administered_by


class AttendanceForm(forms.Form):
    """The people who attended a group reading, from those the leader may record."""

    employees = SafeModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Employee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = (
            people if people is not None else Employee.objects.none()
        )
        self.fields["employees"].label_from_instance = lambda e: f"{e.name}（{e.staff_no}）"


class StudyIndexPageForm(WagtailAdminPageForm):
    """A secretary can only file a study library under a branch they administer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser and "branch" in self.fields:
            self.fields["branch"].queryset = branches_administered_by(user)


class StudyMaterialPageForm(WagtailAdminPageForm):
    """Required teams are chosen among the teams of the library's branch; the slug is made for
    the author (material-<date>-<n>) when it is empty, not plain letters, or already taken by
    another page of the library, e.g. an abandoned draft with the same title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.parent_page.specific if self.parent_page is not None else None
        branch_id = getattr(parent, "branch_id", None)
        if "required_teams" in self.fields and branch_id is not None:
            self.fields["required_teams"].queryset = Team.objects.filter(branch_id=branch_id)
        if "title" in self.fields:
            self.fields["title"].help_text = _("The material's title as readers see it")
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Filled in automatically; only change it if you need a particular web address"
            )

    def clean(self):
        from wagtail.models import Page

        from .models import unique_material_slug

        slug = self.cleaned_data.get("slug") or ""
        if (
            not slug
            or not slug.isascii()
            or not Page._slug_is_available(slug, self.parent_page, self.instance)
        ):
            self.cleaned_data["slug"] = unique_material_slug(
                self.parent_page, exclude_pk=self.instance.pk
            )
            self.errors.pop("slug", None)
        return super().clean()
