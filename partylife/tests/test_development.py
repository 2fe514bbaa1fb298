"""Member development: the waits at their edges, the checks before admission, and the
political status following the pipeline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branch.models import PoliticalStatus
from branch.selectors import political_status_conflicts
from partylife import services
from partylife.models import MeetingKind, Stage

d = datetime.date


@pytest.fixture
def applicant(party):
    person = party.contract_worker
    person.birth_date = d(2000, 5, 1)
    person.political_status = PoliticalStatus.LEAGUE
    person.save()
    return person


def _assembly(org, day):
    return services.meeting_create(
        branch=org.branch, user=org.secretary_user, kind=MeetingKind.GENERAL_ASSEMBLY,
        title=f"支部党员大会{day}", held_on=day, host=org.secretary,
    )  # fmt: skip


def _to_candidate(party, applicant):
    dev = services.development_start(
        employee=applicant, applied_on=d(2023, 3, 1), user=party.secretary_user
    )
    services.development_advance(
        development=dev, to_stage=Stage.ACTIVIST, on=d(2023, 6, 15), user=party.secretary_user
    )
    return services.development_advance(
        development=dev, to_stage=Stage.CANDIDATE, on=d(2024, 6, 15), user=party.secretary_user
    )


def _ready(party, dev, **overrides):
    fields = {"political_review_on": d(2024, 9, 1), "training_days": 3, "training_hours": 0,
              "notice_from": d(2024, 9, 2), "notice_to": d(2024, 9, 8),
              "introducers": [party.secretary, party.leader], **overrides}  # fmt: skip
    return services.development_update(development=dev, user=party.secretary_user, **fields)


VOTE_DAY, APPROVAL_DAY = d(2024, 9, 20), d(2024, 10, 10)


def _admit(party, dev, day=VOTE_DAY, approved_on=APPROVAL_DAY):
    return services.development_advance(
        development=dev, to_stage=Stage.PROBATIONARY, on=day, user=party.secretary_user,
        meeting=_assembly(party, day), votes_for=7, votes_against=0, approved_on=approved_on,
        approver="作业公司党委",
    )  # fmt: skip


def test_an_applicant_is_at_least_18_on_the_day(party, applicant):
    applicant.birth_date = d(2008, 3, 10)
    applicant.save()
    with pytest.raises(ValidationError) as exc:
        services.development_start(
            employee=applicant, applied_on=d(2026, 3, 9), user=party.secretary_user
        )
    assert "2026-03-10" in str(exc.value)
    dev = services.development_start(
        employee=applicant, applied_on=d(2026, 3, 10), user=party.secretary_user
    )
    assert dev.stage == Stage.APPLICANT
    with pytest.raises(PermissionDenied):
        services.development_start(
            employee=party.intern, applied_on=d(2026, 3, 10), user=party.leader_user
        )


def test_a_year_as_activist_the_anniversary_day_counts(party, applicant):
    dev = services.development_start(
        employee=applicant, applied_on=d(2023, 3, 1), user=party.secretary_user
    )
    services.development_advance(
        development=dev, to_stage=Stage.ACTIVIST, on=d(2024, 2, 29), user=party.secretary_user
    )
    assert services.next_step(dev.__class__.objects.get()).due_on == d(2025, 2, 28)
    with pytest.raises(ValidationError) as exc:
        services.development_advance(
            development=dev, to_stage=Stage.CANDIDATE, on=d(2025, 2, 27), user=party.secretary_user
        )
    assert "2025-02-28" in str(exc.value)
    dev = services.development_advance(
        development=dev, to_stage=Stage.CANDIDATE, on=d(2025, 2, 28), user=party.secretary_user
    )
    assert dev.stage == Stage.CANDIDATE


def test_admission_needs_review_training_notice_and_introducers(party, applicant):
    dev = _to_candidate(party, applicant)
    with pytest.raises(ValidationError) as exc:
        _admit(party, dev)
    message = str(exc.value)
    assert "政审" in message and "培训" in message and "公示" in message and "入党介绍人" in message
    _ready(party, dev, training_days=2, training_hours=23)
    with pytest.raises(ValidationError) as exc:
        _admit(party, dev)
    assert "培训" in str(exc.value) and "政审" not in str(exc.value)
    _ready(party, dev, training_days=0, training_hours=24)
    with pytest.raises(ValidationError):  # the notice ends on the day of the vote: not over
        _admit(party, dev, day=d(2024, 9, 8))
    with pytest.raises(ValidationError) as exc:  # approval the day after the 3 months
        _admit(party, dev, day=d(2024, 9, 20), approved_on=d(2024, 12, 21))
    assert "2024-12-20" in str(exc.value)
    dev = _admit(party, dev, day=d(2024, 9, 20), approved_on=d(2024, 12, 20))
    applicant.refresh_from_db()
    assert dev.stage == Stage.PROBATIONARY and applicant.political_status == "probationary"
    assert applicant.history.first().history_change_reason == "预备党员"


def test_full_membership_at_the_end_of_probation_by_vote(party, applicant):
    dev = _admit(party, _ready(party, _to_candidate(party, applicant)))
    assert services.probation_ends_on(dev) == d(2025, 9, 20)
    with pytest.raises(ValidationError) as exc:
        services.development_advance(
            development=dev, to_stage=Stage.MEMBER, on=d(2025, 9, 19), user=party.secretary_user,
            meeting=_assembly(party, d(2025, 9, 19)), votes_for=7, votes_against=0,
        )  # fmt: skip
    assert "2025-09-20" in str(exc.value)
    with pytest.raises(ValidationError):  # a failed vote
        services.development_advance(
            development=dev, to_stage=Stage.MEMBER, on=d(2025, 9, 20), user=party.secretary_user,
            meeting=_assembly(party, d(2025, 9, 20)), votes_for=3, votes_against=4,
        )  # fmt: skip
    dev = services.development_advance(
        development=dev, to_stage=Stage.MEMBER, on=d(2025, 9, 20), user=party.secretary_user,
        meeting=_assembly(party, d(2025, 9, 20)), votes_for=7, votes_against=0,
    )  # fmt: skip
    applicant.refresh_from_db()
    assert dev.stage == Stage.MEMBER and applicant.political_status == PoliticalStatus.MEMBER


def test_probation_extended_once_by_6_to_12_months_or_cancelled(party, applicant):
    dev = _admit(party, _ready(party, _to_candidate(party, applicant)))
    end = d(2025, 9, 20)
    for months in (5, 13):
        with pytest.raises(ValidationError):
            services.development_advance(
                development=dev, to_stage=Stage.PROBATIONARY, on=end, user=party.secretary_user,
                meeting=_assembly(party, end) if months == 5 else None, extension_months=months,
            )  # fmt: skip
    dev = services.development_advance(
        development=dev, to_stage=Stage.PROBATIONARY, on=end, user=party.secretary_user,
        extension_months=6,
    )  # fmt: skip
    assert services.probation_ends_on(dev) == d(2026, 3, 20)
    with pytest.raises(ValidationError):
        services.development_advance(
            development=dev, to_stage=Stage.PROBATIONARY, on=d(2026, 3, 20),
            user=party.secretary_user, extension_months=6,
        )  # fmt: skip
    dev = services.development_advance(
        development=dev, to_stage=Stage.CANCELLED, on=d(2026, 3, 20), user=party.secretary_user,
        meeting=_assembly(party, d(2026, 3, 20)),
    )  # fmt: skip
    applicant.refresh_from_db()
    assert dev.stage == Stage.CANCELLED and applicant.political_status == PoliticalStatus.LEAGUE


def test_a_roster_import_that_disagrees_is_reported_as_a_conflict(party, applicant):
    _admit(party, _ready(party, _to_candidate(party, applicant)))
    applicant.refresh_from_db()
    conflicts = political_status_conflicts(
        [(applicant, PoliticalStatus.MASSES), (party.intern, PoliticalStatus.LEAGUE),
         (applicant, PoliticalStatus.PROBATIONARY)]
    )  # fmt: skip
    assert [(e.pk, s) for e, s, _r in conflicts] == [(applicant.pk, PoliticalStatus.MASSES)]
    assert "预备党员" in conflicts[0][2]


def test_secretary_pages_show_who_is_where_and_refuse_others(party, org2, applicant, client):
    dev = _to_candidate(party, applicant)
    client.force_login(party.secretary_user)
    page = client.get(reverse("partylife:development_list")).content.decode()
    assert "李合同" in page and "发展对象" in page and "政审" in page
    response = client.post(
        reverse("partylife:development_detail", args=[dev.pk]),
        {"action": "advance", "to_stage": "probationary", "on": "2024-09-20"},
        follow=True,
    )
    assert "尚缺" in response.content.decode()
    client.force_login(org2.secretary_user)
    assert client.get(reverse("partylife:development_detail", args=[dev.pk])).status_code == 404
    assert "李合同" not in client.get(reverse("partylife:development_list")).content.decode()
    client.force_login(party.worker_user)
    assert client.get(reverse("partylife:development_list")).status_code == 403


def test_a_roster_import_keeps_the_status_development_owns_and_says_so(party, applicant):
    from branch.roster import import_roster
    from branch.tests.roster_files import csv_bytes, row

    _admit(party, _ready(party, _to_candidate(party, applicant)))
    applicant.refresh_from_db()
    assert applicant.political_status == PoliticalStatus.PROBATIONARY
    birth = applicant.birth_date.isoformat()
    other = party.intern
    file = csv_bytes(
        [
            # The file still says 共青团员 and brings a new mobile number for the applicant.
            row(staff_no=applicant.staff_no, name=applicant.name, team=applicant.team.name,
                kind="农民合同工", political="共青团员", birth=birth, hired="2019-03-01",
                mobile="13900001111"),
            # Someone without a development record: their status follows the file.
            row(staff_no=other.staff_no, name=other.name, team=other.team.name, kind="短期实习生",
                political="共青团员", birth=other.birth_date.isoformat(), hired="2025-07-01",
                mobile="13900002222"),
        ]
    )  # fmt: skip
    preview = import_roster(branch=party.branch, file=file, dry_run=True)
    assert any(applicant.staff_no in w and "预备党员" in w for w in preview.warnings)
    assert "政治面貌" not in preview.changes.get(applicant.staff_no, [])
    import_roster(branch=party.branch, file=file, user=party.secretary_user)
    applicant.refresh_from_db()
    other.refresh_from_db()
    assert applicant.political_status == PoliticalStatus.PROBATIONARY
    assert applicant.mobile == "13900001111"
    assert other.political_status == PoliticalStatus.LEAGUE
