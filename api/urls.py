"""/api/v1/: one router for every part of the product, the OpenAPI schema and its docs."""

from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views import auth, me, stars, study, suggestions, team, workplace


class IdConverter:
    """A database id: digits only and within the 64-bit range, so a huge number is a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

router = DefaultRouter()
router.register("tokens", auth.TokenViewSet, basename="token")
router.register("notifications", me.NotificationViewSet, basename="notification")
router.register("materials", study.MaterialViewSet, basename="material")
router.register("suggestions", suggestions.SuggestionViewSet, basename="suggestion")
router.register("stars", stars.MyStarsViewSet, basename="star")
router.register("campaigns", team.CampaignViewSet, basename="campaign")
router.register("commitments", team.CommitmentViewSet, basename="commitment")

app_name = "api"
urlpatterns = [
    path("auth/token/", auth.TokenIssueView.as_view(), name="token-issue"),
    path("me/", me.MeView.as_view(), name="me"),
    path("birthdays/", team.BirthdayView.as_view(), name="birthdays"),
    path("rating-sheets/", stars.RatingSheetListView.as_view(), name="rating-sheets"),
    path(
        "rating-sheets/<id:period_id>/<id:team_id>/",
        stars.RatingSheetView.as_view(),
        name="rating-sheet",
    ),
    path("todos/", workplace.TodoView.as_view(), name="todos"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
