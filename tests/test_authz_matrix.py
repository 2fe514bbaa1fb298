"""The authorisation matrix: every URL of the site and the admin, for six personas, with the
status each one must get. URLs come from the resolver, so a URL added later without a row here
fails the test with a message saying which row to add.

Personas: anonymous, worker, leader of another team, leader, secretary of another branch,
secretary. Objects in the URLs come from two mirrored "worlds" (our branch and another branch);
every row with an object id runs twice: with our object (``expect``), and with the other branch's
object, where only the other branch's secretary may get what our secretary gets and everyone
else must be refused (403/404) - guessing ids does not leak.

To cover a new page:
- add a Row to ``ROWS`` (one line: name, params, expectations);
- if the page takes an object id, add the object to each world in ``OBJECT_MAKERS``
  (e.g. care's hardship cases: ``lambda w: w.update(hardship_case=HardshipCaseFactory(...))``)
  and name it in the row's ``params``: ``Row("care:hardship_detail", {"pk": "hardship_case"},
  SECRETARY_ONLY)``.
Wagtail's own admin URLs are checked by one rule (``WAGTAIL_ADMIN``), not one row each.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from branch import roles
from branch.factories import BranchFactory, EmployeeFactory, TeamFactory, make_account

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "worker", "leader_other", "leader", "secretary_other", "secretary"]
PROJECT_APPS = ("branch", "home", "care", "recognition", "training")

# Status sets
LOGIN = {302}  # to the login page (checked)
OK = {200}
DENIED = {403, 404}
GONE = {405}  # wrong method for a GET


def expect(anonymous=LOGIN, worker=DENIED, leader_other=DENIED, leader=DENIED,
           secretary_other=DENIED, secretary=OK) -> dict[str, set[int]]:  # fmt: skip
    return {
        "anonymous": anonymous,
        "worker": worker,
        "leader_other": leader_other,
        "leader": leader,
        "secretary_other": secretary_other,
        "secretary": secretary,
    }


EVERYONE = expect(anonymous=OK, worker=OK, leader_other=OK, leader=OK, secretary_other=OK)
ANY_LOGGED_IN = expect(worker=OK, leader_other=OK, leader=OK, secretary_other=OK)
LEADERS_AND_SECRETARIES = expect(leader_other=OK, leader=OK, secretary_other=OK)
SECRETARY_ONLY = expect()  # our secretary; the other branch's secretary is refused
PUBLIC_REDIRECTS_LOGGED_IN = expect(
    anonymous=OK, worker={302}, leader_other={302}, leader={302}, secretary_other={302},
    secretary={302},
)  # fmt: skip
POST_ONLY = expect(worker=GONE, leader_other=GONE, leader=GONE, secretary_other=GONE,
                   secretary=GONE)  # fmt: skip
POST_ONLY_PUBLIC = dict.fromkeys(PERSONAS, GONE)


@dataclass
class Row:
    name: str  # "namespace:url_name" as reverse() knows it
    params: dict[str, str] = field(default_factory=dict)  # URL kwarg -> world object key
    expect: dict[str, set[int]] = field(default_factory=lambda: SECRETARY_ONLY)
    path: str | None = None  # for a URL matched by a regex: the concrete path to request


ROWS: list[Row] = [
    Row("healthz", expect=EVERYONE),
    Row("login", expect=PUBLIC_REDIRECTS_LOGGED_IN),
    Row("logout", expect=POST_ONLY_PUBLIC),
    Row("password_change", expect=ANY_LOGGED_IN),
    Row("password_change_done", expect=ANY_LOGGED_IN),
    Row("people_list", expect=LEADERS_AND_SECRETARIES),
    Row("employee_account", {"pk": "worker"}),
    Row("employee_account", {"pk": "leader"}),
    Row("inbox", expect=ANY_LOGGED_IN),
    Row("inbox_mark_read", expect=POST_ONLY),
    # Wagtail's front end: documents are public unless their collection is restricted.
    Row("wagtaildocs_serve", path="/documents/{document}/{document_filename}", expect=EVERYONE),
    Row(
        "wagtaildocs_authenticate_with_password",
        {"restriction_id": "missing_id"},
        expect={p: {404} for p in PERSONAS},
    ),
    Row(
        "wagtailcore_authenticate_with_password",
        {"page_view_restriction_id": "missing_id", "page_id": "missing_id"},
        expect={p: {404} for p in PERSONAS},
    ),
    # Wagtail's own login for private pages, throttled like every login (tests/test_login_throttling).
    Row("wagtailcore_login", expect=EVERYONE),
    Row(
        "wagtailimages_serve",
        {"signature": "bad_signature", "image_id": "missing_id", "filter_spec": "original_filter"},
        expect={p: {403, 404} for p in PERSONAS},
    ),
    Row("wagtail_serve", path="/", expect={p: {200, 404} for p in PERSONAS}),
]

# The concrete path for URLs matched by a regular expression (Wagtail's), by pattern name.
REGEX_SAMPLES = {
    "wagtailadmin_pages:revisions_compare": "/admin/pages/{page}/revisions/compare/earliest...latest/",
    "admin-catch-all": "/admin/no-such-page/",
}


# Wagtail's internal admin: one rule. Anonymous → login, people without admin access → sent
# away, never 200; our secretary → a page, a redirect, or "no such object"; never a 500.
WAGTAIL_ADMIN = expect(
    anonymous={302, 404},
    worker={302, 403, 404},
    leader_other={302, 403, 404},
    leader={302, 403, 404},
    secretary_other={200, 302, 403, 404, 405},
    secretary={200, 302, 403, 404, 405},
)
WAGTAIL_ADMIN_PUBLIC = {
    # The admin's login page: logged-in administrators are sent on to the dashboard.
    "wagtailadmin_login": expect(anonymous=OK, worker=OK, leader_other=OK, leader=OK,
                                 secretary_other={302}, secretary={302}),
    "wagtailadmin_logout": {**WAGTAIL_ADMIN, "secretary_other": GONE, "secretary": GONE},
    "wagtailadmin_password_reset": {p: {200, 302, 404} for p in PERSONAS},
    # Static assets the login page itself needs: the icon sprite and the translation catalogue.
    "wagtailadmin_sprite": EVERYONE,
    "wagtailadmin_javascript_catalog": EVERYONE,
    # Wagtail's deliberate error page for testing error reporting.
    "wagtailadmin_error_test": {**WAGTAIL_ADMIN, "secretary_other": {500}, "secretary": {500}},
}  # fmt: skip


# Objects of one world (one branch). Append a maker for each new kind of object.
def _base_objects(world: dict) -> None:
    world["missing_id"] = 987654321
    world["bad_signature"] = "not-a-signature"
    world["original_filter"] = "original"


OBJECT_MAKERS: list[Callable[[dict], None]] = [_base_objects]


@dataclass
class Endpoint:
    key: str  # qualified name, or the route when unnamed
    route: str
    parts: list  # pattern objects from the root
    callback: Callable

    @property
    def is_wagtail_internal(self) -> bool:
        module = getattr(self.callback, "__module__", "") or ""
        view_class = getattr(self.callback, "view_class", None)
        if view_class is not None:
            module = view_class.__module__
        ours = module.split(".")[0] in PROJECT_APPS or any(
            f"/{app}/" in "/" + self.route for app in PROJECT_APPS
        )
        return self.route.startswith("admin/") and not ours


def endpoints() -> list[Endpoint]:
    found = []

    def walk(patterns, parts, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, [*parts, pattern.pattern], ns)
            elif isinstance(pattern, URLPattern):
                route = "".join(str(p) for p in [*parts, pattern.pattern])
                if pattern.name:
                    key = ":".join([*namespaces, pattern.name])
                elif route == "admin/^.*/$":
                    key = "admin-catch-all"
                else:
                    key = route
                found.append(Endpoint(key, route, [*parts, pattern.pattern], pattern.callback))

    walk(get_resolver().url_patterns, [], [])
    return found


def fill(endpoint: Endpoint, params: dict[str, str], world: dict) -> str:
    """A concrete path for ``endpoint`` with object ids from ``world``."""
    path = "/"
    for part in endpoint.parts:
        if isinstance(part, RegexPattern):
            path += regex_sample(part.regex.pattern, params, world)
            continue
        route = str(part)
        for name, converter in part.converters.items():
            if name in params:
                value = world[params[name]]
                value = getattr(value, "pk", value)
            elif type(converter).__name__ == "IntConverter" or name in {"pk", "id"}:
                value = world["missing_id"]
            elif type(converter).__name__ == "UUIDConverter":
                value = "00000000-0000-0000-0000-000000000001"
            else:
                value = "x"
            route = re.sub(rf"<(?:\w+:)?{name}>", str(value), route)
        path += route
    return path


def regex_sample(regex: str, params: dict[str, str], world: dict) -> str:
    """A path matching a simple regex route: named groups get ids, escapes are undone.
    Anything cleverer (unnamed groups, wildcards) needs an entry in REGEX_SAMPLES."""
    body = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    out, i = "", 0
    while i < len(body):
        if body.startswith("(?P<", i):
            name = body[i + 4 : body.index(">", i)]
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(body[j], 0) if body[j - 1 : j] != "\\" else 0
                j += 1
                if depth == 0:
                    break
            value = world[params[name]] if name in params else world["missing_id"]
            out += str(getattr(value, "pk", value))
            i = j
        elif body[i] == "\\" and i + 1 < len(body):
            out += body[i + 1]
            i += 2
        elif body[i] in "()[]*+?|{}.":
            raise LookupError(regex)
        else:
            out += body[i]
            i += 1
    return out


def build_world(branch, team, other_team, secretary_user, leader, worker) -> dict:
    world = {
        "branch": branch,
        "team": team,
        "other_team": other_team,
        "secretary_user": secretary_user,
        "leader": leader,
        "worker": worker,
    }
    for make in OBJECT_MAKERS:
        make(world)
    return world


@pytest.fixture(autouse=True)
def media_on_disk(settings, tmp_path):
    """Documents are served from a real file system, as in production."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def worlds(org):
    ours = build_world(
        org.branch, org.team_a, org.team_b, org.secretary_user, org.leader, org.worker
    )
    other_branch = BranchFactory(code="other", name="外支部")
    other_team = TeamFactory(branch=other_branch, name="外支部一班")
    other_secretary = EmployeeFactory(team=other_team, staff_no="S900", name="外书记")
    other_leader = EmployeeFactory(team=other_team, staff_no="L900", name="外班长")
    other_worker = EmployeeFactory(team=other_team, staff_no="W900", name="外员工")
    make_account(other_worker)
    theirs = build_world(
        other_branch,
        other_team,
        TeamFactory(branch=other_branch, name="外支部二班"),
        make_account(other_secretary, role=roles.SECRETARY),
        other_leader,
        other_worker,
    )
    make_account(other_leader, role=roles.LEADER)
    return ours, theirs


