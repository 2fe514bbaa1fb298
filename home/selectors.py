"""Read queries for study materials and records, scoped by branch and role (DESIGN.md §3)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from branch.models import Branch, Employee, Team
from branch.selectors import administered_branch_ids, employee_of

from .models import StudyIndexPage, StudyMaterialPage, StudyRecord
from .registries import SearchHit
from .search import match_terms, query_words


def branch_ids_of(user) -> list[int]:
    """The branches whose study materials ``user`` may read: their own and those they run."""
    if not user.is_authenticated:
        return []
    ids = set(administered_branch_ids(user))
    me = employee_of(user)
    if me is not None:
        ids.add(me.branch_id)
    return sorted(ids)


def materials_readable_by(user) -> QuerySet[StudyMaterialPage]:
    """Published materials of the user's branches, newest first."""
    qs = StudyMaterialPage.objects.live().select_related("topic")
    if not (user.is_authenticated and user.is_superuser):
        qs = qs.filter(branch_id__in=branch_ids_of(user))
    return qs.order_by("-first_published_at", "-pk")


def study_index_for(user) -> StudyIndexPage | None:
    ids = branch_ids_of(user)
    return StudyIndexPage.objects.live().filter(branch_id__in=ids).order_by("pk").first()


def materials_of_branch(branch: Branch) -> QuerySet[StudyMaterialPage]:
    """The branch's published materials, newest first, ids and ordering only (reports page
    through them and read the rest for the page's materials)."""
    return (
        StudyMaterialPage.objects.live()
        .filter(branch=branch)
        .only("pk", "first_published_at")
        .order_by("-first_published_at", "-pk")
    )


def materials_in_index(index: StudyIndexPage) -> QuerySet[StudyMaterialPage]:
    """The library's published materials, newest first, without the bodies (a list shows the
    title, topic, date and summary only)."""
    return (
        StudyMaterialPage.objects.child_of(index)
        .live()
        .select_related("topic")
        .defer_streamfields()
        .defer("search_text")
        .order_by("-first_published_at", "-pk")
    )


def studied_page_ids(user, page_ids: Iterable[int]) -> set[int]:
    me = employee_of(user)
    if me is None:
        return set()
    return set(
        StudyRecord.objects.filter(employee=me, page_id__in=list(page_ids)).values_list(
            "page_id", flat=True
        )
    )


def study_record_for(user, page: StudyMaterialPage) -> StudyRecord | None:
    me = employee_of(user)
    if me is None:
        return None
    return StudyRecord.objects.filter(employee=me, page=page).first()


def materials_required_for(employee: Employee) -> QuerySet[StudyMaterialPage]:
    """Live materials of the employee's branch required for everybody or for their team."""
    rule = Q(required_for_all=True)
    if employee.team_id:
        rule |= Q(required_teams=employee.team_id)
    ids = StudyMaterialPage.objects.live().filter(branch_id=employee.branch_id).filter(rule)
    return (
        StudyMaterialPage.objects.filter(pk__in=ids.values("pk"))
        .select_related("topic")
        .order_by("-first_published_at", "-pk")
    )


def materials_to_study(employee: Employee) -> QuerySet[StudyMaterialPage]:
    return materials_required_for(employee).exclude(study_records__employee=employee)


def recent_records(employee: Employee, limit: int = 5) -> QuerySet[StudyRecord]:
    return StudyRecord.objects.filter(employee=employee).select_related("page")[:limit]


def materials_search(
    user, query: str, limit: int = 50
) -> tuple[list[str], list[StudyMaterialPage]]:
    """Published materials readable by ``user`` containing every word of ``query`` (common
    words dropped), best matches first. The words are matched against the pre-segmented
    ``search_text`` through Wagtail's database search backend (full-text on PostgreSQL and on
    SQLite's FTS5), never by scanning the bodies."""
    words = query_words(query)
    return words, materials_matching(user, words, limit)


def materials_matching(user, words, limit: int = 50) -> list[StudyMaterialPage]:
    terms = [term for word in words for term in match_terms(word)]
    if not terms:
        return []
    qs = StudyMaterialPage.objects.live()
    if not user.is_superuser:
        qs = qs.filter(branch_id__in=branch_ids_of(user))
    results = qs.search(" ".join(dict.fromkeys(terms)), operator="and")
    pages = list(results[:limit])
    topics = {
        p.pk: p
        for p in StudyMaterialPage.objects.filter(pk__in=[p.pk for p in pages]).select_related(
            "topic"
        )
    }
    return [topics.get(p.pk, p) for p in pages]


def search_study_materials(user, terms, limit: int = 20) -> list[SearchHit]:
    """The study-material kind of the site's search box (``home.registries``)."""
    if not user.is_authenticated:
        return []
    return [
        SearchHit(title=p.title, url=p.url or "", snippet=p.summary)
        for p in materials_matching(user, terms, limit)
    ]


# Completion reports -------------------------------------------------------------------------


@dataclass
class TeamCompletion:
    team: Team | None
    studied: list[Employee] = field(default_factory=list)
    missing: list[Employee] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.studied) + len(self.missing)


@dataclass
class MaterialCompletion:
    """One material's completion. A required material counts, among the people it is required
    for, who has and has not studied it (per team), and lists apart the others who read it
    anyway; an optional material (required for nobody) only counts its readers."""

    page: StudyMaterialPage
    teams: list[TeamCompletion]
    required: bool = True
    also_studied: list[Employee] = field(default_factory=list)

    @property
    def studied_count(self) -> int:
        return sum(len(t.studied) for t in self.teams)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.teams)

    @property
    def readers_count(self) -> int:
        return self.studied_count + len(self.also_studied)

    @property
    def percent(self) -> int:
        return round(100 * self.studied_count / self.total) if self.total else 0

    @property
    def self_approved(self) -> bool:
        approvals = getattr(self.page, "latest_approvals", None)
        return bool(approvals) and approvals[0].self_approved


def completion_report(
    branch: Branch, pages: Iterable[StudyMaterialPage] | None = None
) -> list[MaterialCompletion]:
    """Per material and per team, who has and has not studied it among the people it is
    required for, and who else studied it (a study of a material not required for someone's
    team still counts as read); optional materials are reported by their readers only. The same
    rule as 我的 (``materials_required_for``). A fixed number of queries whatever the number of
    materials and people."""
    from django.db.models import Prefetch

    from .workflows import StudyApproval

    if pages is None:
        pages = StudyMaterialPage.objects.live().filter(branch=branch)
    pages = list(
        StudyMaterialPage.objects.filter(pk__in=[p.pk for p in pages])
        .defer("body", "search_text")  # a report shows neither
        .prefetch_related(
            "required_teams",
            Prefetch(
                "approvals",
                queryset=StudyApproval.objects.order_by("-approved_at", "-pk"),
                to_attr="latest_approvals",
            ),
        )
        .select_related("topic")
        .order_by("-first_published_at", "-pk")
    )
    people = list(
        Employee.objects.active()
        .filter(branch=branch)
        .select_related("team", "user")
        .order_by("team_id", "staff_no")
    )
    teams: dict[int | None, Team | None] = {}
    for person in people:
        teams.setdefault(person.team_id, person.team)
    studied = set(StudyRecord.objects.filter(page__in=pages).values_list("page_id", "employee_id"))
    report = []
    for page in pages:
        required_teams = {t.pk for t in page.required_teams.all()}
        required = page.required_for_all or bool(required_teams)
        rows: dict[int | None, TeamCompletion] = {}
        also = []
        for person in people:
            has_studied = (page.pk, person.pk) in studied
            if not required or (not page.required_for_all and person.team_id not in required_teams):
                if has_studied:
                    also.append(person)
                continue
            row = rows.setdefault(person.team_id, TeamCompletion(team=teams[person.team_id]))
            (row.studied if has_studied else row.missing).append(person)
        report.append(
            MaterialCompletion(
                page=page, teams=list(rows.values()), required=required, also_studied=also
            )
        )
    return report


def stragglers(
    branch: Branch, day, *, team_ids: Iterable[int] | None = None
) -> list[MaterialCompletion]:
    """Required materials whose study-by date has passed (before ``day``) with people who have
    not studied them, limited to ``team_ids`` when given (a leader's own teams)."""
    pages = (
        StudyMaterialPage.objects.live()
        .filter(branch=branch, due_on__lt=day)
        .filter(Q(required_for_all=True) | Q(required_teams__isnull=False))
        .distinct()
    )
    report = completion_report(branch, pages)
    wanted = set(team_ids) if team_ids is not None else None
    result = []
    for item in report:
        if wanted is not None:
            item.teams = [t for t in item.teams if t.team is not None and t.team.pk in wanted]
            item.also_studied = []
        if any(t.missing for t in item.teams):
            result.append(item)
    return result


@dataclass
class DueMaterial:
    """A required material whose study-by date is near or past, and how far its readers are."""

    page: StudyMaterialPage
    studied_count: int
    total: int


def study_work_of(branch: Branch, day) -> dict:
    """The secretary's study work for the admin home: drafts waiting for approval, materials
    whose study-by date is near or past, and the completion of required materials. Counted by
    the database (``completion_rates``), whatever the number of materials and people."""
    import datetime

    from wagtail.models import WorkflowState

    ids = [
        str(pk)
        for pk in StudyMaterialPage.objects.filter(branch=branch).values_list("pk", flat=True)
    ]
    from django.contrib.contenttypes.models import ContentType

    waiting = list(
        WorkflowState.objects.active()
        .filter(
            content_type=ContentType.objects.get_for_model(StudyMaterialPage),
            object_id__in=ids,
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("requested_by")
        .order_by("created_at")
    )
    titles = dict(
        StudyMaterialPage.objects.filter(pk__in=[int(w.object_id) for w in waiting]).values_list(
            "pk", "title"
        )
    )
    drafts = [
        {"pk": int(w.object_id), "title": titles.get(int(w.object_id), ""), "state": w}
        for w in waiting
    ]
    required_ids = StudyMaterialPage.objects.filter(branch=branch).filter(
        Q(required_for_all=True) | Q(required_teams__isnull=False)
    )
    required = list(
        StudyMaterialPage.objects.live()
        .filter(pk__in=required_ids.values("pk"))
        .only("pk", "title", "due_on", "required_for_all")
        .prefetch_related("required_teams")
        .order_by("-first_published_at", "-pk")
    )
    rates = completion_rates(branch, required)
    soon = day + datetime.timedelta(days=7)
    due = [
        DueMaterial(page=page, studied_count=done, total=total)
        for page, done, total in rates
        if page.due_on is not None and page.due_on <= soon and (not total or done < total)
    ]
    studied = sum(done for _, done, _ in rates)
    total = sum(total for _, _, total in rates)
    return {
        "drafts": drafts,
        "due": due,
        "required_count": len(required),
        "percent": round(100 * studied / total) if total else 0,
        "day": day,
    }


# Summaries for the 工作台 (database aggregates: cost independent of materials × people) ------


def latest_materials(branch: Branch, limit: int = 6) -> list[StudyMaterialPage]:
    """The branch's ``limit`` newest live materials, with the teams they are required for."""
    return list(
        StudyMaterialPage.objects.live()
        .filter(branch=branch)
        .prefetch_related("required_teams")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def completion_rates(
    branch: Branch, pages: Iterable[StudyMaterialPage], team_ids: Iterable[int] | None = None
) -> list[tuple[StudyMaterialPage, int, int]]:
    """(page, studied, required) per page: among the branch's people at work the page is
    required for (limited to ``team_ids`` when given), how many have studied it. The same rule
    as ``completion_report``, counted by the database in two queries whatever the number of
    people; an optional page counts 0 of 0."""
    from django.db.models import Count

    pages = list(pages)
    wanted = set(team_ids) if team_ids is not None else None
    people = Employee.objects.active().filter(branch=branch)
    per_team = {
        row["team_id"]: row["n"] for row in people.values("team_id").annotate(n=Count("pk"))
    }
    studied: dict[tuple[int, int | None], int] = {}
    for row in (
        StudyRecord.objects.filter(page__in=[p.pk for p in pages], employee__in=people)
        .values("page_id", "employee__team_id")
        .annotate(n=Count("employee_id", distinct=True))
    ):
        studied[(row["page_id"], row["employee__team_id"])] = row["n"]
    result = []
    for page in pages:
        required = {t.pk for t in page.required_teams.all()}
        teams = per_team.keys() if page.required_for_all else required & per_team.keys()
        if wanted is not None:
            teams = [t for t in teams if t is not None and t in wanted]
        total = sum(per_team[t] for t in teams)
        done = sum(studied.get((page.pk, t), 0) for t in teams)
        result.append((page, done, total))
    return result


def team_stragglers(team_ids: Iterable[int], limit: int = 5) -> tuple[int, list[Employee]]:
    """(how many, the first ``limit`` by staff number) of the people at work in these teams
    who have not studied at least one live material of their branch required for everybody
    or for their team. Two queries, whatever the number of materials and people."""
    from django.db.models import Exists, OuterRef

    required = (
        StudyMaterialPage.objects.live()
        .filter(branch_id=OuterRef("branch_id"))
        .filter(Q(required_for_all=True) | Q(required_teams=OuterRef("team_id")))
        .exclude(
            Exists(
                StudyRecord.objects.filter(
                    page_id=OuterRef("pk"), employee_id=OuterRef(OuterRef("pk"))
                )
            )
        )
    )
    behind = (
        Employee.objects.active()
        .filter(team_id__in=list(team_ids))
        .filter(Exists(required))
        .order_by("staff_no", "pk")
    )
    return behind.count(), list(behind.only("pk", "name", "staff_no")[:limit])
