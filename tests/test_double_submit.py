"""A double tap on “submit” makes one record: every creating form carries a one-time token
(branch.idempotency). The same rendered form sent twice makes one record and leads to the same
page; a form rendered twice makes two. The second branch's records are never touched."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from branch.models import FormSubmission

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="form_token" value="([0-9a-f]{32})"')


@dataclass
class CreateForm:
    url: str
    persona: str
    model: str  # app_label.Model
    data: Callable  # (org, objects) -> dict
    kwargs: Callable | None = None  # (org, objects) -> dict


def _today():
    return timezone.localdate().isoformat()


def _objects(org):
    from care import services as care_services
    from selfmanagement.models import CostItem

    case = care_services.case_create(
        branch=org.branch, employee=org.contract_worker, category="illness",
        description="住院", created_by=org.secretary_user, handlers=[], follow_up_on=None,
    )  # fmt: skip
    item = CostItem.objects.create(branch=org.branch, name="柴油", unit="升", unit_cost=8)
    return {"case": case, "item": item}


FORMS = [
    CreateForm("care:question_list", "worker", "care.Question",
               lambda org, o: {"category": "housing", "title": "孩子入托", "body": "想问"}),
    CreateForm("care:case_create", "secretary", "care.HardshipCase",
               lambda org, o: {"employee": org.intern.pk, "category": "housing",
                               "description": "租房困难"}),
    CreateForm("care:case_detail", "secretary", "care.Visit",
               lambda org, o: {"action": "visit", "visited_on": _today(), "notes": "走访"},
               kwargs=lambda org, o: {"pk": o["case"].pk}),
    CreateForm("care:praise_new", "worker", "care.Praise",
               lambda org, o: {"people": [org.contract_worker.pk], "text": "帮同事顶班"}),
    CreateForm("care:talk_list", "worker", "care.TalkRequest",
               lambda org, o: {"with_whom": "secretary", "topic": "家里的事"}),
    CreateForm("care:mediation_create", "secretary", "care.Mediation",
               lambda org, o: {"employee": org.worker.pk, "parties": "本人与配偶",
                               "situation": "争吵"}),
    CreateForm("recognition:suggestion_new", "worker", "recognition.Suggestion",
               lambda org, o: {"kind": "suggestion", "title": "改进井口", "what": "加装护栏",
                               "why": "防止滑倒"}),
    CreateForm("recognition:commitment_new", "leader", "recognition.Commitment",
               lambda org, o: {"employee": org.worker.pk, "role": "当班安全员",
                               "promise": "井控设备我负责", "start_on": _today()}),
    CreateForm("recognition:incident_new", "secretary", "recognition.Incident",
               lambda org, o: {"kind": "injury", "team": org.team_a.pk,
                               "occurred_on": _today(), "description": "擦伤"}),
    CreateForm("selfmanagement:economics", "leader", "selfmanagement.ShiftJob",
               lambda org, o: {"team": org.team_a.pk, "date": _today(), "job": "修井",
                               "item_0": o["item"].pk, "qty_0": "10"}),
    CreateForm("partylife:meeting_create", "secretary", "partylife.Meeting",
               lambda org, o: {"kind": "assembly", "title": "大会", "held_on": _today(),
                               "host": org.secretary.pk}),
]  # fmt: skip


def _user(org, persona):
    return {"worker": org.worker_user, "leader": org.leader_user,
            "secretary": org.secretary_user}[persona]  # fmt: skip


def _count(label):
    from django.apps import apps

    return apps.get_model(label).objects.count()


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.url)
def test_same_form_twice_is_one_record_two_renders_are_two(client, org, org2, form):
    objects = _objects(org)
    client.force_login(_user(org, form.persona))
    url = reverse(form.url, kwargs=form.kwargs(org, objects) if form.kwargs else None)
    before = _count(form.model)

    def render_token():
        page = client.get(url)
        assert page.status_code == 200
        found = TOKEN.findall(page.content.decode())
        assert found, "the form carries no one-time token"
        return found[0]

    token = render_token()
    data = {**form.data(org, objects), "form_token": token}
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert _count(form.model) == before + 1

    again = render_token()
    assert again != token
    client.post(url, {**form.data(org, objects), "form_token": again})
    assert _count(form.model) == before + 2
    # Another branch's secretary replaying the token gains nothing and sees nothing of ours.
    assert FormSubmission.objects.filter(user=_user(org, form.persona)).count() == 2
    assert not FormSubmission.objects.filter(user=org2.secretary_user).exists()


def test_a_form_shown_again_with_errors_keeps_its_token_and_creates_once(client, org):
    client.force_login(org.worker_user)
    url = reverse("recognition:suggestion_new")
    token = TOKEN.findall(client.get(url).content.decode())[0]
    bad = client.post(url, {"kind": "no-such-kind", "title": "x", "form_token": token})
    assert bad.status_code == 200
    assert token in bad.content.decode()  # the corrected form is sent with the same token
    good = {"kind": "suggestion", "title": "改进", "what": "加装", "why": "安全"}
    assert client.post(url, {**good, "form_token": token}).status_code == 302
    assert client.post(url, {**good, "form_token": token}).status_code == 302
    from recognition.models import Suggestion

    assert Suggestion.objects.count() == 1


def test_form_tokens_are_forgotten_after_thirty_days(org):
    import datetime

    import time_machine
    from django.utils import timezone

    from branch import tasks
    from branch.models import FormSubmission

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        FormSubmission.objects.create(user=org.worker_user, token="a" * 32, redirect_to="/x/")
    with time_machine.travel(start + datetime.timedelta(days=29), tick=False):
        FormSubmission.objects.create(user=org.worker_user, token="b" * 32, redirect_to="/y/")
    with time_machine.travel(start + datetime.timedelta(days=31), tick=False):
        assert tasks.prune_login_failures.delay().get() == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["b" * 32]
