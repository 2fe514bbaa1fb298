"""The yearly 台账: one click builds .docx and .pdf with a cover and every app's section; the
text is read back from both files; hardship help is counted, never told; only the branch's
secretary gets the files."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from branch.factories import EmployeeFactory
from home.ledger import pdf as ledger_pdf
from home.models import LedgerExport

pytestmark = pytest.mark.django_db
YEAR = 2026
needs_font = pytest.mark.skipif(
    ledger_pdf.font_path() is None,
    reason="no Chinese TrueType font (fonts-wqy-zenhei): run `make fonts` to test the PDF",
)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def year_of_work(org):
    """A year of the branch's work in every app, with a confidential hardship case."""
    from care.factories import CampaignFactory, CampaignItemFactory, CaseFactory
    from care.models import Distribution
    from home.factories import study_index, study_material
    from recognition.factories import AwardLevelFactory, SuggestionFactory
    from recognition.models import Award, Incident, Vision

    index = study_index(org.branch)
    study_material(index, title="学习二十大精神", required_for_all=True)
    campaign = CampaignFactory(branch=org.branch, occasion="2026年夏季送清凉")
    item = CampaignItemFactory(campaign=campaign, name="绿豆汤")
    for person in (org.worker, org.contract_worker, org.intern):
        Distribution.objects.create(
            campaign=campaign,
            employee=person,
            item=item,
            quantity=2,
            received_on=datetime.date(2026, 7, 3),
            recorded_by=org.leader_user,
        )
    hidden = EmployeeFactory(team=org.team_b, name="隐私甲")
    CaseFactory(
        employee=hidden, description="家属住院，秘密情况说明", created_by=org.secretary_user
    )
    suggestion = SuggestionFactory(employee=org.worker, title="改进抽油机皮带")
    level = AwardLevelFactory(branch=org.branch, name="一等奖")
    Award.objects.create(
        suggestion=suggestion,
        level=level,
        amount=Decimal("500"),
        awarded_on=datetime.date(2026, 9, 1),
        awarded_by=org.secretary_user,
    )
    Vision.objects.create(branch=org.branch, scope="branch", year=YEAR, text="安全高效和谐作业大队")
    Incident.objects.create(
        branch=org.branch,
        kind="injury",
        occurred_on=datetime.date(2026, 3, 1),
        description="手指擦伤",
        recorded_by=org.secretary_user,
    )
    return org


def build(client, user, year=YEAR, capture=None):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("home:ledger"), {"year": str(year)})
    assert response.status_code == 302
    return LedgerExport.objects.order_by("-pk").first()


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


SECTIONS = ["学习", "送清凉", "帮困", "建议", "星级", "愿景", "安全"]
FACTS = ["作业大队党支部", "2026", "学习二十大精神", "2026年夏季送清凉", "绿豆汤", "改进抽油机皮带"]
SECRETS = ["隐私甲", "秘密情况说明", "家属住院"]


