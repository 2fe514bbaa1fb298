"""Questions, answers and the FAQ."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.idempotency import once
from branch.paging import paginate
from branch.roles import LEADER, SECRETARY

from .. import selectors, services
from ..forms import (
    AnswerForm,
    AskForForm,
)
from .common import role_of_request, show_errors

# ---------------------------------------------------------------- questions


@login_required
def question_list(request):
    employees = branch_selectors.employees_visible_to(request.user)
    form = AskForForm(request.POST or None, employees=employees)
    if request.method == "POST" and form.is_valid():

        def _create():
            data = form.cleaned_data
            employee = data["employee"] or branch_selectors.employee_of(request.user)
            if employee is None:
                raise PermissionDenied
            try:
                question = services.question_ask(
                    employee=employee, asked_by=request.user, category=data["category"],
                    title=data["title"], body=data["body"],
                )  # fmt: skip
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(
                    request,
                    _("Submitted; the branch secretary will answer by %(due)s.")
                    % {"due": question.due_on},
                )
                return redirect("care:question_list")
            return None

        response = once(request, _create)
        if response is not None:
            return response
    page = paginate(
        request, selectors.questions_visible_to(request.user).order_by("-asked_at", "-pk")
    )
    return render(
        request,
        "care/question_list.html",
        {"questions": page.object_list, "page": page, "form": form, "today": timezone.localdate(),
         "can_ask_for_others": role_of_request(request) in {SECRETARY, LEADER}},
    )  # fmt: skip


@login_required
def question_detail(request, pk: int):
    question = get_object_or_404(selectors.questions_visible_to(request.user), pk=pk)
    is_secretary = branch_selectors.is_secretary(request.user, question.branch)
    form = AnswerForm(
        request.POST or None, initial={"answer": question.answer, "publish": question.published}
    )
    if request.method == "POST":
        if not is_secretary:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.question_answer(
                    question=question, answer=form.cleaned_data["answer"], user=request.user,
                    publish=form.cleaned_data["publish"],
                )  # fmt: skip
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(request, _("Answered."))
                return redirect("care:question_detail", pk=question.pk)
    return render(
        request,
        "care/question_detail.html",
        {
            "question": question,
            "form": form,
            "is_secretary": is_secretary,
            "today": timezone.localdate(),
        },
    )


@login_required
def faq(request):
    """Answered questions the secretary published, without names."""
    return render(request, "care/faq.html", {"questions": selectors.faq_for(request.user)})
