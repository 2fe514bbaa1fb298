"""Two branches with materials, suggestions, ratings, campaigns and pledges, and an API client
per persona signed in with a device token."""

import datetime
import io

import pytest
from django.core.cache import cache
from PIL import Image
from rest_framework.test import APIClient

from api.services import api_token_create
from care.factories import CampaignFactory, CampaignItemFactory
from home.factories import study_index, study_material
from recognition.factories import RatingCriterionFactory, RatingPeriodFactory, SuggestionFactory
from recognition.models import Commitment


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def token_key_for(user) -> str:
    return api_token_create(user=user, name="测试手机")[1]


def client_for(user) -> APIClient:
    key = token_key_for(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def photo_file(name="photo.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    buffer.name = name
    buffer.seek(0)
    return buffer


@pytest.fixture
def world(org, org2):
    """What each branch holds; ``secret_names`` are org2's and must never reach org's people."""
    w = type("World", (), {})()
    w.org, w.org2 = org, org2
    w.index = study_index(org.branch)
    w.material = study_material(w.index, title="井控安全要点", required_for_all=True)
    w.index2 = study_index(org2.branch, title="外学习园地")
    w.material2 = study_material(w.index2, title="外支部秘密资料", required_for_all=True)
    w.suggestion = SuggestionFactory(employee=org.worker, title="改进油管丈量")
    w.suggestion_b = SuggestionFactory(employee=org.worker_b, title="二班的建议")
    w.suggestion2 = SuggestionFactory(employee=org2.worker, title="外支部建议")
    for branch in (org.branch, org2.branch):
        RatingCriterionFactory(branch=branch, name="品格")
    today = datetime.date.today()
    w.period = RatingPeriodFactory(
        branch=org.branch,
        start=today.replace(day=1),
        end=today.replace(day=1) + datetime.timedelta(days=27),
    )
    w.period2 = RatingPeriodFactory(
        branch=org2.branch,
        start=today.replace(day=1),
        end=today.replace(day=1) + datetime.timedelta(days=27),
    )
    w.campaign = CampaignFactory(
        branch=org.branch, starts_on=today, ends_on=today + datetime.timedelta(days=30)
    )
    w.item = CampaignItemFactory(campaign=w.campaign)
    w.campaign2 = CampaignFactory(branch=org2.branch, occasion="外支部送温暖")
    w.item2 = CampaignItemFactory(campaign=w.campaign2)
    w.commitment = Commitment.objects.create(
        employee=org.worker,
        role="当班安全员",
        promise="我是当班安全员",
        start_on=today - datetime.timedelta(days=10),
    )
    w.commitment2 = Commitment.objects.create(
        employee=org2.worker,
        role="外支部承诺",
        promise="外支部承诺",
        start_on=today - datetime.timedelta(days=10),
    )
    w.secret_names = [
        "外支部秘密资料",
        "外支部建议",
        "外员工",
        "外班长",
        "外书记",
        "外支部送温暖",
        "外支部承诺",
    ]
    return w
