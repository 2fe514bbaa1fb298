"""The signed-in person: profile and messages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from branch import roles
from branch.models import Employee, Notification
from branch.selectors import employee_of, notifications_for, role_of, teams_led_by
from branch.services import notification_mark_read

ROLE_CODES = {roles.SECRETARY: "secretary", roles.LEADER: "leader", roles.WORKER: "worker"}


class ProfileSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="branch.name")
    branch_code = serializers.CharField(source="branch.code")
    team = serializers.CharField(source="team.name", default=None, allow_null=True)
    employment_type_display = serializers.CharField(source="get_employment_type_display")
    political_status_display = serializers.CharField(source="get_political_status_display")

    class Meta:
        model = Employee
        fields = [
            "id",
            "staff_no",
            "name",
            "branch",
            "branch_code",
            "team",
            "employment_type",
            "employment_type_display",
            "political_status",
            "political_status_display",
            "birth_date",
            "birthday_calendar",
            "hired_on",
        ]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.ChoiceField(choices=["secretary", "leader", "worker"], allow_null=True)
    led_team_ids = serializers.ListField(child=serializers.IntegerField())
    employee = ProfileSerializer(allow_null=True)


class MeView(APIView):
    """Who is signed in: account, role and the employee record behind it."""

    @extend_schema(responses=MeSerializer, tags=["me"])
    def get(self, request):
        user = request.user
        return Response(
            MeSerializer(
                {
                    "username": user.get_username(),
                    "role": ROLE_CODES.get(role_of(user)),
                    "led_team_ids": list(teams_led_by(user).values_list("pk", flat=True)),
                    "employee": employee_of(user),
                }
            ).data
        )


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=500,
        label=_("Messages"),
        help_text=_("Leave out to mark every message read"),
    )


@extend_schema(tags=["me"])
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """My messages, newest first; ``?unread=true`` for the unread ones."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        qs = notifications_for(self.request.user).order_by("-created_at", "-pk")
        if self.request.query_params.get("unread") in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    @extend_schema(
        request=MarkReadSerializer,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read")
    def mark_read(self, request):
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marked = notification_mark_read(
            user=request.user, notification_ids=data.validated_data.get("ids")
        )
        return Response({"marked": marked})
