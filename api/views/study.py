"""Study materials: the list a reader may read, one material, and marking it studied."""

from django.db.models import BooleanField, Exists, OuterRef, Value
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from branch.selectors import employee_of
from home import selectors, services
from home.models import StudyMaterialPage, StudyRecord

from .common import call_service, me_or_403


class MaterialSerializer(serializers.ModelSerializer):
    topic = serializers.CharField(source="topic.name", default=None, allow_null=True)
    url = serializers.CharField(read_only=True)
    studied = serializers.BooleanField(read_only=True)

    class Meta:
        model = StudyMaterialPage
        fields = ["id", "title", "summary", "topic", "first_published_at", "url", "studied"]


class MaterialDetailSerializer(MaterialSerializer):
    body_html = serializers.SerializerMethodField()

    class Meta(MaterialSerializer.Meta):
        fields = [*MaterialSerializer.Meta.fields, "body_html"]

    def get_body_html(self, page) -> str:
        return str(page.body)


class StudyRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudyRecord
        fields = ["id", "page", "studied_at", "method"]


@extend_schema(
    tags=["study"],
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="搜索词（中文按词切分）"),
        OpenApiParameter("to_study", OpenApiTypes.BOOL, description="只看我还没学的必学资料"),
    ],
)
class MaterialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published materials of the reader's branch, newest first."""

    lookup_value_regex = "[0-9]{1,18}"

    def get_serializer_class(self):
        return MaterialDetailSerializer if self.action == "retrieve" else MaterialSerializer

    def get_queryset(self):
        user = self.request.user
        me = employee_of(user)
        if self.action == "list" and self.request.query_params.get("to_study") in ("1", "true"):
            qs = selectors.materials_to_study(me) if me else StudyMaterialPage.objects.none()
        else:
            qs = selectors.materials_readable_by(user)
        query = (self.request.query_params.get("q") or "").strip()[:100]
        if query and self.action == "list":
            _words, pages = selectors.materials_search(user, query)
            qs = qs.filter(pk__in=[p.pk for p in pages])
        if me is None:
            return qs.annotate(studied=Value(False, output_field=BooleanField()))
        return qs.annotate(
            studied=Exists(StudyRecord.objects.filter(employee=me, page=OuterRef("pk")))
        )

    @extend_schema(request=None, responses={201: StudyRecordSerializer, 200: StudyRecordSerializer})
    @action(detail=True, methods=["post"])
    def studied(self, request, pk=None):
        """Record that I have studied this material (a second call changes nothing)."""
        page = self.get_object()
        me = me_or_403(request.user)
        existed = selectors.study_record_for(request.user, page) is not None
        record = call_service(
            services.study_record_mark, employee=me, page=page, recorded_by=request.user
        )
        return Response(
            StudyRecordSerializer(record).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )
