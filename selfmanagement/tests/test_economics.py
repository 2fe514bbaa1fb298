"""Shift economics (算经济账): Decimal costs rounded to the fen half up, planned vs actual per
shift, team and month, who checked each item, the .xlsx catalogue imported all or nothing, the
team board's savings, and the branch boundary."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from branch.roster import RosterImportError
from home.registries import ledger_sections, render_team_board_panels
from selfmanagement import services
from selfmanagement.models import CostItem, ShiftLine, to_fen

D = Decimal
DAY = datetime.date(2026, 11, 12)


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def catalogue(org):
    services.items_import(
        branch=org.branch,
        by=org.secretary_user,
        data=xlsx([["名称", "类别", "单位", "单价"], ["油管", "油管", "根", 850],
                   ["破乳剂", "化学药剂", "公斤", "12.345"], ["柴油", "燃料", "升", 7.125],
                   ["工时", "工时", "小时", "45.50"]]),
    )  # fmt: skip
    return {i.name: i for i in CostItem.objects.filter(branch=org.branch)}


def test_rounding_to_the_fen_half_up():
    assert to_fen(D("0.005")) == D("0.01")
    assert to_fen(D("2.675")) == D("2.68")  # a float would give 2.67
    assert to_fen(D("0.3") * D("3")) == D("0.90")


def test_import_rounds_unit_costs_and_updates_by_name(org, catalogue):
    assert catalogue["破乳剂"].unit_cost == D("12.35")
    assert catalogue["柴油"].unit_cost == D("7.13")
    created, updated = services.items_import(
        branch=org.branch, by=org.secretary_user,
        data=xlsx([["名称", "类别", "单位", "单价"], ["油管", "油管", "根", "900"],
                   ["抽油杆", "抽油杆", "根", "320"]]),
    )  # fmt: skip
    assert (created, updated) == (1, 1)
    assert CostItem.objects.get(branch=org.branch, name="油管").unit_cost == D("900.00")


def test_import_is_all_or_nothing_with_chinese_row_errors(client, org, org2):
    bad = xlsx([["名称", "类别", "单位", "单价"], ["油管", "油管", "根", "850"],
                ["药剂", "药品", "公斤", "-1"], ["", "燃料", "升", "abc"], ["油管", "油管", "根", "1"]])  # fmt: skip
    with pytest.raises(RosterImportError) as exc:
        services.items_import(branch=org.branch, by=org.secretary_user, data=bad)
    text = "\n".join(str(e) for e in exc.value.errors)
    assert "第 3 行" in text and "类别" in text and "单价" in text and "第 5 行" in text
    assert not CostItem.objects.exists()
    with pytest.raises(PermissionDenied):
        services.items_import(branch=org.branch, by=org2.secretary_user, data=bad)
    client.force_login(org.secretary_user)
    response = client.post(
        reverse("selfmanagement:items"), {"file": SimpleUploadedFile("c.xlsx", bad)}
    )
    assert response.status_code == 200 and 'data-testid="import-error"' in response.content.decode()
    response = client.post(
        reverse("selfmanagement:items"), {"file": SimpleUploadedFile("c.xlsx", b"not excel")}
    )
    assert response.status_code == 200 and not CostItem.objects.exists()


def test_plan_actual_and_difference_with_decimals(client, org, catalogue):
    job = services.job_plan(
        team=org.team_a, by=org.leader_user, date=DAY, job="3-12井检泵",
        planned=[(catalogue["破乳剂"], D("3.333")), (catalogue["柴油"], D("120")),
                 (catalogue["工时"], D("16"))],
    )  # fmt: skip
    lines = {line.item.name: line for line in job.lines.all()}
    assert lines["破乳剂"].planned_cost == D("41.16")  # 3.333 × 12.35 = 41.16255
    services.line_record_actual(
        line=lines["破乳剂"], by=org.leader_user, actual_qty=D("2.5"), checked_by=org.worker
    )
    services.line_record_actual(
        line=lines["柴油"], by=org.leader_user, actual_qty=D("110.5"), checked_by=org.intern
    )
    # 41.16 - 30.88 (2.5 × 12.35 = 30.875) + 855.60 - 787.87 (110.5 × 7.13 = 787.865)
    client.force_login(org.leader_user)
    body = client.get(reverse("selfmanagement:job_detail", args=[job.pk])).content.decode()
    assert "节约 78.01" in body and "王实习" in body
    body = client.get(reverse("selfmanagement:economics"), {"month": "2026-11"}).content.decode()
    assert "78.01" in body and "1 项待把关" in body
    with pytest.raises(ValidationError):
        services.line_record_actual(
            line=lines["工时"], by=org.leader_user, actual_qty=D("-1"), checked_by=org.worker
        )


def test_only_the_team_leader_or_secretary_and_never_the_other_branch(client, org, org2, catalogue):
    with pytest.raises(PermissionDenied):
        services.job_plan(team=org.team_a, by=org.leader_b_user, date=DAY, job="x",
                          planned=[(catalogue["油管"], D("1"))])  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.job_plan(team=org.team_a, by=org.worker_user, date=DAY, job="x",
                          planned=[(catalogue["油管"], D("1"))])  # fmt: skip
    job = services.job_plan(team=org.team_a, by=org.secretary_user, date=DAY, job="换油管",
                            planned=[(catalogue["油管"], D("10"))])  # fmt: skip
    with pytest.raises(ValidationError):
        services.line_record_actual(
            line=job.lines.get(), by=org.secretary_user, actual_qty=D("9"), checked_by=org2.worker
        )
    url = reverse("selfmanagement:job_detail", args=[job.pk])
    for user in (org.leader_b_user, org2.secretary_user, org2.leader_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert (
            "换油管"
            not in client.get(
                reverse("selfmanagement:economics"), {"month": "2026-11"}
            ).content.decode()
        )
    client.force_login(org.worker_user)
    assert client.get(reverse("selfmanagement:economics")).status_code == 403


def test_bad_input_never_fails(client, org, catalogue):
    client.force_login(org.leader_user)
    url = reverse("selfmanagement:economics")
    assert client.get(url, {"month": "2026-13"}).status_code == 200
    response = client.post(url, {"team": org.team_a.pk, "date": "2026-11-12", "job": "x",
                                 "item_0": catalogue["油管"].pk, "qty_0": "abc"})  # fmt: skip
    assert response.status_code == 200
    response = client.post(url, {"team": org.team_b.pk, "date": "2026-11-12", "job": "x",
                                 "item_0": catalogue["油管"].pk, "qty_0": "1"})  # fmt: skip
    assert response.status_code == 200  # not a team the leader keeps
    assert not ShiftLine.objects.exists()


def test_savings_on_the_team_board_and_in_the_ledger(rf, client, org, catalogue):
    job = services.job_plan(team=org.team_a, by=org.leader_user, date=DAY, job="检泵",
                            planned=[(catalogue["油管"], D("10"))])  # fmt: skip
    request = rf.get("/")
    request.user = org.worker_user
    assert render_team_board_panels(org.team_a, request) == []  # nothing recorded yet
    services.line_record_actual(
        line=job.lines.get(), by=org.leader_user, actual_qty=D("8"), checked_by=org.worker
    )
    html = "".join(render_team_board_panels(org.team_a, request))
    assert "1700.00" in html
    client.force_login(org.worker_user)
    assert "1700.00" in client.get(reverse("recognition:vision_board")).content.decode()
    text = " ".join(p for s in ledger_sections(org.branch, 2026) for p in s.paragraphs)
    assert "1700.00" in text


def test_economics_page_query_count_is_constant(
    client, org, catalogue, django_assert_max_num_queries
):
    def build(n):
        for i in range(n):
            job = services.job_plan(
                team=org.team_a if i % 2 else org.team_b, by=org.secretary_user, date=DAY,
                job=f"作业{i}", planned=[(catalogue["油管"], D("2")), (catalogue["工时"], D("8"))],
            )  # fmt: skip
            line = job.lines.first()
            services.line_record_actual(
                line=line, by=org.secretary_user, actual_qty=D("1"), checked_by=org.worker
            )

    client.force_login(org.secretary_user)
    url = reverse("selfmanagement:economics")
    build(4)
    client.get(url, {"month": "2026-11"})
    with django_assert_max_num_queries(40) as small:
        client.get(url, {"month": "2026-11"})
    build(8)
    with django_assert_max_num_queries(40) as large:
        body = client.get(url, {"month": "2026-11"}).content.decode()
    assert body.count('data-testid="job"') == 12
    assert len(small.captured_queries) == len(large.captured_queries)
    print("shift economics queries:", len(large.captured_queries))
