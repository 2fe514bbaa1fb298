import pytest
from wagtail.models import GroupCollectionPermission, GroupPagePermission, PageViewRestriction

from branch import demo as branch_demo
from branch import roles
from home import demo
from home.models import StudyIndexPage, StudyMaterialPage, StudyRecord

pytestmark = pytest.mark.django_db


def _counts():
    return (
        StudyIndexPage.objects.count(),
        StudyMaterialPage.objects.live().count(),
        StudyRecord.objects.count(),
        PageViewRestriction.objects.count(),
        GroupPagePermission.objects.count(),
    )


def test_demo_is_idempotent_restricted_and_secretary_may_publish():
    context = branch_demo.seed()
    demo.seed(context)
    first = _counts()
    demo.seed(branch_demo.seed())
    assert _counts() == first
    assert first[1] == len(demo.MATERIALS) == 7 and first[2] > 0
    assert StudyMaterialPage.objects.filter(due_on__isnull=False).count() == 2
    index = StudyIndexPage.objects.get()
    assert PageViewRestriction.objects.filter(page=index, restriction_type="login").exists()
    # The branch's own secretaries' group holds the library and the branch's collection; the
    # site-wide role group holds neither (home.rights).
    codenames = set(
        GroupPagePermission.objects.filter(page=index, group__name="zydd 支部书记").values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page", "publish_page"}
    assert not GroupPagePermission.objects.filter(group__name=roles.SECRETARY).exists()
    collection_perms = set(
        GroupCollectionPermission.objects.filter(
            group__name="zydd 支部书记", collection__name="zydd 学习资料"
        ).values_list("permission__codename", flat=True)
    )
    assert collection_perms == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }
    assert not GroupCollectionPermission.objects.filter(group__name=roles.SECRETARY).exists()
    assert index.branch.secretaries.get().groups.filter(name="zydd 支部书记").exists()
    required = StudyMaterialPage.objects.get(slug="well-control")
    assert set(required.required_teams.values_list("name", flat=True)) == {"修井一班", "修井二班"}
