"""The web benchmark's pages and their SQL queries, in a process of its own (Django's ORM must
not run under locust's gevent patching): ``python -m scripts.bench_web_plan OUT.json``.

Reads the database seeded by ``manage.py seed_bench`` with the settings the caller gives
(production), finds the bench branch's personas and the pages to load, and counts the queries of
each page with Django's test client (a first, cold request and a second, warm one)."""

import json
import os
import sys

# Targets (issue 17): share of the floor's req/s, p95 in ms, queries.
TARGETS = {
    "main": {"ratio": 8, "p95": 60, "queries": 12},
    "list": {"ratio": 20, "p95": 150, "queries": 12},
    "role_home": {"ratio": 20, "p95": 150, "queries": 20},
    "admin": {"ratio": None, "p95": 500, "queries": None},
    "export": {"ratio": None, "p95": 5000, "queries": None},  # 50,000 rows stream in < 5 s
}
HOST = "127.0.0.1"


def _pages() -> tuple[dict, list[dict]]:
    from django.urls import reverse
    from django.utils import timezone
    from wagtail.models import Site

    from branch import bench
    from branch.models import Branch, Employee
    from home.models import StudyIndexPage, StudyMaterialPage
    from partylife.models import Meeting
    from recognition.models import RatingPeriod
    from training.models import Exam

    branch = Branch.objects.get(code=bench.BENCH_CODE)
    logins = {
        "secretary": bench.staff_no(0, 1),
        "leader": bench.staff_no(0, 0),
        "worker": bench.staff_no(0, 2),
    }
    people = {
        role: Employee.objects.select_related("user", "team").get(branch=branch, staff_no=no)
        for role, no in logins.items()
    }
    personas = {
        role: {
            "staff_no": no,
            "username": people[role].user.username,
            "user_id": people[role].user_id,
        }
        for role, no in logins.items()
    }
    site = Site.objects.get(is_default_site=True)
    library = StudyIndexPage.objects.get(branch=branch)
    material = StudyMaterialPage.objects.child_of(library).live().order_by("path").first()
    period = RatingPeriod.objects.filter(branch=branch, status="open").order_by("-start").first()
    meeting = Meeting.objects.filter(branch=branch).order_by("-held_on", "-pk").first()
    exam = Exam.objects.filter(branch=branch, closes_at__gt=timezone.now()).order_by("-pk").first()
    team = people["leader"].team

    def page(name, role, url, kind):
        return {"name": name, "role": role, "url": url, "kind": kind}

    records = reverse("wagtailsnippets_home_studyrecord:list")
    # The secretary's former dashboard (/me/dashboard/) and the study list (/me/study/) now
    # redirect to the home page and to the library, which are loaded instead.
    pages = [
        page("floor", "worker", "/healthz/floor", "floor"),
        page("home", "worker", "/", "main"),
        page("home", "leader", "/", "role_home"),
        page("home", "secretary", "/", "role_home"),
        page("study material", "worker", material.relative_url(site), "main"),
        page("study index (library)", "worker", library.relative_url(site), "list"),
        page("我的 /me/", "worker", reverse("home:me"), "main"),
        page("people list", "secretary", reverse("people_list"), "list"),
        page("suggestion list", "secretary", reverse("recognition:suggestion_list"), "list"),
        page(
            "rating sheet (team of 50)",
            "leader",
            reverse("recognition:rating_sheet", args=[period.pk, team.pk]) if period else "",
            "list",
        ),
        page("star wall", "worker", reverse("recognition:star_wall"), "list"),
        page("search 井控", "worker", reverse("home:study_search") + "?q=井控", "list"),
        page("study report", "secretary", reverse("home:study_report"), "list"),
        page(
            "attendance checklist",
            "secretary",
            reverse("partylife:meeting_attendance", args=[meeting.pk]) if meeting else "",
            "list",
        ),
        page(
            "exam, 50 questions",
            "worker",
            reverse("training:exam_take", args=[exam.pk]) if exam else "",
            "list",
        ),
        page("admin home", "secretary", reverse("wagtailadmin_home"), "admin"),
        page(
            "admin explorer (library)",
            "secretary",
            reverse("wagtailadmin_explore", args=[library.pk]),
            "admin",
        ),
        page(
            "admin page search 安全",
            "secretary",
            reverse("wagtailadmin_pages:search") + "?q=安全",
            "admin",
        ),
        page(
            "admin employees", "secretary", reverse("wagtailsnippets_branch_employee:list"), "admin"
        ),
        page("admin study records p1", "secretary", records, "admin"),
        page(
            "admin material editor",
            "secretary",
            reverse("wagtailadmin_pages:edit", args=[material.pk]),
            "admin",
        ),
        page("export study records CSV", "secretary", records + "?export=csv", "export"),
        page("export study records xlsx", "secretary", records + "?export=xlsx", "export"),
    ]
    return personas, [p for p in pages if p["url"]]


def _queries(personas: dict, pages: list[dict]) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    clients = {}
    for role, persona in personas.items():
        client = Client(HTTP_HOST=HOST)
        client.force_login(User.objects.get(pk=persona["user_id"]))
        clients[role] = client
    for page in pages:
        counts = []
        for _ in range(1 if page["kind"] == "export" else 2):
            with CaptureQueriesContext(connection) as captured:
                response = clients[page["role"]].get(page["url"], secure=True)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
            counts.append(len(captured.captured_queries))
        page["status"] = response.status_code
        page["queries_cold"], page["queries"] = counts[0], counts[-1]


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client keep the response context
    personas, pages = _pages()
    _queries(personas, pages)
    plan = {"personas": personas, "pages": pages, "targets": TARGETS}
    with open(argv[0], "w", encoding="utf-8") as out:
        json.dump(plan, out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
