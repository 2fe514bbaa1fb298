"""The past of who led, who administered and what the rules were is kept: team leaders,
branch secretaries, and the recognition and care records whose edits matter."""

import pytest

from recognition import services as recognition_services
from recognition.models import AwardLevel, Commitment, RatingCriterion, RecognitionSettings, Vision

pytestmark = pytest.mark.django_db


def test_team_leaders_changes_are_kept(org, org2):
    org.team_a.leaders.set([org.worker])
    org.team_a.leaders.set([org.leader])
    versions = [
        {row.employee_id for row in version.leaders.all()}
        for version in org.team_a.history.order_by("history_date")
    ]
    assert {org.worker.pk} in versions
    assert versions[-1] == {org.leader.pk}
    # The other branch's team has its own past, without ours in it.
    assert all(
        org.worker.pk not in {row.employee_id for row in v.leaders.all()}
        for v in org2.team.history.all()
    )


def test_branch_secretaries_changes_are_kept(org, org2):
    org.branch.secretaries.add(org.leader_user)
    org.branch.secretaries.remove(org.leader_user)
    versions = [
        {row.user_id for row in version.secretaries.all()}
        for version in org.branch.history.order_by("history_date")
    ]
    assert any(org.leader_user.pk in v for v in versions)
    assert org.leader_user.pk not in versions[-1]
    assert not org2.branch.history.filter(
        historicalbranch_secretaries__user=org.leader_user
    ).exists()


def test_secretaries_changed_from_the_account_side_are_kept_too(org, org2):
    """``user.administered_branches.add(branch)`` is the same change as
    ``branch.secretaries.add(user)``: recorded on the branch, not an error."""

    def versions(branch):
        return [
            {row.user_id for row in version.secretaries.all()}
            for version in branch.history.order_by("history_date", "history_id")
        ]

    user = org.leader_user
    user.administered_branches.add(org.branch, org2.branch)
    assert user.pk in versions(org.branch)[-1] and user.pk in versions(org2.branch)[-1]
    user.administered_branches.remove(org2.branch)
    assert user.pk not in versions(org2.branch)[-1] and user.pk in versions(org.branch)[-1]
    user.administered_branches.clear()
    assert user.pk not in versions(org.branch)[-1]
    assert org.secretary_user.pk in versions(org.branch)[-1]  # the others stay


def test_rules_and_pledges_keep_their_history(org):
    recognition_services.criteria_ensure_defaults(branch=org.branch)
    criterion = RatingCriterion.objects.filter(branch=org.branch).first()
    criterion.weight = 30
    criterion.save()
    assert list(criterion.history.values_list("weight", flat=True))[0] == 30
    recognition_services.award_levels_ensure_defaults(branch=org.branch)
    level = AwardLevel.objects.filter(branch=org.branch).first()
    level.amount = 999
    level.save()
    assert level.history.count() >= 2
    settings = recognition_services.settings_get_or_create(branch=org.branch)
    settings.eligibility_periods = 3
    settings.save()
    assert RecognitionSettings.history.filter(branch=org.branch, eligibility_periods=3).exists()
    for model in (Vision, Commitment):
        assert hasattr(model, "history")
