"""The daily care job over 10,000 people (solar and lunar birthdays spread over the year,
every employment type, a third without accounts), then again on a day with 500 birthdays."""

import datetime
import random

from scripts.bench import Measure, benchmark

PEOPLE = 10_000
TEAMS = 40
DAY = datetime.date(2026, 11, 26)


def _build(people: int):
    from django.contrib.auth import get_user_model

    from branch.models import Branch, Employee, Team

    User = get_user_model()
    rng = random.Random(2026)
    branch = Branch.objects.create(code="bench", name="基准支部")
    teams = Team.objects.bulk_create([Team(branch=branch, name=f"修井{n}班") for n in range(TEAMS)])
    users = User.objects.bulk_create([User(username=f"b{n}@bench") for n in range(people)])
    types = ["formal", "contract", "intern"]
    rows = []
    for n in range(people):
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 45 * 365))
        rows.append(
            Employee(
                branch=branch,
                team=teams[n % TEAMS],
                staff_no=f"B{n:05d}",
                name=f"员工{n}",
                employment_type=types[n % 3],
                birth_date=born,
                birthday_calendar="lunar" if n % 4 == 0 else "solar",
                user=users[n] if n % 3 else None,
            )
        )
    employees = Employee.objects.bulk_create(rows, batch_size=1000)
    for i, team in enumerate(teams):
        team.leaders.add(employees[i])
    branch.secretaries.add(users[1])
    return employees


@benchmark("care.run_daily_care")
def run_daily_care_10k() -> dict:
    from branch.models import Employee, Notification
    from care.models import Greeting
    from care.services import run_daily_care

    employees = _build(PEOPLE)
    figures = {"employees": len(employees)}
    with Measure() as first:
        report = run_daily_care(DAY)
    figures["spread day: birthdays"] = report.birthdays
    figures["spread day: seconds"] = f"{first.seconds:.2f}"
    figures["spread day: queries"] = first.queries
    figures["spread day: notifications"] = report.notifications_sent
    with Measure() as again:
        run_daily_care(DAY)
    figures["rerun (nothing new): seconds"] = f"{again.seconds:.2f}"
    figures["rerun (nothing new): queries"] = again.queries

    busy = DAY + datetime.timedelta(days=1)
    ids = [e.pk for e in employees[:500]]
    Employee.objects.filter(pk__in=ids).update(
        birth_date=busy.replace(year=1990), birthday_calendar="solar"
    )
    with Measure() as heavy:
        report = run_daily_care(busy)
    figures["500-birthday day: birthdays"] = report.birthdays
    figures["500-birthday day: seconds"] = f"{heavy.seconds:.2f}"
    figures["500-birthday day: queries"] = heavy.queries
    figures["500-birthday day: notifications"] = report.notifications_sent
    figures["greetings in db"] = Greeting.objects.count()
    figures["notifications in db"] = Notification.objects.count()
    return figures
