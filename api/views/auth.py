"""Signing in for a device token, and the person's own devices."""

from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import APIToken

from ..services import api_token_create, api_token_revoke, live_tokens
from ..throttling import TokenIssueThrottle
from .common import call_service


class TokenRequestSerializer(serializers.Serializer):
    staff_no = serializers.CharField(label=_("Staff number"), max_length=32)
    password = serializers.CharField(label=_("Password"), max_length=128, trim_whitespace=False)
    branch_code = serializers.CharField(
        label=_("Branch code"), max_length=32, required=False, allow_blank=True
    )
    device = serializers.CharField(label=_("Device"), max_length=60)


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = APIToken
        fields = ["id", "name", "prefix", "created", "last_used_at"]


class TokenIssueView(APIView):
    """Sign in with 工号 and password; the answer carries the key once."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenIssueThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            201: inline_serializer(
                "IssuedToken",
                {"key": serializers.CharField(), "token": ApiTokenSerializer()},
            )
        },
        tags=["auth"],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            staff_no=data.validated_data["staff_no"],
            password=data.validated_data["password"],
            branch_code=data.validated_data.get("branch_code") or None,
        )
        if user is None:
            return Response(
                {"code": "invalid_credentials", "detail": str(_("Wrong staff number or password"))},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, key = call_service(api_token_create, user=user, name=data.validated_data["device"])
        return Response(
            {"key": key, "token": ApiTokenSerializer(token).data}, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["auth"])
class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The devices signed in to this account; deleting one revokes it at once."""

    serializer_class = ApiTokenSerializer
    pagination_class = None
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return live_tokens(self.request.user)

    def destroy(self, request, *args, **kwargs):
        token = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        call_service(api_token_revoke, token=token, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
