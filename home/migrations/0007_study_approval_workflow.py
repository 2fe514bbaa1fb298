"""Study materials are approved by their branch (home.StudyApprovalTask 支部审核) instead of the
site-wide 支部书记 group task: the workflow 学习资料审核 is put on every study library, and the
old workflow 支部书记审核 is taken off the home page and deactivated."""

from django.db import migrations

WORKFLOW = "学习资料审核"
TASK = "支部审核"
OLD_WORKFLOW = "支部书记审核"


def attach(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    StudyApprovalTask = apps.get_model("home", "StudyApprovalTask")
    StudyIndexPage = apps.get_model("home", "StudyIndexPage")

    task_type, _ = ContentType.objects.get_or_create(app_label="home", model="studyapprovaltask")
    task = StudyApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = StudyApprovalTask.objects.create(name=TASK, active=True, content_type=task_type)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    old = Workflow.objects.filter(name=OLD_WORKFLOW).first()
    if old is not None:
        WorkflowPage.objects.filter(workflow=old).delete()
        old.active = False
        old.save(update_fields=["active"])
    for index in StudyIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def detach(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    WorkflowPage.objects.filter(workflow__name=WORKFLOW).delete()
    Workflow.objects.filter(name=WORKFLOW).delete()
    old = Workflow.objects.filter(name=OLD_WORKFLOW).first()
    home = Page.objects.filter(depth=2, content_type__app_label="home").order_by("path").first()
    if old is not None and home is not None:
        old.active = True
        old.save(update_fields=["active"])
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": old})


class Migration(migrations.Migration):
    dependencies = [("home", "0006_study_approval")]

    operations = [migrations.RunPython(attach, detach)]
