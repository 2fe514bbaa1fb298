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
from django.core.files.uploadedfile import SimpleUploadedFile
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
    # URL kwargs from (org, objects) for a form about one object.
    kwargs: Callable | None = None
    # Makes the random data surely bad, called with (data, org, objects): bad input must
    # write nothing, however the rest of it looks.
    spoil: Callable | None = None
    upload: str | None = None  # a field that gets random bytes as an uploaded file
    examples: int = 40


MISSING = "987654321"


def _set(**fields):
    def spoil(data, org, objects):
        data.update(fields)

    return spoil


def _add_missing(name, **fields):
    """One more value for ``name`` that names nobody: the whole list is refused."""

    def spoil(data, org, objects):
        values = data.get(name, [])
        data[name] = [*(values if isinstance(values, list) else [values]), MISSING]
        data.update(fields)

    return spoil


def _bad_star(data, org, objects):
    data[f"m{org.worker.pk}-c{objects['criterion'].pk}"] = "9"


def fuzz_objects(org) -> dict:
    """The objects the feature apps' forms are about, in our branch."""
    import datetime

    from care.factories import CampaignFactory, CampaignItemFactory, QuestionFactory
    from home.factories import study_index, study_material
    from recognition.factories import RatingCriterionFactory, RatingPeriodFactory, SuggestionFactory
    from recognition.models import Commitment

    campaign = CampaignFactory(branch=org.branch)
    CampaignItemFactory(campaign=campaign)
    material = study_material(study_index(org.branch), teams=[org.team_a])
    return {
        "campaign": campaign,
        "material": material,
        "question": QuestionFactory(employee=org.worker, asked_by=org.worker_user),
        "suggestion": SuggestionFactory(employee=org.worker),
        "period": RatingPeriodFactory(
            branch=org.branch, start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31)
        ),  # fmt: skip
        "criterion": RatingCriterionFactory(branch=org.branch),
        "commitment": Commitment.objects.create(
            employee=org.worker,
            role="安全员",
            promise="井控设备我负责",
            start_on=datetime.date(2026, 1, 1),
        ),  # fmt: skip
    }


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
    # The feature apps' forms, each with input that is surely bad somewhere.
    FuzzTarget("recognition:suggestion_new", "post", "worker", ["employee", "kind", "title", "what", "why"], spoil=_set(kind="no-such-kind"), examples=8),
    FuzzTarget("recognition:suggestion_detail", "post", "secretary", ["action", "to_status", "text", "level", "amount"], kwargs=lambda org, o: {"pk": o["suggestion"].pk}, spoil=_set(action="respond", to_status="no-such-status"), examples=8),
    FuzzTarget("recognition:commitment_new", "post", "leader", ["employee", "role", "promise", "start_on", "end_on"], spoil=_set(start_on="not-a-date"), examples=8),
    FuzzTarget("recognition:commitment_check_in", "post", "leader", ["date", "kept", "note"], kwargs=lambda org, o: {"pk": o["commitment"].pk}, spoil=_set(date="not-a-date"), examples=8),
    FuzzTarget("recognition:rating_sheet", "post", "leader", ["action", "comment"], kwargs=lambda org, o: {"period_id": o["period"].pk, "team_id": org.team_a.pk}, spoil=_bad_star, examples=8),
    FuzzTarget("care:question_list", "post", "worker", ["employee", "category", "title", "body"], spoil=_set(category="no-such-category"), examples=8),
    FuzzTarget("care:question_detail", "post", "secretary", ["answer", "publish", "action"], kwargs=lambda org, o: {"pk": o["question"].pk}, spoil=_set(answer=""), examples=8),
    FuzzTarget("care:case_create", "post", "secretary", ["employee", "category", "description", "handlers", "follow_up_on"], spoil=_set(category="no-such-category"), examples=8),
    FuzzTarget("care:campaign_create", "post", "secretary", ["season", "occasion", "starts_on", "ends_on", "teams", "excluded_types", "items_text"], spoil=_set(starts_on="not-a-date"), examples=8),
    FuzzTarget("care:campaign_edit", "post", "secretary", ["season", "occasion", "starts_on", "ends_on", "teams", "excluded_types", "items_text"], kwargs=lambda org, o: {"pk": o["campaign"].pk}, spoil=_set(ends_on="not-a-date"), examples=8),
    FuzzTarget("care:campaign_detail", "post", "leader", ["action", "employee", "received_on"], kwargs=lambda org, o: {"pk": o["campaign"].pk}, spoil=_add_missing("employee", action="all"), examples=8),
    FuzzTarget("care:campaign_detail", "post", "leader", ["action", "employee_id", "item_id", "quantity", "received_on"], kwargs=lambda org, o: {"pk": o["campaign"].pk}, spoil=_set(employee_id=MISSING), examples=8),
    FuzzTarget("home:study_done", "post", "worker", ["page"], kwargs=lambda org, o: {"page_id": MISSING}, examples=8),
    FuzzTarget("home:study_attendance", "post", "leader", ["employees", "studied_on"], kwargs=lambda org, o: {"page_id": o["material"].pk}, spoil=_add_missing("employees"), examples=8),
    FuzzTarget("roster_upload", "post", "secretary", ["branch", "mode"], upload="file", examples=8),
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
    objects = fuzz_objects(org) if target.kwargs or target.spoil else {}
    kwargs = {"pk": org.worker.pk} if target.url == "employee_account" else {}
    if target.kwargs:
        kwargs = target.kwargs(org, objects)
    url = reverse(target.url, kwargs=kwargs)
    other_ids = list(
        Notification.objects.filter(recipient=org.worker_b_user).values_list("id", flat=True)
    )
    field_names = st.sampled_from(target.fields) | st.text(min_size=1, max_size=10)
    data_strategy = st.dictionaries(
        field_names, FIELD_VALUES | st.sampled_from([str(i) for i in other_ids]), max_size=6
    )

    @settings(max_examples=target.examples, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
    @given(data=data_strategy, content=st.binary(max_size=2000))
    def run(data, content):
        if user is not None:
            client.force_login(user)  # a successful password change would end the session
        if target.spoil:
            target.spoil(data, org, objects)
        if target.upload:
            data[target.upload] = SimpleUploadedFile("名单.xlsx", content)
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
