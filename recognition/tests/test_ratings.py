from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
from branch.models import Notification
from recognition import services
from recognition.models import RatingCriterion, StarRating, StarScore, weighted_stars

from .helpers import all_stars, rate


def sheet_data(rows: dict, criteria, *, submit=False, comment="踏实肯干"):
    data = {}
    for employee, value in rows.items():
        for c in criteria:
            data[f"m{employee.pk}-c{c.pk}"] = str(value)
        data[f"m{employee.pk}-comment"] = comment
    data["submit" if submit else "save"] = "1"
    return data


def test_default_criteria_put_character_and_values_first(org):
    criteria = services.criteria_ensure_defaults(branch=org.branch)
    assert [c.name for c in criteria] == ["品格", "人生价值观", "安全", "技能", "团队协作"]
    services.criteria_ensure_defaults(branch=org.branch)
    assert RatingCriterion.objects.filter(branch=org.branch).count() == 5


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(5, 1), (4, 1)], Decimal("4.5")),
        ([(5, 3), (4, 1)], Decimal("4.8")),  # 4.75 rounds half up
        ([(4, 3), (4, 3), (5, 2), (3, 2), (5, 1)], Decimal("4.1")),  # 45/11 = 4.09
        ([(1, 1), (2, 1), (2, 1)], Decimal("1.7")),
        ([], None),
    ],
)
def test_overall_is_weighted_average_rounded_half_up(pairs, expected):
    assert weighted_stars(pairs) == expected


def test_leader_rates_whole_team_on_one_page_draft_then_submit(client, org, period, criteria):
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    page = client.get(url)
    body = page.content.decode()
    # formal, contract and intern members are all in the same form
    for person in (org.worker, org.contract_worker, org.intern, org.secretary):
        assert f'name="m{person.pk}-c{criteria[0].pk}"' in body
    # but nobody rates themself: the leader is rated by the secretary
    assert f'name="m{org.leader.pk}-c' not in body and "班组长由支部书记评定" in body
    members = {org.worker: 5, org.contract_worker: 4, org.intern: 3}
    response = client.post(url, sheet_data(members, criteria))
    assert response.status_code == 302
    ratings = {r.employee_id: r for r in StarRating.objects.filter(period=period)}
    assert {r.status for r in ratings.values()} == {StarRating.Status.DRAFT}
    assert ratings[org.intern.pk].overall == Decimal("3.0")
    client.post(url, sheet_data(members, criteria, submit=True))
    assert set(StarRating.objects.filter(period=period).values_list("status", flat=True)) == {
        "submitted"
    }
    assert StarScore.objects.filter(rating__period=period).count() == 3 * len(criteria)


