"""The site's search box keeps each kind's hits per reader until what they come from changes: a
material published, unpublished or edited, a suggestion put on or taken off the board, a FAQ
answer published shows on the very next search; another branch's reader never gets them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from care.factories import QuestionFactory
from home.factories import study_index, study_material
from recognition.factories import SuggestionFactory
from recognition.models import SuggestionStatus

pytestmark = pytest.mark.django_db

URL = "/me/study/search/"


def _search(client, query="井控"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.fixture
def libraries(org, org2):
    mine = study_index(org.branch)
    study_material(mine, title="井控安全操作要点", text="发现溢流立即关井。")
    theirs = study_index(org2.branch, slug="theirs")
    study_material(theirs, title="外支部井控规程", text="井控规程")
    return mine, theirs


def test_a_repeated_search_is_served_from_the_cache(client, org, org2, libraries):
    client.force_login(org.worker_user)
    html, cold = _search(client)
    assert "井控安全操作要点" in html and "外支部井控规程" not in html
    again, warm = _search(client)
    assert _without_tokens(again) == _without_tokens(html)
    assert warm < cold, (warm, cold)
    # Another word is another search.
    html, _ = _search(client, "溢流")
    assert "井控安全操作要点" in html


def test_new_and_withdrawn_materials_show_on_the_next_search(client, org, org2, libraries):
    mine, _theirs = libraries
    client.force_login(org.worker_user)
    assert "井控应急演练" not in _search(client)[0]
    drill = study_material(mine, title="井控应急演练", text="每月一次演练。", slug="drill")
    html, _ = _search(client)
    assert "井控应急演练" in html and "井控安全操作要点" in html
    drill.unpublish()
    html, _ = _search(client)
    assert "井控应急演练" not in html
    # Edited: the new title is found, the old one no longer.
    page = mine.get_children().live().specific().get()
    page.title = "防喷器检查要点"
    page.save_revision().publish()
    assert "防喷器检查要点" not in _search(client)[0]
    assert "防喷器检查要点" in _search(client, "防喷器")[0]


def test_suggestions_and_answers_follow_their_status(client, org, org2, libraries):
    client.force_login(org.worker_user)
    idea = SuggestionFactory(
        employee=org.worker_b, title="井控台账电子化", status=SuggestionStatus.SUBMITTED
    )
    assert "井控台账电子化" not in _search(client)[0]  # not theirs, not on the board
    idea.status = SuggestionStatus.ADOPTED
    idea.save()
    assert "井控台账电子化" in _search(client)[0]
    idea.status = SuggestionStatus.REJECTED
    idea.save()
    assert "井控台账电子化" not in _search(client)[0]

    question = QuestionFactory(employee=org.worker_b, title="井控证到期怎么办")
    assert "井控证到期怎么办" not in _search(client)[0]
    question.answer = "到培训中心复审。"
    question.answered_at = timezone.now()
    question.published = True
    question.save()
    assert "井控证到期怎么办" in _search(client)[0]


def test_the_other_branch_never_gets_this_branchs_hits(client, org, org2, libraries):
    SuggestionFactory(employee=org.worker, title="井控培训改进", status=SuggestionStatus.ADOPTED)
    client.force_login(org.worker_user)
    mine, _ = _search(client)
    assert "井控培训改进" in mine and "井控安全操作要点" in mine
    client.force_login(org2.worker_user)
    theirs, _ = _search(client)
    assert "外支部井控规程" in theirs
    assert "井控培训改进" not in theirs and "井控安全操作要点" not in theirs
    # The same reader moved to the other branch sees that branch's hits at once.
    org.worker_b.branch = org2.branch
    org.worker_b.team = org2.team
    org.worker_b.save()
    client.force_login(org.worker_b_user)
    moved, _ = _search(client)
    assert "外支部井控规程" in moved and "井控安全操作要点" not in moved
