"""Importing a question bank (题库) from a spreadsheet, all-or-nothing.

Columns (Chinese header; order free): 题型 (单选 / 多选 / 判断), 题目, 选项A … 选项H, 答案
(letters such as ``B`` or ``ACD``; for 判断 also 正确 / 错误 / 对 / 错 / √ / ×), 解析 (the
explanation, required), 分类 (optional). Every row is checked first; if anything is wrong nothing
is written and :class:`QuestionImportError` lists every problem as (row, column, reason).
The file is read by the roster's reader (.xlsx or .csv)."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branch.models import Branch
from branch.roster import RosterError, RosterImportError, read_sheet

from ..models import TRUE_FALSE_OPTIONS, Question, QuestionKind

KIND, TEXT, ANSWER, EXPLANATION, CATEGORY = "题型", "题目", "答案", "解析", "分类"
LETTERS = string.ascii_uppercase[:8]
OPTION_COLUMNS = [f"选项{letter}" for letter in LETTERS]
KINDS = {
    "单选": QuestionKind.SINGLE,
    "单选题": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "判断": QuestionKind.TRUE_FALSE,
    "判断题": QuestionKind.TRUE_FALSE,
}
TRUE_WORDS, FALSE_WORDS = {"正确", "对", "√", "是", "A", "T"}, {"错误", "错", "×", "否", "B", "F"}
MAX_QUESTIONS = 2000


class QuestionImportError(RosterImportError):
    """The question bank was not imported; ``errors`` lists every problem."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_questions(data: bytes) -> list[dict]:
    try:
        sheet = read_sheet(data)
    except RosterImportError as exc:
        raise QuestionImportError(exc.errors) from exc
    rows = sheet.rows
    header_at = next(
        (i for i, (_n, cells) in enumerate(rows[:10]) if TEXT in [_text(c) for c in cells]), None
    )
    if header_at is None:
        raise QuestionImportError(
            [
                RosterError(
                    None,
                    "",
                    _("No header row with the column %(column)s was found") % {"column": TEXT},
                )
            ]
        )
    header = [_text(c) for c in rows[header_at][1]]
    missing = [c for c in (KIND, TEXT, ANSWER, EXPLANATION) if c not in header]
    if missing:
        raise QuestionImportError(
            [RosterError(None, c, _("This column is missing")) for c in missing]
        )
    position = {name: i for i, name in enumerate(header) if name}
    body = rows[header_at + 1 :]
    if not body:
        raise QuestionImportError([RosterError(None, "", _("The file has no questions"))])
    if len(body) > MAX_QUESTIONS:
        raise QuestionImportError(
            [
                RosterError(
                    None,
                    "",
                    _("Too many rows: at most %(max)s rows per import") % {"max": MAX_QUESTIONS},
                )
            ]
        )
    errors: list[RosterError] = []
    parsed = []
    for number, cells in body:

        def cell(name, _cells=cells):
            index = position.get(name)
            return _text(_cells[index]) if index is not None and index < len(_cells) else ""

        row_errors = []
        kind = KINDS.get(cell(KIND))
        if kind is None:
            row_errors.append(
                RosterError(
                    number, KIND, _("Must be one of: %(choices)s") % {"choices": "单选、多选、判断"}
                )
            )
        text = cell(TEXT)
        if not text:
            row_errors.append(RosterError(number, TEXT, _("Required")))
        elif len(text) > 1000:
            row_errors.append(RosterError(number, TEXT, _("Too long (at most 1000 characters)")))
        explanation = cell(EXPLANATION)
        if not explanation:
            row_errors.append(RosterError(number, EXPLANATION, _("Required")))
        options = [cell(c) for c in OPTION_COLUMNS]
        while options and not options[-1]:
            options.pop()
        raw_answer = cell(ANSWER).upper().replace(",", "").replace("，", "").replace(" ", "")
        answer: list[int] = []
        if kind == QuestionKind.TRUE_FALSE:
            if not options:
                options = list(TRUE_FALSE_OPTIONS)
            if raw_answer in TRUE_WORDS or cell(ANSWER) in TRUE_WORDS:
                answer = [0]
            elif raw_answer in FALSE_WORDS or cell(ANSWER) in FALSE_WORDS:
                answer = [1]
            else:
                row_errors.append(
                    RosterError(
                        number, ANSWER, _("Must be one of: %(choices)s") % {"choices": "正确、错误"}
                    )
                )
        elif kind is not None:
            if len(options) < 2 or any(not o for o in options):
                row_errors.append(
                    RosterError(number, OPTION_COLUMNS[0], _("At least two options, with no gaps"))
                )
            if not raw_answer or any(ch not in LETTERS for ch in raw_answer):
                row_errors.append(
                    RosterError(
                        number, ANSWER, _("Give the letters of the right options, e.g. B or ACD")
                    )
                )
            else:
                answer = sorted({LETTERS.index(ch) for ch in raw_answer})
                if any(a >= len(options) for a in answer):
                    row_errors.append(
                        RosterError(number, ANSWER, _("The answer names an option that is empty"))
                    )
                elif kind == QuestionKind.SINGLE and len(answer) != 1:
                    row_errors.append(
                        RosterError(
                            number, ANSWER, _("A single-choice question has exactly one answer")
                        )
                    )
                elif kind == QuestionKind.MULTIPLE and len(answer) < 2:
                    row_errors.append(
                        RosterError(
                            number, ANSWER, _("A multiple-choice question has at least two answers")
                        )
                    )
        if any(len(o) > 300 for o in options):
            row_errors.append(
                RosterError(
                    number, OPTION_COLUMNS[0], _("An option is too long (at most 300 characters)")
                )
            )
        category = cell(CATEGORY)[:50]
        errors.extend(row_errors)
        if not row_errors:
            parsed.append(
                {"kind": kind, "text": text, "options": options, "answer": answer,
                 "explanation": explanation[:2000], "category": category}
            )  # fmt: skip
    if errors:
        raise QuestionImportError(errors)
    return parsed


def question_import(*, branch: Branch, data: bytes) -> int:
    """Add every question of the file to the branch's bank, or none (see the module docstring).
    Returns how many were added."""
    parsed = parse_questions(data)
    with transaction.atomic():
        for row in parsed:
            question = Question(branch=branch, **row)
            try:
                question.full_clean()
            except ValidationError as exc:  # pragma: no cover - parse_questions checks first
                raise QuestionImportError(
                    [RosterError(None, TEXT, "；".join(exc.messages))]
                ) from exc
            question.save()
    return len(parsed)
