"""The registries that feature apps fill from ``AppConfig.ready()`` so that ``home`` can show
their work without importing them (DESIGN.md §2). ``home.panels`` holds the 我的 / 工作台 panels;
this module holds the rest:

- **to-dos** on each role's 工作台: ``register_todos(provider)``; ``provider(user, day)`` yields
  :class:`Todo` lines, which :func:`collect_todos` orders most urgent first (overdue, due today,
  due this week, later; then by how many people wait on it).
- **台账 sections**: ``register_ledger_section(key, title, build, order)``; ``build(branch, year)``
  returns a :class:`LedgerSection` of paragraphs and tables, rendered to .docx and .pdf by home.
- **search result kinds**: ``register_search_kind(key, label, search, order)``;
  ``search(user, terms, limit)`` returns :class:`SearchHit` lists that respect the user's rights.
- **per-person measures**: ``register_person_measure(key, label, values, order)``;
  ``values(employee_ids, day)`` returns ``{employee_id: Measure}`` for the people asked about, so
  any list (the star sheet, the eligibility list, the 入党 reference list) can show e.g. the
  training grade or the praise count beside a person.
- **team-board panels**: ``register_team_board_panel(template_name, context_fn, order)``;
  ``context_fn(team, request)`` returns the template's context or None.

Registering the same key twice (``ready()`` run again) changes nothing. Providers must keep their
query count constant in the number of rows; home calls each once per page.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpRequest
from django.template.loader import render_to_string


class Urgency(enum.IntEnum):
    """How soon a to-do is due; lower sorts first."""

    OVERDUE = 0
    TODAY = 1
    THIS_WEEK = 2
    LATER = 3


def urgency_of(due: datetime.date | None, day: datetime.date) -> Urgency:
    """How urgent something due on ``due`` is on ``day``: overdue, today, within the next six
    days, or later (no date is later)."""
    if due is None:
        return Urgency.LATER
    if due < day:
        return Urgency.OVERDUE
    if due == day:
        return Urgency.TODAY
    if due <= day + datetime.timedelta(days=6):
        return Urgency.THIS_WEEK
    return Urgency.LATER


@dataclass(frozen=True)
class Todo:
    """One line on a 工作台: what waits, how many, and where to act on it."""

    key: str  # stable id, e.g. "recognition.ratings_to_approve"
    label: str  # Chinese text shown, e.g. "待审批的星级评定"
    count: int  # how many items wait
    url: str  # where to act
    urgency: Urgency = Urgency.LATER
    waiting: int = 0  # how many people wait on it (ties within an urgency sort by this)
    note: str = ""  # optional second line, e.g. "其中 2 条已超期"


TodoProvider = Callable[[object, datetime.date], Iterable[Todo]]


@dataclass(frozen=True)
class LedgerTable:
    caption: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class LedgerSection:
    """One app's part of the yearly 台账: a title, paragraphs and tables, in that order."""

    title: str
    paragraphs: Sequence[str] = ()
    tables: Sequence[LedgerTable] = ()


LedgerBuilder = Callable[[object, int], LedgerSection | None]


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    snippet: str = ""
    kind: str = ""  # filled in by collect_search from the kind's label


SearchFunction = Callable[[object, Sequence[str], int], Sequence[SearchHit]]


@dataclass(frozen=True)
class Measure:
    """A value shown beside a person: ``text`` for people, ``value`` for sorting and rules."""

    text: str
    value: Decimal | int | None = None
    detail: str = ""  # e.g. the inputs the grade came from


MeasureFunction = Callable[[Sequence[int], datetime.date], dict[int, Measure]]


@dataclass(frozen=True)
class _Entry:
    key: str
    label: str
    fn: Callable
    order: int = 100
    topics: tuple[str, ...] = ()  # what the cached value depends on (branch.caching topics)
    cache: bool = False


@dataclass
class _Registry:
    entries: list[_Entry] = field(default_factory=list)

    def add(self, entry: _Entry) -> None:
        if any(e.key == entry.key for e in self.entries):
            return
        self.entries.append(entry)
        self.entries.sort(key=lambda e: (e.order, e.key))

    def __iter__(self):
        return iter(list(self.entries))


_todos = _Registry()
_ledger_sections = _Registry()
_search_kinds = _Registry()
_person_measures = _Registry()
_team_board_panels = _Registry()


# -- to-dos ------------------------------------------------------------------------------------


def register_todos(
    key: str,
    provider: TodoProvider,
    order: int = 100,
    *,
    topics: Sequence[str] = (),
    cache: bool = True,
) -> None:
    """Add a to-do provider. Its lines are cached per user (``branch.caching.user_key``) until
    ``topics`` change in the user's branches (the organisation always counts; no topic: any
    change in the branch), or at most ``branch.caching.timeout()`` seconds; ``cache=False``
    computes them on every page."""
    _todos.add(_Entry(key, key, provider, order, tuple(topics), cache))


def collect_todos(user, day: datetime.date) -> list[Todo]:
    """Every registered provider's to-dos for ``user`` on ``day``, most urgent first; lines
    with nothing waiting are left out. Cached lines are read in one cache call."""
    from branch import caching

    def compute(entry):
        return lambda: [t for t in entry.fn(user, day) if t.count > 0]

    entries = list(_todos)
    values = caching.get_or_compute_many(
        {
            entry.key: (
                caching.user_key(user, f"todos:{entry.key}", entry.topics, day)
                if entry.cache
                else None,
                compute(entry),
            )
            for entry in entries
        }
    )
    todos = [t for entry in entries for t in values[entry.key]]
    return sorted(todos, key=lambda t: (t.urgency, -t.waiting, -t.count, t.key))


