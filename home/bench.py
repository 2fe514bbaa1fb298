"""Benchmark data of the study library (``manage.py seed_bench``): published study materials in
every branch's library (the bench branch has about 505), study records (the bench branch's
people each studied about a hundred), and the materials indexed for the admin's page search.

Wagtail pages are written in bulk: the tree rows (``wagtailcore_page``) with their
materialised ``path`` computed as treebeard would, the material rows with one insert per
batch, and the parent's ``numchild`` set once. ``Page.find_problems()`` reports nothing
afterwards."""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from branch.bench import bulk_insert

from .models import StudyIndexPage, StudyMaterialPage, StudyMethod, StudyRecord, StudyTopic
from .search import index_terms

MATERIALS = 5000
BENCH_MATERIALS = 505
STUDY_RECORDS = 200_000
BENCH_RECORDS_PER_PERSON = 100
BATCH = 500
BRANCH_SIZE = 500

SUBJECTS = (
    ("安全生产", "井控安全操作要点"),
    ("安全生产", "起下钻作业安全规程"),
    ("安全生产", "冬季安全生产注意事项"),
    ("安全生产", "高处作业安全带使用"),
    ("安全生产", "硫化氢防护知识"),
    ("岗位技能", "油管丈量与记录"),
    ("岗位技能", "抽油杆断脱的预防"),
    ("岗位技能", "液压钳的维护保养"),
    ("岗位技能", "防喷器试压步骤"),
    ("党章党规", "重温入党誓词"),
    ("党章党规", "三会一课制度解读"),
    ("党章党规", "党员的权利和义务"),
    ("党章党规", "党费交纳的规定"),
    ("形势任务", "稳油增气降成本"),
    ("形势任务", "铁人王进喜精神"),
    ("形势任务", "老油田提质增效"),
)
PARAGRAPHS = (
    "井控是修井作业安全的头等大事，发现溢流立即关井，关井后及时向带班干部和调度报告。",
    "班组利用班前会集中学习，党员结合岗位谈体会，做到人人讲安全、个个会应急。",
    "缩短作业周期，减少返工，修旧利废；合理化建议和小改小革人人可以提。",
    "支部党员大会每季度召开一次，支委会每月召开一次，党小组会每月一次，党课每季度一次。",
)


def _body(n: int) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "学习要点", "size": "h2"}, "id": str(uuid.uuid4())},
        {
            "type": "paragraph",
            "value": f"<p>{PARAGRAPHS[n % len(PARAGRAPHS)]}</p>",
            "id": str(uuid.uuid4()),
        },
        {
            "type": "paragraph",
            "value": f"<p>{PARAGRAPHS[(n + 1) % len(PARAGRAPHS)]}</p>",
            "id": str(uuid.uuid4()),
        },
        {
            "type": "key_points",
            "value": {"title": "要点", "points": ["认真学习", "联系岗位", "抓好落实"]},
            "id": str(uuid.uuid4()),
        },
    ]


def _terms(title: str, n: int, cache: dict) -> str:
    key = (title, n % len(PARAGRAPHS))
    if key not in cache:
        text = "\n".join(
            [title, "学习要点", PARAGRAPHS[n % len(PARAGRAPHS)], PARAGRAPHS[(n + 1) % 4]]
        )
        cache[key] = " ".join(index_terms(text))
    return cache[key]


def materials_add(index: StudyIndexPage, count: int, *, start: int = 0, topics=None) -> list[int]:
    """Publish ``count`` study materials in ``index`` in bulk; returns their page ids."""
    topics = topics or {t.name: t for t in StudyTopic.objects.all()}
    index = StudyIndexPage.objects.get(pk=index.pk)
    content_type = ContentType.objects.get_for_model(StudyMaterialPage)
    last = index.get_last_child()
    step = StudyMaterialPage._str2int(last.path[-StudyMaterialPage.steplen :]) if last else 0
    now = timezone.now()
    cache: dict = {}
    pages, details = [], []
    for i in range(count):
        n = start + i
        topic_name, subject = SUBJECTS[n % len(SUBJECTS)]
        title = f"{subject}（第{n // len(SUBJECTS) + 1}期）"
        slug = f"material-bench-{n + 1}"
        published = now - datetime.timedelta(hours=3 * n + 1)
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                url_path=f"{index.url_path}{slug}/",
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                path=StudyMaterialPage._get_path(index.path, index.depth + 1, step + i + 1),
                depth=index.depth + 1,
                numchild=0,
                first_published_at=published,
                last_published_at=published,
            )
        )
        details.append(
            {
                "topic": topics.get(topic_name),
                "summary": f"{subject}：结合岗位学习，做到学用结合。",
                "body": _body(n),
                "required_for_all": n % 10 == 0,
                "due_on": (published + datetime.timedelta(days=30)).date() if n % 10 == 0 else None,
                "branch_id": index.branch_id,
                "search_text": _terms(title, n, cache),
            }
        )
    Page.objects.bulk_create(pages, batch_size=BATCH)
    if pages and pages[0].pk is None:
        by_path = dict(
            Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk")
        )
        for page in pages:
            page.pk = page.id = by_path[page.path]
    fields = StudyMaterialPage._meta.local_concrete_fields
    rows = [StudyMaterialPage(page_ptr_id=p.pk, **d) for p, d in zip(pages, details, strict=True)]
    for chunk in range(0, len(rows), BATCH):
        StudyMaterialPage._base_manager._insert(
            rows[chunk : chunk + BATCH], fields=fields, using=connection.alias
        )
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    return [p.pk for p in pages]


