"""Thin views of the training pages: parse the request, call a selector or a service, render."""

from .evaluations import contest_detail, evaluations, report  # noqa: F401
from .exams import exam_paper_scores, exam_take, question_import  # noqa: F401
from .sessions import index, session_detail  # noqa: F401
from .setup import contest_create, contest_manage, exam_create, plan_edit, plans  # noqa: F401
