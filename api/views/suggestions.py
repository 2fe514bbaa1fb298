"""Suggestions (合理化建议 / 小改小革): mine (or my team's, or the branch's, by role), a new one
with a photo, and one with its replies and award."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from branch import selectors as branch_selectors
from branch.models import Employee
from recognition import selectors, services
from recognition.models import (
    Award,
    Suggestion,
    SuggestionKind,
    SuggestionResponse,
    SuggestionStatus,
)

from .common import IDEMPOTENCY_HEADER, call_service, idempotent_create, me_or_403


class ResponseSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="responded_by.get_full_name", default="")

    class Meta:
        model = SuggestionResponse
        fields = ["from_status", "to_status", "text", "created_at", "by"]


class AwardSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="level.name")

    class Meta:
        model = Award
        fields = ["level", "amount", "awarded_on", "note"]


class SuggestionSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "kind",
            "title",
            "employee",
            "employee_name",
            "status",
            "status_display",
            "submitted_at",
            "response_deadline",
            "first_response_at",
            "photo_url",
        ]
        read_only_fields = fields

    def get_photo_url(self, suggestion) -> str | None:
        if not suggestion.photo:
            return None
        return reverse("recognition:suggestion_photo", args=[suggestion.pk])


class SuggestionDetailSerializer(SuggestionSerializer):
    responses = ResponseSerializer(many=True, read_only=True)
    award = AwardSerializer(read_only=True, default=None, allow_null=True)

    class Meta(SuggestionSerializer.Meta):
        fields = [*SuggestionSerializer.Meta.fields, "what", "why", "responses", "award"]
        read_only_fields = fields


class SuggestionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SuggestionKind.choices, label=_("Type"))
    title = serializers.CharField(max_length=100, label=_("Title"))
    what = serializers.CharField(max_length=2000, label=_("What to change"))
    why = serializers.CharField(max_length=2000, label=_("Why"))
    photo = serializers.ImageField(required=False, allow_null=True, label=_("Photo"))
    employee = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        label=_("On behalf of"),
        help_text=_("A leader may submit for a member of their team without an account"),
    )


@extend_schema(tags=["suggestions"])
class SuggestionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = "[0-9]{1,18}"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        qs = selectors.suggestions_visible_to(self.request.user).order_by("-submitted_at", "-pk")
        if self.action == "retrieve":
            qs = qs.select_related("award__level").prefetch_related(
                Prefetch(
                    "responses",
                    queryset=SuggestionResponse.objects.select_related("responded_by").order_by(
                        "created_at", "pk"
                    ),
                )
            )
        status_filter = self.request.query_params.get("status")
        if status_filter in SuggestionStatus.values:
            qs = qs.filter(status=status_filter)
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SuggestionDetailSerializer
        if self.action == "create":
            return SuggestionCreateSerializer
        return SuggestionSerializer

    @extend_schema(
        request=SuggestionCreateSerializer,
        responses={201: SuggestionDetailSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def create(self, request, *args, **kwargs):
        def create():
            data = SuggestionCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
            employee = self._submitter(values.get("employee"))
            suggestion = call_service(
                services.suggestion_submit,
                employee=employee,
                kind=values["kind"],
                title=values["title"],
                what=values["what"],
                why=values["why"],
                photo=values.get("photo"),
                by=request.user,
            )
            return status.HTTP_201_CREATED, SuggestionDetailSerializer(suggestion).data

        return idempotent_create(request, create)

    def _submitter(self, employee_id: int | None) -> Employee:
        me = branch_selectors.employee_of(self.request.user)
        if employee_id is None or (me is not None and employee_id == me.pk):
            return me_or_403(self.request.user)
        employee = (
            branch_selectors.employees_visible_to(self.request.user).filter(pk=employee_id).first()
        )
        if employee is None:
            raise serializers.ValidationError({"employee": [_("No such person in your team")]})
        return employee
