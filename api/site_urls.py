from django.urls import path

from . import site_views
from .urls import IdConverter  # noqa: F401  (registers the "id" converter)

app_name = "api_devices"
urlpatterns = [path("<id:pk>/revoke/", site_views.device_revoke, name="revoke")]
