"""The praise wall (多褒奖): post, review, feature, and the photo of a praise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branch import selectors as branch_selectors
from branch.forms import parse_object_id
from branch.idempotency import once
from branch.models import Employee
from branch.paging import paginate

from .. import selectors, services
from ..forms import PraiseForm
from .common import show_errors

WALL_SIZE = 60


def _branch_or_403(request):
    branch = services.praise_branch_of(request.user)
    if branch is None:
        raise PermissionDenied
    return branch


@login_required
def praise_wall(request):
    """The branch's praise wall: approved praise, newest first; phone-friendly."""
    branch = _branch_or_403(request)
    page = paginate(request, selectors.praise_wall(branch), WALL_SIZE)
    return render(
        request,
        "care/praise_wall.html",
        {
            "branch": branch,
            "praises": page.object_list,
            "page": page,
            "to_review": selectors.praises_to_review(request.user).filter(branch=branch).count(),
            "is_secretary": branch_selectors.is_secretary(request.user, branch),
        },
    )


@login_required
def praise_new(request):
    branch = _branch_or_403(request)
    people = Employee.objects.active().filter(branch=branch).select_related("team")
    form = PraiseForm(request.POST or None, request.FILES or None, people=people)
    if request.method == "POST" and form.is_valid():

        def _create():
            try:
                services.praise_post(
                    author=request.user,
                    people=list(form.cleaned_data["people"]),
                    text=form.cleaned_data["text"],
                    photo=form.cleaned_data.get("photo"),
                )
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(
                    request, _("Thank you. It will be on the wall once a leader has approved it.")
                )
                return redirect("care:praise_wall")
            return None

        response = once(request, _create)
        if response is not None:
            return response
    return render(request, "care/praise_form.html", {"form": form})


@login_required
def praise_review(request):
    """Pending praise the user may approve (a leader for their team, the secretary)."""
    pending = selectors.praises_to_review(request.user)
    if request.method == "POST":
        praise = pending.filter(pk=parse_object_id(request.POST.get("praise"))).first()
        if praise is None:
            raise Http404
        try:
            services.praise_review(
                praise=praise, by=request.user, approve=request.POST.get("action") == "approve"
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Done."))
        return redirect("care:praise_review")
    if not (
        branch_selectors.is_secretary(request.user) or branch_selectors.is_team_leader(request.user)
    ):
        raise PermissionDenied
    return render(request, "care/praise_review.html", {"praises": pending[:100]})


@login_required
@require_POST
def praise_feature(request, pk: int):
    praise = selectors.praise_visible_to(request.user, pk)
    if praise is None:
        raise Http404
    try:
        services.praise_feature(
            praise=praise, by=request.user, featured=request.POST.get("featured") == "1"
        )
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect("care:praise_wall")


@login_required
def praise_photo(request, pk: int):
    praise = selectors.praise_visible_to(request.user, pk)
    if praise is None or not praise.photo:
        raise Http404
    response = FileResponse(praise.photo.open("rb"))
    response["Content-Type"] = (
        "image/png" if praise.photo.name.lower().endswith(".png") else "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
