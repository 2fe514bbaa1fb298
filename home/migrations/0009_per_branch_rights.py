"""Move an existing installation to per-branch rights (home.rights): each branch gets its groups
"<code> 支部书记" and "<code> 宣传委员" with page rights on its own study libraries and
collection rights on its own collection "<code> 学习资料"; the images and documents of the former
shared collection 学习资料 go to the collection of the branch they belong to (the branch whose
study pages use them, else the branch of the person who uploaded them); the site-wide role groups
lose every page and collection right. Written with historical models only; idempotent."""

import datetime

from django.conf import settings
from django.db import migrations
from django.db.models import Q

ROLE_GROUPS = ("支部书记", "班组长", "员工")
SECRETARY_ROLE, AUTHOR_ROLE = "支部书记", "宣传委员"
SHARED_COLLECTION = "学习资料"
PAGE_PERMISSIONS = {
    SECRETARY_ROLE: ("add_page", "change_page", "publish_page"),
    AUTHOR_ROLE: ("add_page", "change_page"),
}
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
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _child_collection(Collection, root, name):
    found = Collection.objects.filter(depth=2, name=name).first()
    if found is not None:
        return found
    last = Collection.objects.filter(depth=2).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    suffix = ""
    for _ in range(4):
        step, digit = divmod(step, 36)
        suffix = ALPHABET[digit] + suffix
    collection = Collection.objects.create(name=name, path=root.path + suffix, depth=2, numchild=0)
    root.numchild = Collection.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    return collection


def _branch_of_files(apps, branches):
    """{(app_label, model, file pk): branch pk} for files of the shared collection that one
    branch's study pages use, or that a person of one branch uploaded."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    StudyMaterialPage = apps.get_model("home", "StudyMaterialPage")
    StudyIndexPage = apps.get_model("home", "StudyIndexPage")
    page_branch = dict(StudyMaterialPage.objects.values_list("pk", "branch_id"))
    page_branch.update(StudyIndexPage.objects.values_list("pk", "branch_id"))
    page_types = ContentType.objects.filter(
        app_label="home", model__in=["studymaterialpage", "studyindexpage"]
    )
    user_branch = {}
    for branch in branches:
        for user_id in branch.secretaries.values_list("pk", flat=True):
            user_branch.setdefault(user_id, set()).add(branch.pk)
    Employee = apps.get_model("branch", "Employee")
    for user_id, branch_id in Employee.objects.filter(user__isnull=False).values_list(
        "user_id", "branch_id"
    ):
        user_branch.setdefault(user_id, set()).add(branch_id)

    def branch_for(model, pk, uploaded_by_id):
        content_type = ContentType.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        used_in = set()
        if content_type is not None:
            for page_id in ReferenceIndex.objects.filter(
                to_content_type=content_type, to_object_id=str(pk), content_type__in=page_types
            ).values_list("object_id", flat=True):
                if page_branch.get(int(page_id)):
                    used_in.add(page_branch[int(page_id)])
        if len(used_in) == 1:
            return used_in.pop()
        if used_in:
            return None  # shared between branches: the administrator decides
        uploaders = user_branch.get(uploaded_by_id, set())
        return next(iter(uploaders)) if len(uploaders) == 1 else None

    return branch_for


def forwards(apps, schema_editor):
    Branch = apps.get_model("branch", "Branch")
    CommitteeMember = apps.get_model("branch", "CommitteeMember")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    StudyIndexPage = apps.get_model("home", "StudyIndexPage")
    Image = apps.get_model("wagtailimages", "Image")
    Document = apps.get_model("wagtaildocs", "Document")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    def permission(app_label, codename):
        return Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()

    # The site-wide role groups open no page and no collection any more.
    GroupPagePermission.objects.filter(group__name__in=ROLE_GROUPS).delete()
    GroupCollectionPermission.objects.filter(group__name__in=ROLE_GROUPS).delete()

    root = Collection.objects.filter(depth=1).first()
    branches = list(Branch.objects.all())
    if root is None or not branches:
        return
    today = datetime.date.today()
    access_admin = permission("wagtailadmin", "access_admin")
    collections = {}
    for branch in branches:
        collection = _child_collection(Collection, root, f"{branch.code} {SHARED_COLLECTION}")
        collections[branch.pk] = collection
        if not CollectionViewRestriction.objects.filter(collection=collection).exists():
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type="login"
            )
        indexes = list(StudyIndexPage.objects.filter(branch=branch).values_list("pk", flat=True))
        secretaries = User.objects.filter(administered_branches=branch, is_active=True).exclude(
            employee__left_on__isnull=False
        )
        seats = CommitteeMember.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gt=today),
            branch=branch,
            post="publicity",
            start_on__lte=today,
            employee__left_on__isnull=True,
        )
        authors = User.objects.filter(is_active=True, employee__committee_posts__in=seats)
        members = {SECRETARY_ROLE: secretaries, AUTHOR_ROLE: authors}
        for role in (SECRETARY_ROLE, AUTHOR_ROLE):
            group, _created = Group.objects.get_or_create(name=f"{branch.code} {role}")
            if access_admin is not None:
                group.permissions.add(access_admin)
            for codename in PAGE_PERMISSIONS[role]:
                grant = permission("wagtailcore", codename)
                for page_id in indexes if grant is not None else []:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page_id=page_id, permission=grant
                    )
            for app_label, codename in COLLECTION_PERMISSIONS[role]:
                grant = permission(app_label, codename)
                if grant is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=grant
                    )
            group.user_set.set(members[role].distinct())

    shared = Collection.objects.filter(depth=2, name=SHARED_COLLECTION).first()
    if shared is None:
        return
    branch_for = _branch_of_files(apps, branches)
    for model in (Image, Document):
        for pk, uploaded_by_id in model.objects.filter(collection=shared).values_list(
            "pk", "uploaded_by_user_id"
        ):
            branch_id = branch_for(model, pk, uploaded_by_id)
            if branch_id is not None:
                model.objects.filter(pk=pk).update(collection=collections[branch_id])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_ledger_export"),
        ("branch", "0007_employee_password_change_required"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
