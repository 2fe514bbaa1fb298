"""Health checks for the load balancer and monitoring: is the database answering, is the broker
reachable. Each check returns "ok" or a short failure word; nothing else (no host names, no
passwords, no exception text) leaves this module."""

import logging

from django.db import connections

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2.0


def check_database(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database unreachable")
        return "error"
    return "ok"


def check_broker(url: str | None = None, *, timeout: float = BROKER_TIMEOUT_SECONDS) -> str:
    """Open (and close) one connection to the Celery broker, giving up after ``timeout`` seconds."""
    from config.celery import app

    try:
        socket_timeouts = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
        with app.connection_for_write(
            url=url, connect_timeout=timeout, transport_options=socket_timeouts
        ) as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
    except Exception:
        logger.exception("health check: broker unreachable")
        return "error"
    return "ok"


def run_checks() -> dict[str, str]:
    return {"database": check_database(), "broker": check_broker()}
