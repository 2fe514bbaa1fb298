"""Chinese search over 5,000 published study materials of one branch (plus 500 of another
branch, which must never show): each query of ``QUERIES`` run ``ROUNDS`` times through
``home.selectors.materials_search`` as a worker would; p50 / p95 in milliseconds.

Pages are written in bulk (tree paths computed here, as Wagtail's ``add_child`` would) and
indexed with the search backend's ``add_bulk``. ``BENCH_SEARCH_PAGES`` changes the size."""

import json
import os
import random
import statistics
import time

from scripts.bench import Measure, benchmark

PAGES = int(os.environ.get("BENCH_SEARCH_PAGES", "5000"))
OTHER_PAGES = PAGES // 10
ROUNDS = 5
QUERIES = [
    "井控", "抽油杆", "断脱", "油杆", "怎么压井", "如何关井", "防喷器 检查", "三会一课",
    "主题党日", "安全", "硫化氢", "空气呼吸器", "动火作业", "起下管柱", "小改小革", "铁人精神",
    "防冻保温", "党员先锋岗", "入党誓词", "光杆 悬绳器",
]  # fmt: skip
SENTENCES = [
    "防止抽油杆断脱，定期检查光杆和悬绳器。",
    "发现溢流立即关井，坐岗人员观察液面变化。",
    "压井前核对压井液密度，节流管汇保持畅通。",
    "开工前检查防喷器组和远程控制台。",
    "全体党员按时参加三会一课，认真做好记录。",
    "主题党日重温入党誓词，牢记初心使命。",
    "硫化氢防护演练要求正确佩戴空气呼吸器。",
    "动火作业必须办理作业许可并专人监护。",
    "班前会讲清当班风险和防范措施。",
    "修井作业起下管柱时注意井口防落物。",
    "合理化建议和小改小革为降本增效出力。",
    "铁人精神激励我们苦干实干，为祖国献石油。",
    "冬季生产做好防冻保温，巡回检查不漏项。",
    "党员先锋岗带头落实岗位责任制。",
]
TITLES = ["井控", "安全生产", "党课", "岗位技能", "形势任务", "设备保养", "应急处置", "廉洁"]


def _int2str(n: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while n:
        n, digit = divmod(n, 36)
        out = alphabet[digit] + out
    return out.rjust(4, "0")


def _materials(index, count: int, rng: random.Random, prefix: str) -> None:
    """``count`` live materials under ``index``, written with two bulk inserts."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from home.models import StudyMaterialPage
    from home.search import index_terms

    content_type = ContentType.objects.get_for_model(StudyMaterialPage)
    now = timezone.now()
    pages, rows = [], []
    for n in range(1, count + 1):
        title = f"{prefix}{rng.choice(TITLES)}学习资料第{n}期"
        text = "".join(rng.sample(SENTENCES, 4))
        slug = f"bench-{prefix}-{n}"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=index.path + _int2str(n),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=index.locale_id,
            )
        )
        rows.append((text, " ".join(index_terms(f"{title}\n{text}"))))
    created = Page.objects.bulk_create(pages, batch_size=500)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO home_studymaterialpage (page_ptr_id, summary, body, required_for_all,"
            " branch_id, search_text) VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (
                    page.pk,
                    "",
                    json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>", "id": str(n)}]),
                    False,
                    index.branch_id,
                    terms,
                )
                for n, (page, (text, terms)) in enumerate(zip(created, rows, strict=True))
            ],
        )
    Page.objects.filter(pk=index.pk).update(numchild=count)
    backend = get_search_backend()
    batch = list(StudyMaterialPage.objects.filter(branch_id=index.branch_id))
    for start in range(0, len(batch), 500):
        backend.add_bulk(StudyMaterialPage, batch[start : start + 500])


@benchmark("home.search")
def search_5000() -> dict:
    from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account
    from home.factories import study_index
    from home.selectors import materials_search

    rng = random.Random(2026)
    branch = BranchFactory(code="bench", name="基准支部")
    other = BranchFactory(code="other", name="外支部")
    worker = EmployeeFactory(team=TeamFactory(branch=branch), staff_no="W1")
    user = make_account(worker)
    start = time.perf_counter()
    _materials(study_index(branch), PAGES, rng, "")
    _materials(study_index(other, slug="other"), OTHER_PAGES, rng, "外")
    figures = {
        "materials": PAGES,
        "other branch's materials": OTHER_PAGES,
        "build and index seconds": f"{time.perf_counter() - start:.1f}",
    }
    timings = []
    for query in QUERIES:
        materials_search(user, query)  # warm
        for _ in range(ROUNDS):
            with Measure() as m:
                words, results = materials_search(user, query)
            timings.append(m.seconds * 1000)
            assert all(not p.title.startswith("外") for p in results)
        figures[f"{query}: hits (first 50), queries, first hit"] = (
            f"{len(results)}, {m.queries}, {results[0].title if results else '-'}"
        )
    timings.sort()
    figures["searches"] = len(timings)
    figures["p50 ms"] = f"{statistics.median(timings):.1f}"
    figures["p95 ms"] = f"{timings[int(len(timings) * 0.95) - 1]:.1f}"
    figures["max ms"] = f"{timings[-1]:.1f}"
    return figures
