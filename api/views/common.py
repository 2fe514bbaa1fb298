"""Pieces every API view shares: parsing ids, mapping service errors, idempotent creation."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.response import Response

from branch.selectors import employee_of

from .. import services

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="同一个键只会创建一次；重发时返回第一次的结果（1–100 个字符）",
)


def me_or_403(user):
    employee = employee_of(user)
    if employee is None:
        raise exceptions.PermissionDenied()
    return employee


def call_service(fn, **kwargs):
    """Run a service; its ValidationError becomes a 400 and PermissionDenied a 403."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        raise exceptions.ValidationError(detail) from exc
    except PermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


def idempotent_create(request, create) -> Response:
    """Answer a creating call; with an ``Idempotency-Key`` header, at most once per key.

    ``create()`` returns the (status_code, body) of the answer or raises an API exception."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        status_code, body = create()
        return Response(body, status=status_code)

    def call():
        try:
            return create()
        except exceptions.APIException as exc:
            from ..errors import exception_handler

            response = exception_handler(exc, {"request": request})
            return response.status_code, response.data

    status_code, body = call_service(
        services.idempotent_call, user=request.user, key=key, path=request.path, call=call
    )
    return Response(body, status=status_code)
