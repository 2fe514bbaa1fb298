"""Random input at the site's forms: never a 500, and nothing written that should not be.

Each form is one ``FuzzTarget`` line in ``TARGETS``: the URL, the method, who submits it, the
field names to fill (plus random extra fields), and optionally a check that nothing was written
(by default: no table but the allowed ones changed its row count). A feature app adds its form
with one line, e.g.::

    FuzzTarget("care:question_create", "post", "worker", ["title", "body", "category"]),
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branch import services
from branch.models import Notification
from branch.validators import plan_date, stored_plan_date

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


# ---------------------------------------------------------------- dates and numbers
# Every form field that takes a date or a number, on the project's creating and editing forms:
# random and edge values go into those fields while the rest of the form is valid, so the
# bounds themselves are what is tested. Never a 500, and every row written afterwards satisfies
# its model's validators (1900..today for history, at most five years ahead for plans, counts
# within their maximum); a row created by the request also lies in the entry window (a plan
# date no more than a year back).


EDGE_DATES = ["0001-01-01", "1899-12-31", "1900-01-01", "9999-12-31", "2199-12-31", "2200-01-01",
              "2026-02-29", "2028-02-29", "2026-13-01", "2026-00-10", "99999-01-01", "-2026-01-01",
              "2026-1-1", "２０２６-０１-０１", "", " ", "today", "1e9", "2026-12-01T00:00"]  # fmt: skip
EDGE_NUMBERS = ["0", "1", "-1", "5", "100", "365", "366", "999", "1000", "1001", "32767", "32768",
                "65535", "2147483647", "2147483648", "9223372036854775807",
                "9223372036854775808", "1" + "0" * 40, "1e309", "-1e309", "NaN", "Infinity",
                "0.5", "1.005", "12345678901.999", "１", "²", "", " 7 "]  # fmt: skip
DATE_VALUES = st.one_of(
    st.sampled_from(EDGE_DATES),
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
    st.integers(min_value=-400, max_value=2200).map(
        lambda n: (timezone.localdate() + datetime.timedelta(days=n)).isoformat()
    ),
)
NUMBER_VALUES = st.one_of(
    st.sampled_from(EDGE_NUMBERS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
)
OUR_APPS = {"branch", "care", "recognition", "training", "partylife", "selfmanagement"}


@dataclass
class BoundTarget:
    url: str
    persona: str
    base: Callable  # (org, objects) -> the rest of a valid form
    dates: list[str]
    numbers: list[str] = field(default_factory=list)
    kwargs: Callable | None = None
    examples: int = 25


def _today():
    return timezone.localdate().isoformat()


def bound_objects(org) -> dict:
    from care import services as care_services
    from care.factories import CampaignFactory, CampaignItemFactory
    from recognition.factories import SuggestionFactory
    from recognition.models import AwardLevel, Commitment
    from selfmanagement.models import CostItem

    today = timezone.localdate()
    campaign = CampaignFactory(
        branch=org.branch,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=20),
    )
    suggestion = SuggestionFactory(employee=org.worker, status="adopted")
    type(suggestion).objects.filter(pk=suggestion.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    return {
        "campaign": campaign,
        "item": CampaignItemFactory(campaign=campaign),
        "case": care_services.case_create(
            branch=org.branch,
            employee=org.worker,
            category="illness",
            description="住院",
            created_by=org.secretary_user,
            handlers=[],
            follow_up_on=None,
        ),  # fmt: skip
        "commitment": Commitment.objects.create(
            employee=org.worker,
            role="安全员",
            promise="井控设备我负责",
            start_on=today - datetime.timedelta(days=30),
        ),  # fmt: skip
        "suggestion": suggestion,
        "level": AwardLevel.objects.create(branch=org.branch, name="三等奖", amount=100),
        "cost_item": CostItem.objects.create(
            branch=org.branch, name="柴油", unit="升", unit_cost=8
        ),
    }


BOUND_TARGETS = [
    BoundTarget("care:campaign_create", "secretary",
                lambda org, o: {"season": "summer", "occasion": "送清凉"}, ["starts_on", "ends_on"]),
    BoundTarget("care:campaign_detail", "leader",
                lambda org, o: {"action": "one", "employee_id": org.worker.pk, "item_id": o["item"].pk},
                ["received_on"], ["quantity"], kwargs=lambda org, o: {"pk": o["campaign"].pk}),
    BoundTarget("care:campaign_detail", "leader",
                lambda org, o: {"action": "all", "employee": [org.worker.pk, org.intern.pk]},
                ["received_on"], kwargs=lambda org, o: {"pk": o["campaign"].pk}),
    BoundTarget("care:case_create", "secretary",
                lambda org, o: {"employee": org.intern.pk, "category": "housing", "description": "租房"},
                ["follow_up_on"]),
    BoundTarget("care:case_detail", "secretary",
                lambda org, o: {"action": "visit", "notes": "走访"}, ["visited_on", "follow_up_on"],
                kwargs=lambda org, o: {"pk": o["case"].pk}),
    BoundTarget("care:case_detail", "secretary", lambda org, o: {"action": "update"},
                ["follow_up_on"], kwargs=lambda org, o: {"pk": o["case"].pk}),
    BoundTarget("care:mediation_create", "secretary",
                lambda org, o: {"employee": org.worker.pk, "parties": "本人与配偶", "situation": "争吵"},
                ["follow_up_on"]),
    BoundTarget("care:settings", "secretary",
                lambda org, o: {"care-greeting_template": "祝{姓名}生日快乐", "care-answer_days": "3",
                                "care-talk_ack_hours": "48", "care-heads_up_days": "3"},
                [], ["care-answer_days", "care-talk_ack_hours", "care-heads_up_days"]),
    BoundTarget("recognition:commitment_new", "leader",
                lambda org, o: {"employee": org.worker.pk, "role": "安全员", "promise": "守护"},
                ["start_on", "end_on"]),
    BoundTarget("recognition:commitment_check_in", "leader", lambda org, o: {"kept": "1"},
                ["date"], kwargs=lambda org, o: {"pk": o["commitment"].pk}),
    BoundTarget("recognition:incident_new", "secretary",
                lambda org, o: {"kind": "injury", "team": org.team_a.pk, "description": "擦伤"},
                ["occurred_on"]),
    BoundTarget("recognition:setup", "secretary",
                lambda org, o: {"kind": "quarter", "name": "第四季度", "status": "open"},
                ["start", "end"], kwargs=lambda org, o: {"kind": "periods"}),
    BoundTarget("recognition:setup", "secretary",
                lambda org, o: {"name": "团结协作", "description": "x", "active": "on"},
                [], ["weight", "order"], kwargs=lambda org, o: {"kind": "criteria"}),
    BoundTarget("recognition:setup", "secretary", lambda org, o: {"name": "特等奖"},
                [], ["amount", "order"], kwargs=lambda org, o: {"kind": "award-levels"}),
    BoundTarget("recognition:setup", "secretary",
                lambda org, o: {"rating_kind": "quarter", "response_days": "7",
                                "eligibility_min_average": "4", "eligibility_periods": "2",
                                "wall_min_stars": "4"},
                ["safety_start_date"],
                ["response_days", "eligibility_min_average", "eligibility_periods", "wall_min_stars"],
                kwargs=lambda org, o: {"kind": "settings"}),
    BoundTarget("recognition:suggestion_detail", "secretary",
                lambda org, o: {"action": "award", "level": o["level"].pk}, ["awarded_on"], ["amount"],
                kwargs=lambda org, o: {"pk": o["suggestion"].pk}),
    BoundTarget("selfmanagement:economics", "leader",
                lambda org, o: {"team": org.team_a.pk, "job": "修井", "item_0": o["cost_item"].pk},
                ["date"], ["qty_0"]),
    BoundTarget("selfmanagement:analysis_new", "leader",
                lambda org, o: {"attendees": [org.worker.pk], "went_well": "好",
                                "measure_0": "整改", "owner_0": org.worker.pk},
                ["held_on", "due_0"], kwargs=lambda org, o: {"team_id": org.team_a.pk}),
    BoundTarget("partylife:meeting_create", "secretary",
                lambda org, o: {"kind": "assembly", "title": "大会", "host": org.secretary.pk},
                ["held_on", "period_of"]),
    BoundTarget("partylife:development_list", "secretary",
                lambda org, o: {"employee": org.intern.pk}, ["applied_on"]),
]  # fmt: skip


def _bounded_fields(model):
    from django.db import models as m

    kinds = (m.DateField, m.IntegerField, m.DecimalField)  # DateTimeField is a DateField
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, kinds) and not f.is_relation and not f.primary_key
    ]


def _rows(models):
    return {m: set(m._default_manager.values_list("pk", flat=True)) for m in models}


def _out_of_bounds(model, obj, new: bool) -> list[str]:
    """The fields of a stored row that break their model's own validators (and, for a row the
    request created, the entry window of a plan date)."""
    bad = []
    for f in _bounded_fields(model):
        value = getattr(obj, f.attname)
        if value is None:
            continue
        try:
            for validator in f.validators:
                validator(value)
            if new and stored_plan_date in f.validators and f.name not in {"month", "quarter"}:
                plan_date(value)
        except ValidationError:
            bad.append(f"{model._meta.label}.{f.name}={value!r}")
        if isinstance(value, Decimal) and not value.is_finite():
            bad.append(f"{model._meta.label}.{f.name}={value!r}")
    return bad


@pytest.mark.parametrize(
    "target", BOUND_TARGETS, ids=lambda t: f"{t.url}-{'+'.join(t.dates + t.numbers)}"
)
def test_dates_and_numbers_stay_in_bounds(client, org, org2, target):
    objects = bound_objects(org)
    client.force_login(user_for(org, target.persona))
    client.raise_request_exception = False
    url = reverse(target.url, kwargs=target.kwargs(org, objects) if target.kwargs else None)
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
        and not m.__name__.startswith("Historical")
        and _bounded_fields(m)
    ]
    values = st.fixed_dictionaries(
        {
            **dict.fromkeys(target.dates, DATE_VALUES),
            **dict.fromkeys(target.numbers, NUMBER_VALUES),
        }  # fmt: skip
    )

    @settings(max_examples=target.examples, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
    @given(data=values)
    def run(data):
        before = _rows(models)
        response = client.post(url, {**target.base(org, objects), **data})
        assert response.status_code < 500, (repr(data), response.status_code)
        bad = []
        for model, pks in _rows(models).items():
            if not model._default_manager.exists():
                continue
            for obj in model._default_manager.all():
                bad += _out_of_bounds(model, obj, new=obj.pk not in pks)
        assert not bad, (data, bad)
        del before

    run()


def test_bound_targets_cover_every_date_and_number_field_of_the_creating_forms():
    """The table above names every date and number field of these forms: a field added later
    without a line here fails this test."""
    from care import forms as care_forms
    from recognition import forms as recognition_forms
    from selfmanagement import forms as self_forms

    covered = {name for t in BOUND_TARGETS for name in t.dates + t.numbers}
    covered = {n.removeprefix("care-") for n in covered} | {"due_1", "due_2", "qty_1", "qty_2",
               "qty_3", "qty_4", "qty_5"}  # fmt: skip
    forms_to_check = [
        care_forms.CampaignForm, care_forms.CaseForm, care_forms.VisitForm, care_forms.CaseUpdateForm,
        care_forms.MediationForm, care_forms.CareSettingsForm, recognition_forms.CommitmentForm,
        recognition_forms.CheckInForm, recognition_forms.IncidentForm, recognition_forms.PeriodForm,
        recognition_forms.CriterionForm, recognition_forms.AwardLevelForm,
        recognition_forms.SettingsForm, recognition_forms.AwardForm,
    ]  # fmt: skip
    from django import forms as django_forms

    missing = set()
    for form_class in forms_to_check:
        for name, f in form_class.base_fields.items():
            number_or_date = (
                django_forms.DateField,
                django_forms.IntegerField,
                django_forms.DecimalField,
            )
            if isinstance(f, number_or_date) and name not in covered:
                missing.add(f"{form_class.__name__}.{name}")
    assert not missing
    assert self_forms.QTY["max_digits"] == 12
    total = sum(t.examples for t in BOUND_TARGETS)
    print(f"date/number fuzz: {len(BOUND_TARGETS)} forms, {total} examples")
