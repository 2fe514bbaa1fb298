"""The ways a notification leaves the site besides the inbox. Each sender raises
``ChannelError`` on failure; the task that calls it records the attempt and retries."""

import ipaddress
import json
import socket
from urllib.parse import urlsplit

import certifi
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _


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


def send_email(*, notification, address: str, connection=None) -> None:
    """One e-mail; ``connection`` (``get_connection()``) lets a batch share one SMTP session."""
    try:
        send_mail(
            subject=notification.title,
            message=notification_text(notification),
            from_email=None,
            recipient_list=[address],
            connection=connection,
        )
    except Exception as exc:  # the mail backend may raise anything (SMTP, socket...)
        raise ChannelError(f"{type(exc).__name__}: {exc}") from exc


# -- the group-chat webhook: where it may point ------------------------------------------------


def _allowed_hosts() -> set[str]:
    return {h.strip().lower().rstrip(".") for h in settings.WEBHOOK_ALLOWED_HOSTS if h.strip()}


def _address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


class WebhookTargetError(ValueError):
    """The webhook address may not be used; the message is Chinese, for the secretary."""


def webhook_target(url: str) -> tuple[str, int, str]:
    """(host, port, path with query) of an allowed webhook URL, or WebhookTargetError:
    https only, no user name or password in it."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "https":
        raise WebhookTargetError(_("The group bot address must start with https://"))
    try:
        host, port = parts.hostname, parts.port or 443
    except ValueError as exc:
        raise WebhookTargetError(_("The group bot address is not a valid address")) from exc
    if not host or parts.username or parts.password:
        raise WebhookTargetError(_("The group bot address is not a valid address"))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return host.lower().rstrip("."), port, path


def _refuse_private() -> WebhookTargetError:
    return WebhookTargetError(
        _(
            "The group bot address points to an internal or reserved network address; an "
            "on-premises chat server can be used only when the site administrator allows its "
            "host name"
        )
    )


def resolve_webhook_addresses(host: str, port: int, *, strict: bool) -> list[str]:
    """Every address ``host`` resolves to, each checked: none may be private, loopback,
    link-local, reserved or multicast unless the host is on WEBHOOK_ALLOWED_HOSTS. With
    ``strict`` (send time) a host that does not resolve is refused; at save time it is
    accepted (the check runs again before every send)."""
    allowed = host in _allowed_hosts()
    try:
        ipaddress.ip_address(host.strip("[]"))
        literal = True
    except ValueError:
        literal = False
    if literal:
        addresses = [host.strip("[]")]
    else:
        local_name = host == "localhost" or host.endswith((".localhost", ".local", ".internal"))
        if local_name and not allowed:
            raise _refuse_private()
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError) as exc:
            if strict:
                raise WebhookTargetError(
                    _("The group bot host name could not be resolved")
                ) from exc
            return []
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not allowed and not all(_address_is_public(a) for a in addresses):
        raise _refuse_private()
    return addresses


def validate_webhook_url(url: str) -> None:
    """Save-time check of a webhook URL (forms and the model's clean)."""
    from django.core.exceptions import ValidationError

    if not url:
        return
    try:
        host, port, _path = webhook_target(url)
        resolve_webhook_addresses(host, port, strict=False)
    except WebhookTargetError as exc:
        raise ValidationError(str(exc), code="webhook_target") from exc


def _post_pinned(*, address: str, host: str, port: int, path: str, body: bytes, timeout: float):
    """POST over TLS to the checked ``address`` (no second DNS lookup, so a name cannot be
    re-pointed between the check and the connection), verifying the certificate for ``host``.
    Redirects are not followed."""
    import urllib3

    ca_certs = settings.WEBHOOK_CA_BUNDLE or certifi.where()
    pool = urllib3.HTTPSConnectionPool(
        address,
        port=port,
        cert_reqs="CERT_REQUIRED",
        ca_certs=ca_certs,
        server_hostname=host,
        assert_hostname=host,
        timeout=urllib3.Timeout(connect=timeout, read=timeout),
        retries=False,
        maxsize=1,
    )
    host_header = host if port == 443 else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == 443 else f"[{host}]:{port}"
    try:
        return pool.urlopen(
            "POST",
            path,
            body=body,
            headers={"Host": host_header, "Content-Type": "application/json; charset=utf-8"},
            redirect=False,
            preload_content=True,
        )
    finally:
        pool.close()


def post_webhook(*, url: str, text: str, timeout: float = 5.0) -> None:
    """Post a WeCom-style text message: {"msgtype": "text", "text": {"content": ...}}.

    The address is checked again at send time, after DNS resolution (every resolved address),
    and the connection goes to a checked address. The reply body is never kept or shown: a
    failure records only the status or the WeCom error code."""
    import urllib3

    payload = {"msgtype": "text", "text": {"content": text}}
    body = json.dumps(payload, ensure_ascii=False).encode()
    try:
        host, port, path = webhook_target(url)
        addresses = resolve_webhook_addresses(host, port, strict=True)
    except WebhookTargetError as exc:
        raise ChannelError(str(exc)) from exc
    response, last_exc = None, None
    for address in addresses:
        try:
            response = _post_pinned(
                address=address, host=host, port=port, path=path, body=body, timeout=timeout
            )
            break
        except urllib3.exceptions.HTTPError as exc:
            last_exc = exc
    if response is None:
        raise ChannelError(
            _("Could not reach the group bot (%(error)s)")
            % {"error": type(last_exc).__name__ if last_exc else "no address"}
        )
    if response.status >= 300:
        raise ChannelError(f"HTTP {response.status}")
    try:
        data = json.loads(response.data or b"")
    except ValueError:
        return
    if isinstance(data, dict) and data.get("errcode") not in (None, 0):
        code = data.get("errcode")
        raise ChannelError(f"errcode {str(code)[:20]}")