def persona_users(org, worlds) -> dict:
    return {
        "anonymous": None,
        "worker": org.worker_user,
        "leader_other": org.leader_b_user,  # leads 修井二班, not the team the objects are in
        "leader": org.leader_user,
        "secretary_other": worlds[1]["secretary_user"],
        "secretary": org.secretary_user,
    }


def foreign(expectation: dict[str, set[int]]) -> dict[str, set[int]]:
    """Expectations for the other branch's object: their secretary gets what ours gets on our
    object; anyone of ours is refused; anonymous is unchanged."""
    return {
        "anonymous": expectation["anonymous"],
        "worker": DENIED,
        "leader_other": DENIED,
        "leader": DENIED,
        "secretary_other": expectation["secretary"],
        "secretary": DENIED,
    }


def test_every_url_has_an_expectation_for_every_persona(client, org, worlds, wagtail_page, capsys):
    ours, theirs = worlds
    users = persona_users(org, worlds)
    rows_by_name: dict[str, list[Row]] = {}
    for row in ROWS:
        rows_by_name.setdefault(row.name, []).append(row)

    # Documents for the regex sample of the document URL.
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="公开资料", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="open.pdf")
    )
    samples = {"document": document.pk, "document_filename": document.filename,
               "page": wagtail_page.pk}  # fmt: skip

    checks: list[tuple[str, str, dict[str, set[int]]]] = []  # (label, path, expectation)
    missing: list[str] = []
    for endpoint in endpoints():
        if endpoint.key in rows_by_name:
            for row in rows_by_name[endpoint.key]:
                if row.path is not None:
                    checks.append((endpoint.key, row.path.format(**samples), row.expect))
                    continue
                checks.append((endpoint.key, fill(endpoint, row.params, ours), row.expect))
                if any(
                    ours.get(k) is not None and hasattr(ours[k], "pk") for k in row.params.values()
                ):
                    checks.append(
                        (f"{endpoint.key} (other branch's id)", fill(endpoint, row.params, theirs),
                         foreign(row.expect))
                    )  # fmt: skip
        elif endpoint.is_wagtail_internal:
            expectation = WAGTAIL_ADMIN_PUBLIC.get(endpoint.key, WAGTAIL_ADMIN)
            if endpoint.key in REGEX_SAMPLES:
                path = REGEX_SAMPLES[endpoint.key].format(**samples)
            else:
                try:
                    path = fill(endpoint, {}, ours)
                except LookupError:
                    missing.append(f"{endpoint.key}: add its path to REGEX_SAMPLES")
                    continue
            checks.append((endpoint.key, path, expectation))
        else:
            missing.append(
                f"{endpoint.key} ({endpoint.route}): add a Row(...) to ROWS in "
                "tests/test_authz_matrix.py saying who may open it"
            )
    assert not missing, "URLs without an expected status:\n  " + "\n  ".join(missing)

    client.raise_request_exception = False  # a 500 is a status to report, not a crash
    failures = []
    for label, path, expectation in checks:
        assert resolve(path.split("?")[0]), path
        for persona in PERSONAS:
            user = users[persona]
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            response = client.get(path)
            status = response.status_code
            if status not in expectation[persona]:
                failures.append(f"{label} {path} as {persona}: got {status}, "
                                f"expected {sorted(expectation[persona])}")  # fmt: skip
            elif (
                persona == "anonymous"
                and status == 302
                and expectation[persona] == LOGIN
                and "login" not in response["Location"]
            ):
                failures.append(f"{label} {path} as anonymous: redirected to "
                                    f"{response['Location']}, not to a login page")  # fmt: skip
    with capsys.disabled():
        print(f"\n[authorisation matrix] {len(checks)} URLs × {len(PERSONAS)} personas = "
              f"{len(checks) * len(PERSONAS)} requests")  # fmt: skip
    assert not failures, f"{len(failures)} wrong statuses:\n  " + "\n  ".join(failures)
