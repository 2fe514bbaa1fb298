"""The daily job fanned out: the day's birthdays cut into chunks by id, one Celery task per
chunk, the same greetings and messages as the in-process run, and a chunk run again (its worker
killed mid-way) adds nothing. E-mail copies leave in batches, one task per batch."""

import datetime

import pytest
from django.core import mail

from branch.factories import EmployeeFactory
from branch.models import BirthdayCalendar, Delivery, Employee, Notification
from care import birthdays as care_birthdays
from care import services, tasks
from care.models import Greeting

D = datetime.date
DAY = D(2026, 11, 26)


def snapshot():
    """What the job leaves behind, comparable between two databases states."""
    return (
        sorted(Greeting.objects.values_list("employee_id", "year", "birthday", "age", "message")),
        sorted(Notification.objects.values_list("recipient_id", "key", "title", "about_id")),
    )


def born_today(team, n, **extra):
    return [EmployeeFactory(team=team, birth_date=D(1990, 11, 26), **extra) for _ in range(n)]


def test_an_empty_day_has_no_chunk(org):
    assert services.daily_care_chunks(DAY) == []
    result = tasks.run_daily_care.delay(day=DAY.isoformat()).get()
    assert result["chunks"] == 0 and result["greetings_created"] == 0
    assert not Greeting.objects.exists()


def test_one_person_makes_one_chunk_of_one(org):
    org.worker.birth_date = D(1990, 11, 26)
    org.worker.save()
    assert services.daily_care_chunks(DAY) == [[org.worker.pk]]


@pytest.mark.parametrize("people, size, expected", [(4, 4, [4]), (5, 4, [4, 1]), (8, 4, [4, 4])])
def test_chunk_boundaries_cover_everyone_once_in_id_order(org, people, size, expected):
    born_today(org.team_a, people)
    chunks = services.daily_care_chunks(DAY, chunk_size=size)
    assert [len(c) for c in chunks] == expected
    flat = [pk for chunk in chunks for pk in chunk]
    assert flat == sorted(flat) and len(set(flat)) == people


def test_lunar_birthdays_are_found_by_their_lunar_day(org):
    org.worker.birth_date = D(1990, 5, 17)  # 四月廿三, kept on 2026-06-08
    org.worker.birthday_calendar = BirthdayCalendar.LUNAR
    org.worker.save()
    org.contract_worker.birth_date = D(1990, 6, 8)  # solar 6-8
    org.contract_worker.save()
    org.intern.birth_date = D(1991, 6, 8)  # lunar-calendar, but its lunar day is another
    org.intern.birthday_calendar = BirthdayCalendar.LUNAR
    org.intern.save()
    chunks = services.daily_care_chunks(D(2026, 6, 8))
    assert chunks == [sorted([org.worker.pk, org.contract_worker.pk])]
    # on its solar date only the solar-calendar people born on 5-17 (the factory's date) are due
    (on_solar_day,) = services.daily_care_chunks(D(2026, 5, 17))
    assert org.worker.pk not in on_solar_day and org.secretary.pk in on_solar_day


def test_lunar_day_30_in_a_short_month_and_leap_months_match_the_old_scan(org):
    """The SQL look-up by lunar dates of birth finds exactly who the full scan found."""
    start = D(1960, 1, 1)
    people = [
        EmployeeFactory(
            team=org.team_a,
            birth_date=start + datetime.timedelta(days=37 * n),
            birthday_calendar=BirthdayCalendar.LUNAR,
        )
        for n in range(120)
    ]
    days = {care_birthdays.occurrence(p.birth_date, "lunar", 2026).date for p in people[::10]}
    for day in sorted(days | {D(2026, 8, 11), D(2026, 9, 10)}):
        keys = care_birthdays.keys_on(day)
        expected = sorted(
            p.pk
            for p in people
            if care_birthdays.birthday_key(p.birth_date, "lunar") in keys.lunar
            and care_birthdays.occurrence(p.birth_date, "lunar", keys.lunar_year).date == day
        )
        found = [pk for chunk in services.daily_care_chunks(day) for pk in chunk]
        assert found == expected, day


def test_second_branch_is_chunked_and_greeted_beside_the_first(org, org2):
    org.worker.birth_date = D(1990, 11, 26)
    org.worker.save()
    org2.worker.birth_date = D(1985, 11, 26)
    org2.worker.save()
    result = tasks.run_daily_care.delay(day=DAY.isoformat(), batch_size=1).get()
    assert result["chunks"] == 2 and result["greetings_created"] == 2
    # each branch's secretary hears only of their own people
    assert set(
        Notification.objects.filter(recipient=org2.secretary_user).values_list("about", flat=True)
    ) == {org2.worker.pk}
    assert set(
        Notification.objects.filter(recipient=org.secretary_user).values_list("about", flat=True)
    ) == {org.worker.pk}


