"""The secretary's member-development pages: who is at which step, what is due next."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branch.forms import SafeModelMultipleChoiceField
from branch.idempotency import OnceFormMixin, once
from branch.models import Employee, PoliticalStatus
from branch.paging import paginate
from branch.validators import BoundedDatesMixin

from .. import services
from ..forms import DateInput
from ..models import Development, Meeting, MeetingKind, Stage
from .common import add_form_errors, secretary_branch, show_errors


class StartForm(OnceFormMixin, BoundedDatesMixin, forms.Form):
    past_date_fields = ("applied_on",)

    employee = forms.ModelChoiceField(
        label=gettext_lazy("Person"), queryset=Employee.objects.none()
    )
    applied_on = forms.DateField(label=gettext_lazy("Applied on"), widget=DateInput())

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = (
            Employee.objects.active()
            .filter(branch=branch, development__isnull=True)
            .exclude(political_status__in=[PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY])
        )


class ChecksForm(forms.ModelForm):
    introducers = SafeModelMultipleChoiceField(
        label=gettext_lazy("Introducers"), queryset=Employee.objects.none(), required=False
    )

    class Meta:
        model = Development
        fields = [
            "political_review_on", "training_days", "training_hours", "notice_from", "notice_to",
            "introducers", "documents",
        ]  # fmt: skip
        widgets = {
            "political_review_on": DateInput(),
            "notice_from": DateInput(),
            "notice_to": DateInput(),
            "documents": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["introducers"].queryset = (
            Employee.objects.active()
            .filter(branch=self.instance.branch, political_status=PoliticalStatus.MEMBER)
            .exclude(pk=self.instance.employee_id)
        )


class AdvanceForm(BoundedDatesMixin, forms.Form):
    past_date_fields = ("on",)

    to_stage = forms.ChoiceField(label=gettext_lazy("Step"), choices=Stage.choices)
    on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Branch meeting"), queryset=Meeting.objects.none(), required=False
    )
    votes_for = forms.IntegerField(
        label=gettext_lazy("Votes for"), min_value=0, max_value=999, required=False
    )
    votes_against = forms.IntegerField(
        label=gettext_lazy("Votes against"), min_value=0, max_value=999, required=False
    )
    votes_abstain = forms.IntegerField(
        label=gettext_lazy("Abstentions"), min_value=0, max_value=999, required=False
    )
    approved_on = forms.DateField(
        label=gettext_lazy("Approved by the Party committee on"), widget=DateInput(), required=False
    )
    approver = forms.CharField(
        label=gettext_lazy("Approving Party committee"), max_length=100, required=False
    )
    extension_months = forms.IntegerField(
        label=gettext_lazy("Extend the probation by (months)"),
        min_value=0,
        max_value=12,
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(branch=branch).filter(
            Q(kind=MeetingKind.GENERAL_ASSEMBLY) | Q(also_counts_as=MeetingKind.GENERAL_ASSEMBLY)
        )


@login_required
def development_list(request):
    branch = secretary_branch(request)
    form = StartForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():

        def _create():
            try:
                d = services.development_start(
                    employee=form.cleaned_data["employee"],
                    applied_on=form.cleaned_data["applied_on"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Recorded."))
                return redirect("partylife:development_detail", pk=d.pk)
            return None

        response = once(request, _create)
        if response is not None:
            return response
    today = timezone.localdate()
    rows = []
    developments = (
        Development.objects.filter(branch=branch)
        .select_related("employee", "employee__team")
        .prefetch_related("introducers")
    )
    for d in developments:
        step = services.next_step(d)
        rows.append(
            {"d": d, "next": step, "due_now": bool(step and step.due_on and step.due_on <= today)}
        )
    order = {s: i for i, s in enumerate(Stage.values)}
    rows.sort(
        key=lambda r: (
            order[r["d"].stage],
            r["next"].due_on if r["next"] and r["next"].due_on else datetime.date.max,
        )
    )
    page = paginate(request, rows)
    return render(
        request,
        "partylife/development_list.html",
        {"rows": page.object_list, "page": page, "form": form, "today": today},
    )


@login_required
def development_detail(request, pk: int):
    branch = secretary_branch(request)
    d = Development.objects.filter(branch=branch, pk=pk).select_related("employee").first()
    if d is None:
        raise Http404
    checks = ChecksForm(instance=d, initial={"introducers": list(d.introducers.all())})
    advance = AdvanceForm(branch=branch, initial={"on": timezone.localdate()})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "checks":
            checks = ChecksForm(request.POST, instance=Development.objects.get(pk=d.pk))
            if checks.is_valid():
                data = dict(checks.cleaned_data)
                try:
                    services.development_update(development=d, user=request.user, **data)
                except ValidationError as exc:
                    add_form_errors(checks, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("partylife:development_detail", pk=d.pk)
        elif action == "advance":
            advance = AdvanceForm(request.POST, branch=branch)
            if advance.is_valid():
                data = dict(advance.cleaned_data)
                data["extension_months"] = data.get("extension_months") or 0
                try:
                    services.development_advance(development=d, user=request.user, **data)
                except ValidationError as exc:
                    show_errors(request, exc)
                else:
                    messages.success(request, _("Recorded."))
                    return redirect("partylife:development_detail", pk=d.pk)
        d.refresh_from_db()
    return render(
        request,
        "partylife/development_detail.html",
        {
            "d": d,
            "next": services.next_step(d),
            "probation_ends_on": services.probation_ends_on(d),
            "steps": d.steps.select_related("meeting", "recorded_by"),
            "checks": checks,
            "advance": advance,
        },
    )
