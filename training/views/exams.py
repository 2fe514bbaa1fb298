"""Taking an exam on the phone, its result after the window, paper scores, question import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.models import Employee
from branch.roster import RosterImportError

from .. import selectors, services
from ..models import Attempt, Question
from .common import branch_or_403, error_text, role_flags

MAX_UPLOAD = 5 * 1024 * 1024


def _answers_from(post, questions) -> dict:
    return {str(q.pk): post.getlist(f"q{q.pk}") for q in questions}


@login_required
def exam_take(request, pk: int):
    """Open: the person's paper (questions and options in their own order) and a submit button
    bound to the attempt's token. Closed: the score and each question's explanation."""
    user = request.user
    branch = branch_or_403(user)
    exam = get_object_or_404(selectors.exams_visible_to(user, branch), pk=pk)
    me = branch_selectors.employee_of(user)
    if me is None or me.branch_id != branch.pk:
        raise PermissionDenied
    now = timezone.now()
    questions = list(exam.questions.all())
    attempts = list(Attempt.objects.filter(exam=exam, employee=me).order_by("number"))
    if request.method == "POST":
        try:
            attempt = services.attempt_submit(
                token=request.POST.get("token", ""),
                employee=me,
                answers=_answers_from(request.POST, questions),
            )
            messages.success(request, _("Submitted. The result is shown after the exam closes."))
            return redirect("training:exam_take", pk=exam.pk)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("training:exam_take", pk=exam.pk)
        except (PermissionDenied, ValueError):
            messages.error(request, _("This answer sheet is not valid."))
            return redirect("training:exam_take", pk=exam.pk)
    finished = [a for a in attempts if a.finished]
    context = {
        "exam": exam,
        "question_count": len(questions),
        "finished": finished,
        "closed": exam.is_closed(now),
        "not_open": now < exam.opens_at,
        **role_flags(user, branch),
    }
    if exam.is_closed(now):
        best = max(finished, key=lambda a: a.score) if finished else None
        review = []
        if best is not None and best.status == Attempt.Status.SUBMITTED:
            from ..models import score_answer

            for q in sorted(questions, key=lambda q: q.pk):
                picked = best.answers.get(str(q.pk), [])
                review.append(
                    {
                        "question": q,
                        "picked": [q.options[i] for i in picked if i < len(q.options)],
                        "right": [q.options[i] for i in q.answer],
                        "earned": score_answer(q.kind, q.answer, picked),
                    }
                )
        context.update({"best": best, "review": review})
        return render(request, "training/exam_result.html", context)
    if (
        exam.is_open(now)
        and request.GET.get("start") == "1"
        or any(a.status == Attempt.Status.STARTED for a in attempts)
    ):
        try:
            attempt = services.attempt_start(exam=exam, employee=me, now=now)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return render(request, "training/exam_take.html", context)
        context.update({"attempt": attempt, "paper": services.exam_paper(attempt, questions)})
    context["can_start"] = exam.is_open(now) and len(finished) < exam.max_attempts
    return render(request, "training/exam_take.html", context)


@login_required
def exam_paper_scores(request, pk: int):
    """A leader (their team) or the secretary enters paper scores for people without accounts."""
    user = request.user
    branch = branch_or_403(user)
    flags = role_flags(user, branch)
    if not flags["is_secretary"] and not flags["is_leader"]:
        raise PermissionDenied
    exam = get_object_or_404(selectors.exams_visible_to(user, branch), pk=pk)
    people = Employee.objects.active().filter(branch=branch).select_related("team", "user")
    if not flags["is_secretary"]:
        people = people.filter(team__in=branch_selectors.teams_led_by(user))
    people = [
        p for p in people.order_by("team__name", "staff_no") if not (p.user_id and p.user.is_active)
    ]
    if request.method == "POST":
        employee_id = parse_object_id(request.POST.get("employee"))
        employee = next((p for p in people if p.pk == employee_id), None)
        if employee is None:
            raise Http404
        try:
            services.attempt_enter_paper_score(
                exam=exam, employee=employee, score=request.POST.get("score", ""), user=user
            )
            messages.success(request, _("Recorded."))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return redirect("training:exam_paper_scores", pk=exam.pk)
    scores = {
        a.employee_id: a for a in Attempt.objects.filter(exam=exam, employee__in=people, number=1)
    }
    return render(
        request,
        "training/exam_paper_scores.html",
        {"exam": exam, "rows": [(p, scores.get(p.pk)) for p in people], **flags},
    )


@login_required
def question_import(request):
    """The secretary imports a question bank from .xlsx / .csv: all rows or none."""
    branch = branch_selectors.branches_administered_by(request.user).first()
    if branch is None:
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Please choose a file.")]
        elif upload.size > MAX_UPLOAD:
            errors = [_("The file is too large (at most 5 MB).")]
        else:
            try:
                count = services.question_import(branch=branch, data=upload.read())
                messages.success(request, _("%(n)s questions imported.") % {"n": count})
                return redirect("training:question_import")
            except RosterImportError as exc:
                errors = [str(e) for e in exc.errors]
    return render(
        request,
        "training/question_import.html",
        {
            "errors": errors[:200],
            "question_count": Question.objects.filter(branch=branch, active=True).count(),
            "is_secretary": True,
            "columns": "题型（单选/多选/判断）、题目、选项A…选项H、答案（如 B 或 ACD；判断题填 正确/错误）、解析、分类",
        },
    )