def search_index(page_ids: list[int]) -> None:
    """Index the materials for Wagtail's search (the admin's page search)."""
    backend = get_search_backend()
    for chunk in range(0, len(page_ids), BATCH):
        pages = list(
            StudyMaterialPage.objects.filter(pk__in=page_ids[chunk : chunk + BATCH]).select_related(
                "topic", "branch"
            )
        )
        backend.add_bulk(StudyMaterialPage, pages)


def _records(context: dict, materials: dict[int, list[int]]) -> int:
    """About STUDY_RECORDS × scale records: the bench branch's people each studied about a
    hundred materials; the rest spread over the other branches."""
    rng = context["rng"]
    now = timezone.now()
    bench = context["branch"]
    total = max(1, round(STUDY_RECORDS * context["scale"]))
    bench_people = context["bench_people"]
    bench_pages = materials.get(bench.pk, [])
    # A quarter of the records are the bench branch's (about a hundred per person at 100,000).
    wanted = round(total * BENCH_RECORDS_PER_PERSON * BRANCH_SIZE / STUDY_RECORDS)
    per_person = min(max(1, wanted // max(1, len(bench_people))), len(bench_pages))
    rows = []
    for person in bench_people:
        for page_id in rng.sample(bench_pages, per_person):
            rows.append((person, page_id))
    others = [p for p in context["people"] if p.branch_id != bench.pk]
    remaining = max(0, total - len(rows))
    if others and remaining:
        for n, person in enumerate(others):
            # The remainder spread evenly: person n gets the records between n and n + 1.
            count = (n + 1) * remaining // len(others) - n * remaining // len(others)
            pages = materials.get(person.branch_id, [])
            for page_id in rng.sample(pages, min(count, len(pages))):
                rows.append((person, page_id))
    records = [
        StudyRecord(
            employee_id=person.pk,
            page_id=page_id,
            studied_at=now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60)),
            recorded_by_id=person.user_id,
            method=StudyMethod.SELF if person.user_id else StudyMethod.MEETING,
        )
        for person, page_id in rows
    ]
    for chunk in range(0, len(records), 50_000):
        bulk_insert(StudyRecord, records[chunk : chunk + 50_000])
    return len(records)


@transaction.atomic
def seed(context: dict) -> None:
    branches = context["branches"]
    indexes = {i.branch_id: i for i in StudyIndexPage.objects.filter(branch__in=branches)}
    bench = context["branch"]
    total = max(len(branches), round(MATERIALS * context["scale"]))
    # The bench branch keeps its share of the company (505 of 5,000 at 100,000 employees).
    bench_count = (
        total if len(branches) == 1 else max(1, round(total * BENCH_MATERIALS / MATERIALS))
    )
    others = branches[1:]
    topics = {t.name: t for t in StudyTopic.objects.all()}
    materials: dict[int, list[int]] = {}
    start = 0
    for position, branch in enumerate(branches):
        if branch.pk == bench.pk:
            count = bench_count
        else:
            share, extra = divmod(total - bench_count, len(others))
            count = share + (1 if position - 1 < extra else 0)
        index = indexes.get(branch.pk)
        if index is None or count <= 0:
            continue
        materials[branch.pk] = materials_add(index, count, start=start, topics=topics)
        start += count
    all_ids = [pk for ids in materials.values() for pk in ids]
    search_index(all_ids)
    records = _records(context, materials)
    context["materials"] = materials
    print(f"  {len(all_ids)} study materials, {records} study records")
