"""The OpenAPI schema: /api/v1/ only (Wagtail's admin API is the admin's own), and every
operation documents the error answers it may give, in their one shape (``api.errors``)."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "错误：code 供程序判断（稳定不变），detail 供人阅读（中文）",
    "properties": {
        "code": {"type": "string", "example": "validation_error"},
        "detail": {"type": "string", "example": "请检查填写的内容"},
        "fields": {
            "type": "object",
            "additionalProperties": True,
            "description": "validation_error 时：每个字段的错误",
        },
    },
    "required": ["code", "detail"],
}
ERRORS = {
    "400": "填写有误（validation_error、parse_error）",
    "401": "未登录或令牌无效（not_authenticated、authentication_failed）",
    "403": "无权操作（permission_denied）",
    "404": "不存在或不可见（not_found）",
    "405": "不支持的方法（method_not_allowed）",
    "415": "不支持的内容类型（unsupported_media_type）",
    "429": "请求过于频繁（throttled）",
}


def only_our_api(endpoints, **kwargs):
    return [e for e in endpoints if e[0].startswith("/api/v1/")]


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result
