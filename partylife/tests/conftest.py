import datetime

import pytest

from branch import roles
from branch.factories import make_account
from branch.models import PartyGroup, PoliticalStatus

from ..factories import make_committee, make_party_members


@pytest.fixture
def party(org):
    """``org`` with Party members: the secretary, the leader and five more are full members,
    the worker is probationary; a committee of three and a Party group led by the leader."""
    for person, status in (
        (org.secretary, PoliticalStatus.MEMBER),
        (org.leader, PoliticalStatus.MEMBER),
        (org.worker, PoliticalStatus.PROBATIONARY),
    ):
        person.political_status = status
        person.save(update_fields=["political_status"])
    org.members = make_party_members(org.team_b, 5)
    org.committee = make_committee(org.branch, [org.secretary, org.leader, org.members[0]])
    org.group = PartyGroup.objects.create(branch=org.branch, name="第一党小组", leader=org.leader)
    org.group.members.set([org.leader, org.worker, org.members[1]])
    org.committee_user = make_account(org.members[0], role=roles.WORKER)
    org.day = datetime.date(2026, 3, 10)
    return org
