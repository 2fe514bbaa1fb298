"""factory_boy factories and small builders for organisational life's tests and demo."""

import datetime

import factory

from branch.factories import EmployeeFactory
from branch.models import CommitteeMember, CommitteePost, PoliticalStatus

from .models import Meeting, MeetingKind


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    host = factory.SubFactory(EmployeeFactory, political_status=PoliticalStatus.MEMBER)
    branch = factory.SelfAttribute("host.branch")
    kind = MeetingKind.GENERAL_ASSEMBLY
    title = factory.Sequence(lambda n: f"支部党员大会第{n}次")
    held_on = datetime.date(2026, 3, 10)
    place = "队部会议室"


def make_party_members(
    team, count: int, *, status=PoliticalStatus.MEMBER, prefix="党员", staff_prefix="P"
):
    return [
        EmployeeFactory(
            team=team,
            name=f"{prefix}{i}",
            staff_no=f"{staff_prefix}{team.pk}{i:03d}",
            political_status=status,
        )
        for i in range(count)
    ]


def make_committee(branch, people, start_on=datetime.date(2024, 1, 1)):
    posts = [CommitteePost.SECRETARY, CommitteePost.ORGANISATION, CommitteePost.PUBLICITY]
    return [
        CommitteeMember.objects.create(
            branch=branch, employee=person, post=posts[i % len(posts)], start_on=start_on
        )
        for i, person in enumerate(people)
    ]