# -- 台账 sections -----------------------------------------------------------------------------


def register_ledger_section(key: str, title: str, build: LedgerBuilder, order: int = 100) -> None:
    _ledger_sections.add(_Entry(key, title, build, order))


def ledger_sections(
    branch, year: int, progress: Callable[[int, int], None] | None = None
) -> list[LedgerSection]:
    """Every registered section for ``branch`` and ``year``, in order; ``progress(done, total)``
    is called after each builder, so a long build can say how far it got."""
    sections = []
    entries = list(_ledger_sections)
    for done, entry in enumerate(entries, start=1):
        section = entry.fn(branch, year)
        if section is not None:
            sections.append(section)
        if progress is not None:
            progress(done, len(entries))
    return sections


# -- search result kinds -------------------------------------------------------------------------


def register_search_kind(
    key: str,
    label: str,
    search: SearchFunction,
    order: int = 100,
    *,
    topics: Sequence[str] = (),
    cache: bool = False,
) -> None:
    """Add a kind of search result. With ``cache=True`` its hits for a user and a query are kept
    per user (``branch.caching.user_key``) until ``topics`` change in the user's branches (the
    organisation always counts), or at most ``branch.caching.timeout()`` seconds."""
    _search_kinds.add(_Entry(key, label, search, order, tuple(topics), cache))


def search_kinds() -> list[tuple[str, str]]:
    return [(e.key, e.label) for e in _search_kinds]


def collect_search(
    user, terms: Sequence[str], limit: int = 20
) -> list[tuple[str, list[SearchHit]]]:
    """Each kind's hits for ``terms`` as (label, hits), kinds with no hit left out. Cached
    kinds are read in one cache call."""
    from branch import caching

    def compute(entry):
        return lambda: [
            SearchHit(h.title, h.url, h.snippet, str(entry.label))
            for h in entry.fn(user, terms, limit)
        ]

    entries = list(_search_kinds)
    query = "\x1f".join(terms)
    values = caching.get_or_compute_many(
        {
            entry.key: (
                caching.user_key(user, f"search:{entry.key}", entry.topics, limit, query)
                if entry.cache
                else None,
                compute(entry),
            )
            for entry in entries
        }
    )
    return [(entry.label, values[entry.key]) for entry in entries if values[entry.key]]


# -- per-person measures -------------------------------------------------------------------------


def register_person_measure(
    key: str, label: str, values: MeasureFunction, order: int = 100
) -> None:
    _person_measures.add(_Entry(key, label, values, order))


def person_measures() -> list[tuple[str, str]]:
    return [(e.key, e.label) for e in _person_measures]


def measure_values(key: str, employee_ids: Sequence[int], day: datetime.date) -> dict[int, Measure]:
    """One measure for many people (one provider call); {} when no app provides ``key``."""
    for entry in _person_measures:
        if entry.key == key:
            return entry.fn(list(employee_ids), day)
    return {}


def all_measure_values(
    employee_ids: Sequence[int], day: datetime.date
) -> list[tuple[str, str, dict[int, Measure]]]:
    """Every registered measure for these people, as (key, label, values)."""
    ids = list(employee_ids)
    return [(e.key, e.label, e.fn(ids, day)) for e in _person_measures]


# -- team-board panels ---------------------------------------------------------------------------


def register_team_board_panel(
    template_name: str, context_fn: Callable[[object, HttpRequest], dict | None], order: int = 100
) -> None:
    _team_board_panels.add(_Entry(template_name, template_name, context_fn, order))


def render_team_board_panels(team, request: HttpRequest) -> list[str]:
    html = []
    for entry in _team_board_panels:
        context = entry.fn(team, request)
        if context is not None:
            html.append(render_to_string(entry.key, context, request=request))
    return html


# -- navigation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    """One destination of the site navigation, shown to the roles listed.

    ``group`` gathers items in the desktop menu and on the 更多 page; ``tab_roles`` are the roles
    for which the item is one of the (at most five) phone tabs; ``permission`` (optional) is a
    model permission the user must hold as well."""

    key: str
    label: str
    url_name: str
    roles: tuple[str, ...]
    group: str = ""
    order: int = 100
    tab_roles: tuple[str, ...] = ()
    permission: str = ""


_nav_items: dict[str, NavItem] = {}


def register_nav_item(
    key: str,
    label,
    url_name: str,
    roles: Sequence[str],
    group: str = "",
    order: int = 100,
    *,
    tab_roles: Sequence[str] = (),
    permission: str = "",
) -> None:
    """Add a destination to the navigation (registering the same key twice changes nothing).
    ``label`` and ``group`` are lazily translated strings; ``url_name`` is reversed per request."""
    if key in _nav_items:
        return
    _nav_items[key] = NavItem(
        key, label, url_name, tuple(roles), group, order, tuple(tab_roles), permission
    )


def nav_items() -> list[NavItem]:
    return sorted(_nav_items.values(), key=lambda i: (i.order, i.key))
