"""Pages that must show a whole team or a whole exam stay under 150 KB at 50 rows (the roll
call of a general assembly at 191), with long Chinese names and texts (what a real team sends
over a phone connection)."""

import datetime

import pytest
from django.urls import reverse

from branch.factories import EmployeeFactory
from partylife import services as partylife_services
from recognition import services as recognition_services
from recognition.factories import RatingPeriodFactory
from training.factories import ExamFactory, QuestionFactory
from training.models import QuestionKind

LIMIT = 150_000
LONG_NAME = "欧阳司马慕容长孙"  # a long, realistic full name (compound surnames)


def members(team, n, prefix="员工"):
    return [
        EmployeeFactory(team=team, name=f"{LONG_NAME}{prefix}{i:02d}", staff_no=f"Z{i:05d}")
        for i in range(n)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "rated"), [("leader_user", 0), ("leader_user", 25), ("secretary_user", 25)]
)
def test_rating_sheet_of_fifty_is_small(client, org, org2, who, rated):
    criteria = recognition_services.criteria_ensure_defaults(branch=org.branch)
    period = RatingPeriodFactory(
        branch=org.branch, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30)
    )
    people = members(org.team_a, 50 - org.team_a.members.count())
    members(org2.team, 5, prefix="外支部")
    # Half the team rated and submitted, with long remarks: the secretary gets a return form
    # and a score list for each of them, the leader a read-only card.
    recognition_services.rating_team_save(
        period=period,
        team=org.team_a,
        entries=[
            {"employee": p, "stars": {c.pk: 4 for c in criteria}, "comment": "踏实肯干，" * 40}
            for p in people[:rated]
        ],
        by=org.leader_user,
        submit=True,
    )
    client.force_login(getattr(org, who))
    response = client.get(reverse("recognition:rating_sheet", args=[period.pk, org.team_a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="member-row"') == org.team_a.members.count() >= 50
    assert "外支部" not in body
    assert len(response.content) < LIMIT, len(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [50, 191])  # a team; a general assembly of a large branch
def test_attendance_checklist_of_fifty_is_small(client, org, org2, size):
    expected = members(org.team_a, size, prefix="党员")
    members(org2.team, 3, prefix="外支部")
    meeting = partylife_services.meeting_create(
        branch=org.branch,
        user=org.secretary_user,
        kind="assembly",
        title="关于学习贯彻党的二十届三中全会精神暨第三季度组织生活会的支部党员大会",
        held_on=datetime.date(2026, 3, 10),
        host=org.leader,
        attendees=expected,
    )
    client.force_login(org.secretary_user)
    response = client.get(reverse("partylife:meeting_attendance", args=[meeting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="roll-row"') >= size
    assert "外支部" not in body
    assert len(response.content) < LIMIT, len(response.content)


@pytest.mark.django_db
def test_exam_of_fifty_long_questions_is_small(client, org):
    text = "在修井作业起下管柱过程中，发现井口返出液量明显大于灌入量、悬重异常变化时，"
    option = "立即停止起下作业，抢装旋塞阀并关井，同时向值班干部和井控负责人报告，"
    bank = [
        QuestionFactory(
            branch=org.branch,
            kind=QuestionKind.MULTIPLE,
            text=f"第{i}题：{text * 2}应当如何处置？",
            options=[f"{option}（{n}）" for n in "ABCD"],
            answer=[0, 1],
        )
        for i in range(50)
    ]
    exam = ExamFactory(branch=org.branch, questions=bank, title="第三季度井控技能考试")
    client.force_login(org.worker_user)
    response = client.get(reverse("training:exam_take", args=[exam.pk]) + "?start=1")
    assert response.status_code == 200
    assert response.content.decode().count("<fieldset") == 50
    assert len(response.content) < LIMIT, len(response.content)
