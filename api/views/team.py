"""For leaders and secretaries: the team's birthdays and welfare distributions; my pledges."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from branch.selectors import employee_of, employees_visible_to
from care import selectors as care_selectors
from care import services as care_services
from care.models import CampaignItem, Distribution, WelfareCampaign
from recognition import selectors as recognition_selectors
from recognition import services as recognition_services
from recognition.models import Commitment, CommitmentCheckIn

from .common import IDEMPOTENCY_HEADER, call_service, idempotent_create

MAX_BIRTHDAY_SPAN = datetime.timedelta(days=366)


class BirthdaySerializer(serializers.Serializer):
    employee = serializers.IntegerField(source="employee.pk")
    name = serializers.CharField(source="employee.name")
    team = serializers.CharField(source="employee.team.name", default=None, allow_null=True)
    date = serializers.DateField()
    age = serializers.IntegerField(allow_null=True)
    lunar = serializers.BooleanField()
    label = serializers.CharField()


class BirthdayView(APIView):
    """Birthdays of the people I look after between ``from`` and ``to`` (default: today and the
    next 60 days; at most a year)."""

    @extend_schema(
        tags=["care"],
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses=BirthdaySerializer(many=True),
    )
    def get(self, request):
        today = timezone.localdate()
        field = serializers.DateField()
        try:
            start = field.to_internal_value(request.query_params.get("from") or today.isoformat())
            end = field.to_internal_value(
                request.query_params.get("to") or (today + datetime.timedelta(days=60)).isoformat()
            )
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"from": exc.detail}) from exc
        if end < start or end - start > MAX_BIRTHDAY_SPAN:
            raise serializers.ValidationError(
                {"to": [_("The end must be after the start and within a year of it")]}
            )
        rows = care_selectors.upcoming_birthdays(request.user, start, end)
        return Response(BirthdaySerializer(rows, many=True).data)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignItem
        fields = ["id", "name", "unit", "default_quantity"]


class CampaignSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    season_display = serializers.CharField(source="get_season_display")

    class Meta:
        model = WelfareCampaign
        fields = ["id", "season", "season_display", "occasion", "starts_on", "ends_on", "items"]


class DistributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Distribution
        fields = ["id", "employee", "item", "quantity", "received_on", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]


class DistributionCreateSerializer(serializers.Serializer):
    employee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    quantity = serializers.IntegerField(min_value=1, max_value=999)
    received_on = serializers.DateField()


@extend_schema(tags=["care"])
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Welfare campaigns (送清凉 / 送温暖) I may see; leaders record what their members received."""

    serializer_class = CampaignSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return (
            care_selectors.campaigns_visible_to(self.request.user)
            .prefetch_related("items")
            .order_by("-starts_on", "-pk")
        )

    @extend_schema(responses=DistributionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def distributions(self, request, pk=None):
        campaign = self.get_object()
        people = employees_visible_to(request.user)
        rows = Distribution.objects.filter(campaign=campaign, employee__in=people).order_by("pk")
        return Response(DistributionSerializer(rows, many=True).data)

    @extend_schema(
        request=DistributionCreateSerializer,
        responses={201: DistributionSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @distributions.mapping.post
    def record_distribution(self, request, pk=None):
        campaign = self.get_object()

        def create():
            data = DistributionCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
            employee = employees_visible_to(request.user).filter(pk=values["employee"]).first()
            item = CampaignItem.objects.filter(campaign=campaign, pk=values["item"]).first()
            if employee is None or item is None:
                raise serializers.ValidationError(
                    {"non_field_errors": [_("No such person or item in this campaign")]}
                )
            row = call_service(
                care_services.distribution_record,
                campaign=campaign,
                employee=employee,
                item=item,
                quantity=values["quantity"],
                received_on=values["received_on"],
                recorded_by=request.user,
            )
            return status.HTTP_201_CREATED, DistributionSerializer(row).data

        return idempotent_create(request, create)


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitmentCheckIn
        fields = ["date", "kept", "note"]


class CommitmentSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    recent_checkins = CheckInSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "employee",
            "employee_name",
            "role",
            "promise",
            "start_on",
            "end_on",
            "recent_checkins",
        ]


class CheckInCreateSerializer(serializers.Serializer):
    date = serializers.DateField()
    kept = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


@extend_schema(tags=["pledges"])
class CommitmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Pledges (承诺): a worker's own, a leader's team's, with the last two weeks' check-ins;
    ``?mine=true`` for only my own."""

    serializer_class = CommitmentSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        qs = recognition_selectors.commitments_visible_to(self.request.user)
        if self.request.query_params.get("mine") in ("1", "true"):
            me = employee_of(self.request.user)
            qs = qs.filter(employee=me) if me else qs.none()
        return recognition_selectors.with_recent_checkins(qs).order_by("-start_on", "-pk")

    @extend_schema(request=CheckInCreateSerializer, responses={200: CheckInSerializer})
    @action(detail=True, methods=["post"], url_path="check-ins")
    def check_in(self, request, pk=None):
        """A leader records whether a member kept the pledge on a day (again: corrects it)."""
        commitment = get_object_or_404(self.get_queryset(), pk=pk)
        data = CheckInCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if commitment.employee.team_id is None:
            raise PermissionDenied()
        checkin = call_service(
            recognition_services.commitment_check_in,
            commitment=commitment,
            by=request.user,
            **data.validated_data,
        )
        return Response(CheckInSerializer(checkin).data)
