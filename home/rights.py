"""Per-branch rights in the Wagtail admin (DESIGN.md §3: every branch a closed house).

Each branch has two Wagtail groups, ``"<code> 支部书记"`` and ``"<code> 宣传委员"``, that hold
page permissions on that branch's study library only and collection permissions on that branch's
own collection for images and documents (``"<code> 学习资料"``). The site-wide role groups of
``branch.roles`` keep model permissions only: they open no page and no collection.

Membership follows the organisation: the branch's secretaries (``Branch.secretaries``) are in the
secretaries' group, the people holding the 宣传委员 post on the branch committee are in the
authors' group; people who left or whose account is inactive are in neither. ``home`` keeps this
in step by reacting to ``branch.signals`` (see :func:`connect`), and whenever a study library is
saved.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
)

from branch import roles
from branch.models import Branch, CommitteeMember, CommitteePost
from branch.selectors import user_group_names

SECRETARY_ROLE = "支部书记"
AUTHOR_ROLE = "宣传委员"
BRANCH_ROLES = (SECRETARY_ROLE, AUTHOR_ROLE)
COLLECTION_SUFFIX = "学习资料"

# What each per-branch group may do on its own branch's study library …
PAGE_PERMISSIONS = {
    SECRETARY_ROLE: ("add_page", "change_page", "publish_page"),
    AUTHOR_ROLE: ("add_page", "change_page"),
}
# … and in its own collection of images and documents.
COLLECTION_PERMISSIONS = {
    SECRETARY_ROLE: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ),
    AUTHOR_ROLE: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ),
}
# Both groups open the admin (an author is otherwise a plain 员工 without admin access).
GROUP_MODEL_PERMISSIONS = (("wagtailadmin", "access_admin"),)


def group_name(branch: Branch, role: str) -> str:
    return f"{branch.code} {role}"


def collection_name(branch: Branch) -> str:
    return f"{branch.code} {COLLECTION_SUFFIX}"


def branch_of_collection(collection: Collection | None) -> Branch | None:
    """The branch whose collection ``collection`` is (or lies under), or None."""
    if collection is None:
        return None
    for node in [collection, *collection.get_ancestors()]:
        if node.depth == 2 and node.name.endswith(f" {COLLECTION_SUFFIX}"):
            code = node.name[: -len(COLLECTION_SUFFIX) - 1]
            return Branch.objects.filter(code=code).first()
    return None


def _permissions(pairs) -> list[Permission]:
    wanted = Q(pk__in=[])
    for app_label, codename in pairs:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted))


def branch_groups(branch: Branch) -> dict[str, Group]:
    """The branch's groups by role, created (with admin access) when missing."""
    groups = {}
    for role in BRANCH_ROLES:
        group, created = Group.objects.get_or_create(name=group_name(branch, role))
        if created:
            group.permissions.add(*_permissions(GROUP_MODEL_PERMISSIONS))
        groups[role] = group
    return groups


def branch_collection(branch: Branch) -> Collection:
    """The branch's own collection for images and documents (members only), created when
    missing."""
    name = collection_name(branch)
    collection = Collection.objects.filter(depth=2, name=name).first()
    if collection is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection = root.add_child(name=name)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.LOGIN
        )
    return collection


def _is_branch_group(name: str) -> bool:
    return any(name.endswith(f" {role}") for role in BRANCH_ROLES)


def may_edit_in_cms(user) -> bool:
    """Whether ``user`` may be offered the CMS (Wagtail's user bar on a live page): a
    superuser, staff, a secretary, or a member of a branch's secretaries' or authors' group.
    Read from the group names the request has already loaded, so a worker reading a page costs
    no permission queries; the admin itself still checks the real permission."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    names = user_group_names(user)
    return roles.SECRETARY in names or any(_is_branch_group(name) for name in names)


@transaction.atomic
def branch_rights_ensure(branch: Branch) -> dict[str, Group]:
    """Give the branch's groups their rights on the branch's libraries and collection, and no
    other group of the kind any right on them (idempotent)."""
    from .models import StudyIndexPage

    groups = branch_groups(branch)
    collection = branch_collection(branch)
    indexes = list(StudyIndexPage.objects.filter(branch=branch))
    for role, group in groups.items():
        page_perms = _permissions(("wagtailcore", c) for c in PAGE_PERMISSIONS[role])
        # Rights on pages that are not this branch's libraries (a library moved to another
        # branch) are taken back.
        GroupPagePermission.objects.filter(group=group).exclude(page__in=indexes).delete()
        for index in indexes:
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=index, permission=permission
                )
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=collection
        ).delete()
        for permission in _permissions(COLLECTION_PERMISSIONS[role]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    # Nobody else's per-branch group, and no site-wide role group, holds this branch's library.
    strangers = GroupPagePermission.objects.filter(page__in=indexes).exclude(
        group__in=groups.values()
    )
    for grant in strangers.select_related("group"):
        if _is_branch_group(grant.group.name) or grant.group.name in roles.ROLE_GROUPS:
            grant.delete()
    branch_groups_sync(branch, groups=groups)
    return groups


def branch_authors(branch: Branch):
    """Accounts of the people holding the 宣传委员 post today (still employed, active)."""
    User = get_user_model()
    seats = CommitteeMember.objects.current().filter(
        branch=branch, post=CommitteePost.PUBLICITY, employee__left_on__isnull=True
    )
    return User.objects.filter(is_active=True, employee__committee_posts__in=seats).distinct()


def branch_secretaries(branch: Branch):
    return branch.secretaries.filter(is_active=True).exclude(employee__left_on__isnull=False)


def branch_groups_sync(branch: Branch, *, groups: dict[str, Group] | None = None) -> None:
    """Put exactly the branch's secretaries and authors in its groups."""
    groups = groups or branch_groups(branch)
    groups[SECRETARY_ROLE].user_set.set(branch_secretaries(branch))
    groups[AUTHOR_ROLE].user_set.set(branch_authors(branch))


