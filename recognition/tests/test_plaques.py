import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recognition import services
from recognition.plaques import plaque_pdf

from .helpers import rate


def approved(org, period, criteria, employee, value=5):
    rating = rate(org, period, criteria, employee, value)
    return services.rating_approve(rating=rating, by=org.secretary_user)


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_plaque_pdf_carries_chinese_name_team_stars_and_period(org, period, criteria):
    period.name = "2026年第三季度"
    period.save()
    rating = approved(
        org,
        period,
        criteria,
        org.contract_worker,
        {c.pk: v for c, v in zip(criteria, [5, 5, 4, 4, 5], strict=True)},
    )
    (text,) = text_of(plaque_pdf([rating]))
    assert "星级员工" in text
    assert "李合同" in text
    assert "修井一班" in text
    assert "农民合同工" not in text  # equal treatment: no employment type on the plaque
    assert f"{rating.overall} 星" in text and str(rating.overall) == "4.6"
    assert "2026年第三季度" in text
    assert "作业大队党支部" in text


def test_plaque_view_for_the_person_their_leader_and_secretary_only(client, org, period, criteria):
    rating = approved(org, period, criteria, org.worker)
    url = reverse("recognition:plaque", args=[rating.pk])
    for user in (org.worker_user, org.leader_user, org.secretary_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "张正式" in text_of(response.content)[0]
    for user in (org.worker_b_user, org.leader_b_user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_no_plaque_before_approval(client, org, period, criteria):
    rating = rate(org, period, criteria, org.worker)
    client.force_login(org.secretary_user)
    assert client.get(reverse("recognition:plaque", args=[rating.pk])).status_code == 404


def test_batch_pdf_has_one_page_per_star_employee(client, org, period, criteria):
    for person in (org.worker, org.intern):
        rate(org, period, criteria, person)
    services.rating_approve_team(period=period, team=org.team_a, by=org.secretary_user)
    client.force_login(org.secretary_user)
    response = client.get(
        reverse("recognition:plaques_batch", args=[period.pk]), {"team": org.team_a.pk}
    )
    pages = text_of(response.content)
    assert len(pages) == 2 and "张正式" in pages[0] and "王实习" in pages[1]


def base_fonts(pdf: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}


def test_without_a_truetype_font_the_builtin_cid_font_is_used(org, period, criteria, settings):
    settings.RECOGNITION_PLAQUE_FONT = "/nonexistent/font.ttf"
    rating = approved(org, period, criteria, org.worker)
    pdf = plaque_pdf([rating])
    assert "/STSong-Light" in base_fonts(pdf)
    assert "张正式" in text_of(pdf)[0]


def test_an_installed_truetype_font_is_embedded(org, period, criteria, settings):
    from recognition.plaques import TTF_CANDIDATES

    found = next((p for p in TTF_CANDIDATES if Path(p).is_file()), None)
    if found is None:
        pytest.skip("no TrueType CJK font installed (apt-get install fonts-wqy-zenhei)")
    settings.RECOGNITION_PLAQUE_FONT = found
    rating = approved(org, period, criteria, org.worker)
    pdf = plaque_pdf([rating])
    assert not any("STSong" in f for f in base_fonts(pdf))
    (text,) = text_of(pdf)
    assert "张正式" in text and "星级员工" in text and "修井一班" in text
