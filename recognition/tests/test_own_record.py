"""Nobody approves or rewards their own record. A secretary who is also a team member does not
approve their own star rating: another member of the branch committee does; in a branch
without one the secretary approves it and the rating (and the fairness report) says so."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from branch.models import CommitteeMember, CommitteePost
from branch.roles import LEADER
from recognition import services
from recognition.models import AwardLevel, StarRating

from .helpers import rate

pytestmark = pytest.mark.django_db


def _seat(org, employee, post):
    return CommitteeMember.objects.create(
        branch=org.branch, employee=employee, post=post, start_on=datetime.date(2024, 1, 1)
    )


@pytest.fixture
def committee(org):
    _seat(org, org.secretary, CommitteePost.SECRETARY)
    _seat(org, org.leader_b, CommitteePost.DEPUTY_SECRETARY)
    return org


def test_secretary_cannot_approve_own_rating_the_deputy_does(
    client, committee, org2, period, criteria
):  # noqa: E501
    org = committee
    own = rate(org, period, criteria, org.secretary, 5)
    other = rate(org, period, criteria, org.worker, 4)
    with pytest.raises(PermissionDenied) as exc:
        services.rating_approve(rating=own, by=org.secretary_user)
    assert org.leader_b.name in str(exc.value)
    # Approving the whole team approves the others and leaves the secretary's own waiting.
    approved = services.rating_approve_team(period=period, team=org.team_a, by=org.secretary_user)
    assert [r.pk for r in approved] == [other.pk]
    own.refresh_from_db()
    assert own.status == StarRating.Status.SUBMITTED
    # The deputy (not a secretary) sees it on their list and approves it.
    client.force_login(org.leader_b_user)
    page = client.get(reverse("recognition:ratings_to_approve"))
    assert page.content.decode().count('data-testid="to-approve"') == 1
    response = client.post(reverse("recognition:rating_approve", args=[own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == StarRating.Status.APPROVED
    assert own.approved_by == org.leader_b_user and not own.self_approved
    # The deputy was told when it was submitted.
    assert org.leader_b_user.notifications.filter(title__contains=org.secretary.name).exists()


def test_the_deputy_approves_nothing_else_and_the_other_branch_nothing(
    client, committee, org2, period, criteria
):  # noqa: E501
    org = committee
    other = rate(org, period, criteria, org.worker, 4)
    for user in (org.leader_b_user, org2.secretary_user, org.worker_user):
        with pytest.raises(PermissionDenied):
            services.rating_approve(rating=other, by=user)
        client.force_login(user)
        assert (
            client.post(reverse("recognition:rating_approve", args=[other.pk])).status_code == 403
        )
        page = client.get(reverse("recognition:ratings_to_approve")).content.decode()
        assert 'data-testid="to-approve"' not in page
    other.refresh_from_db()
    assert other.status == StarRating.Status.SUBMITTED


def test_without_another_committee_member_the_secretary_approves_and_it_shows(
    client, org, org2, period, criteria
):  # noqa: E501
    own = rate(org, period, criteria, org.secretary, 5)
    services.rating_approve(rating=own, by=org.secretary_user)
    own.refresh_from_db()
    assert own.status == StarRating.Status.APPROVED and own.self_approved
    client.force_login(org.secretary_user)
    page = client.get(reverse("recognition:fairness_period", args=[period.pk])).content.decode()
    assert 'data-testid="self-approved"' in page and org.secretary.name in page
    # A rating approved by someone else is not marked.
    other = rate(org, period, criteria, org.worker, 4)
    services.rating_approve(rating=other, by=org.secretary_user)
    other.refresh_from_db()
    assert not other.self_approved


def test_a_leader_never_approves_even_as_alternate_of_an_ordinary_member(
    committee, period, criteria
):  # noqa: E501
    org = committee
    assert org.leader_b_user.groups.filter(name=LEADER).exists()
    worker_rating = rate(org, period, criteria, org.contract_worker, 3)
    with pytest.raises(PermissionDenied):
        services.rating_approve(rating=worker_rating, by=org.leader_b_user)


def test_secretary_cannot_award_own_suggestion_when_another_member_can(committee):
    from recognition.factories import SuggestionFactory

    org = committee
    services.award_levels_ensure_defaults(branch=org.branch)
    levels = list(AwardLevel.objects.filter(branch=org.branch))
    suggestion = SuggestionFactory(employee=org.secretary, status="adopted")
    with pytest.raises(PermissionDenied):
        services.award_grant(
            suggestion=suggestion, level=levels[0], awarded_on=datetime.date.today(),
            by=org.secretary_user,
        )  # fmt: skip
    award = services.award_grant(
        suggestion=suggestion, level=levels[0], awarded_on=datetime.date.today(),
        by=org.leader_b_user,
    )  # fmt: skip
    assert award.awarded_by == org.leader_b_user and not award.self_approved


def test_secretary_awards_own_suggestion_only_without_anyone_else_and_it_is_marked(org):
    from recognition.factories import SuggestionFactory

    services.award_levels_ensure_defaults(branch=org.branch)
    levels = list(AwardLevel.objects.filter(branch=org.branch))
    suggestion = SuggestionFactory(employee=org.secretary, status="adopted")
    award = services.award_grant(
        suggestion=suggestion, level=levels[0], awarded_on=datetime.date.today(),
        by=org.secretary_user,
    )  # fmt: skip
    assert award.self_approved


def test_the_ledger_says_who_approved_their_own_rating(org, org2, period, criteria):
    from recognition.ledger import recognition_section

    own = rate(org, period, criteria, org.secretary, 5)
    services.rating_approve(rating=own, by=org.secretary_user)
    text = " ".join(recognition_section(org.branch, period.start.year).paragraphs)
    assert "本人自行审批" in text and org.secretary.name in text
    other = " ".join(recognition_section(org2.branch, period.start.year).paragraphs)
    assert "本人自行审批" not in other
