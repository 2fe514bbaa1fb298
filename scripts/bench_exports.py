"""Exports of a branch's 50,000 study records (500 people × 100 materials, plus another
branch's records that must never appear), end to end through the views as the secretary
downloads them: the admin's study-record export as CSV and .xlsx, and the study report as
.xlsx. Each is timed once (the streamed body consumed) and run again under tracemalloc for its
peak Python memory. ``BENCH_EXPORT_PEOPLE`` / ``BENCH_EXPORT_MATERIALS`` change the size."""

import os
import random
import time
import tracemalloc

from scripts.bench import Measure, benchmark

PEOPLE = int(os.environ.get("BENCH_EXPORT_PEOPLE", "500"))
MATERIALS = int(os.environ.get("BENCH_EXPORT_MATERIALS", "100"))
TEAMS = 10


def _build():
    from django.utils import timezone

    from branch import roles
    from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
    from branch.models import Employee, Team
    from home.factories import study_index
    from home.models import StudyMaterialPage, StudyRecord
    from scripts.bench_search import _materials

    rng = random.Random(2026)
    branch = BranchFactory(code="bench", name="基准支部")
    other = BranchFactory(code="other", name="外支部")
    secretary = make_account(
        EmployeeFactory(team=TeamFactory(branch=branch), staff_no="S0001", name="书记"),
        role=roles.SECRETARY,
    )
    teams = Team.objects.bulk_create(
        [Team(branch=branch, name=f"修井作业第{n}班组") for n in range(TEAMS)]
    )
    people = Employee.objects.bulk_create(
        [
            Employee(
                branch=branch,
                team=teams[n % TEAMS],
                staff_no=f"B{n:05d}",
                name=f"欧阳慕容{n}",
            )
            for n in range(PEOPLE)
        ],
        batch_size=1000,
    )
    _materials(study_index(branch), MATERIALS, rng, "")
    _materials(study_index(other, slug="other"), 5, rng, "外")
    pages = list(StudyMaterialPage.objects.filter(branch=branch))
    StudyMaterialPage.objects.filter(branch=branch).update(required_for_all=True)
    now = timezone.now()
    StudyRecord.objects.bulk_create(
        [StudyRecord(employee=e, page=p, studied_at=now) for p in pages for e in people],
        batch_size=2000,
    )
    outsider = EmployeeFactory(team=TeamFactory(branch=other), staff_no="X1", name="外员工")
    StudyRecord.objects.bulk_create(
        [
            StudyRecord(employee=outsider, page=p)
            for p in StudyMaterialPage.objects.filter(branch=other)
        ]
    )
    return secretary


def _download(client, url) -> tuple[int, int]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        size = 0
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    return size, response.streaming


@benchmark("exports.study_records")
def study_record_exports() -> dict:
    from django.test import Client
    from django.urls import reverse

    from home.models import StudyRecord

    start = time.perf_counter()
    secretary = _build()
    figures = {
        "study records (this branch)": StudyRecord.objects.filter(
            employee__branch__code="bench"
        ).count(),
        "build seconds": f"{time.perf_counter() - start:.1f}",
    }
    client = Client()
    client.force_login(secretary)
    admin = reverse("wagtailsnippets_home_studyrecord:list")
    downloads = {
        "admin study records .csv": admin + "?export=csv",
        "admin study records .xlsx": admin + "?export=xlsx",
        "study report .xlsx": reverse("home:study_report") + "?format=xlsx",
    }
    for label, url in downloads.items():
        with Measure() as timed:
            size, streaming = _download(client, url)
        tracemalloc.start()
        _download(client, url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures[f"{label}: seconds"] = f"{timed.seconds:.2f}"
        figures[f"{label}: queries"] = timed.queries
        figures[f"{label}: KB, streamed"] = f"{size // 1024}, {'yes' if streaming else 'no'}"
        figures[f"{label}: peak MB (tracemalloc)"] = f"{peak / 2**20:.1f}"
    return figures
