"""Search that knows the oilfield's words: the user dictionary, the two-character fallback,
AND between words, common words dropped, and the one search box (materials, FAQ answers,
suggestions) scoped to each reader, on SQLite and on PostgreSQL."""

import pytest
from django.utils import timezone

from care.factories import QuestionFactory
from home.factories import study_index, study_material
from home.search import index_terms, match_terms, query_words
from home.selectors import materials_search
from recognition.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(org, org2):
    index = study_index(org.branch)
    study_material(index, title="抽油机井管理规定", text="防止抽油杆断脱，定期检查光杆。")
    study_material(index, title="井控应急处置", text="发生溢流立即压井，检查防喷器。")
    study_material(index, title="主题党日活动安排", text="组织全体党员参加三会一课。")
    study_material(index, title="未发布草稿", text="抽油杆断脱 井控", publish=False, slug="draft")
    other = study_index(org2.branch, slug="jxdd")
    study_material(other, title="井下大队抽油杆断脱分析", text="抽油杆断脱原因。")
    return org


def _titles(user, query):
    return sorted(p.title for p in materials_search(user, query)[1])


def test_user_dictionary_keeps_oilfield_words_whole():
    assert "抽油杆" in query_words("抽油杆")
    assert "防喷器" in query_words("防喷器怎么检查")
    assert "三会一课" in query_words("三会一课")
    assert "主题党日" in query_words("主题党日")


def test_common_words_are_dropped_from_queries():
    assert query_words("怎么压井") == ["压井"]
    assert query_words("如何 检查 的 防喷器") == ["检查", "防喷器"]
    assert query_words("怎么 如何 的") == []


def test_index_holds_character_pairs():
    terms = index_terms("防止抽油杆断脱")
    assert {"断脱", "油杆", "抽油", "防止"} <= set(terms)
    assert match_terms("抽油杆") == ["抽油", "油杆"]
    assert match_terms("井控") == ["井控"]


def _assert_oilfield_words_found(user):
    for query in ("断脱", "油杆", "抽油杆", "抽油杆断脱", "防止抽油杆断脱"):
        assert _titles(user, query) == ["抽油机井管理规定"], query
    assert _titles(user, "压井") == ["井控应急处置"]
    assert _titles(user, "怎么压井") == ["井控应急处置"]  # 怎么 never widens nor empties
    assert _titles(user, "防喷器") == ["井控应急处置"]
    assert _titles(user, "三会一课") == ["主题党日活动安排"]
    assert _titles(user, "主题党日") == ["主题党日活动安排"]
    # AND: both words must be in the same material.
    assert _titles(user, "抽油杆 防喷器") == []
    assert _titles(user, "压井 防喷器") == ["井控应急处置"]
    assert _titles(user, "的") == []


def test_oilfield_words_on_default_database(library):
    _assert_oilfield_words_found(library.worker_user)


@pytest.mark.postgres
def test_oilfield_words_on_postgresql(library):
    _assert_oilfield_words_found(library.worker_user)


def test_other_branch_sees_only_its_own(library, org2):
    assert _titles(org2.worker_user, "抽油杆") == ["井下大队抽油杆断脱分析"]
    assert _titles(org2.secretary_user, "井控") == []


@pytest.fixture
def everything(library, org, org2):
    QuestionFactory(
        employee=org.worker,
        title="公积金怎么提取",
        answer="携带身份证到公积金中心办理。",
        answered_at=timezone.now(),
        published=True,
    )
    QuestionFactory(employee=org.worker, title="公积金贷款额度", answer="", published=False)
    QuestionFactory(
        employee=org2.worker,
        title="外支部公积金问题",
        answer="外支部的回答",
        answered_at=timezone.now(),
        published=True,
    )
    SuggestionFactory(
        employee=org.leader_b, title="抽油杆防断脱扶正器", what="加装扶正器", status="adopted"
    )
    SuggestionFactory(employee=org.leader_b, title="抽油杆私下建议", what="未采纳的建议")
    SuggestionFactory(employee=org2.worker, title="外支部抽油杆建议", status="adopted")
    return org


def _page(client, user, q):
    client.force_login(user)
    response = client.get("/me/study/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_one_search_box_labels_each_kind(client, everything):
    html = _page(client, everything.worker_user, "抽油杆")
    assert "抽油机井管理规定" in html
    assert "学习资料" in html
    assert html.count('data-testid="search-kind"') == 2
    assert "抽油杆防断脱扶正器" in html  # adopted: on the public board
    assert "抽油杆私下建议" not in html  # another team's pending suggestion
    assert "外支部" not in html and "井下大队" not in html and "未发布草稿" not in html
    html = _page(client, everything.worker_user, "怎么提取公积金")
    assert "公积金怎么提取" in html and "公积金贷款额度" not in html
    assert "外支部公积金问题" not in html


def test_search_box_bad_input(client, everything):
    for q in ("", "<script>alert(1)</script>", "的", "x" * 500, "井控" * 300):
        html = _page(client, everything.worker_user, q)
        assert "<script>alert(1)</script>" not in html
    assert client.get("/me/study/search/", {"q": "\x00"}).status_code == 400


def test_search_box_for_the_other_branch(client, everything, org2):
    html = _page(client, org2.worker_user, "抽油杆")
    assert "井下大队抽油杆断脱分析" in html and "外支部抽油杆建议" in html
    assert "抽油机井管理规定" not in html and "扶正器" not in html


def test_search_box_queries_stay_flat(client, everything, django_assert_max_num_queries):
    client.force_login(everything.worker_user)
    with django_assert_max_num_queries(25):
        client.get("/me/study/search/", {"q": "抽油杆"})


def _admin_search(client, user, q):
    client.force_login(user)
    response = client.get("/admin/pages/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_admin_page_search_finds_words_inside_titles_and_bodies(client, library):
    html = _admin_search(client, library.secretary_user, "管理")  # inside 抽油机井管理规定
    assert "抽油机井管理规定" in html
    html = _admin_search(client, library.secretary_user, "溢流")  # a word of the body only
    assert "井控应急处置" in html
    assert "主题党日活动安排" not in html


@pytest.mark.postgres
def test_admin_page_search_on_postgresql(client, library):
    test_admin_page_search_finds_words_inside_titles_and_bodies(client, library)
