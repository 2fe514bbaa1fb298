"""The secretary's set-up of rating criteria, award levels and settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import forms, selectors, services
from ..models import (
    AwardLevel,
    RatingCriterion,
    RatingPeriod,
)
from .common import secretary_branch

# ---------------------------------------------------------------- the secretary's set-up

SETUP = {
    "criteria": (RatingCriterion, forms.CriterionForm, "评定项目"),
    "periods": (RatingPeriod, forms.PeriodForm, "评定周期"),
    "award-levels": (AwardLevel, forms.AwardLevelForm, "建议奖等级"),
}


@login_required
def setup(request, kind: str = "criteria", pk: int | None = None):
    """The secretary's settings: criteria with weights, periods, award levels and the branch's
    rules. Everything is scoped to the secretary's branch."""
    branch = secretary_branch(request.user)
    if kind == "settings":
        instance = services.settings_get_or_create(branch=branch)
        form = forms.SettingsForm(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect("recognition:setup", "settings")
        return render(
            request,
            "recognition/setup.html",
            {"form": form, "kind": kind, "sections": SETUP, "title": _("Rules")},
        )
    if kind not in SETUP:
        raise Http404
    model, form_class, title = SETUP[kind]
    if kind == "criteria":
        services.criteria_ensure_defaults(branch=branch)
    objects = model.objects.filter(branch=branch)
    instance = get_object_or_404(objects, pk=pk) if pk else model(branch=branch)
    if kind == "periods" and pk is None:
        rule = selectors.settings_of(branch)
        start, end = services.period_bounds(rule.rating_kind, timezone.localdate())
        initial = {"kind": rule.rating_kind, "start": start, "end": end}
    else:
        initial = None
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.branch = branch
        try:
            with transaction.atomic():
                obj.full_clean()
                obj.save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("recognition:setup", kind)
    return render(
        request,
        "recognition/setup.html",
        {
            "form": form,
            "objects": objects,
            "kind": kind,
            "sections": SETUP,
            "title": title,
            "editing": pk,
        },
    )
