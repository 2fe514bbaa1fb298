"""党员示范岗 / 党员责任区: the secretary names members for posts and areas and reviews them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branch.forms import parse_object_id
from branch.models import Employee, Team
from branch.paging import paginate

from .. import services
from ..forms import DateInput
from ..models import PartyPost, PostReview
from ..selectors import PARTY_STATUSES
from .common import add_form_errors, secretary_branch, show_errors


class PostForm(forms.Form):
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=Team.objects.none())
    employee = forms.ModelChoiceField(
        label=gettext_lazy("Party member"), queryset=Employee.objects.none()
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PartyPost.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Post or area"), max_length=100)
    duty = forms.CharField(
        label=gettext_lazy("Answers for"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    start_on = forms.DateField(label=gettext_lazy("Named on"), widget=DateInput())

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(branch=branch)
        self.fields["employee"].queryset = Employee.objects.active().filter(
            branch=branch, political_status__in=PARTY_STATUSES
        )


def current_posts(qs, day):
    return (
        qs.filter(start_on__lte=day)
        .filter(Q(end_on__isnull=True) | Q(end_on__gt=day))
        .select_related("employee", "team")
        .prefetch_related(Prefetch("reviews", queryset=PostReview.objects.order_by("-quarter")))
    )


@login_required
def post_list(request):
    branch = secretary_branch(request)
    today = timezone.localdate()
    form = PostForm(request.POST or None, branch=branch, initial={"start_on": today})
    if request.method == "POST":
        if request.POST.get("action") == "review":
            pk = parse_object_id(request.POST.get("post"))
            post = PartyPost.objects.filter(branch=branch, pk=pk).first() if pk else None
            try:
                if post is None:
                    raise ValidationError(_("No such post."))
                services.party_post_review(
                    post=post, day=today, note=request.POST.get("note", "")[:300], user=request.user
                )
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(request, _("Saved."))
            return redirect("partylife:post_list")
        if form.is_valid():
            try:
                services.party_post_create(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("partylife:post_list")
    posts_qs = current_posts(PartyPost.objects.filter(branch=branch), today).order_by("pk")
    page = paginate(request, posts_qs)
    posts = list(page.object_list)
    quarter = services.quarter_start(today)
    for post in posts:
        reviews = list(post.reviews.all())
        post.latest = reviews[0] if reviews else None
        post.reviewed_now = bool(reviews and reviews[0].quarter == quarter)
    return render(
        request,
        "partylife/post_list.html",
        {"posts": posts, "page": page, "form": form, "quarter": quarter},
    )


def team_board_context(team, request):
    """The team board's panel: the team's current posts and areas with the latest review."""
    posts = list(current_posts(PartyPost.objects.filter(team=team), timezone.localdate()))
    if not posts:
        return None
    for post in posts:
        reviews = list(post.reviews.all())
        post.latest = reviews[0] if reviews else None
    return {"party_posts": posts}