def test_partly_filled_row_is_refused_and_nothing_saved(client, org, period, criteria):
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    data = sheet_data({org.worker: 4, org.intern: 4}, criteria)
    del data[f"m{org.intern.pk}-c{criteria[2].pk}"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "安全" in response.content.decode()
    assert not StarRating.objects.exists()


@pytest.mark.parametrize("bad", ["0", "6", "x", "-1"])
def test_stars_outside_1_to_5_are_refused_by_the_page(client, org, period, criteria, bad):
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    data = sheet_data({org.worker: 4}, criteria)
    data[f"m{org.worker.pk}-c{criteria[0].pk}"] = bad
    response = client.post(url, data)
    assert response.status_code == 200
    assert "星级必须是 1 到 5" in response.content.decode()
    assert not StarRating.objects.exists()


@pytest.mark.parametrize("bad", [0, 6, None])
def test_stars_outside_1_to_5_are_refused_by_the_service(org, period, criteria, bad):
    stars = all_stars(criteria)
    stars[criteria[1].pk] = bad
    with pytest.raises(ValidationError):
        rate(org, period, criteria, org.worker, stars)
    assert not StarRating.objects.exists()


def test_database_refuses_stars_outside_1_to_5(org, period, criteria):
    rating = rate(org, period, criteria, org.worker, submit=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        StarScore.objects.filter(rating=rating).update(stars=6)


def test_one_rating_per_employee_and_period(org, period, criteria):
    rate(org, period, criteria, org.worker, submit=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        StarRating.objects.create(employee=org.worker, period=period, team=org.team_a)


def test_leader_cannot_rate_another_teams_member(client, org, period, criteria):
    with pytest.raises(PermissionDenied):
        rate(org, period, criteria, org.worker_b)
    client.force_login(org.leader_user)
    # the other team's page
    url_b = reverse("recognition:rating_sheet", args=[period.pk, org.team_b.pk])
    assert client.get(url_b).status_code == 403
    assert client.post(url_b, sheet_data({org.worker_b: 5}, criteria)).status_code == 403
    # smuggling the other team's member into the own team's page
    url_a = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    response = client.post(url_a, sheet_data({org.worker: 4, org.worker_b: 5}, criteria))
    assert response.status_code == 403
    assert not StarRating.objects.exists()


def test_worker_and_other_branch_secretary_cannot_open_the_sheet(client, org, period, criteria):
    other = BranchFactory(code="other")
    stranger = EmployeeFactory(team=TeamFactory(branch=other))
    stranger_user = make_account(stranger, role=roles.SECRETARY)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    for user in (org.worker_user, stranger_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.rating_approve_team(period=period, team=org.team_a, by=stranger_user)


def test_secretary_approves_team_batch_and_ratings_lock(client, org, period, criteria):
    for person in (org.worker, org.contract_worker, org.intern):
        rate(org, period, criteria, person)
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("recognition:rating_approve_team", args=[period.pk, org.team_a.pk])
    )
    assert response.status_code == 302
    assert set(StarRating.objects.values_list("status", flat=True)) == {"approved"}
    with pytest.raises(ValidationError):
        rate(org, period, criteria, org.worker, 1)
    assert StarRating.objects.get(employee=org.worker).overall == Decimal("4.0")
    # the page shows approved rows read-only and a post cannot change them
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    assert f'name="m{org.worker.pk}-c' not in client.get(url).content.decode()
    assert client.post(url, sheet_data({org.worker: 1}, criteria)).status_code == 403
    # the worker is told (inbox) and the history is kept
    assert Notification.objects.filter(
        recipient=org.worker_user, key__contains="rating-approved"
    ).exists()
    rating = StarRating.objects.get(employee=org.worker)
    assert [h.status for h in rating.history.order_by("history_id")] == ["submitted", "approved"]
    assert StarScore.history.filter(rating_id=rating.pk).count() == len(criteria)


def test_batch_approval_is_all_or_nothing(org, period, criteria, monkeypatch):
    for person in (org.worker, org.contract_worker):
        rate(org, period, criteria, person)
    calls = []
    real = services.rating_approve

    def failing(*, rating, by):
        calls.append(rating.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(rating=rating, by=by)

    monkeypatch.setattr(services.ratings, "rating_approve", failing)
    with pytest.raises(RuntimeError):
        services.rating_approve_team(period=period, team=org.team_a, by=org.secretary_user)
    assert set(StarRating.objects.values_list("status", flat=True)) == {"submitted"}


def test_return_needs_a_reason_and_reopens_for_the_leader(client, org, period, criteria):
    rating = rate(org, period, criteria, org.worker)
    with pytest.raises(ValidationError):
        services.rating_return(rating=rating, reason="  ", by=org.secretary_user)
    client.force_login(org.secretary_user)
    client.post(reverse("recognition:rating_return", args=[rating.pk]), {"reason": ""})
    rating.refresh_from_db()
    assert rating.status == "submitted"
    client.post(
        reverse("recognition:rating_return", args=[rating.pk]), {"reason": "安全项偏高，请复核"}
    )
    rating.refresh_from_db()
    assert rating.status == "returned" and rating.return_reason == "安全项偏高，请复核"
    assert Notification.objects.filter(
        recipient=org.leader_user, body="安全项偏高，请复核"
    ).exists()
    # the leader corrects and resubmits
    rate(org, period, criteria, org.worker, 3)
    rating.refresh_from_db()
    assert rating.status == "submitted" and rating.overall == Decimal("3.0")


@pytest.mark.parametrize("status", ["draft", "returned", "approved"])
def test_bad_rating_transitions_are_refused(org, period, criteria, status):
    rating = rate(org, period, criteria, org.worker, submit=status != "draft")
    if status == "returned":
        services.rating_return(rating=rating, reason="复核", by=org.secretary_user)
    if status == "approved":
        services.rating_approve(rating=rating, by=org.secretary_user)
    with pytest.raises(ValidationError):
        services.rating_approve(rating=rating, by=org.secretary_user)
    with pytest.raises(ValidationError):
        services.rating_return(rating=rating, reason="再看看", by=org.secretary_user)


def test_submitted_rating_cannot_be_edited_until_returned(org, period, criteria):
    rate(org, period, criteria, org.worker)
    with pytest.raises(ValidationError):
        rate(org, period, criteria, org.worker, 2)


def test_closed_period_refuses_ratings(org, period, criteria):
    services.period_close(period=period)
    with pytest.raises(ValidationError):
        rate(org, period, criteria, org.worker)


def test_leader_cannot_approve(org, period, criteria):
    rating = rate(org, period, criteria, org.worker)
    with pytest.raises(PermissionDenied):
        services.rating_approve(rating=rating, by=org.leader_user)


def test_worker_sees_only_own_approved_ratings(client, org, period, criteria):
    for person in (org.worker, org.contract_worker):
        rate(org, period, criteria, person, 5)
    services.rating_approve_team(period=period, team=org.team_a, by=org.secretary_user)
    client.force_login(org.worker_user)
    body = client.get(reverse("recognition:my_ratings")).content.decode()
    assert body.count('data-testid="my-rating"') == 1
    from recognition.selectors import ratings_visible_to

    assert list(ratings_visible_to(org.worker_user).values_list("employee_id", flat=True)) == [
        org.worker.pk
    ]
    assert ratings_visible_to(org.leader_b_user).count() == 0


def test_rating_sheet_query_count_is_constant(
    client, org, period, criteria, django_assert_max_num_queries
):
    def build(n):
        for _ in range(n):
            person = EmployeeFactory(team=org.team_a)
            rate(org, period, criteria, person, submit=False)

    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    build(50)
    client.get(url)  # warm caches
    with django_assert_max_num_queries(20) as ctx50:
        assert client.get(url).status_code == 200
    build(100)
    with django_assert_max_num_queries(20) as ctx150:
        assert client.get(url).status_code == 200
    assert len(ctx150.captured_queries) == len(ctx50.captured_queries)
    print(
        f"rating sheet queries: 50 members={len(ctx50.captured_queries)}, 150={len(ctx150.captured_queries)}"
    )


def test_saving_the_team_page_takes_constant_queries(
    client, org, period, criteria, django_assert_max_num_queries
):
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    counts = []
    for n in (50, 150):
        StarScore.objects.all().delete()
        StarRating.objects.all().delete()
        while org.team_a.members.count() < n:
            EmployeeFactory(team=org.team_a)
        members = dict.fromkeys(org.team_a.members.exclude(pk=org.leader.pk), 4)
        for submit in (False, True):  # a first draft (inserts) then a submit (updates)
            with django_assert_max_num_queries(40) as ctx:
                assert (
                    client.post(url, sheet_data(members, criteria, submit=submit)).status_code
                    == 302
                )
            counts.append(len(ctx.captured_queries))
    # bulk writes: the count grows only with the database's insert batches (SQLite splits
    # long inserts), never with one query per member
    assert counts[2] - counts[0] <= 10 and counts[3] - counts[1] <= 10
    assert StarRating.objects.filter(status="submitted").count() == org.team_a.members.count() - 1
    print(f"rating page POST queries: {counts}")


def test_switched_off_criterion_leaves_the_draft(org, period, criteria):
    rating = rate(org, period, criteria, org.worker, submit=False)
    RatingCriterion.objects.filter(pk=criteria[-1].pk).update(active=False)
    rate(org, period, criteria[:-1], org.worker, 5, submit=False)
    rating.refresh_from_db()
    assert rating.scores.count() == len(criteria) - 1 and rating.overall == Decimal("5.0")


def test_nobody_rates_themself_and_leaders_are_rated_by_the_secretary(
    client, org, period, criteria
):
    with pytest.raises(PermissionDenied):
        rate(org, period, criteria, org.leader, 5)
    with pytest.raises(PermissionDenied):
        rate(org, period, criteria, org.secretary, 5, by=org.secretary_user)
    with pytest.raises(PermissionDenied):  # the secretary does not rate ordinary members
        rate(org, period, criteria, org.worker, 5, by=org.secretary_user)
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    assert client.post(url, sheet_data({org.leader: 5}, criteria)).status_code == 403
    client.force_login(org.secretary_user)
    body = client.get(url).content.decode()
    assert f'name="m{org.leader.pk}-c' in body and f'name="m{org.worker.pk}-c' not in body
    assert client.post(url, sheet_data({org.leader: 4}, criteria, submit=True)).status_code == 302
    rating = StarRating.objects.get(employee=org.leader)
    assert rating.status == "submitted" and rating.rated_by == org.secretary_user


def _cards(body: str) -> dict[int, str]:
    """The member cards of a rating sheet, by employee id."""
    cards = {}
    for part in body.split('<section class="card member')[1:]:
        pk = int(part.split(' id="member-', 1)[1].split('"', 1)[0])
        cards[pk] = part.split("</section>", 1)[0]
    return cards


def test_a_refused_sheet_keeps_what_was_typed_and_marks_only_the_wrong_rows(
    client, org, period, criteria
):
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    data = sheet_data({org.worker: 4, org.intern: 2}, criteria, comment="<b>很好</b>")
    del data[f"m{org.intern.pk}-c{criteria[2].pk}"]  # the intern's row is half filled
    data[f"m{org.contract_worker.pk}-c{criteria[0].pk}"] = "9"
    response = client.post(url, data)
    assert response.status_code == 200 and not StarRating.objects.exists()
    cards = _cards(response.content.decode())
    worker, intern, contract = (cards[p.pk] for p in (org.worker, org.intern, org.contract_worker))
    # what was typed is still there, the remarks shown as text, never as markup
    assert f'name="m{org.worker.pk}-c{criteria[0].pk}" value="4" checked>' in worker
    assert f'name="m{org.intern.pk}-c{criteria[1].pk}" value="2" checked>' in intern
    assert " checked" not in intern.split(f'name="m{org.intern.pk}-c{criteria[2].pk}"', 1)[1][:20]
    assert "&lt;b&gt;很好&lt;/b&gt;</textarea>" in worker and "<b>很好</b>" not in worker
    # only the wrong rows are red, each saying why
    assert "has-error" not in cards[org.worker.pk].split(">", 1)[0]
    assert intern.startswith(" has-error") and contract.startswith(" has-error")
    assert 'role="alert">请为以下项目打星：安全</small>' in intern
    assert '<small class="error">星级必须是 1 到 5。</small>' in contract
    assert "请检查标红的员工" in response.content.decode()


def test_a_refused_long_remark_marks_its_box(client, org, period, criteria):
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    response = client.post(url, sheet_data({org.worker: 4}, criteria, comment="长" * 501))
    card = _cards(response.content.decode())[org.worker.pk]
    assert card.startswith(" has-error")
    assert (
        f'maxlength="500" aria-invalid="true" aria-describedby="id_m{org.worker.pk}-comment_error" id="id_m{org.worker.pk}-comment">'
        in card
    )
    assert not StarRating.objects.exists()


def test_the_sheet_shows_saved_drafts_and_each_status_to_leader_and_secretary(
    client, org, period, criteria
):
    draft = rate(org, period, criteria, org.worker, 5, submit=False)
    submitted = rate(org, period, criteria, org.contract_worker, 3)
    approved = rate(org, period, criteria, org.intern, 4)
    services.rating_approve(rating=approved, by=org.secretary_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    client.force_login(org.leader_user)
    cards = _cards(client.get(url).content.decode())
    # the draft stays open with its stars and remarks; the others are read-only stars
    assert cards[org.worker.pk].count('value="5" checked>') == len(criteria)
    assert "好</textarea>" in cards[org.worker.pk]
    for rating, stars in ((submitted, 3), (approved, 4)):
        card = cards[rating.employee_id]
        assert f'name="m{rating.employee_id}-c' not in card
        assert card.count(f'aria-label="{stars} 星"') == len(criteria)
        assert '<p class="comment">好</p>' in card
    assert "return-box" not in cards[submitted.employee_id]
    assert reverse("recognition:plaque", args=[approved.pk]) in cards[approved.employee_id]
    assert f'class="tag status-draft">{StarRating.Status.DRAFT.label}' in cards[draft.employee_id]
    # the secretary may send the submitted one back
    client.force_login(org.secretary_user)
    cards = _cards(client.get(url).content.decode())
    card = cards[submitted.employee_id]
    assert f'action="{reverse("recognition:rating_return", args=[submitted.pk])}"' in card
    assert "csrfmiddlewaretoken" in card
    assert "return-box" not in cards[approved.employee_id]


def test_names_and_remarks_on_the_sheet_are_text_not_markup(client, org, period, criteria):
    person = EmployeeFactory(team=org.team_a, name="<script>x</script>")
    client.force_login(org.leader_user)
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    body = client.get(url).content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body
    assert f'name="m{person.pk}-comment"' in body


@pytest.mark.parametrize("who", ["leader_user", "secretary_user"])
def test_a_reviewed_sheet_takes_the_same_queries_for_3_or_30_members(
    client, org, period, criteria, who, django_assert_max_num_queries
):
    """Read-only stars, return forms and plaque links add no query per member."""
    client.force_login(getattr(org, who))
    url = reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk])
    rate(org, period, criteria, org.worker)
    counts = []
    for n in (3, 30):
        for _ in range(n - StarRating.objects.filter(period=period).count()):
            rate(org, period, criteria, EmployeeFactory(team=org.team_a))
        client.get(url)  # warm caches
        with django_assert_max_num_queries(16) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
