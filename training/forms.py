"""Forms of the secretary's training set-up: plans and team calendars, exams, contests.
Choices are limited to the secretary's branch; dates and numbers have stated bounds."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, DateTimeInput, SafeModelMultipleChoiceField
from branch.models import Employee, Team

from .models import Plan, Question, Session, SessionKind

MAX_EVENTS = 20
MAX_EXAM_DAYS = 90


def check_plan_date(day: datetime.date | None) -> None:
    """Plans, exams and contests: from a year back to five years ahead."""
    if day is None:
        return
    today = timezone.localdate()
    earliest, latest = today - datetime.timedelta(days=366), today.replace(year=today.year + 5)
    if not earliest <= day <= latest:
        raise forms.ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        )


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "team", "name", "starts_on", "ends_on", "daily_drills", "drill_topic",
            "monthly_lessons", "lesson_day", "quarterly_exams", "exam_month", "exam_day",
            "half_yearly_contests", "contest_month", "contest_day",
        ]  # fmt: skip
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.branch = branch
        self.fields["team"].queryset = Team.objects.filter(branch=branch).order_by("name")
        self.fields["team"].empty_label = _("The whole branch")

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        check_plan_date(day)
        return day

    def clean_ends_on(self):
        day = self.cleaned_data.get("ends_on")
        check_plan_date(day)
        return day


class WorkCalendarForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    days_on = forms.IntegerField(
        label=_("Days on"), min_value=0, max_value=30, initial=0,
        help_text=_("0: no repeating pattern, every day is worked"),
    )  # fmt: skip
    days_off = forms.IntegerField(label=_("Days off"), min_value=0, max_value=30, initial=0)
    pattern_start = forms.DateField(
        label=_("Pattern starts on"), required=False, widget=DateInput()
    )

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(branch=branch).order_by("name")

    def clean_pattern_start(self):
        day = self.cleaned_data.get("pattern_start")
        check_plan_date(day)
        return day


class ExamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeInput())
    max_attempts = forms.IntegerField(
        label=_("Attempts allowed"), min_value=1, max_value=10, initial=1
    )
    session = forms.ModelChoiceField(
        label=_("Training session"), queryset=Session.objects.none(), required=False,
        help_text=_("The quarterly exam of the plan this exam holds"),
    )  # fmt: skip
    questions = SafeModelMultipleChoiceField(
        label=_("Questions"), queryset=Question.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = Question.objects.filter(branch=branch, active=True)
        self.fields["session"].queryset = Session.objects.filter(
            branch=branch, kind=SessionKind.EXAM, exam__isnull=True
        ).order_by("on")
        self.fields["session"].empty_label = _("Not linked to a planned session")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes:
            try:
                check_plan_date(timezone.localtime(opens).date())
            except forms.ValidationError as exc:
                self.add_error("opens_at", exc)
            if closes <= opens:
                self.add_error("closes_at", _("The exam must close after it opens."))
            elif closes - opens > datetime.timedelta(days=MAX_EXAM_DAYS):
                self.add_error(
                    "closes_at",
                    _("An exam is open for at most %(days)s days.") % {"days": MAX_EXAM_DAYS},
                )
        return data


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    places = forms.IntegerField(
        label=_("Places published"), min_value=1, max_value=20, initial=3,
        help_text=_("Entrants ranked up to this place are published to the branch"),
    )  # fmt: skip
    events = forms.CharField(
        label=_("Events"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000,
        help_text=_("One event per line"),
    )  # fmt: skip
    session = forms.ModelChoiceField(
        label=_("Training session"), queryset=Session.objects.none(), required=False,
        help_text=_("The half-yearly contest of the plan this contest holds"),
    )  # fmt: skip

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(
            branch=branch, kind=SessionKind.CONTEST, contest__isnull=True
        ).order_by("on")
        self.fields["session"].empty_label = _("Not linked to a planned session")

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        check_plan_date(day)
        return day

    def clean_events(self):
        names = [" ".join(line.split()) for line in self.cleaned_data["events"].splitlines()]
        names = [n for n in names if n]
        if not names:
            raise forms.ValidationError(_("Name at least one event."))
        if len(names) > MAX_EVENTS:
            raise forms.ValidationError(_("At most %(n)s events per contest.") % {"n": MAX_EVENTS})
        if any(len(n) > 100 for n in names):
            raise forms.ValidationError(_("An event name has at most 100 characters."))
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("Two events have the same name."))
        return names


class EntryForm(forms.Form):
    """Enter one person in one event of a contest."""

    event = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    employee = forms.ModelChoiceField(label=_("Entrant"), queryset=Employee.objects.none())

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = (
            Employee.objects.active()
            .filter(branch=branch)
            .select_related("team")
            .order_by("team__name", "staff_no")
        )


class ScoreForm(forms.Form):
    entry = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    score = forms.DecimalField(label=_("Score"), min_value=0, max_value=100, decimal_places=1)
