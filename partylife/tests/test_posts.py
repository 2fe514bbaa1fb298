"""党员示范岗 / 党员责任区 on the team board, reviewed each quarter."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from home.registries import render_team_board_panels
from partylife import services
from partylife.models import PostReview


def _post(org, **extra):
    fields = {"team": org.team_a, "employee": org.leader, "kind": "post", "name": "1号修井机",
              "duty": "井控设备完好", "start_on": datetime.date(2026, 1, 1), **extra}  # fmt: skip
    return services.party_post_create(user=org.secretary_user, **fields)


def test_only_party_members_of_the_branch_and_only_by_the_secretary(party, org2):
    with pytest.raises(ValidationError):
        _post(party, employee=party.contract_worker)  # 群众
    with pytest.raises(ValidationError):
        _post(party, employee=org2.worker)
    with pytest.raises(PermissionDenied):
        services.party_post_create(
            user=party.leader_user, team=party.team_a, employee=party.leader, kind="area",
            name="起下钻工序", duty="安全", start_on=datetime.date(2026, 1, 1),
        )  # fmt: skip


def test_quarterly_review_once_per_quarter_and_shown_on_the_team_board(party):
    post = _post(party)
    services.party_post_review(
        post=post, day=datetime.date(2026, 2, 10), note="完好率100%", user=party.secretary_user
    )
    services.party_post_review(
        post=post, day=datetime.date(2026, 3, 31), note="更正：完好", user=party.secretary_user
    )
    services.party_post_review(
        post=post, day=datetime.date(2026, 4, 1), note="二季度良好", user=party.secretary_user
    )
    assert list(PostReview.objects.values_list("quarter", "note")) == [
        (datetime.date(2026, 4, 1), "二季度良好"),
        (datetime.date(2026, 1, 1), "更正：完好"),
    ]
    with pytest.raises(ValidationError):
        services.party_post_review(post=post, day=datetime.date(2026, 4, 2), note=" ",
                                   user=party.secretary_user)  # fmt: skip
    request = RequestFactory().get("/")
    request.user = party.worker_user
    html = "".join(render_team_board_panels(party.team_a, request))
    assert "1号修井机" in html and "二季度良好" in html
    assert "1号修井机" not in "".join(render_team_board_panels(party.team_b, request))


def test_post_page_for_the_secretary_only(party, org2, client):
    post = _post(party)
    client.force_login(party.secretary_user)
    url = reverse("partylife:post_list")
    assert "1号修井机" in client.get(url).content.decode()
    client.post(url, {"action": "review", "post": post.pk, "note": "良好"})
    assert post.reviews.count() == 1
    client.force_login(org2.secretary_user)
    assert "1号修井机" not in client.get(url).content.decode()
    client.post(url, {"action": "review", "post": post.pk, "note": "外支部"})
    client.post(url, {"action": "review", "post": "²", "note": "x"})
    assert post.reviews.get().note == "良好"
    client.force_login(party.worker_user)
    assert client.get(url).status_code == 403
