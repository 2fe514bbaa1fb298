"""Chinese search: two-character words are found on SQLite and on PostgreSQL, because the
indexed text and the query are both segmented with jieba."""

import pytest

from branch.factories import BranchFactory
from home.factories import study_index, study_material
from home.models import StudyMaterialPage, segment_for_search
from home.selectors import materials_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(org):
    index = study_index(org.branch)
    study_material(index, title="重温入党誓词", text="全体党员重温入党誓词，牢记初心使命。")
    study_material(
        index,
        title="井控安全操作要点",
        text="发现溢流立即关井，坐岗观察液面变化。",
        points=["开工前检查防喷器"],
    )
    study_material(index, title="铁人王进喜精神", text="宁肯少活二十年，拼命也要拿下大油田。")
    study_material(index, title="草稿：安全月", text="井控 誓词 安全", publish=False, slug="d")
    other = study_index(BranchFactory(code="other"), slug="other")
    study_material(other, title="外支部井控安全", text="井控安全誓词")
    return org


def _titles(user, query):
    words, results = materials_search(user, query)
    return [p.title for p in results]


def test_segmentation_cuts_words():
    words = segment_for_search("井控安全操作要点")
    assert "井控" in words and "安全" in words
    assert segment_for_search("，。！ ") == []


def test_search_text_is_filled_on_save(library):
    page = StudyMaterialPage.objects.get(title="井控安全操作要点")
    assert "溢流" in page.search_text.split()
    assert "防喷器" in page.search_text.split()


def _assert_two_character_words_found(user):
    assert _titles(user, "井控") == ["井控安全操作要点"]
    assert _titles(user, "安全") == ["井控安全操作要点"]
    assert _titles(user, "誓词") == ["重温入党誓词"]
    assert _titles(user, "铁人") == ["铁人王进喜精神"]
    assert _titles(user, "溢流") == ["井控安全操作要点"]  # a word of the body only
    assert _titles(user, "火箭") == []
    assert _titles(user, "") == []


def test_two_character_words_on_default_database(library):
    _assert_two_character_words_found(library.worker_user)


@pytest.mark.postgres
def test_two_character_words_on_postgresql(library):
    _assert_two_character_words_found(library.worker_user)


def test_search_view(client, library):
    client.force_login(library.worker_user)
    html = client.get("/me/study/search/", {"q": "井控"}).content.decode()
    assert "井控安全操作要点" in html
    assert "外支部井控安全" not in html and "草稿" not in html
    assert client.get("/me/study/search/", {"q": "<script>"}).status_code == 200
    client.logout()
    assert client.get("/me/study/search/", {"q": "井控"}).status_code == 302


def test_edited_material_is_reindexed(library):
    page = StudyMaterialPage.objects.get(title="铁人王进喜精神")
    page.title = "大庆精神铁人精神"
    page.save_revision().publish()
    assert _titles(library.worker_user, "大庆") == ["大庆精神铁人精神"]


def test_mixed_latin_and_chinese_segmentation():
    words = segment_for_search("H2S防护与井控演练")
    assert "H2S" in words and "井控" in words and "演练" in words


def _rebuilt_index_still_finds_words(user):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    assert _titles(user, "井控") == ["井控安全操作要点"]
    # Every word must match (AND): two words of different materials find neither.
    assert _titles(user, "誓词 铁人") == []
    assert _titles(user, "井控 防喷器") == ["井控安全操作要点"]


def test_update_index_keeps_chinese_words(library):
    _rebuilt_index_still_finds_words(library.worker_user)


@pytest.mark.postgres
def test_update_index_keeps_chinese_words_on_postgresql(library):
    _rebuilt_index_still_finds_words(library.worker_user)
