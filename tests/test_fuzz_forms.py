"""Random input at the site's forms: never a 500, and nothing written that should not be.

Each form is one ``FuzzTarget`` line in ``TARGETS``: the URL, the method, who submits it, the
field names to fill (plus random extra fields), and optionally a check that nothing was written
(by default: no table but the allowed ones changed its row count). A feature app adds its form
with one line, e.g.::

    FuzzTarget("care:question_create", "post", "worker", ["title", "body", "category"]),
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branch import services
from branch.models import Notification

pytestmark = pytest.mark.django_db

# Tables that may legitimately grow when any request is made (login attempts, sessions).
ALWAYS_ALLOWED = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog",
                  "sessions.session", "wagtailusers.userprofile"}  # fmt: skip

# Text that has broken web forms before: control characters, NUL, huge, RTL, emoji, markup, SQL.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\n",
        "\u202e反向",
        "😀" * 50,
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00",
        "../../etc/passwd",
        '=HYPERLINK("http://x")',
        "9" * 40,
        "-1",
        "0",
        "1e309",
        "NaN",
        "x" * 5000,
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=200), st.integers().map(str))
FIELD_VALUES = st.one_of(VALUES, st.lists(VALUES, max_size=3))


@dataclass
class FuzzTarget:
    url: str  # a URL name
    method: str  # "get" or "post"
    persona: str  # "anonymous", "worker", "leader", "secretary"
    fields: list[str]
    allowed_writes: set[str] = field(default_factory=set)  # extra tables that may change
    # Called with (org, before-state) after each request; raises AssertionError if wrong.
    check: Callable | None = None


def _others_notifications_untouched(org, before):
    assert not Notification.objects.filter(
        recipient=org.worker_b_user, read_at__isnull=False
    ).exists()


TARGETS = [
    FuzzTarget("login", "post", "anonymous", ["staff_no", "password", "branch", "next"]),
    FuzzTarget("people_list", "get", "secretary", ["team", "type", "q", "page"]),
    FuzzTarget("people_list", "get", "leader", ["team", "type", "q", "page"]),
    FuzzTarget("inbox", "get", "worker", ["page"]),
    FuzzTarget(
        "inbox_mark_read",
        "post",
        "worker",
        ["id"],
        check=_others_notifications_untouched,
    ),
    FuzzTarget("password_change", "post", "worker", ["old_password", "new_password1", "new_password2"]),
    FuzzTarget("employee_account", "post", "secretary", ["password"], allowed_writes={"auth.user", "branch.historicalemployee"}),
]  # fmt: skip


def table_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in apps.get_models()}


def user_for(org, persona):
    return {
        "anonymous": None,
        "worker": org.worker_user,
        "leader": org.leader_user,
        "secretary": org.secretary_user,
    }[persona]


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t.method}-{t.url}-{t.persona}")
def test_random_input_never_breaks_a_form(client, org, target):
    # Someone else's unread messages, and some of the worker's own, for the inbox targets.
    for i in range(3):
        services.notification_send(recipient=org.worker_b_user, title=f"别人的{i}", key=f"o{i}")
        services.notification_send(recipient=org.worker_user, title=f"自己的{i}", key=f"s{i}")
    user = user_for(org, target.persona)
    if user is not None:
        client.force_login(user)
    client.raise_request_exception = False
    kwargs = {"pk": org.worker.pk} if target.url == "employee_account" else {}
    url = reverse(target.url, kwargs=kwargs)
    other_ids = list(
        Notification.objects.filter(recipient=org.worker_b_user).values_list("id", flat=True)
    )
    field_names = st.sampled_from(target.fields) | st.text(min_size=1, max_size=10)
    data_strategy = st.dictionaries(
        field_names, FIELD_VALUES | st.sampled_from([str(i) for i in other_ids]), max_size=6
    )

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
    @given(data=data_strategy)
    def run(data):
        if user is not None:
            client.force_login(user)  # a successful password change would end the session
        before = table_counts()
        send = client.post if target.method == "post" else client.get
        response = send(url, data)
        assert response.status_code < 500, (data, response.status_code)
        after = table_counts()
        allowed = ALWAYS_ALLOWED | target.allowed_writes
        changed = {t for t in after if after[t] != before[t] and t not in allowed}
        assert not changed, (data, changed)
        if target.check:
            target.check(org, before)

    run()


@pytest.mark.parametrize(
    ("method", "data"),
    [("get", {"q": "张\x00"}), ("get", {"\x00": "1"}), ("post", {"staff_no": "W001\x00"})],
)
def test_nul_characters_get_a_clear_400(client, org, method, data):
    client.force_login(org.secretary_user)
    url = reverse("people_list") if method == "get" else reverse("login")
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "无效的字符" in response.content.decode()