def test_fanned_out_run_leaves_what_the_in_process_run_leaves(org, org2):
    born_today(org.team_a, 5)
    born_today(org.team_b, 3, birthday_calendar=BirthdayCalendar.SOLAR)
    org2.worker.birth_date = D(1985, 11, 26)
    org2.worker.save()
    services.run_daily_care(DAY)
    in_process = snapshot()
    Greeting.objects.all().delete()
    Notification.objects.all().delete()
    result = tasks.run_daily_care.delay(day=DAY.isoformat(), batch_size=3).get()
    assert result["chunks"] == 3  # nine people, three to a chunk
    assert snapshot() == in_process


def test_a_chunk_run_twice_adds_nothing(org):
    """A worker killed after committing part of a chunk: the message comes back and the chunk
    runs again in full."""
    born_today(org.team_a, 6)
    (chunk,) = services.daily_care_chunks(DAY)
    first = tasks.greet_daily_care_chunk.delay(day=DAY.isoformat(), employee_ids=chunk[:4]).get()
    assert first["greetings_created"] == 4
    before = snapshot()
    again = tasks.greet_daily_care_chunk.delay(
        day=DAY.isoformat(), employee_ids=chunk, batch_size=2
    ).get()
    assert again["greetings_created"] == 2
    after = snapshot()
    assert set(before[0]) < set(after[0]) and set(before[1]) < set(after[1])
    assert len(after[0]) == 6
    pairs = Notification.objects.values_list("recipient_id", "key")
    assert len(pairs) == len(set(pairs))
    assert tasks.greet_daily_care_chunk.delay(day=DAY.isoformat(), employee_ids=chunk).get() == {
        "birthdays": 6,
        "greetings_created": 0,
        "notifications_sent": 0,
    }


def test_a_chunk_skips_someone_who_left_after_the_list_was_made(org):
    born_today(org.team_a, 2)
    (chunk,) = services.daily_care_chunks(DAY)
    Employee.objects.filter(pk=chunk[0]).update(left_on=D(2026, 11, 1))
    result = tasks.greet_daily_care_chunk.delay(day=DAY.isoformat(), employee_ids=chunk).get()
    assert result["birthdays"] == 1
    assert list(Greeting.objects.values_list("employee_id", flat=True)) == [chunk[1]]


def test_chunk_query_count_does_not_grow_with_people(org, django_assert_max_num_queries):
    for n in (4, 12):
        born_today(org.team_a, n)
        chunk = [pk for c in services.daily_care_chunks(DAY) for pk in c]
        Greeting.objects.all().delete()
        Notification.objects.all().delete()
        with django_assert_max_num_queries(16):
            services.daily_care_greet_chunk(DAY, employee_ids=chunk)


def test_notification_history_does_not_change_the_work(org, django_assert_max_num_queries):
    """A year of old messages beside today's: the job's look-ups by key see only today's."""
    born_today(org.team_a, 3)
    Notification.objects.bulk_create(
        Notification(recipient=org.leader_user, title="旧", key=f"care:greeting:{n}:2025")
        for n in range(300)
    )
    result = tasks.run_daily_care.delay(day=DAY.isoformat()).get()
    assert result["greetings_created"] == 3
    assert Notification.objects.filter(key__endswith=":2026").count() > 0


@pytest.mark.django_db(transaction=True)
def test_emails_leave_in_batches_through_one_connection(org, settings, monkeypatch):
    """Twelve e-mail copies, batches of five: three Celery messages, one mail connection each."""
    from branch import tasks as branch_tasks

    settings.NOTIFICATION_DELIVERY_BATCH = 5
    people = born_today(org.team_b, 12)  # team B's leader has an account: 12 + 12 + 12 messages
    Employee.objects.filter(pk__in=[p.pk for p in people]).update(user=None)
    org.leader_b_user.email = "leader@example.com"
    org.leader_b_user.save()
    calls = []
    real = branch_tasks.deliver_notifications.run
    monkeypatch.setattr(
        branch_tasks.deliver_notifications, "run", lambda ids: calls.append(len(ids)) or real(ids)
    )
    import django.core.mail

    opened = []
    real_get_connection = django.core.mail.get_connection
    monkeypatch.setattr(
        django.core.mail,
        "get_connection",
        lambda *a, **k: opened.append(1) or real_get_connection(*a, **k),
    )
    services.run_daily_care(DAY)
    assert calls == [5, 5, 2] and len(opened) == 3
    assert len(mail.outbox) == 12 and {m.to[0] for m in mail.outbox} == {"leader@example.com"}
    assert Delivery.objects.filter(status="sent").count() == 12
    # run again: nothing new to send
    services.run_daily_care(DAY)
    assert calls == [5, 5, 2] and len(mail.outbox) == 12
