"""The production cache backend (branch/cache_backends.py) against a real Redis."""

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from branch.cache_backends import RedisCache

pytestmark = pytest.mark.redis

LOCATION = "redis://127.0.0.1:6379/7"


@pytest.fixture
def redis_cache():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "zhibu-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_reads_and_writes_like_djangos_and_shares_its_keys(redis_cache):
    django_cache = DjangoRedisCache(LOCATION, {"KEY_PREFIX": "zhibu-test"})
    redis_cache.set("person", {"name": "张三", "stars": 3}, 30)
    assert django_cache.get("person") == {"name": "张三", "stars": 3}
    django_cache.set_many({"a": 1, "b": "二"}, 30)
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": "二"}
    assert redis_cache.add("a", 5) is False and redis_cache.add("c", 5) is True
    assert redis_cache.incr("c") == 6
    redis_cache.delete_many(["a", "b"])
    assert django_cache.get("a") is None and redis_cache.get("b", "gone") == "gone"


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    redis_cache.set("x", 1, 30)
    assert redis_cache.get("x") == 1
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client


def test_a_server_that_is_down_fails_each_call_with_a_connection_error():
    cache = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    with pytest.raises(Exception, match="(?i)connect"):
        cache.get("x")
    with pytest.raises(Exception, match="(?i)connect"):
        cache.set("x", 1)
