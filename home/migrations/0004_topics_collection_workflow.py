"""Seed the study topics, the members-only collection 学习资料, and the moderation workflow
支部书记审核 (a 支部书记 group approval) on the site's home page."""

from django.db import migrations

TOPICS = ["党章党规", "形势任务", "安全生产", "岗位技能"]
COLLECTION = "学习资料"
WORKFLOW = "支部书记审核"
SECRETARY = "支部书记"


def seed(apps, schema_editor):
    StudyTopic = apps.get_model("home", "StudyTopic")
    for order, name in enumerate(TOPICS, start=1):
        StudyTopic.objects.get_or_create(name=name, defaults={"sort_order": order * 10})

    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    root = Collection.objects.get(depth=1)
    collection = Collection.objects.filter(name=COLLECTION, depth=2).first()
    if collection is None:
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        step = int(last.path[-4:], 36) + 1 if last else 1
        suffix = ""
        for _ in range(4):
            step, digit = divmod(step, 36)
            suffix = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + suffix
        collection = Collection.objects.create(
            name=COLLECTION, path=root.path + suffix, depth=2, numchild=0
        )
        root.numchild = Collection.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Page = apps.get_model("wagtailcore", "Page")

    group, _ = Group.objects.get_or_create(name=SECRETARY)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=WORKFLOW, active=True, content_type=task_type)
        task.groups.set([group])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    home = Page.objects.filter(depth=2, content_type__app_label="home").order_by("path").first()
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def unseed(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_study_pages"),
        ("branch", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
