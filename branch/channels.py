"""The ways a notification leaves the site besides the inbox. Each sender raises
``ChannelError`` on failure; the task that calls it records the attempt and retries."""

import json

import requests
from django.conf import settings
from django.core.mail import send_mail


class ChannelError(Exception):
    """A delivery attempt failed; the message says why (shown to the secretary)."""


def notification_text(notification) -> str:
    parts = [notification.title]
    if notification.body:
        parts.append(notification.body)
    if notification.url:
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
        parts.append(
            f"{base}{notification.url}" if notification.url.startswith("/") else notification.url
        )
    return "\n".join(parts)


def send_email(*, notification, address: str) -> None:
    try:
        send_mail(
            subject=notification.title,
            message=notification_text(notification),
            from_email=None,
            recipient_list=[address],
        )
    except Exception as exc:  # the mail backend may raise anything (SMTP, socket...)
        raise ChannelError(f"{type(exc).__name__}: {exc}") from exc


def post_webhook(*, url: str, text: str, timeout: float = 5.0) -> None:
    """Post a WeCom-style text message: {"msgtype": "text", "text": {"content": ...}}."""
    payload = {"msgtype": "text", "text": {"content": text}}
    try:
        response = requests.post(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=timeout,
        )
    except requests.RequestException as exc:
        raise ChannelError(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code >= 300:
        raise ChannelError(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        data = response.json()
    except ValueError:
        return
    if isinstance(data, dict) and data.get("errcode") not in (None, 0):
        raise ChannelError(f"errcode {data.get('errcode')}: {data.get('errmsg', '')}"[:300])
