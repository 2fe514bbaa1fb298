"""/healthz: what a load balancer and monitoring see."""

import json

import pytest
from django.db.utils import OperationalError

from branch import health
from config.celery import app

pytestmark = pytest.mark.django_db


def test_healthy_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_unreachable_broker_is_named_and_fast(client, monkeypatch):
    # Port 1 refuses connections: the check must give up quickly and say which part failed.
    monkeypatch.setitem(app.conf, "broker_url", "redis://:s3cret-pass@127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body) == {"database": "ok", "broker": "error"}
    assert "s3cret" not in body and "127.0.0.1" not in body


def test_failing_database_is_named(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection to server at db.internal failed: password=x")

    monkeypatch.setattr(health, "connections", {"default": BrokenConnection()})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "error", "broker": "ok"}
    assert "db.internal" not in response.content.decode()


def test_only_get(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.redis
def test_real_redis_broker_is_ok():
    assert health.check_broker("redis://127.0.0.1:6379/0") == "ok"


def test_floor_answers_without_database_or_login(client, django_assert_num_queries):
    """/healthz/floor: the web bench's floor, through the whole middleware, no query at all."""
    with django_assert_num_queries(0):
        response = client.get("/healthz/floor")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.post("/healthz/floor").status_code == 405