def test_one_click_builds_a_docx_with_cover_and_every_section(
    client, year_of_work, django_capture_on_commit_callbacks
):
    org = year_of_work
    export = build(client, org.secretary_user, capture=django_capture_on_commit_callbacks)
    assert (export.status, export.progress, export.year) == ("done", 100, YEAR)
    assert export.requested_by == org.secretary_user
    response = client.get(reverse("home:ledger_docx", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = docx_text(b"".join(response.streaming_content))
    for word in FACTS + SECTIONS:
        assert word in text, word
    for secret in SECRETS:
        assert secret not in text, secret
    assert "病" in text  # the case is counted under its category (疾病…), without detail


def test_the_docx_names_a_chinese_font_for_east_asian_text(
    client, org, django_capture_on_commit_callbacks
):
    from docx import Document
    from docx.oxml.ns import qn

    export = build(client, org.secretary_user, capture=django_capture_on_commit_callbacks)
    data = b"".join(client.get(reverse("home:ledger_docx", args=[export.pk])).streaming_content)
    normal = Document(io.BytesIO(data)).styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"


@needs_font
def test_the_pdf_reads_back_with_every_section_and_embeds_its_font(
    client, year_of_work, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    org = year_of_work
    export = build(client, org.secretary_user, capture=django_capture_on_commit_callbacks)
    response = client.get(reverse("home:ledger_pdf", args=[export.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    text = "".join(pdf_text(data).split())  # table cells wrap: compare without line breaks
    for word in FACTS + SECTIONS:
        assert word in text, word
    for secret in SECRETS:
        assert secret not in text, secret
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    descriptors = []
    for ref in fonts.values():
        font = ref.get_object()
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        if "/FontDescriptor" in font:
            descriptors.append(font["/FontDescriptor"].get_object())
    assert any("/FontFile2" in d for d in descriptors)  # the TrueType outlines are embedded


def test_without_a_font_the_docx_is_still_kept_and_the_problem_shown(
    client, org, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(ledger_pdf, "font_path", lambda: None)
    monkeypatch.setattr(ledger_pdf, "FONT_NAME", "LedgerCJKMissing")
    export = build(client, org.secretary_user, capture=django_capture_on_commit_callbacks)
    assert export.status == "done" and "pdf" not in export.files and "docx" in export.files
    assert client.get(reverse("home:ledger_pdf", args=[export.pk])).status_code == 404
    page = client.get(reverse("home:ledger")).content.decode()
    assert "make fonts" in page


def test_another_branch_secretary_gets_nothing(
    client, year_of_work, org2, django_capture_on_commit_callbacks
):
    org = year_of_work
    export = build(client, org.secretary_user, capture=django_capture_on_commit_callbacks)
    client.force_login(org2.secretary_user)
    for name in ("home:ledger_docx", "home:ledger_pdf"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    page = client.get(reverse("home:ledger")).content.decode()
    assert org2.branch.name in page and "作业大队" not in page
    # Their own ledger shows their branch, nothing of ours.
    theirs = build(client, org2.secretary_user, capture=django_capture_on_commit_callbacks)
    text = docx_text(
        b"".join(client.get(reverse("home:ledger_docx", args=[theirs.pk])).streaming_content)
    )
    assert "井下大队党支部" in text and "绿豆汤" not in text and "改进抽油机皮带" not in text


def test_workers_and_leaders_cannot_ask_for_a_ledger(client, org):
    for user in (org.worker_user, org.leader_user):
        client.force_login(user)
        assert client.get(reverse("home:ledger")).status_code == 403
        assert client.post(reverse("home:ledger"), {"year": "2026"}).status_code == 403
    assert not LedgerExport.objects.exists()


@pytest.mark.parametrize("year", ["", "abc", "1999", "3000", "2026.5", "９９９９９９９９９９９９"])
def test_a_bad_year_is_refused_with_a_message(client, org, year):
    client.force_login(org.secretary_user)
    response = client.post(reverse("home:ledger"), {"year": year}, follow=True)
    assert response.status_code == 200
    assert not LedgerExport.objects.exists()
    assert "年" in response.content.decode()


def test_a_running_build_is_shown_with_progress_and_not_started_twice(client, org):
    client.force_login(org.secretary_user)
    client.post(reverse("home:ledger"), {"year": "2026"})  # on_commit not run: still waiting
    client.post(reverse("home:ledger"), {"year": "2026"})
    assert LedgerExport.objects.count() == 1
    LedgerExport.objects.update(status="running", progress=40)
    page = client.get(reverse("home:ledger")).content.decode()
    assert 'http-equiv="refresh"' in page and 'value="40"' in page


def test_the_task_is_idempotent(org):
    from home.ledger.services import ledger_export_build

    export = LedgerExport.objects.create(branch=org.branch, year=YEAR)
    first = ledger_export_build(export_id=export.pk)
    again = ledger_export_build(export_id=export.pk)
    assert first.files == again.files and again.status == "done"


def test_ledger_page_queries_stay_constant(client, org, django_assert_max_num_queries):
    client.force_login(org.secretary_user)
    for count in (3, 9):
        for _i in range(count - LedgerExport.objects.count()):
            LedgerExport.objects.create(
                branch=org.branch, year=YEAR, status="done", requested_by=org.secretary_user
            )
        with django_assert_max_num_queries(18):
            assert client.get(reverse("home:ledger")).status_code == 200
