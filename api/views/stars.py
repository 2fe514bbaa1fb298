"""Star ratings: my approved stars with their plaques, and for leaders the team's rating sheet
(read, save a draft, submit)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from branch.models import Employee, Team
from branch.selectors import employee_of
from recognition import selectors, services
from recognition.models import RatingPeriod, StarRating, StarScore

from .common import call_service


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.name")

    class Meta:
        model = StarScore
        fields = ["criterion", "stars", "weight"]


class MyRatingSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.name")
    scores = ScoreSerializer(many=True)
    plaque_url = serializers.SerializerMethodField()

    class Meta:
        model = StarRating
        fields = ["id", "period", "overall", "comment", "approved_at", "scores", "plaque_url"]

    def get_plaque_url(self, rating) -> str:
        return reverse("recognition:plaque", args=[rating.pk])


@extend_schema(tags=["stars"])
class MyStarsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """My approved ratings, newest period first, each with its plaque (PDF)."""

    serializer_class = MyRatingSerializer

    def get_queryset(self):
        me = employee_of(self.request.user)
        if me is None:
            return StarRating.objects.none()
        return (
            StarRating.objects.filter(employee=me, status=StarRating.Status.APPROVED)
            .select_related("period")
            .prefetch_related("scores__criterion")
            .order_by("-period__start", "-pk")
        )


class SheetRowSerializer(serializers.Serializer):
    employee = serializers.IntegerField(source="employee.pk")
    name = serializers.CharField(source="employee.name")
    staff_no = serializers.CharField(source="employee.staff_no")
    status = serializers.CharField(source="rating.status", default=None, allow_null=True)
    overall = serializers.DecimalField(
        source="rating.overall", max_digits=3, decimal_places=1, default=None, allow_null=True
    )
    comment = serializers.CharField(source="rating.comment", default="")
    stars = serializers.DictField(child=serializers.IntegerField())
    editable = serializers.BooleanField()


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.IntegerField()


class SheetSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk")
    period_name = serializers.CharField(source="period.name")
    team = serializers.IntegerField(source="team.pk")
    team_name = serializers.CharField(source="team.name")
    is_open = serializers.BooleanField(source="period.is_open")
    criteria = CriterionSerializer(many=True)
    rows = SheetRowSerializer(many=True)


class SheetEntrySerializer(serializers.Serializer):
    employee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    stars = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text=_("Criterion id → 1 to 5 stars"),
    )
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)


class SheetSaveSerializer(serializers.Serializer):
    entries = SheetEntrySerializer(many=True, max_length=500)
    submit = serializers.BooleanField(
        default=False, help_text=_("False saves a draft; true submits for approval")
    )


class RatingSheetView(APIView):
    """One team's rating sheet for one period."""

    def _sheet(self, request, period_id: int, team_id: int):
        period = get_object_or_404(selectors.periods_visible_to(request.user), pk=period_id)
        team = get_object_or_404(Team, pk=team_id, branch_id=period.branch_id)
        if not (
            selectors.can_rate_team(request.user, team)
            or selectors.can_approve(request.user, period.branch)
        ):
            raise PermissionDenied()
        return period, team

    def _render(self, request, period, team):
        return {
            "period": period,
            "team": team,
            "criteria": selectors.criteria_for(period.branch),
            "rows": [
                {**row.__dict__, "editable": row.editable}
                for row in selectors.rating_sheet(period, team, request.user)
            ],
        }

    @extend_schema(responses=SheetSerializer, tags=["stars"])
    def get(self, request, period_id: int, team_id: int):
        period, team = self._sheet(request, period_id, team_id)
        return Response(SheetSerializer(self._render(request, period, team)).data)

    @extend_schema(request=SheetSaveSerializer, responses=SheetSerializer, tags=["stars"])
    def put(self, request, period_id: int, team_id: int):
        period, team = self._sheet(request, period_id, team_id)
        data = SheetSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = [e["employee"] for e in data.validated_data["entries"]]
        people = {p.pk: p for p in Employee.objects.filter(pk__in=wanted, team=team)}
        missing = [pk for pk in wanted if pk not in people]
        if missing:
            raise serializers.ValidationError(
                {"entries": [_("Not a member of this team: %(ids)s") % {"ids": missing}]}
            )
        entries = [
            {
                "employee": people[e["employee"]],
                "stars": {int(k): v for k, v in e["stars"].items() if str(k).isdigit()},
                "comment": e.get("comment", ""),
            }
            for e in data.validated_data["entries"]
        ]
        call_service(
            services.rating_team_save,
            period=period,
            team=team,
            entries=entries,
            by=request.user,
            submit=data.validated_data["submit"],
        )
        return Response(
            SheetSerializer(self._render(request, period, team)).data, status=status.HTTP_200_OK
        )


class SheetListItemSerializer(serializers.Serializer):
    period = serializers.IntegerField()
    period_name = serializers.CharField()
    team = serializers.IntegerField()
    team_name = serializers.CharField()
    url = serializers.CharField()


class RatingSheetListView(APIView):
    """The open rating sheets I can fill in: each open period × each team I rate."""

    @extend_schema(responses=SheetListItemSerializer(many=True), tags=["stars"])
    def get(self, request):
        periods = list(
            selectors.periods_visible_to(request.user).filter(status=RatingPeriod.Status.OPEN)
        )
        teams = []
        if periods:
            teams = list(
                Team.objects.filter(
                    Q(pk__in=selectors.team_ids_led_by(request.user))
                    | Q(branch_id__in=selectors.branch_ids_of(request.user))
                ).order_by("branch_id", "name")
            )
        items = [
            {
                "period": p.pk,
                "period_name": p.name,
                "team": t.pk,
                "team_name": t.name,
                "url": reverse("api:rating-sheet", args=[p.pk, t.pk]),
            }
            for p in periods
            for t in teams
            if t.branch_id == p.branch_id
        ]
        return Response(SheetListItemSerializer(items, many=True).data)
