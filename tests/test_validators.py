"""The shared bounds on dates and numbers, the search-terms cap and the one-time form token."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from branch import idempotency
from branch.models import Employee, FormSubmission
from branch.security import SearchTermsLimitMiddleware
from branch.validators import (
    EARLIEST,
    BoundedDatesMixin,
    past_date,
    plan_date,
    plan_window,
    require_within,
    stored_plan_date,
)

TODAY = timezone.localdate()

pytestmark = pytest.mark.usefixtures("on_the_modules_today")


DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (EARLIEST, True),
        (EARLIEST - DAY, False),
        (datetime.date(1, 1, 1), False),
        (TODAY, True),
        (TODAY + DAY, False),
        (datetime.date(9999, 12, 31), False),
    ],
)
def test_past_date_is_1900_to_today(value, ok):
    if ok:
        past_date(value)
    else:
        with pytest.raises(ValidationError) as exc:
            past_date(value)
        assert "1900-01-01" in str(exc.value)


def test_plan_date_is_a_year_back_to_five_years_ahead():
    first, last = plan_window()
    assert first == TODAY - datetime.timedelta(days=366)
    assert last.year == TODAY.year + 5
    plan_date(first)
    plan_date(last)
    for bad in (first - DAY, last + DAY, datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            plan_date(bad)


def test_plan_window_on_29_february():
    first, last = plan_window(datetime.date(2028, 2, 29))
    assert last == datetime.date(2033, 2, 28)


def test_stored_plan_date_keeps_old_records_valid_but_not_far_future():
    stored_plan_date(TODAY - datetime.timedelta(days=3000))  # an old campaign stays editable
    with pytest.raises(ValidationError):
        stored_plan_date(plan_window()[1] + DAY)
    with pytest.raises(ValidationError):
        stored_plan_date(EARLIEST - DAY)


def test_require_within_parent_period():
    start, end = datetime.date(2026, 7, 1), datetime.date(2026, 8, 31)
    require_within(start, start, end, field="d")
    require_within(end, start, end, field="d")
    require_within(datetime.date(2030, 1, 1), start, None, field="d")  # open end
    for bad in (start - DAY, end + DAY):
        with pytest.raises(ValidationError) as exc:
            require_within(bad, start, end, field="d")
        assert "d" in exc.value.message_dict


class _PlanForm(BoundedDatesMixin, forms.Form):
    plan_date_fields = ("when", "due_*")
    past_date_fields = ("born",)
    when = forms.DateField(required=False)
    due_0 = forms.DateField(required=False)
    born = forms.DateField(required=False)


@pytest.mark.parametrize(
    ("data", "bad"),
    [
        ({"when": TODAY.isoformat()}, set()),
        ({"when": "0001-01-01"}, {"when"}),
        ({"when": "9999-12-31"}, {"when"}),
        ({"due_0": "9999-12-31"}, {"due_0"}),
        ({"born": (TODAY + DAY).isoformat()}, {"born"}),
        ({"born": "1899-12-31", "when": "1899-12-31"}, {"born", "when"}),
        ({"born": "1990-05-17"}, set()),
    ],
)
def test_bounded_dates_mixin_gives_a_form_error(data, bad):
    form = _PlanForm(data)
    assert form.is_valid() is not bool(bad)
    assert set(form.errors) == bad
    for name in bad:
        assert "请输入" in str(form.errors[name])  # in Chinese


def test_bounded_dates_mixin_leaves_an_unchanged_old_date_alone():
    old = TODAY - datetime.timedelta(days=800)
    form = _PlanForm({"when": old.isoformat()}, initial={"when": old})
    assert form.is_valid(), form.errors
    form = _PlanForm({"when": old.isoformat()}, initial={"when": TODAY})
    assert not form.is_valid()


@pytest.mark.django_db
def test_employee_dates_are_refused_out_of_range_by_model_and_database(org):
    person = org.worker
    person.birth_date = datetime.date(1, 1, 1)
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "birth_date" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.filter(pk=person.pk).update(birth_date=datetime.date(9999, 1, 1))


# ---------------------------------------------------------------- search terms


def test_search_terms_are_capped():
    cap = SearchTermsLimitMiddleware.cap
    assert cap("井控 安全") == "井控 安全"
    many = " ".join(f"词{i}" for i in range(500))
    assert len(cap(many).split()) == 20
    assert len(cap("字" * 5000)) == 200


@pytest.mark.django_db
def test_admin_search_with_hundreds_of_words_answers(client, org, org2):
    client.force_login(org.secretary_user)
    words = " ".join(f"词{i}" for i in range(400))
    client.raise_request_exception = False
    for url in ("/admin/pages/search/", "/admin/images/", "/admin/documents/"):
        response = client.get(url, {"q": words})
        assert response.status_code < 500, url
    response = client.get(reverse("people_list"), {"q": words}, follow=True)
    assert response.status_code == 200
    assert "搜索最多使用 20 个词" in response.content.decode()


# ---------------------------------------------------------------- one-time form token


def _post(user, token):
    request = RequestFactory().post("/x/", {idempotency.FIELD: token} if token else {})
    request.user = user
    request._messages = _Messages()
    return request


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(str(message))


@pytest.mark.django_db
def test_once_replays_the_first_redirect_and_two_tokens_make_two(org, org2):
    made = []

    def create():
        made.append(1)
        return HttpResponseRedirect(f"/made/{len(made)}/")

    token, other = idempotency.new_token(), idempotency.new_token()
    first = idempotency.once(_post(org.worker_user, token), create)
    again = idempotency.once(_post(org.worker_user, token), create)
    assert len(made) == 1
    assert again["Location"] == first["Location"] == "/made/1/"
    idempotency.once(_post(org.worker_user, other), create)
    assert len(made) == 2
    # The same token from another account (of another branch) is that account's own.
    idempotency.once(_post(org2.worker_user, token), create)
    assert len(made) == 3
    # No token, or a malformed one: served as before, every time.
    idempotency.once(_post(org.worker_user, ""), create)
    idempotency.once(_post(org.worker_user, "x" * 32), create)
    assert len(made) == 5
    assert FormSubmission.objects.count() == 3


@pytest.mark.django_db
def test_once_frees_the_token_when_nothing_was_made(org):
    token = idempotency.new_token()
    assert idempotency.once(_post(org.worker_user, token), lambda: None) is None
    assert not FormSubmission.objects.exists()
    response = idempotency.once(_post(org.worker_user, token), lambda: HttpResponseRedirect("/y/"))
    assert response["Location"] == "/y/"
    assert FormSubmission.objects.get().redirect_to == "/y/"


def test_once_form_mixin_renders_a_fresh_token_per_form():
    class F(idempotency.OnceFormMixin, forms.Form):
        name = forms.CharField()

    one, two = F().as_p(), F().as_p()
    assert 'type="hidden" name="form_token"' in one
    assert one != two
    bound = F({"name": "x", "form_token": "a" * 32})
    assert bound.is_valid()
    assert "form_token" not in bound.cleaned_data


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["sNaN", "-snan", " SNaN12 "])
def test_a_signalling_nan_is_a_form_error_not_a_500(client, org, org2, value):
    from recognition.models import RecognitionSettings

    client.force_login(org.secretary_user)
    client.raise_request_exception = False
    response = client.post(
        reverse("recognition:setup", kwargs={"kind": "settings"}),
        {"rating_kind": "quarter", "response_days": "7", "eligibility_min_average": "4",
         "eligibility_periods": "2", "wall_min_stars": value},
    )  # fmt: skip
    assert response.status_code == 200
    assert "输入一个数字" in response.content.decode()
    assert not RecognitionSettings.objects.filter(
        branch=org.branch, wall_min_stars__isnull=True
    ).exists()  # noqa: E501
