"""The secretary's bulk account opening: choose a team (or every team leader), open the
accounts, print the sheet of first-login passwords (shown once, never stored)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .accounts import MAX_BATCH, accounts_open_bulk, accounts_to_open
from .forms import parse_object_id
from .models import Team


@login_required
def accounts_open(request):
    branch = selectors.branches_administered_by(request.user).order_by("pk").first()
    if branch is None:
        raise PermissionDenied
    teams = list(
        Team.objects.filter(branch=branch)
        .annotate(
            waiting=Count(
                "members",
                filter=Q(members__user__isnull=True)
                & (Q(members__left_on__isnull=True) | Q(members__left_on__gt=timezone.localdate())),
            )
        )
        .order_by("name")
    )
    leaders_waiting = accounts_to_open(branch, leaders_only=True).count()
    context = {
        "branch": branch,
        "teams": teams,
        "leaders_waiting": leaders_waiting,
        "max_batch": MAX_BATCH,
    }
    if request.method == "POST":
        choice = request.POST.get("who", "")
        if choice == "leaders":
            people = accounts_to_open(branch, leaders_only=True)
            title = _("Team leaders")
        else:
            team_id = parse_object_id(choice)
            team = next((t for t in teams if t.pk == team_id), None)
            if team is None:
                context["error"] = _("Choose a team or the team leaders")
                return render(request, "branch/accounts_open.html", context, status=400)
            people = accounts_to_open(branch, team_id=team.pk)
            title = team.name
        opened = accounts_open_bulk(employees=list(people[:MAX_BATCH]))
        response = render(
            request,
            "branch/accounts_sheet.html",
            {"branch": branch, "title": title, "opened": opened, "more": people.count()},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "branch/accounts_open.html", context)
