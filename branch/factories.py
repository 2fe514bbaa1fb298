"""factory_boy factories for the organisation; other apps' factories build on these."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .models import (
    BirthdayCalendar,
    Branch,
    CommitteeMember,
    CommitteePost,
    Employee,
    EmploymentType,
    PartyGroup,
    Team,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"b{n}")
    name = factory.Sequence(lambda n: f"作业大队第{n}党支部")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"修井{n}班")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    team = factory.SubFactory(TeamFactory)
    branch = factory.SelfAttribute("team.branch")
    staff_no = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"员工{n}")
    employment_type = EmploymentType.FORMAL
    birth_date = datetime.date(1990, 5, 17)
    birthday_calendar = BirthdayCalendar.SOLAR
    hired_on = datetime.date(2015, 7, 1)


def make_account(employee: Employee, *, role: str = roles.WORKER, password: str = "pass-1234-word"):
    """Give ``employee`` a login in the given role group (and the scope that role needs)."""
    user = UserFactory(username=f"{employee.staff_no}@{employee.branch.code}", password=password)
    user.groups.add(Group.objects.get_or_create(name=roles.WORKER)[0])
    employee.user = user
    employee.save(update_fields=["user"])
    if role == roles.LEADER:
        user.groups.add(Group.objects.get_or_create(name=roles.LEADER)[0])
        employee.team.leaders.add(employee)
    elif role == roles.SECRETARY:
        user.groups.add(Group.objects.get_or_create(name=roles.SECRETARY)[0])
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        employee.branch.secretaries.add(user)
    return user


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    employee = factory.SubFactory(EmployeeFactory)
    branch = factory.SelfAttribute("employee.branch")
    post = CommitteePost.OTHER
    start_on = datetime.date(2024, 1, 1)


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")
