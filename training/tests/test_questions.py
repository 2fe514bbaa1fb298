"""Importing a question bank: every type, all-or-nothing, Chinese row errors."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from training import services
from training.models import Question

HEADER = ["题型", "题目", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "分类"]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    ["单选", "关井第一步？", "发信号", "停泵", "", "", "A", "先发信号。", "井控"],
    ["多选", "高处作业要求？", "安全带", "防滑鞋", "单人", "工具拴绳", "A,B,D", "有人监护。", ""],
    ["判断", "可以不戴安全帽进井场。", "", "", "", "", "错误", "必须佩戴。", ""],
]


def test_import_every_type(org, org2):
    assert services.question_import(branch=org.branch, data=xlsx(GOOD)) == 3
    single, multiple, tf = Question.objects.filter(branch=org.branch).order_by("pk")
    assert single.options == ["发信号", "停泵"] and single.answer == [0]
    assert multiple.answer == [0, 1, 3] and multiple.kind == "multiple"
    assert tf.options == ["正确", "错误"] and tf.answer == [1]
    assert not Question.objects.filter(branch=org2.branch).exists()


def test_bad_file_writes_nothing(org):
    bad = GOOD + [
        ["填空", "x", "a", "b", "", "", "A", "y", ""],
        ["单选", "", "a", "b", "", "", "AB", "", ""],
        ["多选", "z", "a", "b", "", "", "AE", "e", ""],
        ["判断", "t", "", "", "", "", "也许", "e", ""],
    ]
    with pytest.raises(services.QuestionImportError) as info:
        services.question_import(branch=org.branch, data=xlsx(bad))
    text = "\n".join(str(e) for e in info.value.errors)
    assert not Question.objects.exists()
    assert "第 5 行" in text or "Row 5" in text
    rows = {e.row for e in info.value.errors}
    assert rows == {5, 6, 7, 8}
    for data in (b"", b"not a spreadsheet \x00\x01\x02", xlsx(GOOD, header=["题目", "答案"])):
        with pytest.raises(services.QuestionImportError):
            services.question_import(branch=org.branch, data=data)
    assert not Question.objects.exists()


def test_import_page(client, org, org2):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("training:question_import")
    client.force_login(org.secretary_user)
    bad = SimpleUploadedFile("q.xlsx", xlsx([["单选", "x", "a", "", "", "", "A", "", ""]]))
    response = client.post(url, {"file": bad})
    assert (
        response.status_code == 200 and 'data-testid="import-errors"' in response.content.decode()
    )
    good = SimpleUploadedFile("q.xlsx", xlsx(GOOD))
    assert client.post(url, {"file": good}).status_code == 302
    assert Question.objects.filter(branch=org.branch).count() == 3
    client.force_login(org.leader_user)
    assert client.get(url).status_code == 403
    client.force_login(org2.secretary_user)
    assert client.post(url, {"file": SimpleUploadedFile("q.xlsx", xlsx(GOOD))}).status_code == 302
    assert Question.objects.filter(branch=org.branch).count() == 3