def study_library_ensure(branch: Branch):
    """The branch's study library (学习园地) under the site's home page, created and published
    when the branch has none (saving it grants the rights)."""
    from .models import HomePage, StudyIndexPage

    index = StudyIndexPage.objects.filter(branch=branch).first()
    if index is not None:
        return index
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    slug = "study" if not home.get_children().filter(slug="study").exists() else None
    index = StudyIndexPage(title="学习园地", slug=slug or f"study-{branch.code}", branch=branch)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@transaction.atomic
def branch_setup(branch: Branch) -> None:
    """Everything a new branch needs in the CMS: library, collection, groups and rights."""
    study_library_ensure(branch)
    branch_rights_ensure(branch)


def site_wide_rights_remove() -> int:
    """The site-wide role groups open no page and no collection (their model permissions
    stay). Returns how many grants were taken back."""
    removed, _ = GroupPagePermission.objects.filter(group__name__in=roles.ROLE_GROUPS).delete()
    more, _ = GroupCollectionPermission.objects.filter(group__name__in=roles.ROLE_GROUPS).delete()
    return removed + more


def user_leaves_branch_groups(user_id: int | None) -> None:
    if not user_id:
        return
    User = get_user_model()
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    user.groups.remove(*[g for g in user.groups.all() if _is_branch_group(g.name)])


# -- reactions to branch.signals -------------------------------------------------------------


def on_branch_created(sender, branch: Branch, **kwargs) -> None:
    branch = Branch.objects.filter(pk=branch.pk).first()
    if branch is not None:  # not deleted again before the transaction committed
        branch_setup(branch)


def on_branch_people_changed(sender, branch: Branch, **kwargs) -> None:
    branch = Branch.objects.filter(pk=branch.pk).first()
    if branch is not None:
        branch_rights_ensure(branch)


def on_person_left(sender, employee=None, user_id: int | None = None, **kwargs) -> None:
    user_leaves_branch_groups(user_id or getattr(employee, "user_id", None))


def connect() -> None:
    from branch import signals

    signals.branch_created.connect(on_branch_created, dispatch_uid="home.rights.created")
    signals.secretaries_changed.connect(
        on_branch_people_changed, dispatch_uid="home.rights.secretaries"
    )
    signals.committee_changed.connect(
        on_branch_people_changed, dispatch_uid="home.rights.committee"
    )
    signals.person_left.connect(on_person_left, dispatch_uid="home.rights.person_left")
    from branch.media import register_collection_policy

    register_collection_policy(_files_of_branch_collection_readable)


def _files_of_branch_collection_readable(request, collection) -> bool:
    """/media/ (branch.media): the files of a branch's collection are for its members."""
    return collection_readable_by(request.user, collection)


def rights_sync_all(**kwargs) -> None:
    """After every ``migrate``: the site-wide groups lose page and collection rights, every
    branch gets its groups, collection and rights (idempotent)."""
    if not Permission.objects.filter(codename="add_page").exists():
        return
    site_wide_rights_remove()
    for branch in Branch.objects.all():
        branch_rights_ensure(branch)


def collection_readable_by(user, collection: Collection | None) -> bool:
    """Whether ``user`` may read the files of ``collection``: a branch's collection is for the
    members of that branch (and its secretaries); any other collection keeps Wagtail's rules."""
    branch = branch_of_collection(collection)
    if branch is None:
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser or branch.secretaries.filter(pk=user.pk).exists():
        return True
    from branch.selectors import employee_of

    employee = employee_of(user)
    return employee is not None and employee.is_active and employee.branch_id == branch.pk
