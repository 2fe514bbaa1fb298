"""Errors in one shape, with a stable code for programs and a Chinese message for people::

{"code": "validation_error", "detail": "请检查填写的内容", "fields": {"title": ["…"]}}
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CODES = {
    exceptions.ValidationError: "validation_error",
    exceptions.ParseError: "parse_error",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def _message(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("Please check what you entered")
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Please sign in first")
    if isinstance(exc, exceptions.PermissionDenied):
        return _("You do not have permission to do this")
    if isinstance(exc, exceptions.NotFound):
        return _("Not found")
    if isinstance(exc, exceptions.Throttled):
        return _("Too many requests; please try again in %(s)d seconds") % {"s": exc.wait or 1}
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return str(detail) or _("The request could not be handled")


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(fields)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {
        "code": CODES.get(type(exc), getattr(exc, "default_code", "error")),
        "detail": _message(exc),
    }
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        body["fields"] = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    response.data = body
    return response


def error_response(code: str, detail: str, http_status=status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"code": code, "detail": detail}, status=http_status)
