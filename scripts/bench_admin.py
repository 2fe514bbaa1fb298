"""The secretary's Wagtail admin pages with one branch, then with 200: the page explorer of a
library of 505 materials, page search, the snippet lists, the material editor and the admin home.
The figures must stay flat as branches are added (each branch's groups hold rights on their own
library only), so each page is reported at both sizes and as a ratio."""

import statistics
import time

from scripts.bench import benchmark

MATERIALS = 505
OTHER_BRANCHES = 199
PEOPLE = 500
REQUESTS = 15


def _branch(code: str, *, people: int):
    """A branch with its library, rights, ``people`` employees in teams of 50 and a secretary."""
    from branch import roles
    from branch.factories import make_account
    from branch.models import Branch, Employee, Team

    branch = Branch.objects.create(code=code, name=f"作业大队{code}党支部")
    teams = Team.objects.bulk_create(
        [Team(branch=branch, name=f"修井{n + 1}班") for n in range(max(1, people // 50))]
    )
    Employee.objects.bulk_create(
        [
            Employee(
                branch=branch,
                team=teams[n % len(teams)],
                staff_no=f"{code}{n:04d}",
                name=f"员工{code}{n}",
                birth_date="1990-05-17",
            )
            for n in range(people)
        ],
        batch_size=500,
    )
    secretary = make_account(
        Employee.objects.filter(branch=branch).order_by("pk").first(), role=roles.SECRETARY
    )
    return branch, secretary


def _library(branch):
    from home.models import StudyIndexPage, StudyMaterialPage

    index = StudyIndexPage.objects.get(branch=branch)
    for n in range(MATERIALS):
        page = StudyMaterialPage(
            title=f"{'安全' if n % 5 == 0 else '学习'}资料第{n + 1}篇：井控与防喷器检查",
            slug=f"m{branch.code}-{n}",
            body=[{"type": "paragraph", "value": "<p>全心全意为人民服务。</p>"}],
            summary="",
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


def _time_pages(client, pages: dict[str, str]) -> dict[str, tuple[float, float, int, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    for name, url in pages.items():
        client.get(url)  # warm
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        out[name] = (statistics.median(times), p95, len(queries), len(response.content))
    return out


@benchmark("admin.flat_in_branches")
def admin_flat_in_branches() -> dict:
    from django.test import Client

    from branch.bench import analyze_tables
    from home.models import StudyIndexPage, StudyMaterialPage

    branch, secretary = _branch("bench", people=PEOPLE)
    index = _library(branch)
    material = StudyMaterialPage.objects.child_of(index).order_by("path").last()
    # As on a database whose autovacuum has seen the new rows: the planner knows the tables.
    analyze_tables()
    client = Client()
    client.force_login(secretary)
    pages = {
        "admin home": "/admin/",
        "page explorer (505)": f"/admin/pages/{index.pk}/",
        "page search 安全": "/admin/pages/search/?q=安全",
        "employee list": "/admin/snippets/branch/employee/",
        "study-record list": "/admin/snippets/home/studyrecord/",
        "material editor": f"/admin/pages/{material.pk}/edit/",
    }
    one = _time_pages(client, pages)
    for n in range(OTHER_BRANCHES):
        other, _ = _branch(f"o{n:03d}", people=10)
        # A few materials of its own, so its groups' rights cover real pages.
        other_index = StudyIndexPage.objects.get(branch=other)
        for m in range(2):
            page = StudyMaterialPage(
                title=f"安全资料{m}", slug=f"m{other.code}-{m}", body=[], summary=""
            )
            other_index.add_child(instance=page)
            page.save_revision().publish()
    analyze_tables()
    many = _time_pages(client, pages)
    figures = {}
    for name in pages:
        p50a, p95a, qa, size = one[name]
        p50b, p95b, qb, _ = many[name]
        figures[f"{name}: p50 ms (1 → 200 branches)"] = f"{p50a * 1000:.0f} → {p50b * 1000:.0f}"
        figures[f"{name}: p95 ms (1 → 200 branches)"] = f"{p95a * 1000:.0f} → {p95b * 1000:.0f}"
        figures[f"{name}: ratio of p50"] = f"{p50b / p50a:.2f}"
        figures[f"{name}: queries (1 → 200)"] = f"{qa} → {qb}"
        figures[f"{name}: KB"] = f"{size / 1024:.0f}"
    return figures
