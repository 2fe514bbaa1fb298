"""Publishing a required material tells the people it is required for."""

import pytest

from branch.models import Notification
from home.factories import study_material
from home.services import study_material_announce

pytestmark = pytest.mark.django_db


def test_published_material_notifies_required_team_and_leaders_for_people_without_accounts(
    study, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = study_material(study.index, title="防硫化氢知识", teams=[study.team_a], slug="h2s")
    recipients = {n.recipient_id for n in Notification.objects.filter(title__contains="防硫化氢")}
    assert study.worker_user.pk in recipients and study.leader_user.pk in recipients
    assert study.worker_b_user.pk not in recipients
    leader_note = Notification.objects.get(
        recipient=study.leader_user, title__startswith="请组织集中学习"
    )
    assert "王实习" in leader_note.body and "李合同" in leader_note.body
    assert leader_note.url == f"/me/study/{page.pk}/attendance/"
    count = Notification.objects.count()
    assert study_material_announce(page=page) == 0  # a second run sends nothing
    assert Notification.objects.count() == count


def test_material_required_for_nobody_sends_nothing(study, django_capture_on_commit_callbacks):
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        study_material(study.index, title="参考资料", slug="ref")
    assert Notification.objects.count() == before
