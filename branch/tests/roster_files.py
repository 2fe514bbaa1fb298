"""Builders for roster files used by the roster tests (made on the fly, nothing committed)."""

import csv
import io

from openpyxl import Workbook

HEADER = [
    "工号",
    "姓名",
    "班组",
    "用工性质",
    "政治面貌",
    "性别",
    "出生日期",
    "生日历法",
    "入职日期",
    "手机",
]


def row(
    staff_no="10001",
    name="张三",
    team="修井一班",
    kind="正式工",
    political="党员",
    gender="男",
    birth="1990-05-17",
    calendar="公历",
    hired="2012-07-01",
    mobile="13812345678",
):
    return [staff_no, name, team, kind, political, gender, birth, calendar, hired, mobile]


def csv_bytes(rows, *, header=HEADER, encoding="utf-8-sig", delimiter=","):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
