"""What the API keeps besides Wagtail's own device tokens (``wagtail.models.APIToken``, a hash
only, revocable, listed on 我的): the answers to creating calls made with an Idempotency-Key."""

from django.conf import settings
from django.db import models


class IdempotentResponse(models.Model):
    """The answer given to a creating call made with an ``Idempotency-Key`` header, so that the
    same call sent twice (a retry on a bad network, a double tap) creates one record and gets
    the same answer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=100)
    path = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status_code}"
